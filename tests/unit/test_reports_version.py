"""The reports' version the live map and the dashboard key their caches on: it moves with every new or
changed report and stays put otherwise."""

from datetime import timedelta

from sqlalchemy import update

from portal.db import utc_now
from portal.reports.models import Report, ReportStatus
from portal.reports.version import ReportsVersion, reports_version
from tests.unit.open311_fixtures import NOW, build_city, report


def test_an_empty_database_has_a_version_too(session):
    assert reports_version(session) == ReportsVersion(None, None)


def test_the_version_moves_with_a_new_report_and_a_changed_one_and_only_then(session):
    city = build_city(session)
    first = reports_version(session)
    assert first.newest_id is not None and reports_version(session) == first  # reading changes nothing
    session.add(report("AAAA000099", city.pothole, ReportStatus.OPEN, NOW))
    session.flush()
    added = reports_version(session)
    assert added.newest_id > first.newest_id
    later = utc_now() + timedelta(minutes=5)
    session.execute(update(Report).where(Report.public_id == "AAAA000001").values(
        status=ReportStatus.CLOSED, closed_at=NOW, updated_at=later))  # fmt: skip
    changed = reports_version(session)
    assert changed == ReportsVersion(added.newest_id, later)
