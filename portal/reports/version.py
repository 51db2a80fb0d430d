"""A cheap answer to "did any report change?": the newest report id and the newest `updated_at`.

Pages that show reports (the live map, the dashboard, the leaderboards' charts) key their caches on it:
while it stays the same nothing is read or drawn again, and the first visit after a change (a new report,
a closure, an import) gets fresh figures at once. Both parts are one index lookup each, so asking every
few seconds costs next to nothing even at a million reports. Filing adds an id; every change of a
report moves its `updated_at` (the column's `onupdate`, or the importer's own stamp).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.reports.models import Report


@dataclass(frozen=True)
class ReportsVersion:
    newest_id: int | None
    newest_change: datetime | None


def reports_version(session: Session) -> ReportsVersion:
    # Two scalar subqueries, not MIN/MAX side by side: SQLite answers a lone MAX from the index, but
    # scans the table for a query with two aggregates.
    newest_id = select(func.max(Report.id)).scalar_subquery()
    newest_change = select(func.max(Report.updated_at)).scalar_subquery()
    return ReportsVersion(*session.execute(select(newest_id, newest_change)).one())
