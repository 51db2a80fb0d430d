"""GET requests (search), GET one request, and POST a request through `portal.reports.filing.file_report`.

A search covers at most 90 days of `requested_datetime` and returns at most 1,000 requests, newest
first, as the spec says; without dates it covers the last 90 days. A POST files the report exactly as
the portal's form does (validation, hourly limit, neighborhood, H3 cells), as the API key's account,
then records where it came from and its `media_url`.

The POST answers with the report's `service_request_id`, or, with `PORTAL_OPEN311_POST_ANSWER=token`,
with only a `token` as a server that files later would. The token is the filing's one-time token
(`client_token`: the key's number and the client's own `attribute[client_request_id]`, or a random
one), which names nothing private; `tokens/TOKEN.json` turns it into the id, as the spec's
"GET service_request_id from a token" does.
"""

from __future__ import annotations

import math
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from sqlalchemy import and_, select, update
from sqlalchemy.orm import Session

from portal.accounts.permissions import PermissionDenied
from portal.db import utc_now
from portal.open311.errors import bad_request, not_found
from portal.open311.keys import KeyHolder
from portal.open311.schemas import (
    OUR_STATUSES,
    REQUEST_COLUMNS,
    parse_service_code,
    parse_w3c,
    request_record,
)
from portal.open311.services import find_service
from portal.reports.filing import TITLE_LIMIT, FilingError, ReportDraft, file_report
from portal.reports.models import Report, ReportEvent, ServiceType
from portal.reports.photostore import PhotoStore
from portal.reports.wording import FILED_THROUGH_API

MAX_SPAN = timedelta(days=90)
MAX_RESULTS = 1000
MEDIA_URL_LIMIT = 500
OPEN311_SOURCE = "Open311 API"
CLIENT_REQUEST_ID = "attribute[client_request_id]"
_CLIENT_ID = re.compile(r"^[A-Za-z0-9._:-]{1,48}$")


@dataclass(frozen=True)
class RequestQuery:
    ids: tuple[str, ...] = ()
    type_ids: tuple[int, ...] = ()
    statuses: tuple[str, ...] = ()
    start: datetime | None = None
    end: datetime | None = None


def _listed(text: str | None) -> list[str]:
    return [part.strip() for part in (text or "").split(",") if part.strip()]


def parse_query(params: Mapping[str, str], now: datetime | None = None) -> RequestQuery:
    """The spec's search arguments; `service_request_id` overrides all the others."""
    ids = _listed(params.get("service_request_id"))
    if ids:
        if len(ids) > MAX_RESULTS:
            raise bad_request(f"Ask for at most {MAX_RESULTS} service_request_id values at once.")
        return RequestQuery(ids=tuple(i.upper() for i in ids))
    statuses = _listed(params.get("status"))
    unknown = [s for s in statuses if s not in OUR_STATUSES]
    if unknown:
        raise bad_request(f"status {unknown[0]!r} is not open or closed.")
    start = parse_w3c("start_date", params["start_date"]) if params.get("start_date") else None
    end = parse_w3c("end_date", params["end_date"]) if params.get("end_date") else None
    if start is None and end is None:
        end = now or utc_now()
    start = start or end - MAX_SPAN
    end = end or start + MAX_SPAN
    if end < start:
        raise bad_request("end_date is before start_date.")
    if end - start > MAX_SPAN:
        raise bad_request("start_date and end_date may not span more than 90 days.")
    codes = tuple(parse_service_code(code) for code in _listed(params.get("service_code")))
    return RequestQuery(type_ids=codes, statuses=tuple(statuses), start=start, end=end)


def find_requests(session: Session, query: RequestQuery) -> list[dict]:
    if query.ids:
        where = [Report.public_id.in_(query.ids)]
    else:
        where = [Report.opened_at >= query.start, Report.opened_at <= query.end]
        if query.type_ids:
            where.append(Report.service_type_id.in_(query.type_ids))
        if query.statuses:
            where.append(Report.status.in_([ours for s in query.statuses for ours in OUR_STATUSES[s]]))
    rows = session.execute(
        select(*REQUEST_COLUMNS).join(ServiceType).where(and_(*where))
        .order_by(Report.opened_at.desc(), Report.id.desc()).limit(MAX_RESULTS)
    )  # fmt: skip
    return [request_record(row) for row in rows]


def get_request(session: Session, request_id: str) -> list[dict]:
    """One request, as a list of one (the spec's example answers `[{…}]`)."""
    found = find_requests(session, RequestQuery(ids=(request_id.upper(),)))
    if not found:
        raise not_found(f"There is no service request {request_id!r}.")
    return found


def _coordinate(params: Mapping[str, str], name: str) -> float:
    """A finite number: `float` also reads "nan", "-inf" and "1e400", which no map can place."""
    try:
        value = float(params[name])
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise bad_request(f"{name} {params[name]!r} is not a number such as 42.3601.")
    return value


def _media_url(text: str) -> str | None:
    text = text.strip()
    if not text:
        return None
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or len(text) > MEDIA_URL_LIMIT:
        raise bad_request(f"media_url must be an http(s) address of at most {MEDIA_URL_LIMIT} characters.")
    return text


def draft_from(session: Session, params: Mapping[str, str]) -> tuple[ReportDraft, str | None]:
    """The report a POST describes, and its media_url; a 400 or 404 for what the spec requires."""
    if not params.get("service_code"):
        raise bad_request("service_code is required: pick one from services.json.")
    service_type = find_service(session, params["service_code"])
    if not (params.get("lat") and params.get("long")):
        raise bad_request("lat and long are required: this server places requests by coordinates only, "
                          "not by address_string or address_id.")  # fmt: skip
    draft = ReportDraft(
        type_id=service_type.id, title=service_type.name[:TITLE_LIMIT], details=params.get("description", ""),
        latitude=_coordinate(params, "lat"), longitude=_coordinate(params, "long"),
        address=params.get("address_string", ""), contact_email=params.get("email", ""),
    )  # fmt: skip
    return draft, _media_url(params.get("media_url", ""))


def client_token(params: Mapping[str, str], key_id: int) -> str:
    """The filing's one-time token: the client's own `attribute[client_request_id]`, per key, so a client
    that POSTs again after a timeout or a crash gets the first request back, not a second one."""
    given = params.get(CLIENT_REQUEST_ID, "").strip()
    if not given:
        return uuid.uuid4().hex
    if not _CLIENT_ID.match(given):
        raise bad_request(f"{CLIENT_REQUEST_ID} must be 1 to 48 letters, digits, '.', '_', ':' or '-'.")
    return f"open311:{key_id}:{given}"


def post_request(session: Session, holder: KeyHolder, params: Mapping[str, str], store: PhotoStore,
                 answer_token: bool = False) -> list[dict]:  # fmt: skip
    """File the POSTed report as the key's account. Names and phone numbers sent along are not kept."""
    draft, media_url = draft_from(session, params)
    try:
        filed = file_report(session, holder.actor, draft, store, session_id=f"open311-key-{holder.key_id}",
                            client_token=client_token(params, holder.key_id))  # fmt: skip
    except (FilingError, PermissionDenied) as error:
        raise bad_request(str(error)) from None
    report_id = session.scalar(select(Report.id).where(Report.public_id == filed.public_id))
    session.execute(update(Report).where(Report.id == report_id)
                    .values(source=OPEN311_SOURCE, media_url=media_url))  # fmt: skip
    session.execute(update(ReportEvent).where(ReportEvent.report_id == report_id, ReportEvent.kind == "opened")
                    .values(note=FILED_THROUGH_API))  # fmt: skip
    department = session.scalar(select(ServiceType.department).where(ServiceType.id == draft.type_id))
    notice = f"Sent to {department}; follow it on the live map."
    if answer_token:
        return [{"token": session.scalar(select(Report.client_token).where(Report.id == report_id)),
                 "service_notice": notice}]  # fmt: skip
    return [{"service_request_id": filed.public_id, "service_notice": notice}]


def find_token(session: Session, token: str) -> list[dict]:
    """The request a POST's token stands for, as the spec's `[{service_request_id, token}]`; only reports
    filed through this API have tokens, so a form's one-time token is a 404 like any unknown one."""
    public_id = session.scalar(select(Report.public_id).where(Report.client_token == token,
                                                              Report.source == OPEN311_SOURCE))  # fmt: skip
    if public_id is None:
        raise not_found(f"There is no request with the token {token!r}.")
    return [{"service_request_id": public_id, "token": token}]
