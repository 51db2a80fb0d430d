"""Badges: a small set with clear thresholds, each awarded once with the date it was earned.

`check` runs after every ledger award (and when a report is filed, for "first report"); a badge once
given stays, even if points behind it are later reversed: the date says when it was earned.
Counts of an earning rule are net of reversals, so a fix later found to be a duplicate does not count
towards the next badge.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, exists, func, select
from sqlalchemy.orm import Session

from portal.config import BOSTON_TZ
from portal.i18n import N_, _
from portal.recognition import rules
from portal.recognition.models import BadgeAward, PointsEntry, PointsTotal
from portal.recognition.sql import insert_for
from portal.recognition.totals import NEIGHBORHOOD
from portal.reports.models import Report

TEN_FIXES = 10
REGULAR_WEEKS = 4
NIGHT_OWL_VERIFICATIONS = 3
NIGHT_STARTS, NIGHT_ENDS = 22, 5  # Boston hours: 22:00 up to 05:00
DRIVER_SPOTS = 3


@dataclass(frozen=True)
class Badge:
    """A badge as data: its title and description are marked for the template and translated when read
    (`badges_for`), the description's `{count}` filled with the badge's threshold."""

    code: str
    title: str
    description: str
    count: int = 1


@dataclass
class BadgeRow:
    code: str
    title: str
    description: str
    awarded_at: datetime


_BADGES = [
    Badge("first_report", N_("First report"), N_("Filed a first report in the portal.")),
    Badge("first_fix", N_("First fix"), N_("A report you filed was fixed.")),
    Badge("ten_fixes", N_("Ten fixes"), N_("{count} reports you filed were fixed."), TEN_FIXES),
    Badge("neighborhood_regular", N_("Neighborhood regular"),
          N_("Earned points in the same neighborhood in {count} different weeks."), REGULAR_WEEKS),
    Badge("night_owl", N_("Night owl"),
          N_("Answered {count} closures (fixed or not) between 10 pm and 5 am Boston time."), NIGHT_OWL_VERIFICATIONS),
    Badge("street_bump_driver", N_("Street Bump driver"),
          N_("Jolts you uploaded helped find {count} potholes."), DRIVER_SPOTS),
    Badge("project_starter", N_("Project starter"), N_("Submitted a third-spaces project.")),
]  # fmt: skip
BADGES: dict[str, Badge] = {badge.code: badge for badge in _BADGES}


def _net_counts(session: Session, user_id: int) -> dict[str, int]:
    """Per rule: awards minus reversals."""
    net = func.sum(case((PointsEntry.points > 0, 1), else_=-1))
    rows = session.execute(
        select(PointsEntry.rule, net).where(PointsEntry.user_id == user_id).group_by(PointsEntry.rule)
    )
    return {rule: int(count) for rule, count in rows}


def _has_report(session: Session, user_id: int) -> bool:
    return session.scalar(select(exists().where(Report.reporter_id == user_id)))


def _regular_weeks(session: Session, user_id: int) -> int:
    """The most weeks with points in any one neighborhood."""
    weeks = (
        select(func.count().label("weeks"))
        .where(PointsTotal.user_id == user_id, PointsTotal.scope == NEIGHBORHOOD,
               PointsTotal.period.startswith("week:"), PointsTotal.points > 0)
        .group_by(PointsTotal.scope_value).subquery()
    )  # fmt: skip
    return session.scalar(select(func.max(weeks.c.weeks))) or 0


def _night_reactions(session: Session, user_id: int) -> int:
    times = session.scalars(
        select(PointsEntry.created_at)
        .where(PointsEntry.user_id == user_id, PointsEntry.rule == rules.CLOSURE_REACTION, PointsEntry.points > 0)
    )  # fmt: skip
    hours = [at.astimezone(BOSTON_TZ).hour for at in times]
    return sum(1 for hour in hours if hour >= NIGHT_STARTS or hour < NIGHT_ENDS)


Check = Callable[[Session, int, dict[str, int]], bool]
_EARNED: dict[str, Check] = {
    "first_report": lambda session, user, _: _has_report(session, user),
    "first_fix": lambda _s, _u, counts: counts.get(rules.REPORT_FIXED, 0) >= 1,
    "ten_fixes": lambda _s, _u, counts: counts.get(rules.REPORT_FIXED, 0) >= TEN_FIXES,
    "neighborhood_regular": lambda session, user, _: _regular_weeks(session, user) >= REGULAR_WEEKS,
    "night_owl": lambda session, user, _: _night_reactions(session, user) >= NIGHT_OWL_VERIFICATIONS,
    "street_bump_driver": lambda _s, _u, counts: counts.get(rules.STREET_BUMP, 0) >= DRIVER_SPOTS,
    "project_starter": lambda _s, _u, counts: counts.get(rules.PROJECT_SUBMITTED, 0) >= 1,
}


def check(session: Session, user_id: int, at: datetime) -> list[str]:
    """Award the badges `user_id` has newly earned, dated `at`; returns their codes."""
    held = set(session.scalars(select(BadgeAward.code).where(BadgeAward.user_id == user_id)))
    if len(held) == len(BADGES):
        return []
    counts = _net_counts(session, user_id)
    earned = [code for code in BADGES if code not in held and _EARNED[code](session, user_id, counts)]
    for code in earned:
        # A concurrent transaction may have given it a moment ago: still once.
        session.execute(insert_for(session, BadgeAward).values(user_id=user_id, code=code, awarded_at=at)
                        .on_conflict_do_nothing())  # fmt: skip
    return earned


def badges_for(session: Session, user_id: int) -> list[BadgeRow]:
    """A person's badges, in the order they were earned (public: badges say nothing private)."""
    awards = session.scalars(
        select(BadgeAward).where(BadgeAward.user_id == user_id).order_by(BadgeAward.awarded_at, BadgeAward.id)
    )
    return [
        BadgeRow(a.code, _(BADGES[a.code].title), _(BADGES[a.code].description).format(count=BADGES[a.code].count),
                 a.awarded_at)
        for a in awards
        if a.code in BADGES
    ]
