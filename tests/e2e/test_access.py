"""Access in a real browser on a freshly started server: deep links show nothing restricted."""

import os

import pytest
from playwright.sync_api import expect

from portal.accounts.demo import DEMO_PASSWORD
from tests.e2e.conftest import go, signed_in

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("path", ["staff_queue", "admin"])
def test_anonymous_deep_links_show_no_restricted_content(page, app_url, path):
    """Runs first in this module, so the server has not served `/` yet."""
    page.goto(f"{app_url}/{path}")
    expect(page.get_by_text("Please sign in")).to_be_visible(timeout=60_000)
    expect(page.get_by_role("heading", name="Staff queue")).to_have_count(0)
    expect(page.get_by_role("heading", name="Accounts")).to_have_count(0)
    expect(page.get_by_test_id("stDataFrame")).to_have_count(0)
    assert page.errors == []


def test_staff_sign_in_and_see_the_staff_queue(browser, app_url):
    staff = signed_in(browser, app_url, "demo-staff")
    go(staff, "Staff queue", "Staff queue")
    expect(staff.get_by_test_id("stDataFrame").first).to_be_visible()
    expect(staff.get_by_role("link", name="Accounts")).to_have_count(0)
    assert staff.errors == []


def test_no_password_hash_or_key_in_the_server_log(app_server):
    """Runs after the sign-in above: nothing secret was printed on the way."""
    log = app_server.log.read_text()
    for secret in (DEMO_PASSWORD, "$2b$", os.environ["PORTAL_COOKIE_KEY"]):
        assert secret not in log
