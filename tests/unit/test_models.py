"""The schema's promises: times come back aware and in UTC, and a city case is stored once."""

from datetime import datetime, timezone

import pytest
from sqlalchemy.exc import IntegrityError, StatementError

from portal.config import BOSTON_TZ
from portal.reports.models import Report, ServiceType


def new_report(
    service_type: ServiceType, opened_at: datetime, public_id: str = "AAAAAAAAAA", **fields
) -> Report:
    return Report(
        public_id=public_id,
        service_type=service_type,
        title="Street Light Outages",
        opened_at=opened_at,
        source="Citizens Connect App",
        **fields,
    )


@pytest.fixture
def lights(session) -> ServiceType:
    service_type = ServiceType(
        subject="Public Works Department", reason="Street Lights", name="Street Light Outages",
        department="PWDx",
    )  # fmt: skip
    session.add(service_type)
    session.flush()
    return service_type


@pytest.mark.parametrize(
    ("boston_time", "utc_time"),
    [
        (datetime(2015, 1, 14, 15, 4, 41), datetime(2015, 1, 14, 20, 4, 41)),  # EST, UTC-5
        (datetime(2015, 7, 4, 12, 0, 0, 123456), datetime(2015, 7, 4, 16, 0, 0, 123456)),  # EDT, UTC-4
    ],
)
def test_times_round_trip_as_aware_utc(session, lights, boston_time, utc_time):
    opened = boston_time.replace(tzinfo=BOSTON_TZ)
    session.add(new_report(lights, opened, closed_at=opened))
    session.commit()
    session.expunge_all()  # read back from the database, not from the identity map

    report = session.query(Report).one()
    assert report.opened_at == utc_time.replace(tzinfo=timezone.utc)
    assert report.opened_at.utcoffset().total_seconds() == 0
    assert report.closed_at == opened
    assert report.target_at is None


def test_naive_times_are_refused(session, lights):
    session.add(new_report(lights, datetime(2015, 3, 2, 10, 0)))
    with pytest.raises(StatementError, match="naive datetime") as info:
        session.flush()
    assert isinstance(info.value.orig, ValueError)


def test_a_city_case_id_is_stored_once(session, lights):
    opened = datetime(2015, 3, 2, tzinfo=timezone.utc)
    session.add(new_report(lights, opened, external_case_id="101001240734"))
    session.add(new_report(lights, opened, public_id="BBBBBBBBBB", external_case_id="101001240734"))
    with pytest.raises(IntegrityError):
        session.flush()


def test_reports_filed_in_the_portal_need_no_case_id(session, lights):
    opened = datetime(2015, 3, 2, tzinfo=timezone.utc)
    session.add(new_report(lights, opened))
    session.add(new_report(lights, opened, public_id="BBBBBBBBBB"))
    session.flush()
    assert session.query(Report).filter(Report.external_case_id.is_(None)).count() == 2
