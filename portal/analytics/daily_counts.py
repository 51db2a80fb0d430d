"""Recounting `daily_report_counts` for stretches of Boston days, in the database: one GROUP BY per
dimension (type, neighborhood, source) over the recounted reports (`report_rows.py`)."""

from __future__ import annotations

from sqlalchemy import Table, delete, func, insert, literal, select
from sqlalchemy.orm import Session

from portal.analytics.models import DailyReportCount
from portal.analytics.report_rows import DIMENSIONS, Stretches, days_within

COUNTED = ("closed", "with_target", "on_time", "fixed")


def recount_counts(session: Session, stretches: Stretches, rows: Table) -> None:
    """Replace the counts of the days of `stretches` by a fresh count of their reports."""
    session.execute(delete(DailyReportCount).where(*days_within(DailyReportCount.day, stretches)),
                    execution_options={"synchronize_session": False})  # fmt: skip
    for name in DIMENSIONS:
        counted = select(literal(name), rows.c.day, rows.c[name], func.count(),
                         *(func.sum(rows.c[flag]) for flag in COUNTED)).group_by(rows.c.day, rows.c[name])  # fmt: skip
        session.execute(insert(DailyReportCount).from_select(
            ["dimension", "day", "value", "opened", *COUNTED], counted))  # fmt: skip
