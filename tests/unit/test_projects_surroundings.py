"""The 311 reports around a space: open ones and recent ones within about 200 m, nearest first."""

from portal.db import session_factory
from portal.imports.importer import import_311
from portal.projects.surroundings import reports_around

FENWAY = (42.3467, -71.0972)  # the default case's place
NEAR = {"LATITUDE": "42.3480", "LONGITUDE": "-71.0972"}  # about 145 m north
FAR = {"LATITUDE": "42.3500", "LONGITUDE": "-71.0972"}  # about 367 m north


def test_open_and_recent_reports_within_the_radius(engine, write_2015_csv):
    import_311(engine, write_2015_csv([
        {"CASE_ENQUIRY_ID": "1", "OPEN_DT": "06/01/2015 10:00:00 AM"},  # open, here
        {"CASE_ENQUIRY_ID": "2", "OPEN_DT": "06/02/2015 10:00:00 AM", **NEAR, "CASE_STATUS": "Closed",
         "CLOSED_DT": "06/03/2015 10:00:00 AM"},  # closed but recent, near
        {"CASE_ENQUIRY_ID": "3", "OPEN_DT": "01/02/2015 10:00:00 AM", "CASE_STATUS": "Closed",
         "CLOSED_DT": "01/03/2015 10:00:00 AM"},  # closed and older than 90 days before the newest
        {"CASE_ENQUIRY_ID": "4", "OPEN_DT": "01/05/2015 10:00:00 AM", **NEAR},  # old but still open
        {"CASE_ENQUIRY_ID": "5", "OPEN_DT": "06/01/2015 10:00:00 AM", **FAR},  # too far
    ]))  # fmt: skip
    with session_factory(engine)() as session:
        found = reports_around(session, *FENWAY)
        assert [(r.metres, r.status) for r in found] == [(0, "open"), (145, "closed"), (145, "open")]
        assert found[0].latitude == 42.3467 and found[0].type_name == "Street Light Outages"
        assert reports_around(session, None, None) == []


def test_nothing_around_in_an_empty_database(session):
    assert reports_around(session, *FENWAY) == []
