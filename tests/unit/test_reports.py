"""What people read about reports: the map's filter choices, one report's details, the date range."""

from datetime import date, datetime, timezone

from sqlalchemy import select

from portal.imports.importer import import_311
from portal.reports.details import (
    neighborhood_choices,
    opened_range,
    report_detail,
    service_type_choices,
    source_choices,
)
from portal.reports.models import Report, ServiceType


def test_type_choices_are_the_types_with_reports_alphabetically(engine, session, city_cases_csv):
    import_311(engine, city_cases_csv)
    session.add(ServiceType(subject="Animal Control", reason="Animal Issues", name="Animal Lost",
                            department="ANML"))  # fmt: skip
    session.commit()

    choices = service_type_choices(session)

    assert list(choices.values()) == [
        "Graffiti Removal (PROP)", "Sign Repair (BTDT)", "Street Light Outages (PWDx)",
    ]  # fmt: skip
    names = dict(session.execute(select(ServiceType.id, ServiceType.name)).all())
    assert all(choices[type_id].startswith(names[type_id]) for type_id in choices)


def test_neighborhood_choices_skip_reports_without_one(city):
    assert neighborhood_choices(city) == [
        "Beacon Hill", "Dorchester", "Fenway / Kenmore / Audubon Circle / Longwood",
    ]  # fmt: skip


def test_source_choices(city):
    assert source_choices(city) == [
        "Citizens Connect App", "Constituent Call", "Employee Generated", "Self Service",
    ]  # fmt: skip


def test_choices_on_an_empty_database(session):
    assert (service_type_choices(session), neighborhood_choices(session), source_choices(session)) == (
        {}, [], [],
    )  # fmt: skip


def test_report_detail(city):
    public_id = city.scalar(select(Report.public_id).where(Report.external_case_id == "104"))

    detail = report_detail(city, public_id)

    assert detail.public_id == public_id
    assert (detail.type_name, detail.department, detail.title) == ("Sign Repair", "BTDT", "Sign 50% faded")
    assert (detail.status, detail.closure_reason) == ("closed", "Case Resolved")
    assert detail.opened_at == datetime(2015, 3, 20, 18, 0, tzinfo=timezone.utc)  # 2 PM EDT
    assert detail.closed_at == datetime(2015, 3, 21, 12, 0, tzinfo=timezone.utc)
    assert detail.target_at is None
    assert (detail.neighborhood, detail.source) == ("Dorchester", "Employee Generated")
    assert detail.address == "70 Ceylon St  Dorchester  MA  02121"
    assert (detail.latitude, detail.longitude) == (42.3103, -71.0728)


def test_an_unlocated_report_has_no_coordinates_in_its_detail(city):
    public_id = city.scalar(select(Report.public_id).where(Report.external_case_id == "106"))
    detail = report_detail(city, public_id)
    assert (detail.latitude, detail.longitude, detail.neighborhood) == (None, None, None)


def test_an_unknown_public_id_has_no_detail(city):
    assert report_detail(city, "ZZZZZZZZZZ") is None


def test_opened_range_of_an_empty_database(session):
    assert opened_range(session) is None


def test_opened_range_is_in_boston_days(city):
    # The first case opened at 11:30 PM on March 2 Boston time, already March 3 in UTC.
    assert opened_range(city) == (date(2015, 3, 2), date(2015, 4, 2))
