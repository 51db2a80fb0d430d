"""The 311 reports around a project's space: real needs the proposer can build on and the coach can see.

Open reports within the radius, plus closed ones opened recently. "Recently" counts back from the
newest report in the database rather than from today, so an older snapshot (like the demo's 2015
sample) still shows the context it has.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.reports.models import Report
from portal.reports.nearby import reports_near

RADIUS_M = 200
RECENT = timedelta(days=90)
LIMIT = 50


@dataclass(frozen=True)
class ReportAround:
    public_id: str
    type_name: str
    title: str
    status: str
    opened_at: datetime
    metres: int
    latitude: float
    longitude: float


def reports_around(session: Session, lat: float | None, lon: float | None) -> list[ReportAround]:
    """Open and recent reports within ~200 m, nearest first; none for a space not yet placed."""
    if lat is None or lon is None:
        return []
    newest = session.scalar(select(func.max(Report.opened_at)))
    if newest is None:
        return []
    found = {r.id: r for r in reports_near(session, lat, lon, RADIUS_M, limit=LIMIT)}
    recent = reports_near(
        session, lat, lon, RADIUS_M, open_only=False, opened_since=newest - RECENT, limit=LIMIT
    )
    found.update({r.id: r for r in recent})
    nearest = sorted(found.values(), key=lambda r: (r.metres, r.id))[:LIMIT]
    where = {rid: (rlat, rlon) for rid, rlat, rlon in session.execute(
        select(Report.id, Report.latitude, Report.longitude).where(Report.id.in_([r.id for r in nearest])))}  # fmt: skip
    return [ReportAround(r.public_id, r.type_name, r.title, r.status, r.opened_at, round(r.metres), *where[r.id])
            for r in nearest]  # fmt: skip
