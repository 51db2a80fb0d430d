"""The resident's flows with the keyboard alone (Tab, Shift+Tab, Enter, Space, arrow keys), in Debian's
Chromium: file a report, say "me too", react to the fix. Every control reached shows a focus ring.

Only the staff member's closing of the report, which sets up the reaction, uses the mouse here; the
staff queue has its own tests.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import SLOW, AppServer, click, go, open_case, settle, signed_in

pytestmark = pytest.mark.e2e
TAB_LIMIT = 150  # more stops than any page of the portal has


@pytest.fixture(scope="module")
def app_server(sqlite_app_server: AppServer) -> AppServer:
    return sqlite_app_server


def _focused(target: Locator) -> bool:
    return target.evaluate("e => e === document.activeElement || e.contains(document.activeElement)")


def tab_to(page: Page, target: Locator, backwards: bool = False) -> None:
    """Press Tab (or Shift+Tab) until `target` has the keyboard focus, and check that the focus shows."""
    expect(target).to_be_attached(timeout=SLOW)
    for _ in range(TAB_LIMIT):
        if _focused(target):
            ring = page.evaluate("() => { const s = getComputedStyle(document.activeElement);"
                                 " return [s.outlineStyle, s.outlineWidth, s.boxShadow]; }")  # fmt: skip
            assert ring[0] != "none" and ring[1] != "0px" or ring[2] != "none", (
                f"no visible focus on {target}"
            )
            return
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
    pytest.fail(f"{target} is not reachable with {'Shift+' if backwards else ''}Tab")


def type_here(page: Page, text: str) -> None:
    page.keyboard.type(text)
    page.keyboard.press("Enter")
    settle(page)


def keyboard_report(page: Page, sentence: str) -> str:
    go(page, "Report a problem", "Report a problem")
    tab_to(page, page.get_by_label("Describe the problem in one sentence"))
    type_here(page, sentence)
    expect(page.get_by_text("Which of these is it?")).to_be_visible(timeout=SLOW)
    tab_to(page, page.get_by_role("radiogroup").first)
    page.keyboard.press("ArrowDown")  # the second suggestion, then back to the first: arrows choose
    page.keyboard.press("ArrowUp")
    settle(page)
    tab_to(page, page.get_by_label("Latitude"))
    type_here(page, "42.3467")
    tab_to(page, page.get_by_label("Longitude"))
    type_here(page, "-71.0972")
    expect(page.get_by_text("Neighborhood:")).to_be_visible(timeout=SLOW)
    tab_to(page, page.get_by_role("button", name="Submit report"))
    page.keyboard.press("Enter")
    settle(page)
    thanks = page.get_by_text("Your report number is")
    expect(thanks).to_be_visible(timeout=SLOW)
    return re.search(r"number is (\w+)", thanks.inner_text()).group(1)


def test_report_me_too_and_react_with_the_keyboard_alone(browser, app_url):
    resident = signed_in(browser, app_url, "demo-resident")
    public_id = keyboard_report(resident, "Broken streetlight at the bus stop")

    neighbor = signed_in(browser, app_url, "demo-coach")
    neighbor.goto(f"{app_url}/request?id={public_id}")
    settle(neighbor)
    tab_to(neighbor, neighbor.get_by_role("button", name="Me too: this affects me as well"))
    neighbor.keyboard.press("Space")
    settle(neighbor)
    expect(neighbor.get_by_text("1 person says")).to_be_visible(timeout=SLOW)

    staff = signed_in(browser, app_url, "demo-staff")
    go(staff, "Staff queue", "Staff queue")
    open_case(staff, public_id)
    staff.get_by_role("tab", name="Close").click()
    staff.get_by_label("How was it resolved?").fill("Crew replaced the lamp")
    click(staff, "Close report")
    expect(staff.get_by_text(f"{public_id} closed.")).to_be_visible(timeout=SLOW)

    go(resident, "My reports", "My reports")
    form = resident.get_by_test_id("stForm").first
    expect(form.get_by_text("Is it really fixed?")).to_be_visible(timeout=SLOW)
    tab_to(resident, form.get_by_role("radio").first)
    resident.keyboard.press("Space")
    tab_to(resident, form.get_by_role("button", name="Send"))
    resident.keyboard.press("Enter")
    settle(resident)
    expect(resident.get_by_text("Please pick how you feel about the fix")).to_have_count(0)
    expect(resident.get_by_test_id("stException")).to_have_count(0)
