"""Storing uploads and acting on spots: reports opened or supported, known features, idempotent re-upload."""

import io

import pandas as pd
import pytest
from h3.api import basic_int as h3
from sqlalchemy import func, select

from portal.accounts.permissions import ANONYMOUS, SYSTEM, Actor, PermissionDenied
from portal.db import transaction
from portal.imports.importer import import_311
from portal.maps.geo import boston
from portal.reports.models import Report, ReportSupport
from portal.streetbump.clustering import Rules
from portal.streetbump.formats import read_upload
from portal.streetbump.ingest import ingest
from portal.streetbump.models import (
    BumpSpot,
    DriveCoverage,
    JoltEvent,
    KnownFeature,
    KnownFeatureKind,
    SpotStatus,
)
from portal.streetbump.spots import mark_known_feature

SPOT = (42.3467, -71.0972)  # Jersey St at Fenway Park
STAFF = Actor(None, "staff-member", "staff")
RESIDENT = Actor(None, "resident", "resident")
HEADER = "device_id,timestamp,lat,lon,magnitude,speed,gps_accuracy"
POTHOLE_2015 = {"SUBJECT": "Public Works Department", "REASON": "Highway Maintenance",
                "TYPE": "Pothole Repair (Internal)", "CASE_TITLE": "Pothole Repair (Internal)"}  # fmt: skip


def jolt_csv(devices: int, at=SPOT, day: int = 1, extra_rows: tuple[str, ...] = ()) -> str:
    """`devices` phones each jolting once at `at` (a metre or two apart), on March `day`, 2026."""
    rows = [f"phone-{i},2026-03-{day:02d}T1{i % 10}:00:00Z,{at[0] + i * 1e-5:.6f},{at[1]:.6f},4.5,9,4"
            for i in range(devices)]  # fmt: skip
    return "\n".join([HEADER, *rows, *extra_rows]) + "\n"


def upload_csv(engine, text: str, actor: Actor = SYSTEM):
    upload = read_upload(io.BytesIO(text.encode()), boston())
    with transaction(engine) as session:
        return ingest(session, actor, upload, Rules())


def counts(engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {model.__tablename__: connection.scalar(select(func.count()).select_from(model))
                for model in (JoltEvent, DriveCoverage, BumpSpot, Report, ReportSupport)}  # fmt: skip


def test_three_devices_at_one_spot_open_a_pothole_report(engine, session):
    summary = upload_csv(engine, jolt_csv(3))
    assert (summary.jolts_new, summary.spots.opened) == (3, 1)
    report = session.scalars(select(Report)).one()
    lat, lon = report.latitude, report.longitude
    assert (report.source, report.service_type.name, report.service_type.department, report.status) == (
        "Street Bump",
        "Request for Pothole Repair",
        "PWDx",
        "open",
    )
    assert len(report.public_id) == 10 and report.opened_at.tzinfo is not None
    assert report.h3_r9 == h3.latlng_to_cell(lat, lon, 9) and report.h3_r8 == h3.cell_to_parent(
        report.h3_r9, 8
    )
    assert report.neighborhood == boston().name_at(lat, lon) == "Fenway-Kenmore"
    assert [event.kind for event in report.events] == ["opened"]
    spot = session.scalars(select(BumpSpot)).one()
    assert (spot.status, spot.report_id, spot.hits, spot.devices) == (SpotStatus.REPORTED, report.id, 3, 3)


def test_two_devices_are_not_enough(engine):
    assert upload_csv(engine, jolt_csv(2)).spots.opened == 0
    assert counts(engine)["reports"] == 0


def test_uploading_the_same_file_again_adds_nothing(engine):
    text = jolt_csv(4)
    upload_csv(engine, text)
    before = counts(engine)
    again = upload_csv(engine, text)
    assert (again.jolts_found, again.jolts_new, again.spots.opened, again.spots.supported) == (4, 0, 0, 0)
    assert counts(engine) == before


def test_more_jolts_at_a_reported_spot_update_it_without_a_second_report(engine, session):
    upload_csv(engine, jolt_csv(3))
    upload_csv(engine, jolt_csv(5, day=2))
    spot = session.scalars(select(BumpSpot)).one()
    assert (spot.hits, spot.devices, counts(engine)["reports"]) == (8, 8, 1)


@pytest.mark.parametrize(
    ("status", "north_m", "supported"),
    [("Open", 10, True), ("Closed", 10, False), ("Open", 60, False)],
)
def test_an_open_pothole_report_within_20_m_gets_support_instead(
    engine, session, write_2015_csv, status, north_m, supported
):
    existing = {**POTHOLE_2015, "CASE_ENQUIRY_ID": "101", "CASE_STATUS": status,
                "CLOSED_DT": "03/05/2015 10:00:00 AM" if status == "Closed" else "",
                "LATITUDE": f"{SPOT[0] + north_m / 111_000:.6f}", "LONGITUDE": f"{SPOT[1]:.6f}"}  # fmt: skip
    import_311(engine, write_2015_csv([existing]))
    summary = upload_csv(engine, jolt_csv(3))
    assert (summary.spots.supported, summary.spots.opened) == (int(supported), int(not supported))
    if supported:
        support = session.scalars(select(ReportSupport)).one()
        assert (support.source, support.report.external_case_id, support.user_id) == (
            "street_bump",
            "101",
            None,
        )
    assert counts(engine)["reports"] == 1 + int(not supported)


def test_a_known_speed_bump_opens_no_report(engine, session):
    with transaction(engine) as setup:
        setup.add(KnownFeature(kind=KnownFeatureKind.SPEED_BUMP, latitude=SPOT[0], longitude=SPOT[1]))
    summary = upload_csv(engine, jolt_csv(6))
    assert (summary.spots.suppressed, summary.spots.opened) == (1, 0)
    assert session.scalars(select(BumpSpot)).one().status == SpotStatus.SUPPRESSED


def test_staff_marking_a_spot_closes_its_report_and_silences_the_place(engine, session):
    upload_csv(engine, jolt_csv(3))
    spot_id = session.scalar(select(BumpSpot.id))
    with transaction(engine) as work:
        mark_known_feature(work, STAFF, spot_id, KnownFeatureKind.MANHOLE, "cover on Jersey St")
    report = session.scalars(select(Report)).one()
    assert report.status == "closed" and "manhole" in report.closure_reason
    assert [event.kind for event in report.events] == ["opened", "closed"]
    later = upload_csv(engine, jolt_csv(6, day=3))
    assert (later.spots.opened, later.spots.updated) == (0, 1)
    assert session.scalars(select(BumpSpot)).one().status == SpotStatus.SUPPRESSED


def test_marking_a_supporting_spot_withdraws_its_support(engine, session, write_2015_csv):
    existing = {
        **POTHOLE_2015,
        "CASE_ENQUIRY_ID": "102",
        "LATITUDE": f"{SPOT[0]:.6f}",
        "LONGITUDE": f"{SPOT[1]:.6f}",
    }
    import_311(engine, write_2015_csv([existing]))
    upload_csv(engine, jolt_csv(3))
    with transaction(engine) as work:
        mark_known_feature(work, STAFF, session.scalar(select(BumpSpot.id)), KnownFeatureKind.SPEED_BUMP)
    assert counts(engine)["report_supports"] == 0
    assert session.scalars(select(Report)).one().status == "open"  # the resident's report stands


@pytest.mark.parametrize("actor", [ANONYMOUS, RESIDENT])
def test_only_staff_may_mark_a_known_feature(engine, actor):
    upload_csv(engine, jolt_csv(3))
    with transaction(engine) as work, pytest.raises(PermissionDenied):
        mark_known_feature(work, actor, work.scalar(select(BumpSpot.id)), KnownFeatureKind.SPEED_BUMP)


def test_an_anonymous_upload_is_refused(engine):
    with pytest.raises(PermissionDenied, match="sign in"):
        upload_csv(engine, jolt_csv(3), actor=ANONYMOUS)
    assert counts(engine)["jolt_events"] == 0


def test_bad_rows_are_left_out_and_the_good_ones_kept(engine):
    upload = read_upload(
        io.BytesIO(jolt_csv(3, extra_rows=("phone-x,soon,42.3,-71.1,4,9,4",)).encode()), boston()
    )
    assert [(r.line, r.reason.split(" is ")[0]) for r in upload.rejects] == [(5, "timestamp 'soon'")]
    with transaction(engine) as session:
        summary = ingest(session, STAFF, upload, Rules())
    assert (summary.rejected, summary.jolts_new, summary.spots.opened) == (1, 3, 1)


def test_coverage_records_each_device_once_per_cell(engine, session):
    upload_csv(engine, jolt_csv(3))
    cells = pd.DataFrame(session.execute(select(DriveCoverage.device_id, DriveCoverage.h3_r10)).all())
    assert len(cells) == 3 and cells["h3_r10"].nunique() == 1
