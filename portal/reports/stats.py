"""Headline counts of the reports, for `python -m portal stats --json` and the dashboard."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.reports.models import Report, ServiceType

UNKNOWN_NEIGHBORHOOD = "unknown"


def report_stats(session: Session) -> dict:
    """Total, and counts by status, by type and by neighborhood (most reports first)."""

    def counts(column, *joins) -> dict[str, int]:
        query = select(column, func.count()).select_from(Report)
        for target in joins:
            query = query.join(target)
        rows = session.execute(query.group_by(column).order_by(func.count().desc(), column))
        return {(key if key is not None else UNKNOWN_NEIGHBORHOOD): n for key, n in rows}

    return {
        "total": session.scalar(select(func.count()).select_from(Report)),
        "by_status": counts(Report.status),
        "by_type": counts(ServiceType.name, ServiceType),
        "by_neighborhood": counts(Report.neighborhood),
    }
