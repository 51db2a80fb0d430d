"""A GeoReport v2 client for the upstream systems the routing table names: POST a request, search
requests by id, resolve a token. Every failure (an error answer, a timeout, an unreachable host, a body
that is not the spec's JSON) becomes one `UpstreamError` with a line staff can read.

Plain `urllib`: three calls, form-encoded out and JSON back, need no HTTP library.
"""

from __future__ import annotations

import json
import socket
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass

from portal.config import open311_sync_settings

MAX_ERROR_TEXT = 300


class UpstreamError(RuntimeError):
    """The upstream did not take or answer a call; `str()` says what happened, for staff and the log."""


@dataclass(frozen=True)
class Accepted:
    """What a POST gave back: the upstream's id, or a token to resolve later through tokens/."""

    service_request_id: str | None
    token: str | None


@dataclass(frozen=True)
class UpstreamRecord:
    service_request_id: str
    status: str  # "open" | "closed"
    status_notes: str


def _spec_error(body: bytes) -> str:
    """The description out of the spec's `[{"code", "description"}]`, else the start of the body."""
    try:
        first = json.loads(body)[0]
        return str(first["description"])[:MAX_ERROR_TEXT]
    except (ValueError, KeyError, IndexError, TypeError):
        return body.decode("utf-8", "replace").strip()[:MAX_ERROR_TEXT] or "no explanation given"


def _call(url: str, form: Mapping[str, str] | None = None) -> object:
    data = urllib.parse.urlencode(form).encode() if form is not None else None
    request = urllib.request.Request(url, data=data, headers={"Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=open311_sync_settings().timeout) as response:
            body = response.read()
    except urllib.error.HTTPError as error:
        raise UpstreamError(f"HTTP {error.code}: {_spec_error(error.read())}") from None
    except (TimeoutError, socket.timeout):
        raise UpstreamError(f"no answer within {open311_sync_settings().timeout:g} s") from None
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise UpstreamError(f"cannot reach {urllib.parse.urlsplit(url).netloc}: {reason}") from None
    try:
        return json.loads(body)
    except ValueError:
        raise UpstreamError(f"the answer is not JSON: {body[:80]!r}") from None


def _records(answer: object) -> list[dict]:
    if not isinstance(answer, list) or not all(isinstance(item, dict) for item in answer):
        raise UpstreamError(f"the answer is not a list of requests: {str(answer)[:80]}")
    return answer


def post_request(endpoint: str, form: Mapping[str, str]) -> Accepted:
    """POST requests.json. The spec answers a list of one, with service_request_id or token."""
    records = _records(_call(f"{endpoint}/requests.json", form))
    first = records[0] if records else {}
    request_id, token = first.get("service_request_id"), first.get("token")
    if not (request_id or token):
        raise UpstreamError("the answer names neither a service_request_id nor a token")
    return Accepted(str(request_id) if request_id else None, str(token) if token else None)


def find_requests(endpoint: str, request_ids: list[str]) -> list[UpstreamRecord]:
    """GET requests.json?service_request_id=a,b,c: the status of many requests in one call."""
    query = urllib.parse.urlencode({"service_request_id": ",".join(request_ids)})
    found = []
    for record in _records(_call(f"{endpoint}/requests.json?{query}")):
        if record.get("service_request_id") is None or record.get("status") not in ("open", "closed"):
            raise UpstreamError(f"a request in the answer has no id or an unknown status: {str(record)[:80]}")
        found.append(UpstreamRecord(str(record["service_request_id"]), record["status"],
                                    str(record.get("status_notes") or "")))  # fmt: skip
    return found


def resolve_token(endpoint: str, token: str) -> str | None:
    """GET tokens/TOKEN.json: the service_request_id once the upstream has made one, else None."""
    records = _records(_call(f"{endpoint}/tokens/{urllib.parse.quote(token, safe='')}.json"))
    found = next((r.get("service_request_id") for r in records if r.get("service_request_id")), None)
    return str(found) if found else None
