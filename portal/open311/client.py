"""A GeoReport v2 client for the upstream systems the routing table names: POST a request, search
requests by id, resolve a token. Every failure (an error answer, a timeout, an unreachable host, a body
that is not the spec's JSON or XML) becomes one `UpstreamError` with a line staff can read.

Plain `urllib`: three calls, form-encoded out and JSON (or, for a route with `format = "xml"`, the
spec's XML) back, need no HTTP library. Both read into the same list of flat records: XML's
`<service_requests><request><status>…` is JSON's `[{"status": …}]`, an empty element an empty value.

XML is read with the standard library's ElementTree, which never fetches or expands external entities;
the expat under it (2.4.1 and later) caps entity amplification, and an answer that declares a DTD at
all is refused before parsing, since GeoReport v2 answers have none. defusedxml is not needed for that.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from xml.etree import ElementTree

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


FORMATS = {"json": "application/json", "xml": "text/xml"}  # what a route's `format` may be


def _xml_records(body: bytes) -> list[dict[str, str]]:
    """The spec's XML (a root of `<request>`s or `<error>`s, each of flat fields) as JSON's list of records."""
    if b"<!DOCTYPE" in body:
        raise UpstreamError("the XML answer declares a DTD, which GeoReport v2 answers never need")
    try:
        root = ElementTree.fromstring(body)
    except ElementTree.ParseError as error:
        raise UpstreamError(f"the answer is not XML ({error}): {body[:80]!r}") from None
    return [{field.tag: (field.text or "").strip() for field in item} for item in root]


def _parse(body: bytes, fmt: str) -> object:
    if fmt == "xml":
        return _xml_records(body)
    try:
        return json.loads(body)
    except ValueError:
        raise UpstreamError(f"the answer is not JSON: {body[:80]!r}") from None


def _spec_error(body: bytes, fmt: str) -> str:
    """The description out of the spec's `[{"code", "description"}]`, else the start of the body."""
    try:
        first = _parse(body, fmt)[0]
        return str(first["description"])[:MAX_ERROR_TEXT]
    except (UpstreamError, KeyError, IndexError, TypeError):
        return body.decode("utf-8", "replace").strip()[:MAX_ERROR_TEXT] or "no explanation given"


def _call(url: str, fmt: str, form: Mapping[str, str] | None = None) -> object:
    data = urllib.parse.urlencode(form).encode() if form is not None else None
    request = urllib.request.Request(url, data=data, headers={"Accept": FORMATS[fmt]})
    try:
        with urllib.request.urlopen(request, timeout=open311_sync_settings().timeout) as response:
            body = response.read()
    except urllib.error.HTTPError as error:
        raise UpstreamError(f"HTTP {error.code}: {_spec_error(error.read(), fmt)}") from None
    except TimeoutError:
        raise UpstreamError(f"no answer within {open311_sync_settings().timeout:g} s") from None
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise UpstreamError(f"cannot reach {urllib.parse.urlsplit(url).netloc}: {reason}") from None
    return _parse(body, fmt)


def _records(answer: object) -> list[dict]:
    if not isinstance(answer, list) or not all(isinstance(item, dict) for item in answer):
        raise UpstreamError(f"the answer is not a list of requests: {str(answer)[:80]}")
    return answer


def post_request(endpoint: str, form: Mapping[str, str], fmt: str = "json") -> Accepted:
    """POST requests.json (or .xml). The spec answers a list of one, with service_request_id or token."""
    records = _records(_call(f"{endpoint}/requests.{fmt}", fmt, form))
    first = records[0] if records else {}
    request_id, token = first.get("service_request_id"), first.get("token")
    if not (request_id or token):
        raise UpstreamError("the answer names neither a service_request_id nor a token")
    return Accepted(str(request_id) if request_id else None, str(token) if token else None)


def find_requests(endpoint: str, request_ids: list[str], fmt: str = "json") -> list[UpstreamRecord]:
    """GET requests.json?service_request_id=a,b,c: the status of many requests in one call."""
    query = urllib.parse.urlencode({"service_request_id": ",".join(request_ids)})
    found = []
    for record in _records(_call(f"{endpoint}/requests.{fmt}?{query}", fmt)):
        if record.get("service_request_id") is None or record.get("status") not in ("open", "closed"):
            raise UpstreamError(f"a request in the answer has no id or an unknown status: {str(record)[:80]}")
        found.append(UpstreamRecord(str(record["service_request_id"]), record["status"],
                                    str(record.get("status_notes") or "")))  # fmt: skip
    return found


def resolve_token(endpoint: str, token: str, fmt: str = "json") -> str | None:
    """GET tokens/TOKEN.json: the service_request_id once the upstream has made one, else None."""
    records = _records(_call(f"{endpoint}/tokens/{urllib.parse.quote(token, safe='')}.{fmt}", fmt))
    found = next((r.get("service_request_id") for r in records if r.get("service_request_id")), None)
    return str(found) if found else None
