"""Recognition in a real browser: staff acknowledge a resident's report, the resident opts in on their
account page, and the leaderboard shows them by name."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import SLOW, click, file_report, go, open_case, settle, signed_in

pytestmark = pytest.mark.e2e


def leaders(page: Page):
    return page.get_by_test_id("stTable")


def test_a_resident_opts_in_and_appears_by_name(browser, app_url):
    resident = signed_in(browser, app_url, "demo-resident")
    public_id = file_report(resident, "Streetlight out at the corner by the school")

    staff = signed_in(browser, app_url, "demo-staff")
    go(staff, "Staff queue", "Staff queue")
    open_case(staff, public_id)
    click(staff, "Acknowledge")

    resident.errors.clear()  # the report page's map cannot fetch its tiles offline; only what follows counts
    go(resident, "Leaderboards", "Leaderboards")
    expect(leaders(resident).get_by_text("a resident")).to_be_visible(timeout=SLOW)
    expect(leaders(resident).get_by_text("Demo resident")).to_have_count(0)

    resident.get_by_role("link", name="My account").click()  # `go` would also match "Delete my account"
    settle(resident)
    expect(resident.get_by_role("heading", name="My account", exact=True)).to_be_visible(timeout=SLOW)
    resident.get_by_text("Show my display name on public pages and leaderboards").click()
    settle(resident)
    expect(resident.get_by_text("Saved.")).to_be_visible(timeout=SLOW)

    go(resident, "Leaderboards", "Leaderboards")
    expect(leaders(resident).get_by_text("Demo resident")).to_be_visible(timeout=SLOW)
    expect(resident.get_by_text(re.compile(r"number \d+"))).to_be_visible()
    for page in (resident, staff):
        expect(page.get_by_test_id("stException")).to_have_count(0)
    assert resident.errors == []
