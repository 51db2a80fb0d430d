"""A third-spaces project end to end in Chromium: a proposer submits, the programme lead matches a
coach, the coach asks for changes, the proposer edits, the coach approves, the gallery shows it."""

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import SLOW, click, go, settle, signed_in

pytestmark = pytest.mark.e2e
TITLE = "Benches for Ronan Park"
def type_in(page: Page, label: str, text: str) -> None:
    """Fill a field and leave it, which is when Streamlit saves it (and the form autosaves the draft)."""
    field = page.get_by_label(label, exact=True)
    field.fill(text)
    field.press("Tab")
    settle(page)


def choose(page: Page, label: str, option: str) -> None:
    page.get_by_test_id("stSelectbox").filter(has_text=label).click()
    page.get_by_role("option", name=option).click()
    settle(page)


def step(page: Page, name: str) -> None:
    page.get_by_text(name, exact=True).click()
    settle(page)


def test_propose_match_review_edit_approve_and_gallery(browser, app_url):
    proposer = signed_in(browser, app_url, "demo-resident")
    go(proposer, "Propose a project", "Propose a third-spaces project")
    click(proposer, "Start a new project")
    type_in(proposer, "Project title", TITLE)
    type_in(proposer, "What the project is", "Paint the old benches and add two new ones by the playground.")
    type_in(proposer, "Who it serves", "Families and seniors nearby")
    type_in(proposer, "Goals", "A shady place to sit and talk")
    click(proposer, "Next")
    type_in(proposer, "Name of the space", "Ronan Park")
    choose(proposer, "Type of space", "Park or playground")
    type_in(proposer, "Latitude", "42.3045")
    type_in(proposer, "Longitude", "-71.0645")
    expect(proposer.get_by_text("Neighborhood: Dorchester")).to_be_visible(timeout=SLOW)
    click(proposer, "Next")
    type_in(proposer, "Timeline", "May to July")
    type_in(proposer, "Team and volunteers", "Five neighbors and twenty volunteers")
    click(proposer, "Next")
    click(proposer, "Start from the template for a park or playground")
    expect(proposer.get_by_text("rounded up to the cent")).to_be_visible(timeout=SLOW)
    step(proposer, "5. Review and submit")
    expect(proposer.get_by_role("button", name="Submit for coaching")).to_be_enabled(timeout=SLOW)
    click(proposer, "Submit for coaching")
    expect(proposer.get_by_text("Sent.")).to_be_visible(timeout=SLOW)

    lead = signed_in(browser, app_url, "demo-admin")
    go(lead, "Coach matching", "Coach matching")
    confirm, save = (
        lead.get_by_role("button", name="Confirm match"),
        lead.get_by_role("button", name="Save profile"),
    )
    expect(confirm.or_(save).first).to_be_visible(timeout=SLOW)
    if not confirm.is_visible():  # no demo coach profile yet: the lead gives demo-coach one
        click(lead, "Save profile")
    expect(lead.get_by_role("button", name="Confirm match")).to_be_visible(timeout=SLOW)
    click(lead, "Confirm match")
    expect(lead.get_by_text("No submitted project is waiting")).to_be_visible(timeout=SLOW)

    coach = signed_in(browser, app_url, "demo-coach")
    go(coach, "Coach review", "Coach review")
    click(coach, "Accept")
    expect(coach.get_by_role("button", name="Request changes")).to_be_visible(timeout=SLOW)
    type_in(
        coach, "What to change, or why you decline (the proposer reads this)", "Please add outreach costs."
    )
    click(coach, "Request changes")
    expect(coach.get_by_text("nothing to decide now")).to_be_visible(timeout=SLOW)

    go(proposer, "My projects", "My projects")
    expect(proposer.get_by_text("Your coach wrote: Please add outreach costs.")).to_be_visible(timeout=SLOW)
    click(proposer, "Edit this project")
    expect(proposer.get_by_role("heading", name="Propose a third-spaces project")).to_be_visible(timeout=SLOW)
    step(proposer, "1. The idea")
    type_in(proposer, "Goals", "A shady place to sit, talk and meet neighbors")
    step(proposer, "5. Review and submit")
    expect(proposer.get_by_role("button", name="Send the changes to your coach")).to_be_enabled(timeout=SLOW)
    click(proposer, "Send the changes to your coach")
    expect(proposer.get_by_text("Sent.")).to_be_visible(timeout=SLOW)

    go(coach, "Project gallery", "Third-spaces gallery")
    go(coach, "Coach review", "Coach review")
    expect(coach.get_by_role("button", name="Approve for fundraising")).to_be_visible(timeout=SLOW)
    click(coach, "Approve for fundraising")
    expect(coach.get_by_text("No project assigned to you matches")).to_be_visible(
        timeout=SLOW
    )  # done: off the queue

    visitor = browser.new_context().new_page()
    visitor.goto(f"{app_url}/projects")
    expect(visitor.get_by_role("heading", name=TITLE)).to_be_visible(timeout=SLOW)
    expect(visitor.get_by_text("Fundraising goal")).to_be_visible()
    for page in (proposer, lead, coach, visitor):
        expect(page.get_by_test_id("stException")).to_have_count(0)
