"""Every report the portal opens gets a target: the type's own history, else its department's default."""

from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest
from sqlalchemy import select

from portal.accounts.permissions import SYSTEM
from portal.reports import filing, service_targets
from portal.reports.models import Report, ServiceType
from portal.reports.photostore import LocalPhotoStore
from portal.streetbump.spots import POTHOLE_TYPE_NAME, refresh_spots

START = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)


def service_type(session, department: str, name: str = "Something") -> int:
    made = ServiceType(subject="Subject", reason="Reason", name=name, department=department)
    session.add(made)
    session.flush()
    return made.id


def history(session, type_id: int, spans_days: list[float], city: bool = True) -> None:
    """Records of the type, one a day, each given `spans_days[i]` days (imported from the city, or not)."""
    for i, days in enumerate(spans_days):
        opened = START - timedelta(days=len(spans_days) - i)
        session.add(Report(public_id=f"H{type_id}{i:07d}", external_case_id=f"{type_id}-{i}" if city else None,
                           service_type_id=type_id, title="Old", opened_at=opened,
                           target_at=opened + timedelta(days=days), source="Constituent Call"))  # fmt: skip
    session.flush()


@pytest.mark.parametrize(
    ("department", "spans", "city", "expected_days"),
    [
        ("BTDT", [2] * 10 + [3] * 11, True, 3),  # enough city records: their median
        ("BTDT", [2] * 19, True, 15),  # too few to be a promise: Transportation's default
        ("PWDx", [1] * 40, False, 5),  # the portal's own reports are not the city's promise
        ("PWDx", [], True, 5),  # potholes: no history at all
        ("HS_O", [], True, 14),  # a department with no figure: the city-wide default
    ],
)
def test_target_span_from_history_else_the_department(session, department, spans, city, expected_days):
    type_id = service_type(session, department)
    history(session, type_id, spans, city)
    assert service_targets.target_span(session, type_id) == timedelta(days=expected_days)
    assert service_targets.target_at(session, type_id, START) == START + timedelta(days=expected_days)


def test_only_the_newest_records_count(session):
    type_id = service_type(session, "ISD")
    history(session, type_id, [30] * service_targets.HISTORY_WINDOW + [4] * service_targets.HISTORY_WINDOW)
    assert service_targets.target_span(session, type_id) == timedelta(days=4)


def test_every_listed_department_has_a_positive_default():
    table = service_targets.default_targets()
    assert table.default == timedelta(days=14)
    assert {"PWDx", "BTDT", "ISD", "PARK", "PROP", "BWSC", "INFO"} <= set(table.departments)
    assert all(span > timedelta(0) for span in table.departments.values())


def test_a_filed_pothole_report_is_on_the_clock(session, tmp_path):
    pothole = service_type(session, "PWDx", POTHOLE_TYPE_NAME)
    draft = filing.ReportDraft(pothole, "Deep pothole", "", 42.35530, -71.06280)
    filed = filing.file_report(session, SYSTEM, draft, LocalPhotoStore(tmp_path), session_id="s", client_token="t",
                               now=START)  # fmt: skip
    report = session.scalar(select(Report).where(Report.public_id == filed.public_id))
    assert report.target_at == START + timedelta(days=5)


def test_a_street_bump_pothole_is_on_the_clock(session):
    spot = pd.DataFrame({"lat": [42.3467], "lon": [-71.0972], "hits": [5], "devices": [3]})
    assert refresh_spots(session, spot, SYSTEM).opened == 1
    report = session.scalars(select(Report)).one()
    assert report.source == "Street Bump" and report.target_at - report.opened_at == timedelta(days=5)
