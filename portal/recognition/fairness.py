"""The fairness view: who takes part, per 1,000 residents, next to how many reports each neighborhood files.

Crowdsourcing hears most from people with the app, the time and the trust to report; points follow the
same people. Dividing contributors, their points and all reports by the residents of each neighborhood
shows where the city hears little, whatever the need there is.

Neighborhoods are the dashboard's areas (`analytics.areas`), because reports and points name
neighborhoods in several spellings; an area's residents are the sum of its outlines'
(`analytics.areas.area_residents`), and an area without a figure shows None. Everything is read from
aggregates: reports from the daily counts (`analytics.summary`, current as of their last refresh), contributors and
points from the leaderboards' running totals, each one GROUP BY over a few thousand rows at most.
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from portal.analytics.areas import AREA_OF, NO_AREA, area_residents
from portal.analytics.models import DailyReportCount
from portal.config import BOSTON_TZ
from portal.db import utc_now
from portal.i18n import N_
from portal.maps.population import POPULATION_SOURCE
from portal.recognition.models import PointsTotal
from portal.recognition.periods import Period, period_key, period_start
from portal.recognition.totals import NEIGHBORHOOD

COUNTED = ["reports", "contributors", "points"]
COLUMNS = ["neighborhood", "residents", *(c for name in COUNTED for c in (name, f"{name} per 1,000"))]
SOURCE = POPULATION_SOURCE
CAVEAT = N_("Crowdsourced reports reflect who reports (who has the app, the time and the trust to call) as much "
            "as where problems are: a neighborhood with few reports or contributors is not necessarily a fine one.")  # fmt: skip


def per_thousand(count: int, residents: int | None) -> float | None:
    """`count` per 1,000 residents, two decimals; None without a figure, never a division by zero."""
    return round(count * 1000 / residents, 2) if residents else None


def _reports_by_area(session: Session, start: datetime | None, now: datetime) -> pd.Series:
    """Reports opened from `start` (Boston days) to `now`, per area, from the daily counts."""
    query = (
        select(DailyReportCount.value, func.sum(DailyReportCount.opened))
        .where(DailyReportCount.dimension == "neighborhood", DailyReportCount.day <= now.astimezone(BOSTON_TZ).date())
        .group_by(DailyReportCount.value)
    )  # fmt: skip
    if start is not None:
        query = query.where(DailyReportCount.day >= start.astimezone(BOSTON_TZ).date())
    rows = [(AREA_OF.get(value, NO_AREA), int(count)) for value, count in session.execute(query)]
    return (
        pd.DataFrame(rows, columns=["area", "reports"])
        .astype({"reports": int})
        .groupby("area")["reports"]
        .sum()
    )


def _contributors_by_area(session: Session, period: Period, now: datetime) -> pd.DataFrame:
    """People with points in each area in the period (once each, whichever spelling), and those points."""
    area = case(AREA_OF, value=PointsTotal.scope_value, else_=NO_AREA).label("area")
    query = (
        select(area, func.count(PointsTotal.user_id.distinct()), func.sum(PointsTotal.points))
        .where(PointsTotal.scope == NEIGHBORHOOD, PointsTotal.period == period_key(period, now), PointsTotal.points > 0)
        .group_by("area")
    )  # fmt: skip
    frame = pd.DataFrame(session.execute(query).all(), columns=["area", "contributors", "points"])
    return frame.set_index("area").astype(int)


def fairness(session: Session, period: Period, now: datetime | None = None) -> pd.DataFrame:
    """One row per area (and last, reports without a neighborhood, if any): residents, then reports,
    contributors and points each as a count and per 1,000 residents (`COLUMNS`); an area without a
    population figure has no residents and no per-1,000 figures (missing, shown as None)."""
    now = now or utc_now()
    residents = area_residents()
    counts = pd.concat([_reports_by_area(session, period_start(period, now), now),
                        _contributors_by_area(session, period, now)], axis=1)  # fmt: skip
    areas = sorted(residents) + ([NO_AREA] if NO_AREA in counts.index else [])
    counts = counts.reindex(index=areas, columns=COUNTED).fillna(0).astype(int)
    rows = []
    for area in areas:
        row = {"neighborhood": area, "residents": residents.get(area)}
        for name in COUNTED:
            row[name] = int(counts.at[area, name])
            row[f"{name} per 1,000"] = per_thousand(row[name], row["residents"])
        rows.append(row)
    kinds = {"residents": "Int64"} | {f"{name} per 1,000": "Float64" for name in COUNTED}
    return pd.DataFrame(rows, columns=COLUMNS).astype(kinds)  # missing figures stay missing (<NA>), not NaN
