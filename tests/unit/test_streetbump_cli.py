"""`python -m portal bump-detect` and `bump-ingest`: a stable interface others rely on."""

import gzip
import json

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.cli import main
from portal.db import make_engine
from portal.streetbump.devices import is_registered_device
from portal.streetbump.models import JoltEvent
from tests.conftest import FIXTURES

HEADER = "device_id,timestamp,lat,lon,magnitude,speed,gps_accuracy"


@pytest.fixture
def sensor_file(tmp_path):
    """The real challenge readings as the plain CSV the commands take (shipped gzipped)."""
    path = tmp_path / "streetbump_selftest_2011-03_sensor.csv"
    path.write_bytes(gzip.decompress((FIXTURES / "streetbump_selftest_2011-03_sensor.csv.gz").read_bytes()))
    return path


@pytest.fixture
def cli_database(database_url, monkeypatch) -> str:
    monkeypatch.setenv("DATABASE_URL", database_url)
    return database_url


def detect_json(capsys, *args: str) -> list[dict]:
    assert main(["bump-detect", *args, "--json"]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    return json.loads(out)


def test_bump_detect_prints_one_json_list_of_spots(sensor_file, capsys):
    spots = detect_json(capsys, str(sensor_file))
    assert len(spots) == 12
    assert all(set(spot) == {"lat", "lon", "hits", "devices"} for spot in spots)
    assert all(spot["devices"] >= 3 and spot["hits"] >= spot["devices"] for spot in spots)
    assert spots[0] == {"lat": 42.30441, "lon": -71.124799, "hits": 8, "devices": 7}


def test_fewer_devices_needed_finds_more_spots(sensor_file, capsys):
    assert len(detect_json(capsys, str(sensor_file), "--min-devices", "2")) > 12


def test_bump_detect_reads_jolt_events_too(tmp_path, capsys):
    rows = [f"phone-{i},2026-03-01T10:0{i}:00Z,42.3467,-71.0972,4,9,4" for i in range(3)]
    path = tmp_path / "jolts.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n")
    assert detect_json(capsys, str(path)) == [{"lat": 42.3467, "lon": -71.0972, "hits": 3, "devices": 3}]


def test_bump_ingest_prints_a_summary_and_a_second_run_adds_nothing(cli_database, sensor_file, capsys):
    assert main(["bump-ingest", str(sensor_file)]) == 0
    first = capsys.readouterr().out
    assert "rows read:          10024" in first and "reports opened:     12" in first
    assert main(["bump-ingest", str(sensor_file)]) == 0
    second = capsys.readouterr().out
    assert "jolts new:          0" in second and "reports opened:     0" in second


def test_bump_ingest_lists_refused_rows_with_their_line(cli_database, tmp_path, capsys):
    path = tmp_path / "jolts.csv"
    path.write_text(
        f"{HEADER}\nphone-1,2026-03-01T10:00:00Z,42.3467,-71.0972,4,9,4\nphone-2,noon,42.3,-71.1,4,9,4\n"
    )
    assert main(["bump-ingest", str(path)]) == 0
    assert "line 3: timestamp 'noon' is not an ISO 8601 time" in capsys.readouterr().out


def test_a_missing_file_is_one_error_line(cli_database, tmp_path, capsys):
    assert main(["bump-ingest", str(tmp_path / "nope.csv")]) == 2
    assert capsys.readouterr().err.startswith("error: ")


@pytest.mark.parametrize(
    ("rows", "message"),
    [("", "has a header but no rows"), ("phone-2,noon,42.3,-71.1,4,9,4\n", "The 1 row cannot be used")],
)
def test_bump_ingest_of_a_file_with_no_usable_row_says_so_and_writes_nothing(
    cli_database, tmp_path, capsys, rows, message
):
    path = tmp_path / "jolts.csv"
    path.write_text(f"{HEADER}\n{rows}")
    assert main(["bump-ingest", str(path)]) == 2
    error = capsys.readouterr().err
    assert error.startswith("error: ") and message in error and "Traceback" not in error
    engine = make_engine(cli_database)
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(JoltEvent)) == 0
    engine.dispose()


def test_device_token_issue_prints_the_token_last(cli_database, capsys):
    assert main(["device-token", "issue", "--label", "Public Works truck 12"]) == 0
    token = capsys.readouterr().out.splitlines()[-1]
    engine = make_engine(cli_database)
    with engine.connect() as connection:
        assert is_registered_device(Session(connection), token)
    engine.dispose()
    assert main(["device-token", "issue", "--label", "  "]) == 2
    assert "Please name the device" in capsys.readouterr().err
