"""`python -m portal train-triage` and `triage`: a stable interface others rely on."""

from __future__ import annotations

import io
import json

import pytest

from portal.cli import main
from tests.unit.test_cli import error_line
from tests.unit.triage_fixtures import write_tiny_csv


@pytest.fixture
def tiny_model(tmp_path, capsys):
    out = tmp_path / "tiny.skops"
    assert main(["train-triage", "--csv", str(write_tiny_csv(tmp_path / "rows.csv")),
                 "--text", "what", "--label", "kind", "--out", str(out)]) == 0  # fmt: skip
    assert capsys.readouterr().out == f"3 types; model written to {out}\n"
    return out


def run_triage(monkeypatch, capsys, stdin: str, *args: str) -> list[str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    assert main(["triage", *args]) == 0
    return capsys.readouterr().out.splitlines()


def test_triage_jsonl_prints_one_json_list_per_input_line(tiny_model, monkeypatch, capsys):
    lines = run_triage(monkeypatch, capsys, "pothole in the road\n\n<b>graffiti</b> wall\n   \nlight out",
                       "--model", str(tiny_model), "--k", "2", "--jsonl")  # fmt: skip
    parsed = [json.loads(line) for line in lines]
    assert len(parsed) == 5
    assert parsed[1] == [] and parsed[3] == []
    filled = [parsed[0], parsed[2], parsed[4]]
    assert [ranked[0]["type"] for ranked in filled] == ["Pothole", "Graffiti", "Light"]
    for ranked in filled:
        assert len(ranked) == 2 and all(list(item) == ["type", "score"] for item in ranked)
        assert ranked[0]["score"] >= ranked[1]["score"] and 0 <= ranked[1]["score"] <= 1


def test_triage_defaults_to_the_shipped_model_and_five_types(monkeypatch, capsys):
    [line] = run_triage(monkeypatch, capsys, "street light out\n", "--jsonl")
    ranked = json.loads(line)
    assert len(ranked) == 5 and ranked[0]["type"] == "Street Light Outages"


def test_triage_without_jsonl_prints_readable_lines(tiny_model, monkeypatch, capsys):
    [line] = run_triage(monkeypatch, capsys, "graffiti\n", "--model", str(tiny_model), "--k", "1")
    assert line.startswith("Graffiti (0.")


@pytest.mark.parametrize(("args", "message"), [
    (["--text", "description", "--label", "kind"], "no column 'description'"),
    (["--text", "what", "--label", "category"], "no column 'category'"),
    (["--text", "what"], "--csv needs --text COLUMN and --label COLUMN"),
])  # fmt: skip
def test_train_triage_bad_columns_exit_2_with_one_error_line(tmp_path, capsys, args, message):
    csv_path = write_tiny_csv(tmp_path / "rows.csv")
    assert main(["train-triage", "--csv", str(csv_path), *args, "--out", str(tmp_path / "m.skops")]) == 2
    assert message in error_line(capsys.readouterr().err)
    assert not (tmp_path / "m.skops").exists()


def test_triage_with_a_missing_model_exits_2(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("pothole\n"))
    assert main(["triage", "--model", str(tmp_path / "absent.skops"), "--jsonl"]) == 2
    assert "train-triage --out" in error_line(capsys.readouterr().err)
