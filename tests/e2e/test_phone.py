"""A phone, 390×844: file a report with a photo through the menu, with the menu closed after navigation
and nothing wider than the screen; staff open that case from the queue, acknowledge it and close it with an
after photo, every button within reach without scrolling sideways. Screenshots of each step go to pytest's
temporary folder (kept as test artefacts, never in the tree) for a person to look at."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from portal.accounts.demo import DEMO_PASSWORD
from tests.e2e.conftest import SLOW, AppServer, click, file_report, settle, signed_in
from tests.e2e.test_reporting import photo

pytestmark = pytest.mark.e2e
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def app_server(sqlite_app_server: AppServer) -> AppServer:
    return sqlite_app_server


def fits_the_screen(page: Page) -> None:
    assert page.evaluate("() => document.documentElement.scrollWidth <= innerWidth"), "scrolls sideways"


def within_reach(page: Page, target: Locator) -> None:
    """Nothing is wider than the screen, and `target` is on it once scrolled to, with nothing around it
    scrolled sideways on the way (a row of tabs that scrolls inside itself hides its last tabs)."""
    fits_the_screen(page)
    target.scroll_into_view_if_needed()
    assert target.evaluate("e => { for (let n = e; n; n = n.parentElement) if (n.scrollLeft) return false;"
                           " return true; }"), f"{target} is reached only by scrolling sideways"  # fmt: skip
    box = target.bounding_box()
    assert 0 <= box["x"] and box["x"] + box["width"] <= PHONE["width"], f"{target} is off the side of the screen"
    assert 0 <= box["y"] and box["y"] + box["height"] <= PHONE["height"], f"{target} is off the screen"


def menu_closed(page: Page) -> None:
    expect(page.get_by_test_id("stSidebar")).to_have_attribute("data-collapsed", "true", timeout=SLOW)


def phone_signed_in(browser: Browser, app_url: str, username: str) -> Page:
    page = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    page.goto(f"{app_url}/sign_in")
    settle(page)
    menu_closed(page)
    page.get_by_label("Username", exact=True).filter(visible=True).first.fill(username)
    page.get_by_label("Password", exact=True).filter(visible=True).first.fill(DEMO_PASSWORD)
    click(page, "Sign in")
    expect(page.get_by_text(f"Signed in as {username}")).to_be_attached(timeout=SLOW)
    return page


def menu_to(page: Page, link: str, heading: str, shots, name: str) -> None:
    """Open the menu, follow `link`; the menu is closed again and nothing is wider than the screen."""
    page.get_by_test_id("stExpandSidebarButton").click()
    expect(page.get_by_role("link", name=link)).to_be_visible(timeout=SLOW)
    page.screenshot(path=shots / f"{name}-menu.png")
    page.get_by_role("link", name=link).click()
    settle(page)
    expect(page.get_by_role("heading", name=heading)).to_be_visible(timeout=SLOW)
    menu_closed(page)
    fits_the_screen(page)
    page.screenshot(path=shots / f"{name}.png")


def test_file_a_report_with_a_photo_on_a_phone(browser, app_url, tmp_path):
    shots = tmp_path / "screenshots"
    shots.mkdir()
    page = phone_signed_in(browser, app_url, "demo-resident")
    page.screenshot(path=shots / "1-signed-in.png")
    menu_to(page, "Report a problem", "Report a problem", shots, "3-form")

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


def test_staff_acknowledge_and_close_a_case_on_a_phone(browser, app_url, tmp_path):
    shots = tmp_path / "staff-screenshots"
    shots.mkdir()
    public_id = file_report(signed_in(browser, app_url, "demo-resident"), "Fallen branch across the sidewalk")
    page = phone_signed_in(browser, app_url, "demo-staff")
    menu_to(page, "Staff queue", "Staff queue", shots, "1-queue")
    page.get_by_test_id("stSelectbox").filter(has_text="Work on report").click()
    page.keyboard.type(public_id)
    page.keyboard.press("Enter")
    settle(page)
    expect(page.get_by_role("heading", name=re.compile(public_id))).to_be_visible(timeout=SLOW)

    acknowledge = page.get_by_role("button", name="Acknowledge", exact=True)
    within_reach(page, acknowledge)
    page.screenshot(path=shots / "2-case.png")
    acknowledge.tap()
    settle(page)
    expect(page.get_by_text(f"{public_id} acknowledged.")).to_be_visible(timeout=SLOW)

    close_tab = page.get_by_role("tab", name="Close")
    within_reach(page, close_tab)
    close_tab.tap()
    page.get_by_label("How was it resolved?").fill("Crew cut up and removed the branch")
    page.locator("input[type=file]").last.set_input_files(photo(tmp_path / "after.jpg", (40, 120, 40)))
    expect(page.get_by_text("after.jpg")).to_be_visible(timeout=SLOW)
    settle(page)
    close = page.get_by_role("button", name="Close report")
    within_reach(page, close)
    page.screenshot(path=shots / "3-close.png")
    close.tap()
    settle(page)
    expect(page.get_by_text(f"{public_id} closed.")).to_be_visible(timeout=SLOW)
    fits_the_screen(page)
    page.screenshot(path=shots / "4-closed.png", full_page=True)

    page.goto(f"{app_url}/request?id={public_id}")
    after = page.get_by_test_id("stImage").locator("img[alt^='After photo of']")
    expect(after.first).to_be_visible(timeout=SLOW)
    expect(page.get_by_test_id("stException")).to_have_count(0)
