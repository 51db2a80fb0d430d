"""The live map's reports as rows of a list: the same filter as the map, newest first, with or without a
location, so that everything the canvas shows (and what it cannot place) can be read and followed by
keyboard and screen reader too."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.maps.mapdata import MapFilter, conditions
from portal.reports.models import Report, ServiceType

LIST_LIMIT = 100
REPORT_LIST_COLUMNS = ["report", "type", "status", "neighborhood", "address", "opened"]


def report_list(session: Session, f: MapFilter, limit: int = LIST_LIMIT) -> pd.DataFrame:
    """The newest `limit` reports matching `f` (REPORT_LIST_COLUMNS; `opened` aware UTC); how many match in
    all is the map's own `StatusCounts.total`."""
    query = (
        select(Report.public_id, ServiceType.name, Report.status, Report.neighborhood, Report.address,
               Report.opened_at)
        .join(ServiceType)
        .where(*conditions(f))
        .order_by(Report.opened_at.desc(), Report.id.desc())
        .limit(limit)
    )  # fmt: skip
    return pd.DataFrame(session.execute(query).all(), columns=REPORT_LIST_COLUMNS)
