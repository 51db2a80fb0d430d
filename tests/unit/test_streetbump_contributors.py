"""Street Bump counts distinct contributors: invented device ids open nothing and earn nothing.

The attack from the review: one resident uploads a small file naming three made-up phones, each
"driving" over 40 places. Every account's upload is one device passing each spot once, so nothing
opens; three different residents jolting one spot do open a report. The city's own devices (staff,
the command line, a registered device token) keep the file's device ids.
"""

import io

import pytest
from sqlalchemy import func, select

from portal.accounts.models import Role, User
from portal.accounts.permissions import SYSTEM, Actor, PermissionDenied
from portal.db import transaction
from portal.imports.boston311 import MalformedFileError
from portal.maps.geo import boston
from portal.recognition.models import PointsEntry
from portal.reports.models import Report
from portal.streetbump.clustering import Rules
from portal.streetbump.devices import UploadRefused, register_device_token, revoke_device_token
from portal.streetbump.formats import read_upload
from portal.streetbump.ingest import ingest
from portal.streetbump.models import DeviceToken, DriveCoverage, JoltEvent

HEADER = "device_id,timestamp,lat,lon,magnitude,speed,gps_accuracy"
SENSOR_HEADER = "Time,Longitude,Latitude,AccelX,AccelY,AccelZ,Speed,gpsAccuracy"
SPOT = (42.3467, -71.0972)  # Jersey St at Fenway Park


def spots(count: int) -> list[tuple[float, float]]:
    """`count` places along Boylston St, about 110 m apart."""
    return [(42.3490, -71.0950 + n * 0.0013) for n in range(count)]


def jolt_rows(devices: list[str], places: list[tuple[float, float]], day: int = 1) -> list[str]:
    """Each device jolting once at each place, its passes an hour apart."""
    return [f"{device},2026-03-{day:02d}T{10 + d:02d}:{p % 60:02d}:00Z,{lat:.6f},{lon:.6f},4.5,9,4"
            for d, device in enumerate(devices) for p, (lat, lon) in enumerate(places)]  # fmt: skip


def csv_of(rows: list[str], header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def upload(engine, data: bytes, actor: Actor, token: str = ""):
    with transaction(engine) as session:
        return ingest(session, actor, read_upload(io.BytesIO(data), boston()), Rules(), device_token=token)


@pytest.fixture
def people(engine) -> dict[str, Actor]:
    with transaction(engine) as session:
        users = [User(username=name, email=f"{name}@example.org", display_name=name, role=role)
                 for name, role in [("ann", Role.RESIDENT), ("bo", Role.RESIDENT), ("cy", Role.RESIDENT),
                                    ("admin", Role.ADMIN), ("staff", Role.STAFF)]]  # fmt: skip
        session.add_all(users)
        session.flush()
        return {u.username: Actor(u.id, u.username, u.role) for u in users}


def count(engine, model) -> int:
    with engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(model))


def points(engine) -> int:
    with engine.connect() as connection:
        return connection.scalar(select(func.coalesce(func.sum(PointsEntry.points), 0)))


def test_invented_phones_from_one_resident_open_nothing_and_earn_nothing(engine, people):
    attack = csv_of(jolt_rows(["phone-a", "phone-b", "phone-c"], spots(40)))
    summary = upload(engine, attack, people["ann"])
    assert (summary.jolts_new, summary.spots.opened, summary.spots.supported) == (120, 0, 0)
    assert (count(engine, Report), points(engine)) == (0, 0)
    with engine.connect() as connection:
        devices = set(connection.scalars(select(JoltEvent.device_id).distinct()))
        coverage = set(connection.scalars(select(DriveCoverage.device_id).distinct()))
    assert devices == coverage == {f"user:{people['ann'].id}"}


def test_one_resident_driving_over_a_spot_on_three_days_is_one_pass(engine, people):
    for day in (1, 2, 3):
        upload(engine, csv_of(jolt_rows(["my-phone"], [SPOT], day=day)), people["ann"])
    assert count(engine, Report) == 0


def test_three_residents_jolting_one_spot_open_a_report_and_each_earns(engine, people):
    opened = [upload(engine, csv_of(jolt_rows(["phone"], [SPOT])), people[name]).spots.opened
              for name in ("ann", "bo", "cy")]  # fmt: skip
    assert opened == [0, 0, 1] and count(engine, Report) == 1
    with engine.connect() as connection:
        earners = set(connection.scalars(select(PointsEntry.user_id).where(PointsEntry.points > 0)))
    assert earners == {people[name].id for name in ("ann", "bo", "cy")}


@pytest.mark.parametrize("who", ["staff", "admin", "system"])
def test_the_city_keeps_its_device_ids(engine, people, who):
    actor = SYSTEM if who == "system" else people[who]
    summary = upload(engine, csv_of(jolt_rows(["truck-1", "truck-2", "truck-3"], [SPOT])), actor)
    assert summary.spots.opened == 1


def test_a_registered_device_token_keeps_the_files_ids_until_it_is_revoked(engine, people):
    with transaction(engine) as session:
        token = register_device_token(session, people["admin"], "Public Works truck 12")
    fleet = csv_of(jolt_rows(["truck-12a", "truck-12b", "truck-12c"], [SPOT]))
    assert upload(engine, fleet, people["ann"], token=token).spots.opened == 1
    with engine.connect() as connection:
        assert connection.scalar(select(DeviceToken.token_hash)) != token  # only its digest is kept
    with transaction(engine) as session:
        revoke_device_token(session, people["admin"], session.scalar(select(DeviceToken.id)))
    with pytest.raises(UploadRefused, match="not registered, or it was revoked"):
        upload(engine, fleet, people["ann"], token=token)


@pytest.mark.parametrize("who", ["ann", "staff"])
def test_only_admins_register_device_tokens(engine, people, who):
    with transaction(engine) as session, pytest.raises(PermissionDenied):
        register_device_token(session, people[who], "my phone")
    assert count(engine, DeviceToken) == 0


def test_an_unknown_device_token_is_refused_and_nothing_is_stored(engine, people):
    with pytest.raises(UploadRefused, match="not registered"):
        upload(engine, csv_of(jolt_rows(["x"], [SPOT])), people["ann"], token="made-up")
    assert count(engine, JoltEvent) == 0


def test_an_account_may_upload_only_so_often_an_hour(engine, people, monkeypatch):
    monkeypatch.setenv("PORTAL_BUMP_UPLOADS_PER_HOUR", "2")
    for day in (1, 2):
        upload(engine, csv_of(jolt_rows(["p"], [SPOT], day=day)), people["ann"])
    with pytest.raises(UploadRefused, match="uploaded Street Bump data 2 times this hour"):
        upload(engine, csv_of(jolt_rows(["p"], [SPOT], day=3)), people["ann"])
    assert count(engine, JoltEvent) == 2
    upload(engine, csv_of(jolt_rows(["p"], [SPOT], day=3)), people["bo"])  # another account is not limited
    upload(engine, csv_of(jolt_rows(["p"], [SPOT], day=4)), SYSTEM)  # nor the command line


def test_a_nul_in_a_device_id_refuses_that_row_and_keeps_the_others(engine, people):
    rows = jolt_rows(["truck-1", "truck-2", "truck-3"], [SPOT])
    rows.insert(1, rows[0].replace("truck-1", "truck\x00-9"))
    summary = upload(engine, csv_of(rows), people["staff"])
    assert (summary.rejected, summary.jolts_new, summary.spots.opened) == (1, 3, 1)


@pytest.mark.parametrize(
    ("rows", "header", "message"),
    [
        ([], HEADER, "has a header but no rows"),
        (
            ["phone-x,soon,42.3,-71.1,4,9,4"],
            HEADER,
            r"The 1 row cannot be used.*line 2: timestamp 'soon'",
        ),
        (["p,x,1,1,1,1,1"] * 5, HEADER, r"None of the 5 rows.*line 4: .*; and 2 more\."),
        (["x,1,2,3,4,5,6,7"], SENSOR_HEADER, r"line 2: Time 'x' is not a Unix time"),
    ],
)
def test_a_file_with_no_usable_row_is_refused_with_its_reasons(engine, rows, header, message):
    with pytest.raises(MalformedFileError, match=message):
        read_upload(io.BytesIO(csv_of(rows, header)), boston())


def test_a_smooth_drive_records_coverage_without_jolts(engine, people):
    readings = [
        f"{1_772_000_000_000 + n * 200},{SPOT[1]:.6f},{SPOT[0] + n * 1e-5:.6f},0,0,9.81,9,4"
        for n in range(20)
    ]
    summary = upload(engine, csv_of(readings, SENSOR_HEADER), people["ann"])
    assert (summary.jolts_found, count(engine, JoltEvent)) == (0, 0)
    assert count(engine, DriveCoverage) >= 1
