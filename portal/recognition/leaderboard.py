"""Leaderboards and a person's standing, read from the running totals (one indexed read each).

Only people who opted in (`User.show_name_publicly`) appear by name; the others are counted and shown
as "a resident", or left out when the page asks (`hide_private`). Deactivated and deleted accounts
are left out. Ranks are competition ranks: equal points share a rank and the next rank skips.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, func, select, text
from sqlalchemy.orm import Session

from portal.accounts.models import HIDDEN_USERS, User
from portal.accounts.users import public_name
from portal.db import utc_now
from portal.recognition.models import PointsTotal
from portal.recognition.periods import Period, period_key, period_start
from portal.recognition.totals import CITY, DEPARTMENT, NEIGHBORHOOD

__all__ = ["LeaderRow", "Period", "Standing", "leaderboard", "period_start", "standing"]


@dataclass
class LeaderRow:
    rank: int
    user_id: int
    name: str
    points: int
    public: bool


@dataclass
class Standing:
    points: int
    rank: int | None  # None when the person has no points in the period
    of: int  # people with points in the period


def _board(period: Period, now: datetime, neighborhood: str | None, department: str | None) -> Select:
    """Totals of one board, of people still active, with points."""
    if neighborhood and department:
        raise ValueError("a leaderboard is by neighborhood or by department, not both")
    scope, value = (CITY, "")
    if neighborhood or department:
        scope, value = (NEIGHBORHOOD, neighborhood) if neighborhood else (DEPARTMENT, department)
    return (
        select(PointsTotal.user_id, PointsTotal.points)
        .join(User, User.id == PointsTotal.user_id)
        .where(PointsTotal.scope == scope, PointsTotal.scope_value == value,
               PointsTotal.period == period_key(period, now), PointsTotal.points > 0,
               User.active.is_(True), User.deleted_at.is_(None))
    )  # fmt: skip


def leaderboard(
    session: Session,
    period: Period,
    *,
    neighborhood: str | None = None,
    department: str | None = None,
    limit: int = 20,
    now: datetime | None = None,
    hide_private: bool = False,
) -> list[LeaderRow]:
    """The top `limit` people of a board, most points first (ties: the newer account first)."""
    query = _board(period, now or utc_now(), neighborhood, department)
    if hide_private:
        query = query.where(User.show_name_publicly.is_(True))
    ranked = query.order_by(PointsTotal.points.desc(), PointsTotal.user_id.desc())
    top = session.execute(ranked.limit(limit)).all()
    users = {u.id: u for u in session.scalars(select(User).where(User.id.in_([user_id for user_id, _ in top])))}
    rows: list[LeaderRow] = []
    for position, (user_id, points) in enumerate(top, start=1):
        rank = rows[-1].rank if rows and rows[-1].points == points else position
        user = users[user_id]
        rows.append(LeaderRow(rank, user_id, public_name(user), points, user.show_name_publicly))
    return rows


def standing(session: Session, user_id: int, period: Period, now: datetime | None = None) -> Standing:
    """Where one person stands on the city-wide board: their points, rank and how many have points.

    Counted on the board's index alone, in one pass over its people with points (all of them, and
    those with more points than this person), less the few deactivated or deleted accounts among
    them, looked up by key: joining every row of the board to its account would read the whole board.
    """
    period_name = period_key(period, now or utc_now())
    key = (PointsTotal.scope == CITY, PointsTotal.scope_value == "", PointsTotal.period == period_name)
    points = session.scalar(select(PointsTotal.points).where(*key, PointsTotal.user_id == user_id)) or 0
    hidden = select(User.id).where(text(HIDDEN_USERS))
    counts = select(func.count(), func.count().filter(PointsTotal.points > points)).where(
        *key, PointsTotal.points > 0
    )
    on_board, ahead = session.execute(counts).one()
    hidden_on_board, hidden_ahead = session.execute(counts.where(PointsTotal.user_id.in_(hidden))).one()
    of = on_board - hidden_on_board
    if points <= 0 or session.scalar(hidden.where(User.id == user_id)) is not None:
        return Standing(points, None, of)
    return Standing(points, ahead - hidden_ahead + 1, of)
