"""Reading Street Bump uploads: both formats told apart by the header, bad rows refused with their line."""

import gzip
import io

import pytest

from portal.i18n import language
from portal.imports.boston311 import MalformedFileError
from portal.maps.geo import boston
from portal.streetbump.formats import JOLTS, SENSOR, read_upload
from tests.conftest import FIXTURES

JOLT_HEADER = "device_id,timestamp,lat,lon,magnitude,speed,gps_accuracy"
GOOD_JOLT = "phone-1,2026-03-01T14:03:22.120Z,42.3467,-71.0972,4.2,9.5,5"


def read(text: str):
    return read_upload(io.BytesIO(text.encode()), boston())


def test_the_real_challenge_file_is_sensor_readings_and_every_row_is_kept():
    with gzip.open(FIXTURES / "streetbump_selftest_2011-03_sensor.csv.gz", "rb") as stream:
        upload = read_upload(stream, boston())
    assert upload.format is SENSOR
    assert (upload.rows_read, len(upload.frame), upload.rejects) == (10_024, 10_024, [])
    assert str(upload.frame["time"].min()) == "2011-03-06 20:52:51.748000+00:00"


def test_a_jolt_event_file_is_read_with_aware_times():
    upload = read(f"{JOLT_HEADER}\n{GOOD_JOLT}\n")
    assert upload.format is JOLTS
    row = upload.frame.iloc[0]
    assert (row["device_id"], row["magnitude"], str(row["time"])) == (
        "phone-1",
        4.2,
        "2026-03-01 14:03:22.120000+00:00",
    )


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("phone-1,2026-03-01T14:03:22Z,42.3467,-71.0972,4.2,9.5", "has 6 fields, the header has 7"),
        ("phone-1,2026-03-01T14:03:22Z,north,-71.0972,4.2,9.5,5", "lat 'north' is not a number"),
        ("phone-1,2026-03-01T14:03:22Z,40.7128,-74.0060,4.2,9.5,5", "outside Boston"),
        ("phone-1,2026-03-01 14:03:22,42.3467,-71.0972,4.2,9.5,5", "not an ISO 8601 time with a time zone"),
        ("phone-1,yesterday,42.3467,-71.0972,4.2,9.5,5", "not an ISO 8601 time"),
        (",2026-03-01T14:03:22Z,42.3467,-71.0972,4.2,9.5,5", "device_id is empty"),
        ("phone-1,2026-03-01T14:03:22Z,42.3467,-71.0972,-4.2,9.5,5", "magnitude is negative"),
        ("x" * 65 + ",2026-03-01T14:03:22Z,42.3467,-71.0972,4.2,9.5,5", "longer than 64 characters"),
    ],
)
def test_a_bad_row_is_refused_with_its_line_and_the_good_rows_are_kept(row, reason):
    upload = read(f"{JOLT_HEADER}\n{GOOD_JOLT}\n{row}\n{GOOD_JOLT.replace('phone-1', 'phone-2')}\n")
    assert [r.line for r in upload.rejects] == [3]
    assert reason in upload.rejects[0].reason
    assert list(upload.frame.index) == [2, 4]
    assert upload.rejected_rows().to_dict("records") == [{"line": 3, "reason": upload.rejects[0].reason}]


@pytest.mark.parametrize(("row", "spanish"), [
    ("phone-1,2026-03-01T14:03:22Z,42.3467,-71.0972,4.2,9.5", "tiene 6 campos y el encabezado tiene 7"),
    ("phone-1,2026-03-01T14:03:22Z,north,-71.0972,4.2,9.5,5", "lat 'north' no es un número"),
    ("phone-1,2026-03-01T14:03:22Z,40.7128,-74.0060,4.2,9.5,5",
     "las coordenadas 40.7128, -74.0060 están fuera de Boston"),
    ("phone-1,yesterday,42.3467,-71.0972,4.2,9.5,5",
     "timestamp 'yesterday' no es una hora ISO 8601 con zona horaria, como 2026-03-01T14:03:22Z"),
    (",2026-03-01T14:03:22Z,42.3467,-71.0972,4.2,9.5,5", "device_id está vacío"),
    ("phone-1,2026-03-01T14:03:22Z,42.3467,-71.0972,-4.2,9.5,5", "magnitude es negativo"),
])  # fmt: skip
def test_a_bad_rows_reason_reads_in_the_uploaders_language(row, spanish):
    with language("es"):
        upload = read(f"{JOLT_HEADER}\n{GOOD_JOLT}\n{row}\n")
    assert [r.reason for r in upload.rejects] == [spanish]
    assert upload.format.name == "jolt events"  # the format's English key, translated where shown


def test_a_sensor_row_with_a_broken_clock_is_refused():
    header = "Time,Longitude,Latitude,AccelX,AccelY,AccelZ,Speed,gpsAccuracy"
    good, broken = "1299448627197,-71.11129,42.35045,-0.6,0,10.5,1.75,4", "12,-71.11129,42.35045,0,0,9.8,2,4"
    upload = read(f"{header}\n{good}\n{broken}\n")
    assert [(r.line, r.reason) for r in upload.rejects] == [
        (3, "Time '12' is not a Unix time in milliseconds")
    ]


def test_a_file_that_is_not_street_bump_data_is_refused_whole():
    with pytest.raises(MalformedFileError, match="not a Street Bump CSV"):
        read("CASE_ENQUIRY_ID,OPEN_DT\n1,2\n")
