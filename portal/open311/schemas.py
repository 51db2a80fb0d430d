"""Our reports and request types as Open311 GeoReport v2 records, and its dates and statuses as ours.

- `service_code` is our `ServiceType.id` as text: stable for the life of the database, because types are
  found or created but never renumbered or deleted.
- `service_request_id` is the report's public id (the one on the map and in the reporter's email).
- Status: Open311 knows only open and closed; our "acknowledged" (staff saw it) is still open.
- Times are W3C/ISO 8601 in Boston time with the UTC offset, e.g. `2015-01-01T07:27:13-05:00`.
- Nothing about the reporter leaves: no name, email, account or submitter key (see `request_record`).
- `service_request_url` (our addition) is the report's public page, `PORTAL_PUBLIC_URL/request?id=ID`.
  The spec has no field for it: `media_url` is the request's photo (clients show it as an image) and
  `service_notice`/`status_notes` are prose. GeoReport v2 clients read the fields they know, and
  extensions such as Chicago's add fields the same way, so one more field breaks nobody.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from portal.config import BOSTON_TZ, boston_midnight
from portal.open311.errors import bad_request
from portal.reports.models import Report, ReportStatus, ServiceType
from portal.reports.public_page import request_url

OPEN, CLOSED = "open", "closed"
OUR_STATUSES = {OPEN: (ReportStatus.OPEN, ReportStatus.ACKNOWLEDGED), CLOSED: (ReportStatus.CLOSED,)}
# Dates a search may name. Far wider than any 311 data, yet a 90-day window on either side, and the
# same moment in UTC, still fits Python's and the databases' date range (year 9999 does not).
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(2200, 1, 1, tzinfo=UTC)
# ASCII digits only (str.isdigit() also takes "٣" and "³"), and few enough to fit an INTEGER id.
_SERVICE_CODE = re.compile(r"[0-9]{1,9}")


def open311_status(status: str) -> str:
    return CLOSED if status == ReportStatus.CLOSED else OPEN


def w3c(moment: datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(BOSTON_TZ).isoformat(timespec="seconds")


def parse_w3c(name: str, text: str) -> datetime:
    """A W3C date-time with its offset, or a plain date (midnight in Boston); anything else is a 400."""
    try:
        moment = boston_midnight(date.fromisoformat(text)) if len(text) == 10 else datetime.fromisoformat(text)
    except ValueError:
        raise bad_request(f"{name} {text!r} is not a W3C date-time such as 2015-01-01T00:00:00Z.") from None
    if moment.tzinfo is None:
        raise bad_request(f"{name} {text!r} has no time zone: add Z or an offset such as -05:00.")
    if not EARLIEST <= moment <= LATEST:
        raise bad_request(f"{name} {text!r} is out of range: give a date between {EARLIEST.year} and {LATEST.year}.")
    return moment


def service_code(type_id: int) -> str:
    return str(type_id)


def parse_service_code(text: str) -> int:
    code = text.strip()
    if not _SERVICE_CODE.fullmatch(code):
        raise bad_request(f"service_code {text!r} is not one of ours: see services.json.")
    return int(code)


def service_record(service_type: ServiceType) -> dict:
    return {
        "service_code": service_code(service_type.id),
        "service_name": service_type.name,
        "description": f"{service_type.subject} › {service_type.reason} › {service_type.name}",
        "metadata": False,  # no extra questions: a service definition has no attributes
        "type": "realtime",
        "keywords": service_type.reason,
        "group": service_type.department,
    }


# What a request record reads: only columns that are public on the live map.
REQUEST_COLUMNS = (
    Report.public_id, Report.status, Report.closure_reason, Report.title, Report.description, Report.opened_at,
    Report.closed_at, Report.updated_at, Report.target_at, Report.address, Report.latitude, Report.longitude,
    Report.media_url, ServiceType.id.label("type_id"), ServiceType.name.label("type_name"), ServiceType.department,
)  # fmt: skip


def request_record(row) -> dict:
    """One report (a row of `REQUEST_COLUMNS`) as the spec's Request."""
    closed = row.status == ReportStatus.CLOSED
    record = {
        "service_request_id": row.public_id,
        "status": open311_status(row.status),
        "status_notes": row.closure_reason if closed else "",
        "service_name": row.type_name,
        "service_code": service_code(row.type_id),
        "description": row.description or row.title,
        "agency_responsible": row.department,
        "requested_datetime": w3c(row.opened_at),
        "updated_datetime": w3c(row.closed_at if closed and row.closed_at else row.updated_at),
        "expected_datetime": w3c(row.target_at),
        "address": row.address,
        "lat": row.latitude,
        "long": row.longitude,
        "media_url": row.media_url,
        "service_request_url": request_url(row.public_id),
    }
    # The spec's types have no null: a value we do not have is left out, as "May not be returned" allows.
    return {key: value for key, value in record.items() if value is not None}
