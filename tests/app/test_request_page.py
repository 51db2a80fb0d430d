"""A report's public page and the report form's address box and fresh form, under AppTest."""

from sqlalchemy import select

from portal.accounts.demo import DEMO_PASSWORD
from portal.db import make_engine, session_factory
from portal.display import escape_markdown
from portal.reports.models import Report, ReportPhoto
from tests.app.conftest import sign_in
from tests.app.test_reporting_pages import FENWAY, fill_report, newest_report, shown


def submit(at):
    next(b for b in at.button if b.label == "Submit report").click().run()
    assert not at.exception and not at.error


def request_page(at, public_id: str):
    at.query_params["id"] = public_id
    return at.switch_page("pages/request.py").run()


def test_anyone_sees_a_report_with_its_history_and_escaped_text(app, app_env):
    fill_report(app, "Broken *swing* [at](http://evil) the park", *FENWAY)
    app.text_area(key="report_details_0").input("<b>Loose chain</b> on the **left** swing").run()
    submit(app)
    filed = newest_report(app_env)
    assert f"/request?id={filed.public_id}" in shown(app)  # the confirmation links to the page

    page = request_page(app, filed.public_id.lower())
    assert not page.exception
    assert page.title[0].value == escape_markdown("Broken *swing* [at](http://evil) the park")
    text = shown(page)
    assert escape_markdown("<b>Loose chain</b> on the **left** swing") in text
    assert ":orange-badge[Open]" in text and "**Opened**" in text and "Fenway" in text
    assert "Sign in to say “me too”" in text


def test_an_unknown_number_says_so_and_points_to_the_map(app):
    page = request_page(app, "NOSUCH1")
    assert not page.exception
    assert "No report with number **NOSUCH1**" in page.warning[0].value and "(/map)" in page.warning[0].value


def test_the_reporter_gets_no_me_too_button_on_their_own_report(app, app_env):
    sign_in(app, "demo-resident", DEMO_PASSWORD)
    fill_report(app, "The street light outside my house has been out for a week", *FENWAY)
    submit(app)
    filed = newest_report(app_env)
    page = request_page(app, filed.public_id)
    assert "This is your report" in shown(page)
    assert not any(b.label.startswith("Me too") for b in page.button)


def test_a_typed_address_sets_the_pin_and_is_filed_with_the_report(app, app_env):
    app.switch_page("pages/report.py").run()
    app.text_input(key="report_title_0").input("Graffiti on the church wall").run()
    app.text_input(key="report_address_0").input("86 Annunciation Rd").run()
    assert app.text_input(key="report_address_0").value == "86 Annunciation Rd, Mission Hill"
    assert round(app.number_input(key="report_lat_0").value, 3) == 42.335
    assert "Neighborhood: **Mission Hill" in shown(app)
    submit(app)
    filed = newest_report(app_env)
    assert filed.address == "86 Annunciation Rd, Mission Hill"


def test_typed_coordinates_fill_the_address_and_an_unknown_address_is_refused_kindly(app):
    fill_report(app, "Pothole by the ballpark", *FENWAY)
    assert app.text_input(key="report_address_0").value  # the nearest known address
    app.text_input(key="report_address_0").input("99999 Nowhere Plaza").run()
    assert "could not place that address" in shown(app)


def test_after_filing_the_form_is_empty(app, app_env):
    fill_report(app, "Broken glass all over the sidewalk", *FENWAY)
    app.text_area(key="report_details_0").input("Near the bus stop").run()
    submit(app)
    first = newest_report(app_env)
    assert app.text_input(key="report_title_1").value == ""
    assert app.text_area(key="report_details_1").value == ""
    assert app.number_input(key="report_lat_1").value is None
    assert app.text_input(key="report_address_1").value == ""
    fill_report(app, "Graffiti on the mailbox", *FENWAY, form=1)
    submit(app)
    second = newest_report(app_env)
    assert second.public_id != first.public_id and second.description == ""
    with session_factory(make_engine(app_env))() as session:
        assert session.scalar(select(ReportPhoto.id).where(ReportPhoto.report_id == second.id)) is None
        assert session.get(Report, first.id).description == "Near the bus stop"
