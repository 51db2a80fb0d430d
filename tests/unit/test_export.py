"""Open data exports: CSV, GeoJSON and Open311 JSON, from the CLI and from the map's filters."""

import csv
import io
import json

import pytest

from portal.cli import main
from portal.db import transaction
from portal.maps.mapdata import MapFilter
from portal.open311.export import map_download
from tests.unit.open311_fixtures import COMMON, build_city

ALL_IDS = {f"AAAA00000{i}" for i in range(1, 7)}


@pytest.fixture
def city(engine):
    with transaction(engine) as session:
        return build_city(session)


@pytest.mark.parametrize("fmt", ["csv", "geojson", "open311"])
def test_the_nightly_export_writes_every_report_and_nothing_personal(city, database_url, monkeypatch, tmp_path,
                                                                     capsys, fmt):  # fmt: skip
    monkeypatch.setenv("DATABASE_URL", database_url)
    out = tmp_path / f"reports.{fmt}"
    assert main(["export", "--format", fmt, "--out", str(out)]) == 0
    assert capsys.readouterr().out.strip() == f"6 reports written to {out}"
    text = out.read_text()
    assert "secret-reporter" not in text and "Partner App Person" not in text
    assert not list(tmp_path.glob("*.partial"))
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(text)))
        ids = {row["service_request_id"] for row in rows}
        assert {row["channel"] for row in rows} == {"phone", "app", "web", "employee", "Street Bump"}
    elif fmt == "geojson":
        features = json.loads(text)["features"]
        ids = {f["properties"]["service_request_id"] for f in features}
        assert features[0]["geometry"]["coordinates"] == [COMMON[1], COMMON[0]]  # lon, lat
    else:
        records = json.loads(text)
        ids = {r["service_request_id"] for r in records}
        assert "channel" not in records[0] and records[0]["requested_datetime"].endswith(("-04:00", "-05:00"))
    assert ids == ALL_IDS


def test_an_unknown_format_is_refused_by_the_command_line(capsys):
    with pytest.raises(SystemExit):
        main(["export", "--format", "xlsx", "--out", "x"])
    assert "invalid choice" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("fmt", "f", "expected"),
    [
        ("csv", MapFilter(statuses=("closed",)), {"AAAA000003", "AAAA000004", "AAAA000005"}),
        ("geojson", MapFilter(neighborhoods=("Dorchester",)), {"AAAA000002"}),
        ("csv", MapFilter(text="AAAA000006"), {"AAAA000006"}),
    ],
)
def test_the_map_download_follows_the_map_filters(city, session, fmt, f, expected):
    data = map_download(session, f, fmt).decode()
    if fmt == "csv":
        found = {row["service_request_id"] for row in csv.DictReader(io.StringIO(data))}
    else:
        found = {feature["properties"]["service_request_id"] for feature in json.loads(data)["features"]}
    assert found == expected
