"""Bad input to the Open311 API, through the real ASGI app: every one is the spec's 400, in the format
the address asks for, and nothing is filed. A 500 would raise here (the test client re-raises it)."""

from __future__ import annotations

import json
from datetime import timedelta
from xml.etree import ElementTree

import pytest
from sqlalchemy import func, select
from starlette.testclient import TestClient

from portal.accounts.permissions import SYSTEM
from portal.db import transaction
from portal.open311.app import PREFIX, create_app
from portal.open311.keys import issue_key
from portal.reports.models import Report, ReportStatus
from portal.reports.photostore import LocalPhotoStore
from tests.unit.open311_fixtures import COMMON, NOW, build_city, report

FORTY_DIGITS = "1" * 40
ARABIC_INDIC_ONE = "\u0661"


@pytest.fixture
def client(engine, tmp_path):
    """The app over a small city, a key for a partner, and a form that would file a report as it is."""
    with transaction(engine) as session:
        city = build_city(session)
        key = issue_key(session, SYSTEM, city.owner_id, "Partner app")
    good_form = {"api_key": key, "service_code": str(city.pothole), "lat": str(COMMON[0]), "long": str(COMMON[1])}
    with TestClient(create_app(engine, LocalPhotoStore(tmp_path / "photos"))) as test_client:
        yield test_client, key, good_form


def _reports(engine) -> int:
    with engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(Report))


GET_REQUESTS = [
    ("/requests.json?service_code=" + FORTY_DIGITS, "service_code"),
    ("/requests.json?service_code=" + ARABIC_INDIC_ONE, "service_code"),
    ("/requests.json?service_code=%C2%B3", "service_code"),  # superscript three
    ("/services/" + FORTY_DIGITS + ".json", "service_code"),
    ("/services/" + ARABIC_INDIC_ONE + ".xml", "service_code"),
    ("/requests.json?start_date=9999-12-31", "out of range"),
    ("/requests.json?end_date=0001-01-01", "out of range"),
    ("/requests.xml?start_date=9999-12-31T23:00:00-05:00&end_date=9999-12-31T23:30:00-05:00", "out of range"),
    ("/requests/A%00B.json", "NUL"),
    ("/requests.xml?service_request_id=A%00B", "NUL"),
    ("/requests.json?status=open%00", "NUL"),
    ("/requests.json?api_key=KEY", "POST body"),
    ("/services.xml?api_key=KEY", "POST body"),
]  # fmt: skip

POSTS = [
    ({"long": "-inf"}, "", "number"),
    ({"long": "nan"}, "", "number"),
    ({"lat": "1e400"}, "", "number"),
    ({"lat": "Infinity"}, "", "number"),
    ({"service_code": FORTY_DIGITS}, "", "service_code"),
    ({"service_code": ARABIC_INDIC_ONE}, "", "service_code"),
    ({"email": "jane\x00@example.org"}, "", "NUL"),
    ({"description": "deep\x00hole"}, "", "NUL"),
    ({"first\x00name": "Jane"}, "", "NUL"),
    ({"api_key": None}, "?api_key=KEY", "POST body"),  # the key only in the address
    ({}, "?api_key=KEY", "POST body"),  # in both: still in the logs
]  # fmt: skip


def _assert_400(response, fmt: str, words: str) -> None:
    """A 400 whose one error, read in the format the address asked for, says `words`."""
    assert response.status_code == 400, response.text
    if fmt == "xml":
        assert response.headers["content-type"] == "text/xml; charset=utf-8"
        root = ElementTree.fromstring(response.content)
        assert root.tag == "errors" and len(root) == 1
        code, description = int(root.find("error/code").text), root.find("error/description").text
    else:
        assert response.headers["content-type"] == "application/json; charset=utf-8"
        [error] = json.loads(response.content)
        code, description = error["code"], error["description"]
    assert code == 400 and words.lower() in description.lower(), description


@pytest.mark.parametrize(("path", "words"), GET_REQUESTS)
def test_bad_reads_are_400s(client, path, words):
    test_client, key, _form = client
    response = test_client.get(PREFIX + path.replace("KEY", key))
    _assert_400(response, path.partition("?")[0].rpartition(".")[2], words)


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize(("changes", "query", "words"), POSTS)
def test_bad_posts_are_400s_and_file_nothing(client, engine, changes, query, words, fmt):
    test_client, key, good_form = client
    form = {name: value for name, value in {**good_form, **changes}.items() if value is not None}
    response = test_client.post(f"{PREFIX}/requests.{fmt}{query.replace('KEY', key)}", data=form)
    _assert_400(response, fmt, words)
    assert _reports(engine) == 6


def test_the_good_form_files_a_report(client, engine):
    """The table above changes one thing each: without it, the same form is accepted."""
    test_client, _key, good_form = client
    assert test_client.post(f"{PREFIX}/requests.json", data=good_form).status_code == 200
    assert _reports(engine) == 7


def test_a_search_with_control_characters_in_a_report_is_still_xml(client, engine):
    with transaction(engine) as session:
        pothole = session.scalar(select(Report.service_type_id).where(Report.public_id == "AAAA000001"))
        bad = report("AAAA000007", pothole, ReportStatus.OPEN, NOW - timedelta(days=1))
        bad.description = "Deep \x1b[31mhole\x07 by the \x0bcurb\ttoday"
        session.add(bad)
    test_client, _key, _form = client
    response = test_client.get(f"{PREFIX}/requests.xml?start_date=2015-05-01T00:00:00Z&end_date=2015-07-01T00:00:00Z")
    assert response.status_code == 200
    requests = ElementTree.fromstring(response.content).findall("request")
    assert len(requests) == 6
    assert requests[0].find("description").text == "Deep [31mhole by the curb\ttoday"
