"""The leaderboards' running totals (`PointsTotal`): per person, per scope (the city, a neighborhood,
a department) and per period (all time, a month, a week).

Every ledger entry adds its points to its rows in the same transaction (`add_entry`), so a
leaderboard is one indexed read. `rebuild` recounts everything from the ledger alone; the tests
check the two agree, and the benchmark loads its synthetic ledger through it.
"""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd
from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from portal.config import BOSTON_TZ
from portal.recognition.models import PointsEntry, PointsTotal
from portal.recognition.periods import ALL_TIME_KEY, period_keys
from portal.recognition.sql import insert_for

CITY, NEIGHBORHOOD, DEPARTMENT = "city", "neighborhood", "department"
TotalKey = tuple[str, str, str, int]  # scope, scope value, period, user id
INSERT_BATCH = 50_000


def scopes_of(neighborhood: str | None, department: str | None) -> list[tuple[str, str]]:
    """The leaderboards an entry counts in: always the city, and its neighborhood and department if known."""
    scopes = [(CITY, "")]
    if neighborhood:
        scopes.append((NEIGHBORHOOD, neighborhood))
    if department:
        scopes.append((DEPARTMENT, department))
    return scopes


def add_entry(session: Session, entry: dict) -> None:
    """Add one ledger entry's points (its column values) to every total it counts in: an upsert, safe
    under concurrency."""
    rows = [
        {"scope": scope, "scope_value": value, "period": period, "user_id": entry["user_id"],
         "points": entry["points"]}
        for scope, value in scopes_of(entry["neighborhood"], entry["department"])
        for period in period_keys(entry["earned_at"])
    ]  # fmt: skip
    statement = insert_for(session, PointsTotal)
    statement = statement.on_conflict_do_update(
        index_elements=["scope", "scope_value", "period", "user_id"],
        set_={"points": PointsTotal.points + statement.excluded.points},
    )
    session.execute(statement, rows)


def all_time_key(user_id: int) -> TotalKey:
    """The total that is a person's balance: the city, all time."""
    return (CITY, "", ALL_TIME_KEY, user_id)


def rebuild(session: Session) -> int:
    """Throw the totals away and recount them from the ledger; returns how many rows were written."""
    session.execute(delete(PointsTotal))
    entries = pd.DataFrame(
        session.execute(select(PointsEntry.user_id, PointsEntry.points, PointsEntry.neighborhood,
                               PointsEntry.department, PointsEntry.earned_at)).all(),
        columns=["user_id", "points", "neighborhood", "department", "earned_at"],
    )  # fmt: skip
    written = 0
    for part in _totals_from(entries):
        for start in range(0, len(part), INSERT_BATCH):
            batch = part.iloc[start : start + INSERT_BATCH].to_dict("records")
            session.execute(insert(PointsTotal.__table__), batch)
        written += len(part)
    return written


def _totals_from(entries: pd.DataFrame) -> Iterator[pd.DataFrame]:
    """The entries summed per scope, period and person, one scope × period at a time (so a big ledger
    never needs all its totals in memory at once). Period keys come from `period_keys` per local day."""
    if entries.empty:
        return
    earned = pd.to_datetime(entries["earned_at"], utc=True)
    days = earned.dt.tz_convert(BOSTON_TZ).dt.floor("D")
    keys = {day: period_keys(day.to_pydatetime()) for day in days.unique()}
    for position in range(len(next(iter(keys.values())))):
        period = days.map({day: names[position] for day, names in keys.items()})
        for scope, column in ((CITY, None), (NEIGHBORHOOD, "neighborhood"), (DEPARTMENT, "department")):
            value = pd.Series("", index=entries.index) if column is None else entries[column].fillna("")
            part = pd.DataFrame({"scope": scope, "scope_value": value, "period": period,
                                 "user_id": entries["user_id"], "points": entries["points"]})  # fmt: skip
            part = part[part["scope_value"] != ""] if column else part
            summed = part.groupby(["scope", "scope_value", "period", "user_id"], as_index=False)["points"].sum()
            yield summed.astype({"user_id": int, "points": int})


def all_totals(session: Session) -> dict[TotalKey, int]:
    """Every total as a dict, to compare the incremental totals with a rebuild."""
    rows = session.execute(select(PointsTotal.scope, PointsTotal.scope_value, PointsTotal.period,
                                  PointsTotal.user_id, PointsTotal.points))  # fmt: skip
    return {(scope, value, period, user): points for scope, value, period, user, points in rows}
