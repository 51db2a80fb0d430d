"""The Open311 client against a real upstream: a second portal, with its own database, running
`python -m portal serve-open311` as a separate process. No HTTP is mocked: what the worker sends and
reads crosses a socket to the same server a city's partner would run.

Covered: file → sent → upstream closes → closed here with the upstream's notes; the upstream down for
a while → every report arrives once it is back, once each; a worker that died between its POST and
storing the answer → the retry finds the first request (one upstream report); a server answering
5xx or something that is not JSON (or not XML) → the error recorded on the report, retried, nothing
lost; an upstream answering a token → resolved through tokens/ → polled → closed; a route speaking XML
against the same server's .xml endpoints; Street Bump's new reports sent, imported ones not; a
resident's "not fixed" sent once as a new request naming the closed one; the routing table's rules
and its clear errors.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import func, select, update

from portal.accounts.models import Role, User
from portal.accounts.permissions import SYSTEM, Actor, PermissionDenied
from portal.db import make_engine, transaction, upgrade, utc_now
from portal.i18n import language
from portal.imports.importer import import_311
from portal.open311 import sync
from portal.open311.keys import issue_key
from portal.open311.models import SendStatus, UpstreamSend
from portal.open311.routing import Route, RoutingError, load_routes, route_for
from portal.reports import casework, filing, followup
from portal.reports.models import Report, ReportStatus, ServiceType
from portal.reports.photostore import LocalPhotoStore
from portal.streetbump.spots import refresh_spots
from tests.pgserver import free_port

TREMONT = (42.34670, -71.09720)
POTHOLE = ("Public Works Department", "Highway Maintenance", "Request for Pothole Repair", "PWDx")
GRAFFITI = ("Property Management", "Graffiti", "Graffiti Removal", "PROP")
KEY_ENV = "TEST_UPSTREAM_OPEN311_KEY"


@dataclass
class Upstream:
    """The other portal: its database, its key for us, and its serve-open311 process (stop/start)."""

    url: str
    port: int
    pothole_code: str
    key: str
    log: Path
    answer: str = "service_request_id"  # PORTAL_OPEN311_POST_ANSWER: "token" answers POSTs with a token
    process: subprocess.Popen | None = None

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}/open311/v2"

    def start(self) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PORTAL_OPEN311")}
        env.update(DATABASE_URL=self.url, PORTAL_REPORTS_PER_HOUR="1000", PORTAL_OPEN311_POST_ANSWER=self.answer)
        self.process = subprocess.Popen([sys.executable, "-m", "portal", "serve-open311", "--port", str(self.port)],
                                        env=env, stdout=self.log.open("a"), stderr=subprocess.STDOUT)  # fmt: skip
        wait_for(f"{self.endpoint}/services.json", self.process, self.log)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=20)

    def reports(self) -> dict[str, Report]:
        """The upstream's reports by our client id (the description ends with our report's number)."""
        engine = make_engine(self.url)
        with transaction(engine) as session:
            rows = session.scalars(select(Report)).all()
            session.expunge_all()
        engine.dispose()
        return {row.client_token.rsplit(":", 1)[-1]: row for row in rows}

    def close(self, public_id: str, reason: str) -> None:
        engine = make_engine(self.url)
        with transaction(engine) as session:
            report = session.scalar(select(Report).where(Report.public_id == public_id))
            casework.close(session, SYSTEM, public_id, report.version, reason, [], LocalPhotoStore(self.log.parent))
        engine.dispose()


def wait_for(url: str, process: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url}: the server exited:\n{log.read_text()}")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer within {timeout} s")


@pytest.fixture(scope="module")
def upstream(tmp_path_factory) -> Iterator[Upstream]:
    folder = tmp_path_factory.mktemp("upstream")
    url = f"sqlite:///{folder / 'upstream.sqlite3'}"
    engine = make_engine(url)
    upgrade(engine)
    with transaction(engine) as session:
        pothole = ServiceType(subject=POTHOLE[0], reason=POTHOLE[1], name=POTHOLE[2], department=POTHOLE[3])
        owner = User(username="partner-portal", email="partner@example.org", display_name="Partner", role=Role.RESIDENT)
        session.add_all([pothole, owner])
        session.flush()
        key = issue_key(session, SYSTEM, owner.id, "the neighbourhood portal")
        code = str(pothole.id)
    engine.dispose()
    server = Upstream(url, free_port(), code, key, folder / "serve-open311.log")
    server.start()
    yield server
    server.stop()
    assert "Traceback" not in server.log.read_text(), server.log.read_text()


@pytest.fixture(scope="module")
def token_upstream(upstream) -> Iterator[Upstream]:
    """The same upstream database behind a second serve-open311 that answers every POST with a token."""
    server = replace(upstream, port=free_port(), log=upstream.log.with_name("serve-open311-token.log"),
                     answer="token", process=None)  # fmt: skip
    server.start()
    yield server
    server.stop()
    assert "Traceback" not in server.log.read_text(), server.log.read_text()


@pytest.fixture
def city(session, upstream, tmp_path, monkeypatch):
    """Our side: a pothole type routed upstream, graffiti kept here, a resident who files."""
    monkeypatch.setenv(KEY_ENV, upstream.key)
    monkeypatch.setenv("PORTAL_REPORTS_PER_HOUR", "100")
    monkeypatch.setenv("PORTAL_OPEN311_RETRY_SECONDS", "0")
    monkeypatch.setenv("PORTAL_OPEN311_POLL_SECONDS", "0")
    monkeypatch.setenv("PORTAL_OPEN311_TIMEOUT", "5")
    routes = tmp_path / "routes.toml"
    routes.write_text(f"""
[[route]]
name = "keep graffiti"
types = ["{GRAFFITI[2]}"]
keep_local = true

[[route]]
name = "Partner CRM"
endpoint = "{upstream.endpoint}"
api_key_env = "{KEY_ENV}"
departments = ["{POTHOLE[3]}"]
service_code = "{upstream.pothole_code}"
""")
    monkeypatch.setenv("PORTAL_OPEN311_ROUTES", str(routes))
    types = [ServiceType(subject=s, reason=r, name=n, department=d) for s, r, n, d in (POTHOLE, GRAFFITI)]
    resident = User(username="resident", email="resident@example.org", display_name="Resident", role=Role.RESIDENT)
    session.add_all([*types, resident])
    session.commit()
    return CityHere(load_routes(routes), types[0].id, types[1].id,
                    Actor(id=resident.id, username="resident", role=Role.RESIDENT), LocalPhotoStore(tmp_path))  # fmt: skip


@dataclass(frozen=True)
class CityHere:
    routes: list[Route]
    pothole: int
    graffiti: int
    resident: Actor
    store: LocalPhotoStore


def file(session, city: CityHere, type_id: int, title: str) -> str:
    draft = filing.ReportDraft(type_id, title, "Next to the bus stop.", *TREMONT, address="1000 Tremont St")
    public_id = filing.file_report(session, city.resident, draft, city.store, "browser", client_token=title).public_id
    session.commit()
    return public_id


def send_of(engine, public_id: str) -> UpstreamSend:
    with transaction(engine) as session:
        send = session.scalar(select(UpstreamSend).join(Report).where(Report.public_id == public_id))
        session.expunge(send)
    return send


def report_here(engine, public_id: str) -> Report:
    with transaction(engine) as session:
        report = session.scalar(select(Report).where(Report.public_id == public_id))
        session.expunge(report)
    return report


def test_filed_sent_closed_upstream_closed_here(engine, session, city, upstream):
    pothole = file(session, city, city.pothole, "Deep pothole")
    graffiti = file(session, city, city.graffiti, "Tag on the wall")
    assert send_of(engine, pothole).status == SendStatus.PENDING  # written with the report

    summary = sync.run_once(engine, city.routes)
    assert (summary.sent, summary.kept_local, summary.failed) == (1, 1, 0)
    sent = send_of(engine, pothole)
    theirs = upstream.reports()[f"civic-portal-{pothole}"]
    assert (sent.status, sent.upstream_id, sent.route, sent.attempts) == (SendStatus.SENT, theirs.public_id,
                                                                         "Partner CRM", 1)  # fmt: skip
    assert pothole in theirs.description and "Next to the bus stop." in theirs.description
    assert send_of(engine, graffiti).status == SendStatus.LOCAL

    assert sync.run_once(engine, city.routes).polled == 1  # still open there
    assert report_here(engine, pothole).status == ReportStatus.OPEN
    upstream.close(theirs.public_id, "Case Resolved. Crew filled the pothole.")
    assert sync.run_once(engine, city.routes).closed == 1
    ours = report_here(engine, pothole)
    assert (ours.status, ours.closure_reason) == (ReportStatus.CLOSED, "Case Resolved. Crew filled the pothole.")
    assert send_of(engine, pothole).status == SendStatus.CLOSED
    assert sync.run_once(engine, city.routes) == sync.PassSummary()  # nothing left to do
    with transaction(engine) as session2:
        history = [e.kind for e in session2.get(Report, ours.id).events]
    assert history[-1] == "closed"  # through casework: history (and points, email) as a staff closure


def test_upstream_down_for_a_while_then_everything_arrives_once(engine, session, city, upstream):
    upstream.stop()
    try:
        filed = [file(session, city, city.pothole, f"Pothole number {n}") for n in range(3)]
        for _ in range(2):
            assert sync.run_once(engine, city.routes).failed == 3
        for public_id in filed:
            send = send_of(engine, public_id)
            assert send.status == SendStatus.PENDING and send.attempts == 2
            assert send.last_error.startswith("Sending to Partner CRM: cannot reach 127.0.0.1")
    finally:
        upstream.start()
    assert sync.run_once(engine, city.routes).sent == 3
    arrived = upstream.reports()
    assert all(f"civic-portal-{public_id}" in arrived for public_id in filed)
    assert all(send_of(engine, p).last_error == "" for p in filed)
    assert sync.run_once(engine, city.routes).sent == 0


def test_a_worker_that_died_after_its_post_sends_no_second_report(engine, session, city, upstream):
    """The POST went out, the answer was never stored: the row is still "sending". The retry sends the
    same client id, and the upstream answers with the request it already has."""
    public_id = file(session, city, city.pothole, "Pothole before the crash")
    with transaction(engine) as session2:
        send = session2.scalar(select(UpstreamSend).join(Report).where(Report.public_id == public_id))
        claimed = sync._claim(session2, send.id, city.routes, utc_now())
    sync.client.post_request(claimed.route.endpoint, claimed.form)  # ... and the worker dies here
    with transaction(engine) as session2:
        session2.execute(update(UpstreamSend).where(UpstreamSend.id == claimed.send_id)
                         .values(claimed_at=utc_now() - sync.STALE_CLAIM - timedelta(seconds=1)))  # fmt: skip
    assert sync.run_once(engine, city.routes).sent == 1
    theirs = [r for key, r in upstream.reports().items() if key == f"civic-portal-{public_id}"]
    assert len(theirs) == 1 and send_of(engine, public_id).upstream_id == theirs[0].public_id
    assert send_of(engine, public_id).attempts == 2


@pytest.fixture
def broken_upstream(tmp_path) -> Iterator[str]:
    """A real HTTP server that is not a GeoReport server: Python's file server over a folder whose
    `requests.json` is an HTML error page. It answers POST with 501 and GET with that page."""
    (tmp_path / "api").mkdir()
    (tmp_path / "api" / "requests.json").write_text("<html><body>502 Bad Gateway</body></html>")
    port = free_port()
    log = tmp_path / "http.log"
    process = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
                               cwd=tmp_path, stdout=log.open("w"), stderr=subprocess.STDOUT)  # fmt: skip
    try:
        wait_for(f"http://127.0.0.1:{port}/", process, log)
        yield f"http://127.0.0.1:{port}/api"
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_server_errors_and_bodies_that_are_not_json_are_recorded_and_retried(engine, session, city,
                                                                              broken_upstream):  # fmt: skip
    route = Route(name="Broken CRM", endpoint=broken_upstream, api_key_env=KEY_ENV, service_code="4")
    public_id = file(session, city, city.pothole, "Pothole for a broken server")
    assert sync.run_once(engine, [route]).failed == 1
    send = send_of(engine, public_id)
    assert send.status == SendStatus.PENDING and send.last_error.startswith("Sending to Broken CRM: HTTP 501")
    assert sync.run_once(engine, [route]).failed == 1
    assert send_of(engine, public_id).attempts == 2

    # Sent long ago; now the status answer is an HTML page.
    with transaction(engine) as session2:
        session2.execute(update(UpstreamSend).where(UpstreamSend.id == send.id)
                         .values(status=SendStatus.SENT, upstream_id="X1", route="Broken CRM"))  # fmt: skip
    assert sync.run_once(engine, [route]).polled == 0
    polled = send_of(engine, public_id)
    assert polled.status == SendStatus.SENT and "the answer is not JSON" in polled.last_error
    assert report_here(engine, public_id).status == ReportStatus.OPEN


@pytest.mark.parametrize(("body", "error"), [
    ("<service_requests><request><status>open", "the answer is not XML (no element found"),
    (('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
      "<service_requests><request><status>&b;</status></request></service_requests>"), "declares a DTD"),
], ids=["cut off", "entity expansion"])  # fmt: skip
def test_xml_answers_that_are_malformed_are_recorded_and_retried(engine, session, city, broken_upstream,
                                                                 tmp_path, body, error):  # fmt: skip
    (tmp_path / "api" / "requests.xml").write_text(body)  # the folder broken_upstream serves
    route = Route(name="XML CRM", endpoint=broken_upstream, api_key_env=KEY_ENV, service_code="4", format="xml")
    public_id = file(session, city, city.pothole, "Pothole for a broken XML server")
    assert sync.run_once(engine, [route]).failed == 1
    assert send_of(engine, public_id).last_error.startswith("Sending to XML CRM: HTTP 501")
    with transaction(engine) as session2:
        session2.execute(update(UpstreamSend).where(UpstreamSend.report_id == report_here(engine, public_id).id)
                         .values(status=SendStatus.SENT, upstream_id="X1", route="XML CRM"))  # fmt: skip
    assert sync.run_once(engine, [route]).polled == 0
    polled = send_of(engine, public_id)
    assert polled.status == SendStatus.SENT and error in polled.last_error
    assert report_here(engine, public_id).status == ReportStatus.OPEN


def test_errors_the_upstream_states_are_kept_for_staff(engine, session, city, upstream):
    wrong_code = Route(name="Partner CRM", endpoint=upstream.endpoint, api_key_env=KEY_ENV, service_code="999999")
    public_id = file(session, city, city.pothole, "Pothole with a wrong code")
    assert sync.run_once(engine, [wrong_code]).failed == 1
    staff = Actor(id=None, username="staff", role=Role.STAFF)
    with transaction(engine) as session2:
        state = sync.send_state(session2, staff, public_id)
        with pytest.raises(PermissionDenied):
            sync.send_state(session2, city.resident, public_id)
    assert state.status == SendStatus.PENDING and state.attempts == 1
    assert state.last_error.startswith("Sending to Partner CRM: HTTP 404:")
    assert state.summary() == "Not sent to Partner CRM yet after 1 attempt; the worker keeps trying."
    assert sync.run_once(engine, city.routes).sent == 1  # the table fixed: it goes
    with transaction(engine) as session2:
        state = sync.send_state(session2, staff, public_id)
    assert state.summary() == f"Sent to Partner CRM as {state.upstream_id} (there: Open)." and state.last_error == ""


@pytest.mark.parametrize(("changes", "spanish"), [
    ({"status": SendStatus.LOCAL, "route": ""},
     "Se queda aquí: la tabla de rutas no envía ningún reporte de este tipo al sistema de la ciudad."),
    ({"route": "", "attempts": 0},
     "Aún no se envió al sistema Open311 de la ciudad; el proceso de envío lo sigue intentando."),
    ({"attempts": 1}, "Aún no se envió a City CRM tras 1 intento; el proceso de envío lo sigue intentando."),
    ({"attempts": 3}, "Aún no se envió a City CRM tras 3 intentos; el proceso de envío lo sigue intentando."),
    ({"status": SendStatus.SENT, "upstream_token": "tok-9"},
     "Enviado a City CRM; su número allí todavía no ha llegado (token tok-9)."),
    ({"status": SendStatus.SENT, "upstream_id": "SR-77"}, "Enviado a City CRM como SR-77."),
    ({"status": SendStatus.SENT, "upstream_id": "SR-77", "upstream_status": "closed"},
     "Enviado a City CRM como SR-77 (allí: Cerrado)."),
    ({"upstream_id": "SR-77"}, ("Reabierto aquí: se enviará de nuevo a City CRM como una solicitud nueva que "
                                "menciona SR-77, la que se cerró allí; el proceso de envío lo sigue intentando.")),
])  # fmt: skip
def test_the_case_views_upstream_line_reads_in_the_readers_language(changes, spanish):
    pending = sync.SendState(route="City CRM", status=SendStatus.PENDING, upstream_id=None, upstream_token=None,
                             upstream_status="", attempts=1, last_error="", last_error_at=None,
                             next_attempt_at=utc_now())  # fmt: skip
    with language("es"):
        assert replace(pending, **changes).summary() == spanish


def test_a_token_is_resolved_then_polled_then_closed(engine, session, city, upstream, token_upstream):
    route = replace(city.routes[1], endpoint=token_upstream.endpoint)
    public_id = file(session, city, city.pothole, "Pothole for a token")
    assert sync.send_due(engine, [route], 0).sent == 1
    sent = send_of(engine, public_id)
    theirs = upstream.reports()[f"civic-portal-{public_id}"]
    assert (sent.status, sent.upstream_id) == (SendStatus.SENT, None)
    assert sent.upstream_token == theirs.client_token
    staff = Actor(id=None, username="staff", role=Role.STAFF)
    with transaction(engine) as session2:
        assert "its number there is still to come" in sync.send_state(session2, staff, public_id).summary()

    assert sync.poll_sent(engine, [route], 0).polled == 1  # resolved through tokens/, then asked for status
    assert send_of(engine, public_id).upstream_id == theirs.public_id
    upstream.close(theirs.public_id, "Case Resolved. Patched.")
    assert sync.poll_sent(engine, [route], 0).closed == 1
    assert report_here(engine, public_id).closure_reason == "Case Resolved. Patched."


def test_an_unknown_token_is_a_404_recorded_on_the_report(engine, session, city, token_upstream):
    route = replace(city.routes[1], endpoint=token_upstream.endpoint)
    public_id = file(session, city, city.pothole, "Pothole with a lost token")
    with transaction(engine) as session2:
        session2.execute(update(UpstreamSend).where(UpstreamSend.report_id == report_here(engine, public_id).id)
                         .values(status=SendStatus.SENT, upstream_token="open311:1:nobody", route=route.name))  # fmt: skip
    assert sync.poll_sent(engine, [route], 0).polled == 0
    assert "HTTP 404: There is no request with the token" in send_of(engine, public_id).last_error


def test_a_route_in_xml_sends_polls_and_closes(engine, session, city, upstream):
    route = replace(city.routes[1], format="xml")
    public_id = file(session, city, city.pothole, "Pothole in XML")
    assert sync.run_once(engine, [route]).sent == 1
    theirs = upstream.reports()[f"civic-portal-{public_id}"]
    assert send_of(engine, public_id).upstream_id == theirs.public_id
    upstream.close(theirs.public_id, "Case Resolved. Filled <asphalt> & rolled.")
    assert sync.run_once(engine, [route]).closed == 1
    assert report_here(engine, public_id).closure_reason == "Case Resolved. Filled <asphalt> & rolled."
    wrong_code = replace(route, service_code="999999")
    refused = file(session, city, city.pothole, "Pothole in XML with a wrong code")
    assert sync.run_once(engine, [wrong_code]).failed == 1
    assert send_of(engine, refused).last_error.startswith("Sending to Partner CRM: HTTP 404: There is no")


def test_a_street_bump_pothole_is_sent_in_the_same_transaction(engine, session, city, upstream):
    spot = pd.DataFrame({"lat": [TREMONT[0]], "lon": [TREMONT[1]], "hits": [9], "devices": [4]})
    assert refresh_spots(session, spot, SYSTEM).opened == 1
    session.commit()
    public_id = session.scalar(select(Report.public_id).where(Report.source == "Street Bump"))
    assert send_of(engine, public_id).status == SendStatus.PENDING
    assert sync.run_once(engine, city.routes).sent == 1
    theirs = upstream.reports()[f"civic-portal-{public_id}"]
    assert "4 passes by phones jolted here" in theirs.description


def test_imported_boston_311_records_are_never_sent_back(engine, session, city):
    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "boston311_2015_first50.csv"
    assert import_311(engine, fixture).inserted > 0
    with transaction(engine) as session2:
        assert session2.scalar(select(func.count()).select_from(Report)) > 0
        assert session2.scalar(select(func.count()).select_from(UpstreamSend)) == 0
    assert sync.run_once(engine, city.routes) == sync.PassSummary()


def test_not_fixed_after_an_upstream_closure_is_sent_once_as_a_new_request(engine, session, city, upstream):
    public_id = file(session, city, city.pothole, "Pothole that came back")
    sync.run_once(engine, city.routes)
    first = send_of(engine, public_id).upstream_id
    upstream.close(first, "Case Resolved. Filled.")
    assert sync.run_once(engine, city.routes).closed == 1

    followup.react(session, city.resident, public_id, "👎", False, "Still a hole after the rain.")
    session.commit()
    reopened = send_of(engine, public_id)
    assert (reopened.status, reopened.upstream_id) == (SendStatus.PENDING, first)
    assert reopened.client_request_id == f"civic-portal-{public_id}-reopened-1"
    staff = Actor(id=None, username="staff", role=Role.STAFF)
    with transaction(engine) as session2:
        assert sync.send_state(session2, staff, public_id).summary().startswith(
            f"Reopened here: to be sent to Partner CRM again as a new request naming {first}")  # fmt: skip

    assert sync.run_once(engine, city.routes).sent == 1
    assert sync.run_once(engine, city.routes).sent == 0
    theirs = [r for key, r in upstream.reports().items() if public_id in key]
    assert len(theirs) == 2
    second = next(r for r in theirs if r.public_id != first)
    assert second.description.startswith(f"Reopened: Partner CRM closed request {first}. The reporter says it is "
                                         "not fixed: Still a hole after the rain.")  # fmt: skip
    assert send_of(engine, public_id).upstream_id == second.public_id
    upstream.close(second.public_id, "Case Resolved. Resurfaced.")
    assert sync.run_once(engine, city.routes).closed == 1
    assert report_here(engine, public_id).closure_reason == "Case Resolved. Resurfaced."


def test_not_fixed_while_the_upstream_still_works_on_it_sends_nothing(engine, session, city, upstream):
    public_id = file(session, city, city.pothole, "Pothole closed here only")
    sync.run_once(engine, city.routes)
    with transaction(engine) as session2:
        report = session2.scalar(select(Report).where(Report.public_id == public_id))
        casework.close(session2, SYSTEM, public_id, report.version, "Looks done.", [], city.store)
    followup.react(session, city.resident, public_id, "👎", False, "")
    session.commit()
    assert send_of(engine, public_id).status == SendStatus.SENT
    assert sync.run_once(engine, city.routes).sent == 0


def test_an_upstream_closure_that_meets_a_change_here_is_asked_again(engine, session, city, upstream, monkeypatch):
    """Staff acknowledge the report while the worker closes it: the worker's close conflicts, the row stays
    "sent" (not closed with the report still open), and the next pass closes it."""
    public_id = file(session, city, city.pothole, "Pothole worked on both sides")
    sync.run_once(engine, city.routes)
    upstream.close(send_of(engine, public_id).upstream_id, "Case Resolved. Done.")
    staff = Actor(id=None, username="staff", role=Role.STAFF)

    def close_after_staff(*args, **kwargs):
        with transaction(engine) as other:
            casework.acknowledge(other, staff, public_id, other.scalar(select(Report.version)
                                                                       .where(Report.public_id == public_id)))  # fmt: skip
        return casework.close(*args, **kwargs)

    monkeypatch.setattr(sync, "close", close_after_staff)
    assert sync.run_once(engine, city.routes).closed == 0
    assert send_of(engine, public_id).status == SendStatus.SENT
    monkeypatch.setattr(sync, "close", casework.close)
    assert sync.run_once(engine, city.routes).closed == 1
    assert report_here(engine, public_id).status == ReportStatus.CLOSED


def test_a_missing_api_key_is_an_error_on_the_report_not_a_crash(engine, session, city, monkeypatch):
    monkeypatch.delenv(KEY_ENV)
    public_id = file(session, city, city.pothole, "Pothole without a key")
    assert sync.run_once(engine, city.routes).failed == 1
    assert f"the environment variable {KEY_ENV}" in send_of(engine, public_id).last_error


def test_nothing_is_queued_without_a_routing_table(engine, session, city, monkeypatch):
    monkeypatch.delenv("PORTAL_OPEN311_ROUTES")
    file(session, city, city.pothole, "Pothole with no table")
    with transaction(engine) as session2:
        assert session2.scalar(select(func.count()).select_from(UpstreamSend)) == 0


ROUTES = [
    Route(name="parks here", departments=("PARK",), keep_local=True),
    Route(name="potholes", endpoint="https://a.example/v2", api_key_env="K", types=("Pothole",), service_code="4",
          service_codes={"Pothole": "7"}),
    Route(name="everything else", endpoint="https://b.example/v2", api_key_env="K", service_code="1"),
]


@pytest.mark.parametrize(("type_name", "department", "expected", "code"), [
    ("Tree pruning", "PARK", None, None),
    ("Pothole", "PWDx", "potholes", "7"),
    ("Graffiti", "PROP", "everything else", "1"),
])  # fmt: skip
def test_the_first_matching_route_decides(type_name, department, expected, code):
    route = route_for(ROUTES, type_name, department)
    assert (route and route.name, route and route.code_for(type_name)) == (expected, code)


@pytest.mark.parametrize(("toml", "message"), [
    ("[[route]]\nname = 'a'\nendpoint = 'ftp://x'\napi_key_env = 'K'\nservice_code = '1'", "http(s) address"),
    ("[[route]]\nname = 'a'\nendpoint = 'https://x/v2'\nservice_code = '1'", "api_key_env"),
    ("[[route]]\nname = 'a'\nendpoint = 'https://x/v2'\napi_key_env = 'K'", "service_code"),
    ("[[route]]\nname = 'a'\napi_key = 'inline'\nkeep_local = true", "unknown setting 'api_key'"),
    ("[[route]]\nname = 'a'\nendpoint = 'https://x/v2'\napi_key_env = 'K'\nservice_code = '1'\nformat = 'csv'",
     "format 'csv' is not json or xml"),
    ("route = 'x'", "[[route]] table"),
    ("[[route]\n", "not valid TOML"),
])  # fmt: skip
def test_a_routing_table_that_cannot_work_says_what_to_fix(tmp_path, toml, message):
    path = tmp_path / "routes.toml"
    path.write_text(toml)
    with pytest.raises(RoutingError, match=message.replace("(", r"\(").replace(")", r"\)").replace("[", r"\[")):
        load_routes(path)


def test_the_command_runs_one_pass(engine, database_url, session, city, upstream):
    public_id = file(session, city, city.pothole, "Pothole for the command")
    env = {**os.environ, "DATABASE_URL": database_url}
    done = subprocess.run([sys.executable, "-m", "portal", "open311-sync", "--once"], env=env, capture_output=True,
                          text=True, timeout=120, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().startswith("open311-sync: 1 sent")
    assert send_of(engine, public_id).status == SendStatus.SENT
    assert json.loads(urllib.request.urlopen(f"{upstream.endpoint}/requests/{send_of(engine, public_id).upstream_id}"
                                             ".json").read())[0]["status"] == "open"  # fmt: skip


def test_the_shipped_example_table_loads():
    routes = load_routes(Path(__file__).resolve().parents[2] / "deploy" / "open311_routes.example.toml")
    assert route_for(routes, "Request for Pothole Repair", "PWDx").name == "City CRM"
    assert route_for(routes, "Tree pruning", "PARK") is None
