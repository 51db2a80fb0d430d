"""Accessibility audit: axe-core (the copy axe-playwright-python ships, nothing downloaded) on every page,
as every role, at desktop and phone sizes, in Debian's Chromium.

A serious or critical violation fails; a minor or moderate one is a warning in the run's summary unless
`ACCEPTED` lists its rule, with its reason in docs/ACCESSIBILITY.md. The few violations in Streamlit's
own markup are left out by rule and element (`STREAMLIT_OWN`), each pointing at the doc and Streamlit's issue.

Pages everyone sees alike (the public ones) are audited as a visitor and as a resident; every other
page as each role that is offered it, so staff, coach and admin pages are seen with their own controls.
One server for the module, on SQLite: the markup does not depend on the database.
"""

from __future__ import annotations

import warnings

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from portal.accounts.demo import DEMO_PASSWORD, DEMO_USERNAMES
from portal.accounts.models import Role
from portal.accounts.pages import PAGES, PageSpec, offered_pages
from portal.accounts.permissions import ANONYMOUS, Action, Actor
from tests.e2e.conftest import SLOW, AppServer, click, settle

pytestmark = pytest.mark.e2e

SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
ROLES = ("anonymous", *(role.value for role in Role))
FAILING = {"serious", "critical"}
# Minor and moderate rules that remain, with their reason in docs/ACCESSIBILITY.md ("Known remaining").
ACCEPTED = {
    "presentation-role-conflict",  # the file uploader's drop zone: Streamlit's markup, see the doc
}
# Streamlit's own markup that a page cannot change: (rule, the element it is inside). See
# docs/ACCESSIBILITY.md, "Streamlit's own markup", for why each is left out and Streamlit's issue.
STREAMLIT_OWN = {
    ("list", '[data-testid="stSidebarNavItems"]'),  # the menu's sections are <div>s inside its <ul>
    ("listitem", '[data-testid="stSidebarNavItems"]'),  # …so the menu's <li>s are not in a list
}


@pytest.fixture(scope="module")
def app_server(sqlite_app_server: AppServer) -> AppServer:
    return sqlite_app_server


@pytest.fixture(scope="module")
def report_id(app_url, browser) -> str:
    """A report number for the public report page: the newest in the feed, once the demo data is in."""
    page = browser.new_page()
    page.goto(f"{app_url}/feed")
    link = page.locator('a[href^="/request?id="]').first
    expect(link).to_be_attached(timeout=3 * SLOW)
    public_id = link.get_attribute("href").removeprefix("/request?id=")
    page.close()
    return public_id


def _actor(role: str) -> Actor:
    return ANONYMOUS if role == "anonymous" else Actor(id=1, username=DEMO_USERNAMES[Role(role)], role=role)


def audited_paths(role: str, report_id: str) -> list[str]:
    """The pages `role` is audited on: public pages only as a visitor and a resident (they look the same
    to everyone), the rest as each role offered them; a visitor also sees one page's refusal."""
    public = role in ("anonymous", Role.RESIDENT.value)
    specs: list[PageSpec] = [
        spec for spec in offered_pages(_actor(role)) if public or spec.action is not Action.VIEW_PUBLIC
    ]
    paths = [spec.url_path for spec in specs]
    if public:
        paths.append(f"request?id={report_id}")
    if role == "anonymous":
        paths.append(next(spec.url_path for spec in PAGES if spec.action is Action.WORK_QUEUE))
    return paths


def _context_page(browser: Browser, url: str, role: str, size: str) -> Page:
    page = browser.new_context(viewport=SIZES[size]).new_page()
    page.goto(f"{url}/sign_in" if role != "anonymous" else url)
    settle(page)
    if role != "anonymous":
        # Exact labels (not "Help for …"), and the visible field: the Register tab holds hidden twins.
        page.get_by_label("Username", exact=True).filter(visible=True).first.fill(DEMO_USERNAMES[Role(role)])
        page.get_by_label("Password", exact=True).filter(visible=True).first.fill(DEMO_PASSWORD)
        click(page, "Sign in")
        expect(page.get_by_text(f"Signed in as {DEMO_USERNAMES[Role(role)]}")).to_be_attached(timeout=SLOW)
    return page


def _inside_streamlit_own(page: Page, rule: str, target: list) -> bool:
    selectors = [within for own_rule, within in STREAMLIT_OWN if own_rule == rule]
    if not selectors or len(target) != 1:  # a target in a frame or shadow root is never Streamlit's menu
        return False
    return page.evaluate(
        "([t, s]) => !!document.querySelector(t)?.closest(s.join(','))", [target[0], selectors]
    )


def violations(page: Page, path: str) -> list[str]:
    """axe's serious and critical violations on `path`, one line each; a minor or moderate one not yet
    accepted in the doc is a warning, so a new page's small flaw shows without failing the run."""
    results = Axe().run(page).response["violations"]
    found = []
    for violation in results:
        if violation["impact"] not in FAILING and violation["id"] in ACCEPTED:
            continue
        for node in violation["nodes"]:
            if _inside_streamlit_own(page, violation["id"], node["target"]):
                continue
            summary = " ".join(node.get("failureSummary", "").split())
            line = f"/{path}: {violation['impact']} {violation['id']} at {node['target']}: {summary} [{node['html'][:120]}]"
            if violation["impact"] in FAILING:
                found.append(line)
            else:
                warnings.warn(line, stacklevel=1)
    return found


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("role", ROLES)
def test_no_violations_on_any_page(browser, app_url, report_id, role, size):
    page = _context_page(browser, app_url, role, size)
    found = []
    for path in audited_paths(role, report_id):
        page.goto(f"{app_url}/{path}")
        expect(page.get_by_test_id("stMainBlockContainer").get_by_test_id("stElementContainer").first
               ).to_be_attached(timeout=SLOW)  # fmt: skip
        settle(page)
        found += violations(page, path)
    page.context.close()
    assert found == [], f"{role} at {size}:\n" + "\n".join(found)
