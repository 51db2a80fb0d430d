"""How old the open backlog is, per neighborhood, from the daily counts: a day's opened reports less its
closed ones are still open (reports are open, acknowledged or closed), so this reads a few rows a day,
not every open report. Ages are counted in whole Boston days."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from portal.analytics.models import DailyReportCount
from portal.i18n import N_

# Open reports by age; each bound is "opened fewer than this many days ago".
# The names are stored English keys, marked for translation and translated where shown (`ui/dashboard_charts`).
AGE_BUCKETS = ((N_("under a week"), 7), (N_("1–4 weeks"), 28), (N_("1–3 months"), 91), (N_("3–12 months"), 365))
OLDEST_BUCKET = N_("over a year")


def open_backlog(session: Session, today: date) -> pd.DataFrame:
    """Open reports per neighborhood ("" for none) and age (columns: group, age, open)."""
    age = case(*((DailyReportCount.day > today - timedelta(days=days), name) for name, days in AGE_BUCKETS),
               else_=OLDEST_BUCKET)  # fmt: skip
    # A subquery, so that PostgreSQL groups by the computed age by name (it holds bound values).
    aged = select(DailyReportCount.value.label("group"), age.label("age"),
                  (DailyReportCount.opened - DailyReportCount.closed).label("open"),
                  ).where(DailyReportCount.dimension == "neighborhood").subquery()  # fmt: skip
    query = select(aged.c.group, aged.c.age, func.sum(aged.c.open)).group_by(aged.c.group, aged.c.age)
    frame = pd.DataFrame(session.execute(query).all(), columns=["group", "age", "open"]).astype({"open": int})
    return frame[frame["open"] > 0].reset_index(drop=True)


def age_order() -> list[str]:
    return [name for name, _days in AGE_BUCKETS] + [OLDEST_BUCKET]
