"""`python -m portal`: its commands, output and exit statuses are a stable interface."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import inspect

from portal.cli import COMMANDS, main
from portal.config import PROJECT_ROOT
from portal.db import make_engine


@pytest.fixture
def cli_database(database_url, monkeypatch) -> str:
    monkeypatch.setenv("DATABASE_URL", database_url)
    return database_url


def error_line(stderr: str) -> str:
    """The one line a person reads; a progress bar may have been drawn before it."""
    assert "Traceback" not in stderr
    lines = [line for line in stderr.splitlines() if line.startswith("error: ")]
    assert len(lines) == 1, stderr
    assert stderr.rstrip("\n").endswith(lines[0])
    return lines[0]


def test_db_upgrade(cli_database, capsys):
    assert main(["db", "upgrade"]) == 0
    assert capsys.readouterr().out == "Database schema is up to date.\n"


def test_db_upgrade_creates_the_schema_in_a_new_database(tmp_path, monkeypatch, capsys):
    url = f"sqlite:///{tmp_path / 'new.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)

    assert main(["db", "upgrade"]) == 0

    engine = make_engine(url)
    assert {"reports", "service_types", "report_events", "users"} <= set(inspect(engine).get_table_names())
    engine.dispose()


def test_db_prepare_loads_the_demo_once_and_refuses_production_with_demo_accounts(
    tmp_path, monkeypatch, city_cases_csv, capsys
):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'new.sqlite3'}")
    monkeypatch.setenv("PORTAL_DEMO_DATA", str(city_cases_csv))
    monkeypatch.setenv("PORTAL_MODE", "demo")

    assert main(["db", "prepare"]) == 0
    assert main(["db", "prepare"]) == 0
    assert capsys.readouterr().out == "Database ready (demo mode): 6 reports.\n" * 2

    monkeypatch.setenv("PORTAL_MODE", "production")
    assert main(["db", "prepare"]) == 2
    assert "Production mode refuses to start while demo accounts are active" in error_line(capsys.readouterr().err)


def test_import_and_stats_upgrade_a_new_database_first(tmp_path, monkeypatch, city_cases_csv, capsys):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'new.sqlite3'}")

    assert main(["stats", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["total"] == 0
    assert main(["import-311", str(city_cases_csv)]) == 0
    assert "inserted:      6" in capsys.readouterr().out


def test_import_prints_the_summary(cli_database, write_2015_csv, tmp_path, capsys):
    rejects = tmp_path / "rejects.csv"
    path = write_2015_csv(
        [{"CASE_ENQUIRY_ID": "1"}, {"CASE_ENQUIRY_ID": "2", "LATITUDE": "42.3594", "LONGITUDE": "-71.0587"},
         {"CASE_ENQUIRY_ID": ""}]
    )  # fmt: skip

    assert main(["import-311", str(path), "--rejects", str(rejects)]) == 0

    assert capsys.readouterr().out.splitlines() == [
        "rows read:     3",
        "inserted:      2",
        "updated:       0",
        "unchanged:     0",
        "rejected:      1",
        "not geocoded:  1",
        f"refused rows written to {rejects}",
        "dashboard summary: 1 day recounted",
    ]
    assert "no case id" in rejects.read_text()


def test_a_second_import_reports_unchanged_rows(cli_database, city_cases_csv, capsys):
    main(["import-311", str(city_cases_csv)])
    capsys.readouterr()

    assert main(["import-311", str(city_cases_csv)]) == 0

    out = capsys.readouterr().out
    assert "inserted:      0" in out and "unchanged:     6" in out
    assert "refused rows" not in out


def test_stats_json_is_one_object(cli_database, city_cases_csv, capsys):
    main(["import-311", str(city_cases_csv)])
    capsys.readouterr()

    assert main(["stats", "--json"]) == 0

    out = capsys.readouterr().out
    assert out.count("\n") == 1 and out.endswith("\n")
    stats = json.loads(out)
    assert set(stats) == {"total", "by_status", "by_type", "by_neighborhood"}
    assert stats["total"] == 6
    assert stats["by_status"] == {"open": 4, "closed": 2}
    assert stats["by_neighborhood"]["unknown"] == 1


def test_stats_for_people(cli_database, city_cases_csv, capsys):
    main(["import-311", str(city_cases_csv)])
    capsys.readouterr()

    assert main(["stats"]) == 0

    out = capsys.readouterr().out
    assert out.startswith("reports: 6\n")
    assert "by status:" in out and "by neighborhood:" in out


# Each entry makes a path that cannot be imported.
BAD_INPUTS = {
    "missing": lambda folder: folder / "no-such-file.csv",
    "directory": lambda folder: folder,
    "wrong-header": lambda folder: write(folder / "people.csv", b"name,age\nbob,3\n"),
    "empty": lambda folder: write(folder / "empty.csv", b""),
    "binary": lambda folder: write(folder / "photo.csv", b"\x89PNG\r\n\x1a\n" + bytes(range(256))),
}


def write(path: Path, content: bytes) -> Path:
    path.write_bytes(content)
    return path


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("missing", "does not exist or is not a file"),
        ("directory", "does not exist or is not a file"),
        ("wrong-header", "not a Boston 311 CSV"),
        ("empty", "not a Boston 311 CSV"),
        ("binary", "not a readable CSV file"),
    ],
)
def test_an_unusable_file_is_one_line_on_stderr_and_exit_2(
    cli_database, tmp_path, table_counts, capsys, bad, message
):
    folder = tmp_path / "upload"
    folder.mkdir()

    assert main(["import-311", str(BAD_INPUTS[bad](folder))]) == 2

    captured = capsys.readouterr()
    assert message in error_line(captured.err)
    assert captured.out == ""
    assert table_counts()["reports"] == 0


def test_an_unwritable_rejects_path_imports_nothing(
    cli_database, city_cases_csv, tmp_path, table_counts, capsys
):
    rejects = tmp_path / "no-such-folder" / "rejects.csv"

    assert main(["import-311", str(city_cases_csv), "--rejects", str(rejects)]) == 2

    assert "rejects.csv" in error_line(capsys.readouterr().err)
    assert table_counts()["reports"] == 0


def test_unknown_commands_are_usage_errors(capsys):
    with pytest.raises(SystemExit) as info:
        main(["frobnicate"])
    assert info.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_python_m_portal_help():
    result = subprocess.run(
        [sys.executable, "-m", "portal", "--help"],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Civic Portal administration" in result.stdout
    listed = {line.split()[0] for line in result.stdout.splitlines() if line.startswith("    ")}
    assert {"db", "import-311", "stats"} <= listed


def test_help_imports_none_of_the_heavy_libraries():
    """`--help` and light commands start at once: each command imports what it needs when it runs."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "portal", "--help"],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    imported = {line.split("|")[-1].strip() for line in result.stderr.splitlines()}
    assert not imported & {"pandas", "numpy", "sklearn", "sqlalchemy", "alembic", "scipy", "boto3"}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_has_its_help(command, capsys):
    with pytest.raises(SystemExit) as info:
        main([command, "--help"])
    assert info.value.code == 0
    assert capsys.readouterr().out.startswith(f"usage: python -m portal {command}")
