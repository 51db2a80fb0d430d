"""`python -m portal geocode` and `reverse-geocode`: exit codes and the exact JSON they print."""

from __future__ import annotations

import io
import json

import pytest

from portal import cli
from portal.maps import geocode
from tests.unit.geocode_fixtures import fixture_gazetteer  # noqa: F401 (a fixture)

pytestmark = pytest.mark.usefixtures("fixture_gazetteer")

ANNUNCIATION = {"lat": 42.3347, "lon": -71.0944, "address": "80 Annunciation Rd, Mission Hill"}


def run(capsys, monkeypatch, argv: list[str], stdin: str = "") -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    status = cli.main(argv)
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.parametrize(
    ("argv", "status", "printed"),
    [
        (["geocode", "80 Annunciation Rd, Mission Hill", "--json"], 0, ANNUNCIATION),
        (["geocode", "nowhere at all", "--json"], 1, None),
        (["reverse-geocode", "42.3347", "-71.0944", "--json"], 0, {"address": "80 Annunciation Rd, Mission Hill"}),
        (["reverse-geocode", "42.40", "-71.20", "--json"], 1, None),
    ],
)  # fmt: skip
def test_one_lookup_prints_one_json_value(capsys, monkeypatch, argv, status, printed):
    code, out, _ = run(capsys, monkeypatch, argv)
    assert code == status
    assert out.endswith("\n") and out.count("\n") == 1
    assert json.loads(out) == printed


def test_jsonl_answers_each_line_in_order_with_null_for_the_unknown(capsys, monkeypatch):
    stdin = "80 Annunciation Rd, Mission Hill\nnowhere at all\n\nAlbany St & Massachusetts Ave\n"
    code, out, _ = run(capsys, monkeypatch, ["geocode", "--jsonl"], stdin)
    assert code == 0
    assert [json.loads(line) for line in out.splitlines()] == [
        ANNUNCIATION, None, None, {"lat": 42.3335, "lon": -71.0735, "address": "Albany St & Massachusetts Ave, Roxbury"}
    ]  # fmt: skip


def test_reverse_jsonl_reads_lat_lon_lines(capsys, monkeypatch):
    stdin = "42.3347 -71.0944\nnot a point\n42.40, -71.20\n42.3073,-71.0823\n"
    code, out, _ = run(capsys, monkeypatch, ["reverse-geocode", "--jsonl"], stdin)
    assert code == 0
    assert [json.loads(line) for line in out.splitlines()] == [
        {"address": "80 Annunciation Rd, Mission Hill"}, None, None, {"address": "40-44 Washington St, Dorchester"}
    ]  # fmt: skip


def test_plain_output_is_one_readable_line(capsys, monkeypatch):
    code, out, _ = run(capsys, monkeypatch, ["geocode", "80 Annunciation Rd"])
    assert (code, out) == (0, "42.3347, -71.0944  80 Annunciation Rd, Mission Hill\n")


@pytest.mark.parametrize("argv", [["geocode", "--json"], ["reverse-geocode", "42.3"]])
def test_a_missing_argument_is_a_usage_error(capsys, monkeypatch, argv):
    with pytest.raises(SystemExit) as stopped:
        run(capsys, monkeypatch, argv)
    assert stopped.value.code == 2


def test_a_wrong_setting_is_one_line_on_stderr(capsys, monkeypatch):
    monkeypatch.setenv("PORTAL_GEOCODER", "google")
    code, out, err = run(capsys, monkeypatch, ["geocode", "80 Annunciation Rd", "--json"])
    assert (code, out) == (2, "")
    assert err.startswith("error: PORTAL_GEOCODER must be one of") and err.count("\n") == 1


def test_build_gazetteer_writes_a_loadable_file(capsys, monkeypatch, tmp_path):
    source = tmp_path / "cases.csv"
    source.write_text(
        "CASE_ENQUIRY_ID,OPEN_DT,CASE_STATUS,TYPE,LATITUDE,LONGITUDE,Location\n"
        "1,01/01/2015 12:20:09 AM,Open,Pothole,42.3347,-71.0944,80 Annunciation Rd  Roxbury  MA  02120\n"
        "2,01/01/2015 12:20:09 AM,Open,Pothole,42.3594,-71.0587,9 Annunciation Rd  Roxbury  MA  02120\n"
    )
    out_file = tmp_path / "g.csv.gz"
    code, out, _ = run(
        capsys, monkeypatch, ["build-gazetteer", "--from", str(source), "--out", str(out_file)]
    )
    assert code == 0 and out == f"1 addresses and 0 intersections from 1 file(s) written to {out_file}\n"
    monkeypatch.setenv("PORTAL_GAZETTEER", str(out_file))
    geocode.default_geocoder.cache_clear()
    assert (
        run(capsys, monkeypatch, ["reverse-geocode", "42.3347", "-71.0944"])[1]
        == "80 Annunciation Rd, Mission Hill\n"
    )


def test_build_gazetteer_refuses_a_missing_file(capsys, monkeypatch, tmp_path):
    code, _, err = run(
        capsys, monkeypatch, ["build-gazetteer", "--from", str(tmp_path / "no.csv"), "--out", "x"]
    )
    assert code == 2 and "does not exist" in err
