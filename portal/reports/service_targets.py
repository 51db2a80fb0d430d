"""Service-level targets: how long a report the portal opens is given before it is overdue.

Boston's records carry the target date the city gave each request (TARGET_DT). A report filed by a
resident, opened by Street Bump or reopened by its reporter ("not fixed") gets the median span the city
gave the newest of its own records of that type. Types with too little history of their own (every
pothole type in the 2015 export has no target at all) get their department's figure from
`data/service_targets.toml`, whose comments say where each number comes from; so every report is on
the clock.

Time to close is not used as a fallback: internal types (crews filing the pothole they just filled)
close within seconds, which says nothing about what a resident was promised.
"""

from __future__ import annotations

import statistics
import tomllib
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.config import DATA_DIR
from portal.reports.models import Report, ServiceType

TARGETS_FILE = DATA_DIR / "service_targets.toml"
# The newest records of the type looked at: the work per new report stays the same at any size.
HISTORY_WINDOW = 500
# Fewer targeted city records than this among them is not a promise the city keeps for the type.
MIN_HISTORY = 20


@dataclass(frozen=True)
class DefaultTargets:
    default: timedelta
    departments: dict[str, timedelta]

    def for_department(self, department: str) -> timedelta:
        return self.departments.get(department, self.default)


@cache
def default_targets(path: Path = TARGETS_FILE) -> DefaultTargets:
    raw = tomllib.loads(path.read_text())
    departments = {name: timedelta(days=float(days)) for name, days in raw["departments"].items()}
    return DefaultTargets(timedelta(days=float(raw["default_days"])), departments)


def history_span(session: Session, type_id: int) -> timedelta | None:
    """The median target span of the city's newest records of this type, if enough of them have one."""
    rows = session.execute(
        select(Report.opened_at, Report.target_at, Report.external_case_id)
        .where(Report.service_type_id == type_id).order_by(Report.opened_at.desc()).limit(HISTORY_WINDOW)
    ).all()  # fmt: skip
    spans = [target - opened for opened, target, case_id in rows if case_id is not None and target is not None]
    return statistics.median_low(spans) if len(spans) >= MIN_HISTORY else None


def target_span(session: Session, type_id: int) -> timedelta:
    """How long a report of this type is given: its own history, else its department's default."""
    span = history_span(session, type_id)
    if span is not None:
        return span
    department = session.scalar(select(ServiceType.department).where(ServiceType.id == type_id))
    return default_targets().for_department(department or "")


def target_at(session: Session, type_id: int, start: datetime) -> datetime:
    """The target date of a report of this type whose clock starts at `start` (opened or reopened)."""
    return start + target_span(session, type_id)
