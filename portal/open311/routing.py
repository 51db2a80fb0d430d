"""Where each new report goes: the routing table (`PORTAL_OPEN311_ROUTES`, a TOML file) and the hook
filing calls.

The table is a list of `[[route]]`s, tried in order; the first that matches a report's type name
(`types`) or department code (`departments`) decides — a route listing neither matches every report.
A route sends to an upstream GeoReport v2 `endpoint` with the key held in the environment variable
`api_key_env` (never in the file) and the upstream's `service_code` (one for the route, or per type
name in `service_codes`), or it keeps the report here (`keep_local = true`). A report no route
matches stays here too. See `deploy/open311_routes.example.toml`.

Filing only writes a send row (`enqueue_send`, same transaction as the report): the route is chosen
when the worker first sends it (`open311.sync`), so a table fixed after a mistake applies to every
report not yet sent, and a broken table never stops anyone filing.

May import: `config`, `db` and models only (filing calls `enqueue_send`).
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy.orm import Session

from portal.config import open311_sync_settings
from portal.open311.models import UpstreamSend


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
                  keep_local=bool(raw.get("keep_local", False)), send_email=bool(raw.get("send_email", False)))  # fmt: skip
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
    """Filing's hook: with a routing table configured, the report waits for the worker to send it."""
    if open311_sync_settings().routes_path is not None:
        session.add(UpstreamSend(report_id=report_id, client_request_id=f"civic-portal-{public_id}"))
