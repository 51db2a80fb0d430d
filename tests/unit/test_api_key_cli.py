"""`python -m portal api-key issue`: the key on the last line, and it files a report through Open311."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from portal.cli import main
from portal.db import transaction
from portal.open311.app import PREFIX, create_app
from portal.reports.photostore import LocalPhotoStore
from tests.unit.open311_fixtures import COMMON, build_city


@pytest.fixture
def city(engine, database_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", database_url)
    with transaction(engine) as session:
        return build_city(session)


def test_the_issued_key_is_the_last_line_and_posts_a_report(city, engine, capsys, tmp_path):
    assert main(["api-key", "issue", "--username", " Partner-App ", "--label", "Nightly sync"]) == 0
    out = capsys.readouterr().out
    key = out.splitlines()[-1]
    assert "Nightly sync" in out and len(key) == 43
    form = {"api_key": key, "service_code": str(city.pothole), "lat": str(COMMON[0]), "long": str(COMMON[1])}
    with TestClient(create_app(engine, LocalPhotoStore(tmp_path / "photos"))) as client:
        answer = client.post(f"{PREFIX}/requests.json", data=form)
    assert answer.status_code == 200, answer.text
    assert answer.json()[0]["service_request_id"]


@pytest.mark.parametrize(("arguments", "words"), [
    (["--username", "nobody"], "There is no account 'nobody'"),
    (["--username", "partner-app", "--label", " "], "Name the key"),
])  # fmt: skip
def test_a_key_that_cannot_be_issued_is_one_clear_line(city, capsys, arguments, words):
    assert main(["api-key", "issue", *arguments]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.startswith("error: ") and words in captured.err
    assert len(captured.err.splitlines()) == 1
