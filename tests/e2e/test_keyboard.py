"""The flows with the keyboard alone (Tab, Shift+Tab, Enter, Space, arrow keys), in Debian's Chromium: file
a report, say "me too", react to the fix; propose a third-spaces project with its budget; a coach's review.
Every control reached shows a focus ring.

Signing in, the staff member's closing of the report that sets up the reaction, and the programme lead's
match that gives the coach a project are set up by other means; the sign-in form, the staff queue and
coach matching have their own tests.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect
from sqlalchemy import select

from portal.accounts.models import User
from portal.accounts.permissions import Actor
from portal.db import make_engine, session_factory, transaction
from portal.projects.budget import template_lines
from portal.projects.intake import submit
from portal.projects.matching import confirm_match
from portal.projects.models import Project, ProjectComment, ProjectStatus
from tests.e2e.conftest import SLOW, AppServer, close_as_staff, go, settle, signed_in
from tests.unit.project_fixtures import complete_draft

pytestmark = pytest.mark.e2e
TAB_LIMIT = 150  # more stops than any page of the portal has
# The ring of the focused element, or of the box Streamlit draws around a text field (the field itself is clipped).
RING = """() => { const e = document.activeElement, box = e.closest('[data-testid$="RootElement"]') || e;
  const s = getComputedStyle(box); return [s.outlineStyle, s.outlineWidth, s.boxShadow]; }"""


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
            ring = page.evaluate(RING)
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


def press(page: Page, button: str, backwards: bool = False) -> None:
    tab_to(page, page.get_by_role("button", name=button, exact=True), backwards)
    page.keyboard.press("Enter")
    settle(page)


def follow(page: Page, link: str, heading: str) -> None:
    """Back up to a menu link (the menu comes before the page) and follow it."""
    tab_to(page, page.get_by_role("link", name=link, exact=True), backwards=True)
    page.keyboard.press("Enter")
    settle(page)
    expect(page.get_by_role("heading", name=heading)).to_be_visible(timeout=SLOW)


def write(page: Page, label: str, text: str) -> None:
    """Type into a field and leave it with Tab, which is when Streamlit saves it."""
    tab_to(page, page.get_by_label(label, exact=True))
    page.keyboard.type(text)
    page.keyboard.press("Tab")
    settle(page)


def to_step(page: Page, name: str) -> None:
    """Move the intake form's step choice with the arrow keys, one step per run of the page."""
    steps = page.get_by_role("radiogroup", name="Step")
    tab_to(page, steps.get_by_role("radio", checked=True), backwards=True)
    for _ in range(5):
        if steps.get_by_role("radio", name=name).is_checked():
            return
        page.keyboard.press("ArrowRight")
        settle(page)
    pytest.fail(f"the arrow keys did not reach the step {name}")


def edit_budget_cell(page: Page, row: int, column: int, text: str) -> None:
    """Into the budget table (its selection starts on the first cell), over to a cell with the arrow keys, and
    type over it: the first key opens the cell's editor with what is typed, Enter saves it."""
    tab_to(page, page.get_by_test_id("data-grid-canvas").first)
    for key, times in (("ArrowDown", row), ("ArrowRight", column)):
        for _ in range(times):
            page.keyboard.press(key)
    page.keyboard.type(text[0])
    page.wait_for_timeout(300)  # the cell's editor opens
    page.keyboard.type(text[1:])
    page.keyboard.press("Enter")
    page.wait_for_timeout(500)  # the table sends its edits 150 ms after the last one
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

    close_as_staff(browser, app_url, public_id, "Crew replaced the lamp")

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


IDEA = (("What the project is", "Paint the old benches and add two new ones by the playground."),
        ("Who it serves", "Families and seniors nearby"), ("Goals", "A shady place to sit and talk"))  # fmt: skip
PLAN = (("Timeline", "May to July"), ("Team and volunteers", "Five neighbors and twenty volunteers"))


def keyboard_proposal(page: Page, title: str) -> None:
    follow(page, "Propose a project", "Propose a third-spaces project")
    press(page, "Start a new project")
    for label, text in (("Project title", title), *IDEA):
        write(page, label, text)
    press(page, "Next")
    write(page, "Name of the space", "Ronan Park")
    tab_to(page, page.get_by_role("combobox", name="Type of space"))
    type_here(page, "Park")  # the list narrows as you type; Enter takes "Park or playground"
    tab_to(page, page.get_by_label("Latitude"))
    type_here(page, "42.3045")
    tab_to(page, page.get_by_label("Longitude"))
    type_here(page, "-71.0645")
    expect(page.get_by_text("Neighborhood: Dorchester")).to_be_visible(timeout=SLOW)
    press(page, "Next")
    for label, text in PLAN:
        write(page, label, text)
    press(page, "Next")
    press(page, "Start from the template for a park or playground")
    expect(page.get_by_text("rounded up to the cent")).to_be_visible(timeout=SLOW)
    edit_budget_cell(page, 1, 2, "3")  # a third bench
    to_step(page, "5. Review and submit")
    press(page, "Submit for coaching")
    expect(page.get_by_text("Sent.")).to_be_visible(timeout=SLOW)


def test_propose_a_project_with_its_budget_with_the_keyboard_alone(browser, app_server):
    proposer = signed_in(browser, app_server.url, "demo-resident")
    keyboard_proposal(proposer, "Shade sails for Ronan Park")

    with transaction(make_engine(app_server.database_url)) as session:
        project = session.scalars(select(Project).where(Project.title == "Shade sails for Ronan Park")).one()
        assert (project.status, project.space_type, project.neighborhood) == ("submitted", "park", "Dorchester")
        assert project.timeline == "May to July"
        lines = [(i.category, i.description, i.quantity, i.unit_cost_cents) for i in project.items]
    benches = template_lines("park")[1]
    assert lines[1] == (benches.category, benches.description, 3, benches.unit_cost_cents)
    assert len(lines) == len(template_lines("park"))
    expect(proposer.get_by_test_id("stException")).to_have_count(0)


def matched_project(database_url: str, title: str) -> int:
    """A complete project by demo-resident, submitted and matched with demo-coach by demo-admin."""
    with session_factory(make_engine(database_url))() as session:
        users = {u.username: Actor(u.id, u.username, u.role) for u in session.scalars(select(User))}
        project_id = complete_draft(session, users["demo-resident"])  # commits
        session.get(Project, project_id).title = title
        submit(session, users["demo-resident"], project_id)
        confirm_match(session, users["demo-admin"], project_id, users["demo-coach"].id)
        session.commit()
    return project_id


def test_a_coach_opens_comments_on_and_approves_a_project_with_the_keyboard_alone(browser, app_server):
    title = "A reading corner at the Fields Corner library"
    project_id = matched_project(app_server.database_url, title)
    coach = signed_in(browser, app_server.url, "demo-coach")
    follow(coach, "Coach review", "Coach review")
    tab_to(coach, coach.get_by_role("combobox", name="Open a project"))
    type_here(coach, "reading corner")
    expect(coach.get_by_role("heading", name=title)).to_be_visible(timeout=SLOW)
    press(coach, "Accept")
    expect(coach.get_by_role("heading", name="Decision")).to_be_visible(timeout=SLOW)

    tab_to(coach, coach.get_by_role("tab", name="History"))
    coach.keyboard.press("ArrowRight")  # to the conversation with the proposer
    write(coach, "Message", "Lovely idea. Could the library lend chairs?")
    tab_to(coach, coach.get_by_role("button", name="Send message"), backwards=True)
    coach.keyboard.press("Space")
    settle(coach)
    expect(coach.get_by_text("Lovely idea. Could the library lend chairs?")).to_be_visible(timeout=SLOW)

    press(coach, "Approve for fundraising", backwards=True)
    expect(coach.get_by_role("heading", name=title)).to_have_count(0, timeout=SLOW)  # decided: off the queue
    with transaction(make_engine(app_server.database_url)) as session:
        assert session.get(Project, project_id).status == ProjectStatus.READY_TO_FUNDRAISE
        comments = session.scalars(select(ProjectComment.body).where(ProjectComment.project_id == project_id))
        assert list(comments) == ["Lovely idea. Could the library lend chairs?"]
    expect(coach.get_by_test_id("stException")).to_have_count(0)
