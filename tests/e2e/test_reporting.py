"""The heart of the portal in a real browser: a resident reports with a photo, staff close it with an
"after" photo, the resident says "not fixed", and the report is open again in the staff queue."""

import re
from io import BytesIO

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from portal.demo import DEMO_PASSWORD

pytestmark = pytest.mark.e2e
WAIT = 60_000


def photo(path, colour) -> str:
    out = BytesIO()
    Image.new("RGB", (120, 90), colour).save(out, "JPEG")
    path.write_bytes(out.getvalue())
    return str(path)


def sign_in(page: Page, url: str, username: str) -> None:
    page.goto(url)
    expect(page.get_by_test_id("stDeckGlJsonChart")).to_be_visible(timeout=WAIT)
    page.get_by_role("link", name="Sign in").click()
    page.get_by_label("Username").first.fill(username)
    page.get_by_label("Password").first.fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Signed in as")).to_be_visible(timeout=WAIT)


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible(timeout=WAIT)


def open_page(page: Page, name: str) -> None:
    page.get_by_role("link", name=name).click()
    expect(page.get_by_role("heading", name=name)).to_be_visible(timeout=WAIT)


def choose_case(page: Page, public_id: str) -> None:
    page.get_by_label("Or open report number").fill(public_id)
    page.get_by_label("Or open report number").press("Enter")
    expect(page.get_by_role("heading", name=re.compile(public_id))).to_be_visible(timeout=WAIT)


def test_report_fix_and_not_fixed_reopens(page, app_url, tmp_path):
    sign_in(page, app_url, "demo-resident")
    open_page(page, "Report a problem")
    page.get_by_label("Describe the problem in one sentence").fill("Deep pothole in the road outside the school")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Which of these is it?")).to_be_visible(timeout=WAIT)
    page.locator("input[type=file]").first.set_input_files(photo(tmp_path / "before.jpg", (90, 90, 90)))
    expect(page.get_by_text("before.jpg")).to_be_visible(timeout=WAIT)
    page.get_by_label("Latitude").fill("42.3467")
    page.get_by_label("Longitude").fill("-71.0972")
    page.get_by_label("Longitude").press("Enter")
    expect(page.get_by_text("Neighborhood:")).to_be_visible(timeout=WAIT)
    page.get_by_role("button", name="Submit report").click()
    thanks = page.get_by_text("Your report number is")
    expect(thanks).to_be_visible(timeout=WAIT)
    public_id = re.search(r"number is (\w+)", thanks.inner_text()).group(1)
    sign_out(page)

    sign_in(page, app_url, "demo-staff")
    open_page(page, "Staff queue")
    choose_case(page, public_id)
    page.get_by_role("tab", name="Close").click()
    page.get_by_label("How was it resolved?").fill("Patched with hot asphalt")
    page.locator("input[type=file]").last.set_input_files(photo(tmp_path / "after.jpg", (20, 20, 20)))
    expect(page.get_by_text("after.jpg")).to_be_visible(timeout=WAIT)
    page.get_by_role("button", name="Close report").click()
    expect(page.get_by_text(f"{public_id} closed.")).to_be_visible(timeout=WAIT)
    sign_out(page)

    sign_in(page, app_url, "demo-resident")
    open_page(page, "My reports")
    expect(page.get_by_text("Is it really fixed?")).to_be_visible(timeout=WAIT)
    page.get_by_text("Not fixed", exact=True).click()
    page.get_by_label("Anything staff should know?").fill("The hole is back after the rain")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("The reporter says it is not fixed")).to_be_attached(timeout=WAIT)
    sign_out(page)

    sign_in(page, app_url, "demo-staff")
    open_page(page, "Staff queue")
    choose_case(page, public_id)
    expect(page.get_by_text("The reporter says it is not fixed")).to_be_attached(timeout=WAIT)
    expect(page.get_by_test_id("stException")).to_have_count(0)
