"""The Open311 API over HTTP: the real server (`python -m portal serve-open311`, uvicorn) on a free
localhost port, each answer checked against the spec's Swagger description (georeport_v2-1.yaml)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime
from xml.etree import ElementTree

import jsonschema
import pytest
import yaml
from sqlalchemy import select

from portal.accounts.models import Role
from portal.accounts.permissions import SYSTEM, Actor
from portal.db import transaction
from portal.maps.mapdata import MapFilter, map_data
from portal.open311.keys import issue_key
from portal.reports.models import Report
from portal.reports.queue import QueueFilter, queue_page
from tests.conftest import FIXTURES
from tests.pgserver import free_port
from tests.unit.open311_fixtures import COMMON, build_city

W3C = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$")
STARTUP_SECONDS = 30


@pytest.fixture(scope="module")
def spec() -> dict:
    return yaml.safe_load((FIXTURES / "georeport_v2-1.yaml").read_text())


def check_against_spec(spec: dict, path: str, method: str, body) -> None:
    """Validate `body` with the response schema the spec gives `path` (definitions resolved, W3C times)."""
    schema = {**spec["paths"][path][method]["responses"]["200"]["schema"], "definitions": spec["definitions"]}
    checker = jsonschema.FormatChecker()
    checker.checks("date-time")(lambda value: bool(W3C.match(value)))
    jsonschema.Draft4Validator(schema, format_checker=checker).validate(body)


@pytest.fixture
def api(engine, database_url, tmp_path):
    """The server running against the test database, with a city in it and a key for the partner app."""
    with transaction(engine) as session:
        city = build_city(session)
        key = issue_key(session, SYSTEM, city.owner_id, "Partner app")
    port = free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "PORTAL_PHOTO_DIR": str(tmp_path / "photos")}
    server = subprocess.Popen([sys.executable, "-m", "portal", "serve-open311", "--port", str(port)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)  # fmt: skip
    base = f"http://127.0.0.1:{port}/open311/v2"
    try:
        _wait_until_up(base, server)
        yield base, key, city
    finally:
        server.terminate()
        log = server.communicate(timeout=10)[0].decode()
    assert "Traceback" not in log, log


def _wait_until_up(base: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(server.communicate()[0].decode())
        try:
            urllib.request.urlopen(f"{base}/services.json", timeout=2)
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("the Open311 server did not start")


def call(url: str, form: dict | None = None) -> tuple[int, str, bytes]:
    data = urllib.parse.urlencode(form).encode() if form is not None else None
    try:
        with urllib.request.urlopen(url, data=data, timeout=10) as answer:
            return answer.status, answer.headers["Content-Type"], answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read()


def post_checked(spec: dict, url: str, form: dict) -> dict:
    """POST a request, check the answer against the spec, and return its one record."""
    status, _kind, body = call(url, form)
    assert status == 200, body
    answer = json.loads(body)
    check_against_spec(spec, "/requests.{response_format}", "post", answer)
    return answer[0]


def test_reads_match_the_spec(api, spec):
    base, _key, city = api
    status, kind, body = call(f"{base}/services.json")
    services = json.loads(body)
    assert (status, kind) == (200, "application/json; charset=utf-8")
    check_against_spec(spec, "/services.{response_format}", "get", services)
    assert {s["service_code"] for s in services} == {str(city.pothole), str(city.graffiti)}

    definition = json.loads(call(f"{base}/services/{city.pothole}.json")[2])
    check_against_spec(spec, "/services/{service_code}.{response_format}", "get", definition)

    window = "start_date=2015-05-01T00:00:00Z&end_date=2015-07-01T00:00:00-04:00"
    found = json.loads(call(f"{base}/requests.json?{window}")[2])
    check_against_spec(spec, "/requests.{response_format}", "get", found)
    # Newest first; the report from 200 days ago is outside the window.
    assert [r["service_request_id"] for r in found] == [f"AAAA00000{i}" for i in (1, 2, 3, 4, 5)]
    closed = found[2]
    assert closed["status"] == "closed" and closed["media_url"] == "https://example.org/p/3.jpg"
    assert closed["status_notes"] == "Case Resolved. Filled the hole."
    assert datetime.fromisoformat(closed["requested_datetime"]).utcoffset() is not None
    assert found[1]["status"] == "open"  # acknowledged by staff is still open in Open311
    assert not any("secret-reporter" in json.dumps(r) or "Partner App Person" in json.dumps(r) for r in found)

    narrowed = json.loads(call(f"{base}/requests.json?{window}&status=closed&service_code={city.graffiti}")[2])
    assert [r["service_request_id"] for r in narrowed] == ["AAAA000004", "AAAA000005"]
    by_id = json.loads(call(f"{base}/requests.json?service_request_id=AAAA000006,aaaa000001")[2])
    assert {r["service_request_id"] for r in by_id} == {"AAAA000001", "AAAA000006"}

    one = json.loads(call(f"{base}/requests/AAAA000003.json")[2])
    check_against_spec(spec, "/requests.{response_format}", "get", one)
    assert one[0]["service_request_id"] == "AAAA000003"


def test_xml_has_the_spec_element_names(api):
    base, _key, _city = api
    status, kind, body = call(f"{base}/requests/AAAA000003.xml")
    assert (status, kind) == (200, "text/xml; charset=utf-8")
    root = ElementTree.fromstring(body)
    assert root.tag == "service_requests" and root.find("request/service_request_id").text == "AAAA000003"
    errors = ElementTree.fromstring(call(f"{base}/requests/NOPE.xml")[2])
    assert errors.tag == "errors" and errors.find("error/code").text == "404"


BAD_REQUESTS = [
    ("/requests.json?start_date=yesterday", None, 400, "W3C"),
    ("/requests.json?start_date=2015-01-01T00:00:00", None, 400, "time zone"),
    ("/requests.json?start_date=2015-01-01T00:00:00Z&end_date=2015-06-01T00:00:00Z", None, 400, "90 days"),
    ("/requests.json?status=pending", None, 400, "open or closed"),
    ("/requests.json?service_code=abc", None, 400, "service_code"),
    ("/requests/ZZZZ.json", None, 404, "no service request"),
    ("/services/999999.json", None, 404, "no service_code"),
    ("/services.csv", None, 400, "format"),
    ("/nothing.json", None, 404, "No such resource"),
    ("/requests.json", {"service_code": "1", "lat": "42.355", "long": "-71.06"}, 403, "api_key"),
    ("/requests.json", {"api_key": "wrong", "service_code": "1"}, 403, "api_key"),
    ("/requests.json", {"api_key": "KEY", "lat": "42.355", "long": "-71.06"}, 400, "service_code is required"),
    ("/requests.json", {"api_key": "KEY", "service_code": "999999", "lat": "42.3", "long": "-71"}, 404, "999999"),
    ("/requests.json", {"api_key": "KEY", "service_code": "POTHOLE", "address_string": "1 Main St"}, 400, "lat"),
    ("/requests.json", {"api_key": "KEY", "service_code": "POTHOLE", "lat": "north", "long": "-71"}, 400, "number"),
    ("/requests.json", {"api_key": "KEY", "service_code": "POTHOLE", "lat": "40.7", "long": "-74.0"}, 400, "Boston"),
    ("/requests.json", {"api_key": "KEY", "service_code": "POTHOLE", "lat": "42.3553", "long": "-71.0628",
                        "media_url": "javascript:alert(1)"}, 400, "media_url"),
    ("/requests.json", {"api_key": "KEY", "service_code": "POTHOLE", "lat": "42.3553", "long": "-71.0628",
                        "email": "not an email"}, 400, "email"),
]  # fmt: skip


def test_bad_input_gets_a_spec_error_never_a_traceback(api):
    base, key, city = api
    for path, form, expected_status, words in BAD_REQUESTS:
        if form is not None:
            form = {k: v.replace("KEY", key).replace("POTHOLE", str(city.pothole)) for k, v in form.items()}
        status, kind, body = call(base + path, form)
        errors = json.loads(body)
        assert status == expected_status, (path, form, body)
        assert kind.startswith("application/json")
        assert len(errors) == 1 and errors[0]["code"] == expected_status
        assert words.lower() in errors[0]["description"].lower(), (path, errors)


def test_a_posted_request_reaches_the_map_and_the_queue(api, spec, engine):
    base, key, city = api
    form = {"api_key": key, "service_code": str(city.pothole), "lat": str(COMMON[0]), "long": str(COMMON[1]),
            "description": "Deep hole by the crosswalk", "media_url": "https://photos.example.org/hole.jpg",
            "first_name": "Jane", "last_name": "Resident", "phone": "617-555-0100", "email": "jane@example.org",
            "address_string": "Tremont St & Park St"}  # fmt: skip
    public_id = post_checked(spec, f"{base}/requests.json", form)["service_request_id"]

    with transaction(engine) as session:
        report = session.scalar(select(Report).where(Report.public_id == public_id))
        assert (report.media_url, report.source, report.neighborhood) == (
            "https://photos.example.org/hole.jpg", "Open311 API", "Downtown")
        assert report.h3_r9 is not None and report.reporter_id == city.owner_id
        assert public_id in set(map_data(session, MapFilter()).frame["id"])
        queue = queue_page(session, Actor(None, "staff", Role.STAFF), QueueFilter())
        assert public_id in set(queue.rows["report"])
    fetched = json.loads(call(f"{base}/requests/{public_id}.json")[2])[0]
    assert fetched["media_url"] == "https://photos.example.org/hole.jpg"
    assert "Jane" not in json.dumps(fetched) and "jane@example.org" not in json.dumps(fetched)


@pytest.fixture
def answers_tokens(monkeypatch):
    """`serve-open311` in its token mode; list it before `api`, which starts the server."""
    monkeypatch.setenv("PORTAL_OPEN311_POST_ANSWER", "token")


def test_in_token_mode_a_post_answers_a_token_that_tokens_resolves(answers_tokens, api, spec, engine):
    base, key, city = api
    form = {"api_key": key, "service_code": str(city.pothole), "lat": str(COMMON[0]), "long": str(COMMON[1]),
            "attribute[client_request_id]": "partner-42"}  # fmt: skip
    answer = post_checked(spec, f"{base}/requests.json", form)
    token = answer["token"]
    assert "service_request_id" not in answer
    with transaction(engine) as session:
        public_id = session.scalar(select(Report.public_id).where(Report.client_token == token))

    resolved = json.loads(call(f"{base}/tokens/{urllib.parse.quote(token, safe='')}.json")[2])
    # The spec's swagger gives one TokenResponse; its examples (and every other answer) are lists.
    check_against_spec(spec, "/tokens/{token_id}.{response_format}", "get", resolved[0])
    assert resolved == [{"service_request_id": public_id, "token": token}]
    xml = ElementTree.fromstring(call(f"{base}/tokens/{urllib.parse.quote(token, safe='')}.xml")[2])
    assert xml.tag == "service_requests" and xml.findtext("request/service_request_id") == public_id
    status, _kind, body = call(f"{base}/tokens/no-such-token.json")
    assert status == 404 and "no request with the token" in json.loads(body)[0]["description"]
