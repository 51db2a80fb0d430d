"""Sign-in in a real browser: it survives reloads and new tabs, ends when it should, and a cookie that
names no session is ignored without a trace of an error. One server for the module (per database)."""

import base64
import json

import pytest
from playwright.sync_api import Page, expect

from portal.accounts.demo import DEMO_PASSWORD
from portal.accounts.permissions import SYSTEM
from portal.accounts.users import create_user, set_role
from portal.db import make_engine, transaction
from tests.e2e.conftest import SLOW, click, settle, sign_in, signed_in

pytestmark = pytest.mark.e2e
COOKIE = "civic_portal_session"


def shows_signed_in(page: Page, username: str) -> None:
    expect(page.get_by_text(f"Signed in as {username}")).to_be_visible(timeout=SLOW)


def shows_signed_out(page: Page) -> None:
    expect(page.get_by_role("link", name="Sign in")).to_be_visible(timeout=SLOW)
    expect(page.get_by_text("Signed in as")).to_have_count(0)


def reload(page: Page) -> None:
    page.reload()
    expect(page.get_by_role("link", name="Live map")).to_be_visible(timeout=SLOW)
    settle(page)


def jwt(header: dict, claims: dict) -> str:
    part = lambda value: base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()  # noqa: E731
    return f"{part(header)}.{part(claims)}."


def test_a_deep_link_on_a_fresh_server_shows_the_role_menu_only(page, app_url):
    """Runs first in this module: the server has served nothing yet."""
    page.goto(f"{app_url}/staff_queue")
    expect(page.get_by_text("Please sign in")).to_be_visible(timeout=3 * SLOW)
    menu = page.get_by_test_id("stSidebarNav")
    expect(menu.get_by_role("link", name="Live map")).to_be_visible()
    expect(menu.get_by_role("link", name="Sign in")).to_be_visible()
    for hidden in ("Staff queue", "Accounts", "Open311 API keys", "My account", "staff queue", "api keys"):
        expect(menu.get_by_text(hidden, exact=True)).to_have_count(0)
    expect(page.get_by_role("heading", name="Staff queue")).to_have_count(0)
    assert page.errors == []


def test_a_sign_in_survives_a_reload_and_a_new_tab(browser, app_url):
    page = signed_in(browser, app_url, "demo-resident")
    cookie = next(c for c in page.context.cookies() if c["name"] == COOKIE)
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"
    reload(page)
    shows_signed_in(page, "demo-resident")
    tab = page.context.new_page()
    tab.goto(f"{app_url}/feed")
    shows_signed_in(tab, "demo-resident")
    page.context.close()


def test_signing_in_and_out_three_times_in_a_row_each_sticks(page, app_url):
    page.goto(app_url)
    for _ in range(3):
        sign_in(page, "demo-staff")
        reload(page)
        shows_signed_in(page, "demo-staff")
        click(page, "Sign out")
        shows_signed_out(page)
        reload(page)
        shows_signed_out(page)
    assert page.errors == []


def test_two_people_in_two_browsers_stay_distinct(browser, app_url):
    resident = signed_in(browser, app_url, "demo-resident")
    staff = signed_in(browser, app_url, "demo-staff")
    for page, username in ((resident, "demo-resident"), (staff, "demo-staff"), (resident, "demo-resident")):
        reload(page)
        shows_signed_in(page, username)
    expect(resident.get_by_role("link", name="Staff queue")).to_have_count(0)
    expect(staff.get_by_role("link", name="Staff queue")).to_be_visible()
    resident.context.close()
    staff.context.close()


def test_a_role_change_signs_the_person_out_on_their_next_run(browser, app_server):
    engine = make_engine(app_server.database_url)
    with transaction(engine) as session:
        user_id = create_user(session, SYSTEM, "e2e-sam", "sam@example.org", "Sam", "staff", DEMO_PASSWORD).id
    page = signed_in(browser, app_server.url, "e2e-sam")
    with transaction(engine) as session:
        set_role(session, SYSTEM, user_id, "resident")
    engine.dispose()
    page.get_by_role("link", name="What's happening").click()
    settle(page)
    expect(page.get_by_text("You were signed out")).to_be_visible(timeout=SLOW)
    shows_signed_out(page)
    reload(page)
    shows_signed_out(page)
    page.context.close()


@pytest.mark.parametrize(
    "value",
    [
        "garbage",
        "x" * 43,
        jwt({"alg": "none", "typ": "JWT"}, {"username": "demo-admin", "exp_date": 4102444800}),
        jwt({"alg": "HS256", "typ": "JWT"}, {"username": "demo-admin"}) + "c2lnbmF0dXJl",
    ],
)
def test_a_tampered_cookie_loads_the_page_signed_out_without_an_error(page, app_url, value):
    page.context.add_cookies([{"name": COOKIE, "value": value, "url": app_url}])
    with page.expect_response(lambda r: r.url.endswith("/portal/session/clear"), timeout=SLOW):
        page.goto(f"{app_url}/admin")
        expect(page.get_by_text("Please sign in")).to_be_visible(timeout=SLOW)
    shows_signed_out(page)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.get_by_text("Traceback")).to_have_count(0)
    assert COOKIE not in {c["name"] for c in page.context.cookies()}  # cleared
    assert page.errors == []
