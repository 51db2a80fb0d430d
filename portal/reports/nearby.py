"""Reports near a point: possible duplicates for a new report, context for a project, Street Bump's check.

The database narrows by a bounding box (latitude is indexed), then exact great-circle distances
decide; only a thin band of rows is ever read.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.reports.models import Report, ReportStatus, ServiceType
from portal.reports.wording import report_title

EARTH_RADIUS_M = 6_371_000.0
METRES_PER_DEGREE = math.pi * EARTH_RADIUS_M / 180


@dataclass(frozen=True)
class NearbyReport:
    id: int
    public_id: str
    type_name: str
    title: str
    status: str
    opened_at: datetime
    metres: float
    reporter_id: int | None  # a resident's own report is not one to say "me too" to


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance in metres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


def reports_near(
    session: Session,
    lat: float,
    lon: float,
    metres: float,
    type_ids: tuple[int, ...] = (),
    open_only: bool = True,
    opened_since: datetime | None = None,
    limit: int = 50,
) -> list[NearbyReport]:
    """Reports within `metres` of the point, nearest first."""
    dlat = metres / METRES_PER_DEGREE
    dlon = dlat / max(math.cos(math.radians(lat)), 1e-6)
    query = (
        select(Report.id, Report.public_id, ServiceType.name, Report.source, Report.title, Report.status,
               Report.opened_at, Report.latitude, Report.longitude, Report.reporter_id)
        .join(ServiceType)
        .where(Report.latitude.between(lat - dlat, lat + dlat), Report.longitude.between(lon - dlon, lon + dlon))
    )  # fmt: skip
    if type_ids:
        query = query.where(Report.service_type_id.in_(type_ids))
    if open_only:
        query = query.where(Report.status != ReportStatus.CLOSED, Report.merged_into_id.is_(None))
    if opened_since is not None:
        query = query.where(Report.opened_at >= opened_since)
    found = [
        NearbyReport(rid, pid, type_name, report_title(source, title), status, opened,
                     distance_m(lat, lon, rlat, rlon), reporter)
        for rid, pid, type_name, source, title, status, opened, rlat, rlon, reporter in session.execute(query)
    ]
    return sorted((r for r in found if r.metres <= metres), key=lambda r: r.metres)[:limit]
