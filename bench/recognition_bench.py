"""How the leaderboard page's queries hold up with a million reports and 100,000 people.

    python bench/recognition_bench.py [--reports 1000000] [--users 100000] [--database-url URL]

Writes synthetic raw data straight into a fresh database (`bench/databases.py`): people (a third opted
in, 1 % deactivated), reports over the last year with who filed them, when staff acknowledged and
closed them (3 % closed as spam) and residents' "me too"s. From those it writes the points ledger the
rules would have written (awards, and reversals for the spam), builds the running totals from the
ledger (`totals.rebuild`), then times every query the leaderboard page makes (ours) against the same
answer computed from the raw tables by one SQL query each, without the ledger or its totals
(baseline), checks the answers are equal, and writes the `## Recognition` section of bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shlex
import statistics
import sys
import time
import timeit
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from sqlalchemy import Engine, and_, func, insert, literal, select, union_all  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from bench import databases  # noqa: E402
from portal.accounts.models import User
from portal.accounts.permissions import Actor  # noqa: E402
from portal.config import BOSTON_TZ  # noqa: E402
from portal.db import session_factory, transaction  # noqa: E402
from portal.maps.geo import boston  # noqa: E402
from portal.recognition import badges, rules, totals  # noqa: E402
from portal.recognition.badges import badges_for  # noqa: E402
from portal.recognition.leaderboard import Period, leaderboard, period_start, standing  # noqa: E402
from portal.recognition.ledger import balance, ledger_for  # noqa: E402
from portal.recognition.models import PointsEntry, PointsTotal
from portal.recognition.periods import period_key  # noqa: E402
from portal.reports.models import Report, ReportStatus, ReportSupport, ServiceType
from tests import pgserver  # noqa: E402

BENCH_DIR = Path(__file__).resolve().parent
OUT_DIR = BENCH_DIR / "out"
RESULTS = BENCH_DIR / "RESULTS.md"
TARGET_SECONDS = 0.1
OURS_RUNS, BASELINE_RUNS = 7, 3
BATCH = 50_000
DEPARTMENTS = ["PWDx", "BTDT", "PROP", "ISD", "PARK", "BWSC", "INFO", "GEN_"]
SPAM = "Spam"
LEDGER_PAGE = 200
POINTS = {code: rule.points for code, rule in rules.POINTS_RULES.items()}


def _insert(session: Session, table, records: list[dict]) -> None:
    for start in range(0, len(records), BATCH):
        session.execute(insert(table), records[start : start + BATCH])


def build(engine: Engine, reports: int, users: int, seed: int, now: datetime) -> dict[str, float]:
    """Raw tables, then the ledger derived from them, then the totals; returns seconds per step."""
    rng = np.random.default_rng(seed)
    seconds: dict[str, float] = {}
    start = time.perf_counter()
    with transaction(engine) as session:
        _insert(session, User.__table__, [
            {"id": i + 1, "username": f"resident{i}", "email": f"r{i}@example.org", "display_name": f"Resident {i}",
             "role": "resident", "show_name_publicly": bool(public), "active": bool(active)}
            for i, (public, active) in enumerate(zip(rng.random(users) < 0.33, rng.random(users) >= 0.01))
        ])  # fmt: skip
        _insert(session, ServiceType.__table__, [
            {"id": i + 1, "subject": d, "reason": "Reason", "name": f"Type {i}", "department": d}
            for i, d in enumerate(DEPARTMENTS * 4)
        ])  # fmt: skip
        raw = _raw_reports(rng, reports, users, len(DEPARTMENTS) * 4, now)
        _insert(session, Report.__table__, raw.to_dict("records"))
        supports = _supports(rng, raw, users, now)
        _insert(session, ReportSupport.__table__, supports.to_dict("records"))
    seconds["raw tables"] = time.perf_counter() - start
    start = time.perf_counter()
    with transaction(engine) as session:
        _insert(session, PointsEntry.__table__, _ledger(raw, supports).to_dict("records"))
    seconds["ledger"] = time.perf_counter() - start
    start = time.perf_counter()
    with transaction(engine) as session:
        totals.rebuild(session)
    seconds["totals from the ledger"] = time.perf_counter() - start
    if engine.dialect.name == "postgresql":
        # What autovacuum does after a bulk load: planner statistics and the visibility map that
        # index-only counts rely on.
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE")
    return seconds


def _raw_reports(rng: np.random.Generator, n: int, users: int, types: int, now: datetime) -> pd.DataFrame:
    """Reports over the last year; 55 % from signed-in residents, a few of them very active."""
    def times(base: pd.Series, most_days: float) -> pd.Series:
        return base + pd.to_timedelta(rng.random(n) * most_days * 86_400, unit="s")

    weights = 1 / np.arange(1, users + 1) ** 0.6
    reporter = np.where(rng.random(n) < 0.55, rng.choice(users, n, p=weights / weights.sum()) + 1, 0)
    opened = pd.Series(pd.Timestamp(now) - pd.to_timedelta(rng.random(n) * 365 * 86_400, unit="s"))
    acknowledged = times(opened, 2).where(rng.random(n) < 0.7)
    closed = times(acknowledged.fillna(opened), 20).where(rng.random(n) < 0.85)
    acknowledged, closed = acknowledged.where(acknowledged < now), closed.where(closed < now)
    neighborhood = pd.Series(rng.choice(sorted(boston().names), n)).where(rng.random(n) >= 0.05)
    return pd.DataFrame({
        "id": np.arange(1, n + 1), "public_id": [f"B{i:09d}" for i in range(n)],
        "service_type_id": rng.integers(1, types + 1, n), "title": "Pothole",
        "status": np.where(closed.notna(), ReportStatus.CLOSED, np.where(acknowledged.notna(), ReportStatus.ACKNOWLEDGED, ReportStatus.OPEN)),
        "closure_reason": np.where(closed.notna(), np.where(rng.random(n) < 0.03, SPAM, "Case Resolved"), ""),
        "opened_at": _py(opened), "acknowledged_at": _py(acknowledged), "closed_at": _py(closed),
        "neighborhood": neighborhood.astype(object).where(neighborhood.notna(), None),
        "source": "Civic Portal", "reporter_id": pd.Series(reporter, dtype=object).where(reporter > 0, None),
    })  # fmt: skip


def _supports(rng: np.random.Generator, raw: pd.DataFrame, users: int, now: datetime) -> pd.DataFrame:
    """About 0.3 "me too" per report, by people other than the reporter, once per person and report."""
    picks = rng.integers(0, len(raw), int(len(raw) * 0.3))
    frame = pd.DataFrame({"report_id": raw["id"].to_numpy()[picks], "user_id": rng.integers(1, users + 1, len(picks)),
                          "created_at": raw["opened_at"].to_numpy()[picks]})  # fmt: skip
    frame["created_at"] = pd.to_datetime(frame["created_at"], utc=True) + pd.to_timedelta(rng.random(len(frame)) * 3, unit="D")
    frame = frame[(frame["created_at"] < now) & (frame["user_id"] != raw["reporter_id"].to_numpy()[picks])]
    frame = frame.drop_duplicates(["report_id", "user_id"]).reset_index(drop=True)
    return frame.assign(source="resident", created_at=_py(frame["created_at"]))


def _ledger(raw: pd.DataFrame, supports: pd.DataFrame) -> pd.DataFrame:
    """The entries the rules give for the raw data, plus a reversal for each entry of a spam report."""
    types = pd.Series(DEPARTMENTS * 4, index=range(1, len(DEPARTMENTS) * 4 + 1))
    by_reporter = raw[raw["reporter_id"].notna()]
    parts = [
        by_reporter[by_reporter["acknowledged_at"].notna()].assign(rule=rules.REPORT_ACKNOWLEDGED, at=lambda f: f["acknowledged_at"]),
        by_reporter[by_reporter["closed_at"].notna() & (by_reporter["closure_reason"] != SPAM)]
        .assign(rule=rules.REPORT_FIXED, at=lambda f: f["closed_at"]),
    ]  # fmt: skip
    parts = [p.rename(columns={"reporter_id": "user_id"}) for p in parts]
    backed = supports.merge(raw, left_on="report_id", right_on="id", suffixes=("", "_report"))
    parts.append(backed.assign(rule=rules.ME_TOO, at=backed["created_at"], id=backed["report_id"]))
    entries = pd.concat([p[["user_id", "rule", "id", "at", "neighborhood", "service_type_id", "closure_reason"]]
                         for p in parts], ignore_index=True)  # fmt: skip
    entries = pd.DataFrame({
        "id": np.arange(1, len(entries) + 1), "user_id": entries["user_id"].astype(int), "rule": entries["rule"],
        "points": entries["rule"].map(POINTS), "subject_key": "report:" + entries["id"].astype(str),
        "report_id": entries["id"], "reason": entries["rule"].map(lambda r: rules.POINTS_RULES[r].title),
        "neighborhood": entries["neighborhood"], "department": entries["service_type_id"].map(types),
        "created_at": entries["at"], "earned_at": entries["at"], "spam": entries["closure_reason"] == SPAM,
    })  # fmt: skip
    spam = entries[entries.pop("spam")]
    reversals = spam.assign(id=np.arange(len(entries) + 1, len(entries) + len(spam) + 1), points=-spam["points"],
                            subject_key="reverses:" + spam["id"].astype(str), reverses_id=spam["id"],
                            reason="Closed as spam.")  # fmt: skip
    both = pd.concat([entries, reversals], ignore_index=True)
    both["reverses_id"] = pd.Series([None if pd.isna(v) else int(v) for v in both["reverses_id"]], dtype=object)
    for column in ("created_at", "earned_at"):
        both[column] = _py(pd.to_datetime(both[column], utc=True))
    return both


def _py(times: pd.Series) -> pd.Series:
    """Aware Python datetimes (None where missing), as the UtcDateTime column takes them."""
    return pd.Series([None if t is pd.NaT else t.to_pydatetime() for t in times.dt.floor("us")], index=times.index,
                     dtype=object)


def raw_points(start: datetime | None):
    """The baseline: every point the rules give, straight from reports and supports (no ledger)."""
    reports, department = Report.__table__.c, ServiceType.department
    fixed = and_(reports.closed_at.is_not(None), reports.closure_reason != SPAM)
    parts = [
        select(reports.reporter_id.label("user_id"), literal(POINTS[rules.REPORT_ACKNOWLEDGED]).label("points"),
               reports.acknowledged_at.label("at"), reports.neighborhood, department)
        .join(ServiceType).where(reports.reporter_id.is_not(None), reports.acknowledged_at.is_not(None)),
        select(reports.reporter_id, literal(POINTS[rules.REPORT_FIXED]), reports.closed_at, reports.neighborhood,
               department).join(ServiceType).where(reports.reporter_id.is_not(None), fixed),
        select(ReportSupport.user_id, literal(POINTS[rules.ME_TOO]), ReportSupport.created_at, reports.neighborhood,
               department).join(Report, Report.id == ReportSupport.report_id).join(ServiceType),
    ]  # fmt: skip
    # Spam earns nothing: acknowledgements and "me too"s of spam reports drop out here.
    parts[0] = parts[0].where(reports.closure_reason != SPAM)
    parts[2] = parts[2].where(Report.closure_reason != SPAM)
    if start is not None:
        parts = [p.where(column >= start) for p, column in
                 zip(parts, (reports.acknowledged_at, reports.closed_at, ReportSupport.created_at))]  # fmt: skip
    return union_all(*parts).subquery()


def raw_board(session: Session, period: Period, now: datetime, scope: dict, limit: int = 20) -> list[tuple[int, int]]:
    points = raw_points(period_start(period, now))
    total = func.sum(points.c.points)
    query = (select(points.c.user_id, total).join(User, User.id == points.c.user_id)
             .where(User.active.is_(True), User.deleted_at.is_(None)).group_by(points.c.user_id).having(total > 0))  # fmt: skip
    if "neighborhood" in scope:
        query = query.where(points.c.neighborhood == scope["neighborhood"])
    if "department" in scope:
        query = query.where(points.c.department == scope["department"])
    return [tuple(row) for row in session.execute(query.order_by(total.desc(), points.c.user_id.desc()).limit(limit))]


def raw_standing(session: Session, user_id: int, period: Period, now: datetime) -> tuple[int, int | None, int]:
    sums = raw_points(period_start(period, now))
    total = func.sum(sums.c.points)
    board = (select(sums.c.user_id, total.label("points")).join(User, User.id == sums.c.user_id)
             .where(User.active.is_(True), User.deleted_at.is_(None)).group_by(sums.c.user_id).having(total > 0)).subquery()  # fmt: skip
    mine = session.scalar(select(board.c.points).where(board.c.user_id == user_id)) or 0
    of = session.scalar(select(func.count()).select_from(board))
    ahead = session.scalar(select(func.count()).select_from(board).where(board.c.points > mine))
    return mine, ahead + 1 if mine > 0 else None, of


def raw_history(session: Session, user_id: int, limit: int | None = None) -> list[tuple]:
    """The person's contributions from the raw tables, newest first (what their ledger shows)."""
    points = raw_points(None)
    newest = select(points).where(points.c.user_id == user_id).order_by(points.c.at.desc())
    return list(session.execute(newest if limit is None else newest.limit(limit)))


def raw_badges(session: Session, user_id: int) -> set[str]:
    """The points badges derived from the raw tables: fixes, first report, neighborhood weeks."""
    history = pd.DataFrame(raw_history(session, user_id), columns=["user_id", "points", "at", "neighborhood", "department"])
    fixes = int((history["points"] == POINTS[rules.REPORT_FIXED]).sum())
    weeks = pd.to_datetime(history["at"], utc=True).dt.tz_convert(BOSTON_TZ).dt.strftime("%G-%V")
    regular = history.assign(week=weeks).dropna(subset=["neighborhood"]).groupby("neighborhood")["week"].nunique()
    filed = session.scalar(select(func.count()).where(Report.reporter_id == user_id))
    earned = {"first_report": filed > 0, "first_fix": fixes >= 1, "ten_fixes": fixes >= badges.TEN_FIXES,
              "neighborhood_regular": bool(len(regular)) and regular.max() >= badges.REGULAR_WEEKS}  # fmt: skip
    return {code for code, yes in earned.items() if yes}


def timed(work: Callable[[], object], runs: int) -> tuple[float, object]:
    """The median seconds of `runs` calls (after one warm-up call), and the answer."""
    answer = work()
    return statistics.median(timeit.repeat(work, number=1, repeat=runs)), answer


def _last_on_board(session: Session, period: Period, now: datetime) -> int:
    lowest = (select(PointsTotal.user_id).join(User, User.id == PointsTotal.user_id)
              .where(PointsTotal.scope == totals.CITY, PointsTotal.period == period_key(period, now),
                     PointsTotal.points > 0, User.active.is_(True))
              .order_by(PointsTotal.points, PointsTotal.user_id.desc()).limit(1))  # fmt: skip
    return session.scalar(lowest)


def measure(engine: Engine, now: datetime) -> list[tuple[str, float, float, bool]]:
    """(query, ours s, baseline s, same answer) for every query the leaderboard page makes."""
    rows = []
    with session_factory(engine)() as session:
        top = leaderboard(session, Period.ALL_TIME, now=now, limit=1)[0].user_id
        badges.check(session, top, now)
        session.commit()
        neighborhood = session.scalar(select(Report.neighborhood).where(Report.neighborhood.is_not(None)).limit(1))
        for period in Period:
            for label, scope in (("city", {}), (neighborhood, {"neighborhood": neighborhood}),
                                 (DEPARTMENTS[0], {"department": DEPARTMENTS[0]})):  # fmt: skip
                ours_s, ours = timed(lambda: leaderboard(session, period, now=now, **scope), OURS_RUNS)
                base_s, base = timed(lambda: raw_board(session, period, now, scope), BASELINE_RUNS)
                same = [(r.user_id, r.points) for r in ours] == base
                rows.append((f"leaderboard · {period.value} · {label}", ours_s, base_s, same))
            last = _last_on_board(session, period, now)  # the most people ahead: the slowest count
            ours_s, ours = timed(lambda: standing(session, last, period, now=now), OURS_RUNS)
            base_s, base = timed(lambda: raw_standing(session, last, period, now), BASELINE_RUNS)
            rows.append((f"standing · {period.value} (last place, rank {ours.rank:,} of {ours.of:,})", ours_s, base_s,
                         (ours.points, ours.rank, ours.of) == base))  # fmt: skip
        ours_s, ours = timed(lambda: badges_for(session, top), OURS_RUNS)
        base_s, base = timed(lambda: raw_badges(session, top), BASELINE_RUNS)
        rows.append(("badges_for (the top person)", ours_s, base_s, {b.code for b in ours} == base))
        me = Actor(top, f"resident{top - 1}", "resident")
        ours_s, ours = timed(lambda: ledger_for(session, me, top, limit=LEDGER_PAGE), OURS_RUNS)
        base_s, base = timed(lambda: raw_history(session, top, LEDGER_PAGE), BASELINE_RUNS)
        # The ledger also lists reversals, so compare what it adds up to with the raw contributions.
        same = balance(session, top) == sum(row[1] for row in raw_history(session, top))
        rows.append((f"ledger_for (the top person's newest {len(ours)} entries)", ours_s, base_s, same))
    return rows


INTRO = (
    "## Recognition\n\n"
    "Written by `bench/recognition_bench.py`. Ours: the leaderboard page's functions on the running totals "
    f"(median of {OURS_RUNS} warm runs). Baseline: the same answer from the raw reports and supports in one "
    f"SQL query each, without the ledger or its totals (median of {BASELINE_RUNS}). \"same answer\" compares "
    f"the two. Target ≤ {TARGET_SECONDS * 1000:.0f} ms each. Ratio = ours ÷ baseline.\n"
)


def section(args: argparse.Namespace, backend: str, build_seconds: dict[str, float], rows: list, counts: dict) -> str:
    command = shlex.join([".venv/bin/python", "bench/recognition_bench.py", *sys.argv[1:]])
    lines = [
        f"### {backend}",
        "",
        f"- command: `{command}`",
        f"- date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
        (f"- machine: {len(os.sched_getaffinity(0))} CPUs (nproc), {platform.machine()}, shared with other "
         f"work; 1-minute load average {os.getloadavg()[0]:.1f} at the end"),
        (f"- load: {args.reports:,} reports, {args.users:,} people, {counts['supports']:,} \"me too\"s, "
         f"{counts['entries']:,} ledger entries, {counts['totals']:,} running totals; built in "
         + ", ".join(f"{name} {s:.0f} s" for name, s in build_seconds.items())),
        "",
        "| query | ours ms | baseline ms | ratio | same answer | target |",
        "|---|---:|---:|---:|---|---|",
    ]
    for name, ours, base, same in rows:
        lines.append(f"| {name} | {ours * 1000:.1f} | {base * 1000:.0f} | {ours / base:.4f} | "
                     f"{'yes' if same else 'NO'} | {'PASS' if ours <= TARGET_SECONDS else 'MISS'} |")  # fmt: skip
    return "\n".join(lines) + "\n"


def _replace_block(text: str, start: str, end: str, block: str, before: str) -> str:
    """`text` with the block between `start` and `end` replaced, or inserted before `before`."""
    pattern = re.compile(re.escape(start) + ".*?" + re.escape(end) + "\n", re.DOTALL)
    if pattern.search(text):
        return pattern.sub(lambda _: block, text)
    return text.replace(before, block + before, 1)


def write_section(backend_key: str, body: str) -> None:
    """This backend's part of the `## Recognition` section, keeping the other backend's and every other section."""
    outer_end = "<!-- /recognition -->"
    text = RESULTS.read_text()
    if outer_end not in text:
        text = text.rstrip("\n") + f"\n\n<!-- recognition -->\n{INTRO}\n{outer_end}\n"
    start, end = f"<!-- recognition:{backend_key} -->", f"<!-- /recognition:{backend_key} -->"
    RESULTS.write_text(_replace_block(text, start, end, f"{start}\n{body}{end}\n", before=outer_end))


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=1_000_000)
    parser.add_argument("--users", type=int, default=100_000)
    parser.add_argument("--database-url", help="a PostgreSQL server URL (default: SQLite in bench/out/)")
    parser.add_argument("--throwaway-postgres", action="store_true",
                        help="start a PostgreSQL server for this run (tests/pgserver.py) and stop it after")
    parser.add_argument("--seed", type=int, default=6)
    args = parser.parse_args(argv)
    if args.throwaway_postgres:
        server = pgserver.start()
        try:
            args.database_url = server.url
            run(args)
        finally:
            pgserver.stop(server)
    else:
        run(args)


def run(args: argparse.Namespace) -> None:
    now = datetime.now(timezone.utc).replace(microsecond=0)
    OUT_DIR.mkdir(exist_ok=True)
    with databases.fresh_database(args.database_url, f"recognition_{args.reports}", OUT_DIR) as engine:
        build_seconds = build(engine, args.reports, args.users, args.seed, now)
        print(build_seconds, flush=True)
        rows = measure(engine, now)
        with engine.connect() as connection:
            counts = {name: connection.scalar(select(func.count()).select_from(table)) for name, table in
                      (("supports", ReportSupport), ("entries", PointsEntry), ("totals", PointsTotal))}  # fmt: skip
        backend = databases.describe(args.database_url)[1]
    body = section(args, backend, build_seconds, rows, counts)
    write_section("postgresql" if args.database_url else "sqlite", body)
    print(body)


if __name__ == "__main__":
    main(sys.argv[1:])
