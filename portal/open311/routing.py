"""Where each new report goes: the routing table (`PORTAL_OPEN311_ROUTES`, a TOML file) and the hook
filing calls.

The table is a list of `[[route]]`s, tried in order; the first that matches a report's type name
(`types`) or department code (`departments`) decides — a route listing neither matches every report.
A route sends to an upstream GeoReport v2 `endpoint` with the key held in the environment variable
`api_key_env` (never in the file) and the upstream's `service_code` (one for the route, or per type
name in `service_codes`), or it keeps the report here (`keep_local = true`). A report no route
matches stays here too. See `deploy/open311_routes.example.toml`.

A route answers in JSON unless it says `format = "xml"` (the spec allows either; some CRMs speak only
XML): the worker then calls `requests.xml` and `tokens/TOKEN.xml` and reads the spec's XML.

Which reports go. The table decides for every report that is new to the city, whoever opened it:
one filed on the form or through our Open311 API (`reports.filing`), and a pothole report Street Bump
opened from many phones' jolts (`streetbump.spots`), which no one at the city has seen either. Each
writes a send row in the report's own transaction (`enqueue_send`). Records brought in by
`import-311` get none: they are Boston 311's own cases, copied FROM the city's system, so sending them
back would file every case a second time in the system that already holds it.

A resident's "not fixed" on a report the upstream closed is sent too (`enqueue_reopen`, in the
reopening's transaction). GeoReport v2 has no reopen or update call, so the worker POSTs a new
request whose description starts with the earlier upstream id and the resident's note; the send row
gets a new `client_request_id` per reopening, so each reopening is one upstream request however often
the POST is retried. A reopening of a report the upstream still holds open sends nothing: the city is
still at work on it.

Filing only writes a send row: the route is chosen when the worker first sends it (`open311.sync`),
so a table fixed after a mistake applies to every report not yet sent, and a broken table never
stops anyone filing.

May import: `config`, `db` and models only (filing, Street Bump and follow-up call its hooks).
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from portal.config import open311_sync_settings
from portal.db import utc_now
from portal.open311.models import SendStatus, UpstreamSend
from portal.reports.models import ReportEvent

FORMATS = ("json", "xml")


class RoutingError(ValueError):
    """The routing table cannot be used as written; the message names the route and what to fix."""


@dataclass(frozen=True)
class Route:
    name: str
    endpoint: str = ""  # ends before /services.json, e.g. https://crm.example.org/open311/v2
    api_key_env: str = ""
    service_code: str = ""
    service_codes: dict[str, str] = field(default_factory=dict)
    types: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()
    keep_local: bool = False
    send_email: bool = False  # pass the reporter's email on (only if the upstream's privacy terms allow)
    format: str = "json"  # or "xml", for an upstream that answers only requests.xml

    def matches(self, type_name: str, department: str) -> bool:
        if not (self.types or self.departments):
            return True
        return type_name in self.types or department in self.departments

    def code_for(self, type_name: str) -> str:
        return self.service_codes.get(type_name, self.service_code)

    def api_key(self) -> str:
        return os.environ.get(self.api_key_env, "")


def _route(index: int, raw: dict) -> Route:
    name = str(raw.get("name") or f"route {index + 1}")
    known = set(Route.__dataclass_fields__)
    if unknown := sorted(set(raw) - known):
        raise RoutingError(f"Route {name!r}: unknown setting {unknown[0]!r} (known: {', '.join(sorted(known))}).")
    route = Route(name=name, endpoint=str(raw.get("endpoint", "")).rstrip("/"),
                  api_key_env=str(raw.get("api_key_env", "")), service_code=str(raw.get("service_code", "")),
                  service_codes={str(k): str(v) for k, v in raw.get("service_codes", {}).items()},
                  types=tuple(raw.get("types", ())), departments=tuple(raw.get("departments", ())),
                  keep_local=bool(raw.get("keep_local", False)), send_email=bool(raw.get("send_email", False)),
                  format=str(raw.get("format", "json")))  # fmt: skip
    if route.format not in FORMATS:
        raise RoutingError(f"Route {name!r}: format {route.format!r} is not json or xml.")
    if route.keep_local:
        return route
    if urlsplit(route.endpoint).scheme not in ("http", "https") or not urlsplit(route.endpoint).netloc:
        raise RoutingError(f"Route {name!r}: endpoint must be an http(s) address such as "
                           "https://crm.example.org/open311/v2 (or set keep_local = true).")  # fmt: skip
    if not route.api_key_env:
        raise RoutingError(f"Route {name!r}: api_key_env must name the environment variable holding its API key.")
    if not (route.service_code or route.service_codes):
        raise RoutingError(f"Route {name!r}: give the upstream's service_code (or service_codes per type name).")
    return route


def load_routes(path: Path) -> list[Route]:
    """The table in `path`, checked: every route usable, or a RoutingError saying which is not and why."""
    try:
        table = tomllib.loads(path.read_text())
    except OSError as error:
        raise RoutingError(f"Cannot read the Open311 routing table {path}: {error.strerror}.") from None
    except tomllib.TOMLDecodeError as error:
        raise RoutingError(f"The Open311 routing table {path} is not valid TOML: {error}.") from None
    raw_routes = table.get("route", [])
    if not isinstance(raw_routes, list) or not all(isinstance(raw, dict) for raw in raw_routes):
        raise RoutingError(f"{path}: write each route as a [[route]] table.")
    return [_route(index, raw) for index, raw in enumerate(raw_routes)]


def route_for(routes: list[Route], type_name: str, department: str) -> Route | None:
    """The route that sends this report, or None when it stays here."""
    route = next((route for route in routes if route.matches(type_name, department)), None)
    return None if route is None or route.keep_local else route


def enqueue_send(session: Session, report_id: int, public_id: str) -> None:
    """A new report's hook: with a routing table configured, it waits for the worker to send it."""
    if open311_sync_settings().routes_path is not None:
        session.add(UpstreamSend(report_id=report_id, client_request_id=f"civic-portal-{public_id}"))


def enqueue_reopen(session: Session, report_id: int, public_id: str) -> None:
    """A "not fixed" reopening's hook: a report the upstream closed goes to it again as a new request.

    The row keeps the earlier `upstream_id` (and its route) until the new request's answer replaces
    it, so the POST can name it. Only a row the upstream closed qualifies, by a conditional UPDATE.
    """
    reopenings = session.scalar(select(func.count()).select_from(ReportEvent).where(
        ReportEvent.report_id == report_id, ReportEvent.kind == "reopened"))  # fmt: skip
    session.execute(update(UpstreamSend).where(
        UpstreamSend.report_id == report_id, UpstreamSend.status == SendStatus.CLOSED,
        UpstreamSend.upstream_id.is_not(None),
    ).values(status=SendStatus.PENDING, client_request_id=f"civic-portal-{public_id}-reopened-{reopenings}",
             attempts=0, next_attempt_at=utc_now(), claimed_at=None, upstream_token=None, upstream_status="",
             upstream_notes="", last_error="", sent_at=None, polled_at=None)
      .execution_options(synchronize_session=False))  # fmt: skip
