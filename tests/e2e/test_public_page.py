"""A report's own public page in a real browser: linked from the confirmation, open to anyone, telling a
reopened report as reopened; the report form's address box, and a form that starts empty after each report;
a reaction form with no preset answer; no "me too" on your own report."""

import re
from io import BytesIO
from urllib.parse import urljoin

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.e2e.conftest import SLOW, click, close_as_staff, go, settle, signed_in, type_in

pytestmark = pytest.mark.e2e
FENWAY = ("42.3467", "-71.0972")


def photo(path) -> str:
    out = BytesIO()
    Image.new("RGB", (120, 90), (90, 90, 90)).save(out, "JPEG")
    path.write_bytes(out.getvalue())
    return str(path)


def fill_and_file(page, sentence: str, details: str = "", photo_path: str | None = None, address: str = "") -> str:
    """Fill the report form from wherever it stands and submit it; returns the report number."""
    type_in(page, "Describe the problem in one sentence", sentence)
    expect(page.get_by_text("Which of these is it?")).to_be_visible(timeout=SLOW)
    if details:
        page.get_by_label("Details (optional)").fill(details)
    if photo_path:
        page.locator("input[type=file]").first.set_input_files(photo_path)
        expect(page.get_by_text(photo_path.rsplit("/", 1)[-1])).to_be_visible(timeout=SLOW)
        settle(page)
    if address:
        type_in(page, "Address or intersection", address)
    else:
        page.get_by_label("Latitude").fill(FENWAY[0])
        type_in(page, "Longitude", FENWAY[1])
    expect(page.get_by_text("Neighborhood:")).to_be_visible(timeout=SLOW)
    thanks = page.get_by_text("Your report number is")
    previous = thanks.inner_text() if thanks.count() else None
    click(page, "Submit report")
    expect(thanks).to_be_visible(timeout=SLOW)
    if previous:
        expect(thanks).not_to_have_text(previous, timeout=SLOW)
    return re.search(r"number is (\w+)", thanks.inner_text()).group(1)


def test_the_second_report_carries_nothing_over_from_the_first(browser, app_url, tmp_path):
    resident = signed_in(browser, app_url, "demo-resident")
    go(resident, "Report a problem", "Report a problem")
    first = fill_and_file(resident, "Broken glass all over the sidewalk", "Near the bus stop, lots of it",
                          photo(tmp_path / "glass.jpg"))  # fmt: skip
    for label in ("Describe the problem in one sentence", "Details (optional)", "Latitude", "Longitude",
                  "Address or intersection"):  # fmt: skip
        expect(resident.get_by_label(label)).to_have_count(1, timeout=SLOW)  # the old form's are gone
        expect(resident.get_by_label(label)).to_have_value("")
    expect(resident.get_by_text("glass.jpg")).to_have_count(0)
    second = fill_and_file(resident, "Graffiti on the mailbox")
    assert second != first

    resident.goto(f"{app_url}/request?id={second}")
    expect(resident.get_by_role("heading", name=re.compile("Graffiti on the mailbox"))).to_be_visible(timeout=SLOW)
    expect(resident.get_by_text("Near the bus stop")).to_have_count(0)
    expect(resident.get_by_text("Before")).to_have_count(0)
    resident.goto(f"{app_url}/request?id={first}")
    expect(resident.get_by_text("Near the bus stop, lots of it")).to_be_visible(timeout=SLOW)
    expect(resident.get_by_test_id("stException")).to_have_count(0)


def test_a_typed_address_is_filed_and_the_confirmation_links_to_the_public_page(browser, app_url):
    resident = signed_in(browser, app_url, "demo-resident")
    go(resident, "Report a problem", "Report a problem")
    type_in(resident, "Address or intersection", "86 Annunciation Rd")
    expect(resident.get_by_label("Address or intersection")).to_have_value("86 Annunciation Rd, Mission Hill",
                                                                           timeout=SLOW)  # fmt: skip
    public_id = fill_and_file(resident, "Overflowing trash can at the corner", address="86 Annunciation Rd")
    link = resident.get_by_role("link", name=f"/request?id={public_id}")
    resident.goto(urljoin(app_url, link.get_attribute("href")))
    expect(resident.get_by_role("heading", name=re.compile("Overflowing trash can"))).to_be_visible(timeout=SLOW)
    expect(resident.get_by_text("86 Annunciation Rd, Mission Hill")).to_be_visible()
    expect(resident.get_by_text("This is your report")).to_be_visible()
    expect(resident.get_by_role("button", name=re.compile("^Me too"))).to_have_count(0)


def test_anyone_follows_a_report_through_closure_and_not_fixed(browser, app_url, page):
    resident = signed_in(browser, app_url, "demo-resident")
    go(resident, "Report a problem", "Report a problem")
    public_id = fill_and_file(resident, "Street sign knocked down at the crossing")
    neighbor = signed_in(browser, app_url, "demo-coach")
    neighbor.goto(f"{app_url}/request?id={public_id}")
    click(neighbor, "Me too: this affects me as well")
    expect(neighbor.get_by_text("1 person says")).to_be_visible(timeout=SLOW)

    staff = close_as_staff(browser, app_url, public_id, "Crew put the sign back up")

    go(resident, "My reports", "My reports")
    form = resident.get_by_test_id("stForm")
    expect(form.get_by_text("Is it really fixed?")).to_be_visible(timeout=SLOW)
    expect(form.get_by_role("radio", checked=True)).to_have_count(0)  # no preset answer
    click(resident, "Send")
    expect(resident.get_by_text("Please pick how you feel about the fix")).to_be_visible(timeout=SLOW)
    form.get_by_text("poor").click()
    form.get_by_text("Not fixed", exact=True).click()
    click(resident, "Send")
    expect(resident.get_by_text("The reporter says the problem is not fixed.")).to_be_attached(timeout=SLOW)  # no note given

    page.goto(f"{app_url}/request?id={public_id}")  # anonymous
    expect(page.get_by_role("heading", name=re.compile("Street sign knocked down"))).to_be_visible(timeout=SLOW)
    expect(page.get_by_text("Reopened: not fixed").first).to_be_visible()
    for step in ("Opened", "Closed", "Reopened: not fixed"):
        expect(page.get_by_text(re.compile(f"· {step}"))).to_have_count(1)
    expect(page.get_by_text("Crew put the sign back up")).to_be_visible()
    expect(page.get_by_text("Sign in to say")).to_be_visible()
    page.goto(f"{app_url}/request?id=NOSUCH1")
    expect(page.get_by_text("No report with number NOSUCH1")).to_be_visible(timeout=SLOW)
    for each in (resident, neighbor, staff, page):
        expect(each.get_by_test_id("stException")).to_have_count(0)
