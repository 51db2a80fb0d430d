"""A phone, 390×844: file a report with a photo through the menu, with the menu closed after navigation
and nothing wider than the screen. Screenshots of each step go to pytest's temporary folder (kept as
test artefacts, never in the tree) for a person to look at."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from portal.accounts.demo import DEMO_PASSWORD
from tests.e2e.conftest import SLOW, AppServer, click, settle
from tests.e2e.test_reporting import photo

pytestmark = pytest.mark.e2e
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def app_server(sqlite_app_server: AppServer) -> AppServer:
    return sqlite_app_server


def fits_the_screen(page: Page) -> None:
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"], "scrolls sideways"


def menu_closed(page: Page) -> None:
    expect(page.get_by_test_id("stSidebar")).to_have_attribute("data-collapsed", "true", timeout=SLOW)


def test_file_a_report_with_a_photo_on_a_phone(browser, app_url, tmp_path):
    shots = tmp_path / "screenshots"
    shots.mkdir()
    page = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    page.goto(f"{app_url}/sign_in")
    settle(page)
    menu_closed(page)
    page.get_by_label("Username", exact=True).first.fill("demo-resident")
    page.get_by_label("Password", exact=True).first.fill(DEMO_PASSWORD)
    click(page, "Sign in")
    expect(page.get_by_text("Signed in as demo-resident")).to_be_attached(timeout=SLOW)
    page.screenshot(path=shots / "1-signed-in.png")

    page.get_by_test_id("stExpandSidebarButton").click()
    expect(page.get_by_role("link", name="Report a problem")).to_be_visible(timeout=SLOW)
    page.screenshot(path=shots / "2-menu.png")
    page.get_by_role("link", name="Report a problem").click()
    settle(page)
    expect(page.get_by_role("heading", name="Report a problem")).to_be_visible(timeout=SLOW)
    menu_closed(page)
    fits_the_screen(page)
    page.screenshot(path=shots / "3-form.png")

    page.locator("input[type=file]").first.set_input_files(photo(tmp_path / "pothole.jpg", (90, 90, 90)))
    expect(page.get_by_text("pothole.jpg")).to_be_visible(timeout=SLOW)
    settle(page)
    field = page.get_by_label("Describe the problem in one sentence")
    field.fill("Deep pothole in the bike lane")
    field.press("Enter")
    settle(page)
    expect(page.get_by_text("Which of these is it?")).to_be_visible(timeout=SLOW)
    page.get_by_label("Latitude").fill("42.3467")
    page.get_by_label("Longitude").fill("-71.0972")
    page.get_by_label("Longitude").press("Enter")
    settle(page)
    expect(page.get_by_text("Neighborhood:")).to_be_visible(timeout=SLOW)
    fits_the_screen(page)
    page.screenshot(path=shots / "4-filled.png", full_page=True)
    click(page, "Submit report")
    thanks = page.get_by_text("Your report number is")
    expect(thanks).to_be_visible(timeout=SLOW)
    page.screenshot(path=shots / "5-filed.png")
    public_id = re.search(r"number is (\w+)", thanks.inner_text()).group(1)

    page.goto(f"{app_url}/request?id={public_id}")
    picture = page.get_by_test_id("stImage").locator("img").first
    expect(picture).to_have_attribute("alt", re.compile(r"^Before photo of .+ at "), timeout=SLOW)
    menu_closed(page)
    fits_the_screen(page)
    page.screenshot(path=shots / "6-public-page.png", full_page=True)
