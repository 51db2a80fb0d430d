"""The staff queue in a real browser: a resident's new report is at the top on staff's next load and in
"new since I last looked"; paging reaches the last page; the reopened filter shows a "not fixed" report."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import SLOW, click, file_report, go, open_case, settle, signed_in

pytestmark = pytest.mark.e2e


def caption(page: Page, pattern: str):
    return page.get_by_text(re.compile(pattern))


def choose(page: Page, label: str, option: str) -> None:
    """Pick an option; open the box again if a rerun that began as it opened closed its list."""
    box, wanted = page.get_by_test_id("stSelectbox").filter(has_text=label), page.get_by_role("option", name=option)
    settle(page)
    for _attempt in range(3):
        box.click()
        try:
            expect(wanted).to_be_visible(timeout=SLOW // 3)
            break
        except AssertionError:
            page.keyboard.press("Escape")
            settle(page)
    wanted.click()
    settle(page)


def load_the_queue_again(page: Page) -> None:
    """Away and back, as a clerk comes back to the queue (a menu link to the page shown reruns nothing)."""
    go(page, "Live map", "Boston 311 reports")
    go(page, "Staff queue", "Staff queue")


def top_of_the_page(page: Page) -> str:
    """The first report offered under "Work on report": the top row of the page shown.

    A click that lands while the page is still drawing does not open the list; it is tried again."""
    options = page.get_by_role("option")
    for _ in range(3):
        page.get_by_test_id("stSelectbox").filter(has_text="Work on report").click()
        try:
            expect(options.first).to_be_visible(timeout=SLOW // 4)
            break
        except AssertionError:
            page.keyboard.press("Escape")
            settle(page)
    first = options.first.inner_text()
    page.keyboard.press("Escape")
    return first


def test_a_new_report_tops_the_queue_and_is_new_since_i_last_looked(browser, app_url):
    staff = signed_in(browser, app_url, "demo-staff")
    go(staff, "Staff queue", "Staff queue")
    click(staff, "Mark all as seen")
    expect(staff.get_by_text(re.compile(r"^0 new since you last looked"))).to_be_visible(timeout=SLOW)

    resident = signed_in(browser, app_url, "demo-resident")
    public_id = file_report(resident, "Pothole by the bus stop, a wheel went in")

    load_the_queue_again(staff)
    expect(caption(staff, r"^Showing 1–50 of [\d,]+ matching")).to_be_visible(timeout=SLOW)
    assert top_of_the_page(staff).startswith(public_id)
    expect(staff.get_by_text(re.compile(r"^1 new since you last looked"))).to_be_visible(timeout=SLOW)
    staff.get_by_text("Only new since I last looked").click()
    settle(staff)
    expect(caption(staff, r"^Showing 1–1 of 1 matching")).to_be_visible(timeout=SLOW)
    assert top_of_the_page(staff).startswith(public_id)
    staff.get_by_text("Only new since I last looked").click()
    settle(staff)

    total = int(re.search(r"of ([\d,]+) matching", caption(staff, r"^Showing 1–50 of").inner_text()).group(1)
                .replace(",", ""))  # fmt: skip
    click(staff, "Last »")
    expect(caption(staff, rf"^Showing [\d,]+–{total:,} of {total:,} matching")).to_be_visible(timeout=SLOW)
    expect(staff.get_by_role("button", name="Next ›")).to_be_disabled()
    for page in (resident, staff):
        expect(page.get_by_test_id("stException")).to_have_count(0)


def test_the_reopened_filter_shows_a_report_the_reporter_says_is_not_fixed(browser, app_url):
    resident = signed_in(browser, app_url, "demo-resident")
    public_id = file_report(resident, "Street light out on the corner")
    staff = signed_in(browser, app_url, "demo-staff")
    go(staff, "Staff queue", "Staff queue")
    open_case(staff, public_id)
    staff.get_by_role("tab", name="Close").click()
    staff.get_by_label("How was it resolved?").fill("Lamp replaced")
    settle(staff)
    click(staff, "Close report")
    expect(staff.get_by_text(f"{public_id} closed.")).to_be_visible(timeout=SLOW)

    go(resident, "My reports", "My reports")
    resident.get_by_text("👎 poor", exact=True).click()
    resident.get_by_text("Not fixed", exact=True).click()
    click(resident, "Send")
    expect(resident.get_by_text("The reporter says the problem is not fixed.")).to_be_attached(timeout=SLOW)  # no note given

    load_the_queue_again(staff)
    choose(staff, "Status", "Reopened (reporter said not fixed)")
    expect(caption(staff, r"^Showing 1–1 of 1 matching")).to_be_visible(timeout=SLOW)
    assert top_of_the_page(staff).startswith(public_id)
    expect(staff.get_by_test_id("stException")).to_have_count(0)
