"""How the city dashboard holds up on a million synthetic reports, against pandas on the raw rows.

    python bench/dashboard_bench.py [--size 1000000] [--database-url URL]

Imports the map bench's synthetic export (`bench/synthetic.py`) into a fresh database
(`bench/databases.py`), then times: the first build of the daily counts, an incremental refresh after
1,000 reports close, and every table the dashboard page shows (ours) against reading the raw rows with
`pd.read_sql` and computing the same tables in pandas (baseline). It checks that the incremental counts
equal a recount and that our medians and p90s equal pandas' own, and writes its section of
`bench/RESULTS.md`.
"""

from __future__ import annotations

import argparse
import os
import platform
import shlex
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from sqlalchemy import select, update  # noqa: E402

from bench import databases, synthetic  # noqa: E402
from bench.import_speed import time_import  # noqa: E402
from bench.results import write_section  # noqa: E402
from portal import dashboard  # noqa: E402
from portal.analytics.areas import area  # noqa: E402
from portal.analytics.channels import channel  # noqa: E402
from portal.analytics.summary import recount, refresh  # noqa: E402
from portal.config import BOSTON_TZ  # noqa: E402
from portal.db import session_factory, transaction  # noqa: E402
from portal.models import DailyReportCount, Report, ReportStatus, ServiceType, utc_now  # noqa: E402

BENCH_DIR = Path(__file__).resolve().parent
OUT_DIR = BENCH_DIR / "out"
RESULTS = BENCH_DIR / "RESULTS.md"
RUNS = 3
CLOSED_IN_REFRESH = 1_000  # the newest open reports: staff close recent ones
LATER = timedelta(hours=1)


def our_tables(engine, period: dashboard.Period) -> dict:
    """What pages/dashboard.py reads for one period (after its refresh)."""
    with session_factory(engine)() as session:
        volume = dashboard.channel_volume(session, period)
        backlog = dashboard.backlog(session, utc_now())
        return {"volume": volume, "shares": dashboard.channel_shares(volume),
                "types": dashboard.by_type(session, period), "areas": dashboard.by_area(session, period, backlog),
                "ages": dashboard.backlog_by_age(backlog)}  # fmt: skip


def pandas_tables(engine, period: dashboard.Period) -> dict:
    """The baseline: every raw row into pandas, then the same tables there."""
    query = select(Report.opened_at, Report.closed_at, Report.target_at, Report.status, Report.source,
                   Report.neighborhood, Report.service_type_id)  # fmt: skip
    with engine.connect() as connection:
        raw = pd.read_sql(query, connection)
    for column in ("opened_at", "closed_at", "target_at"):
        raw[column] = pd.to_datetime(raw[column], utc=True, format="mixed")
    local = raw["opened_at"].dt.tz_convert(BOSTON_TZ)
    in_period = raw[(local.dt.date >= period.first) & (local.dt.date <= period.last)].copy()
    in_period["week"] = (local - pd.to_timedelta(local.dt.weekday, unit="D")).dt.date
    in_period["channel"] = in_period["source"].map(channel)
    in_period["area"] = in_period["neighborhood"].map(area)
    volume = in_period.groupby(["week", "channel"]).size()
    closed = in_period[(in_period["status"] == ReportStatus.CLOSED) & in_period["closed_at"].notna()].copy()
    closed["days"] = (closed["closed_at"] - closed["opened_at"]).dt.total_seconds() / 86_400
    closed["on_time"] = closed["closed_at"] <= closed["target_at"]
    by_type = closed.groupby("service_type_id")["days"].quantile([0.5, 0.9]).unstack()
    by_area = closed.groupby("area")["days"].quantile([0.5, 0.9]).unstack()
    open_now = raw[raw["status"] != ReportStatus.CLOSED]
    ages = pd.cut((pd.Timestamp.now(tz="UTC") - open_now["opened_at"]).dt.days, [-1, 7, 28, 91, 365, np.inf]).value_counts()
    return {"volume": volume, "types": by_type, "areas": by_area, "ages": ages}


def timed(work, runs: int = RUNS) -> tuple[float, object]:
    seconds, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = work()
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds), result


def counts_snapshot(engine) -> pd.DataFrame:
    with engine.connect() as connection:
        frame = pd.read_sql(select(DailyReportCount).order_by(DailyReportCount.id), connection).drop(columns="id")
    return frame.sort_values(["dimension", "day", "value"], ignore_index=True)


def run(size: int, server_url: str | None, seed: int) -> list[str]:
    # Its own copy: the map bench rewrites its export on every run, maybe while this one reads it.
    path = OUT_DIR / f"dashboard_synthetic_{size}_seed{seed}.csv.gz"
    export = path if path.exists() else synthetic.write_export(path, size, seed)
    with databases.fresh_database(server_url, f"dashboard_{size}", OUT_DIR) as engine:
        rows, import_seconds = time_import(engine, export)
        print(f"imported {rows:,} reports in {import_seconds:.1f} s", flush=True)
        with transaction(engine) as session:
            start = time.perf_counter()
            # As if the first refresh ran a while after the import: else the import's rows are still
            # within the refresh margin and the next refresh recounts them all again.
            refresh(session, now=utc_now() + LATER)
        first_build = time.perf_counter() - start
        with transaction(engine) as session:
            newest_open = (select(Report.id).where(Report.status == ReportStatus.OPEN)
                           .order_by(Report.opened_at.desc()).limit(CLOSED_IN_REFRESH))  # fmt: skip
            session.execute(update(Report).where(Report.id.in_(list(session.scalars(newest_open)))).values(
                status=ReportStatus.CLOSED, closed_at=utc_now(), updated_at=utc_now() + LATER))  # fmt: skip
        with transaction(engine) as session:
            start = time.perf_counter()
            days = refresh(session, now=utc_now() + 2 * LATER)
        incremental = time.perf_counter() - start
        incremental_counts = counts_snapshot(engine)
        with transaction(engine) as session:
            recount(session, None)
        equal = incremental_counts.equals(counts_snapshot(engine))
        with session_factory(engine)() as session:
            period = dashboard.default_period(session)
            year = dashboard.default_period(session, days=365)
        ours_seconds, ours = timed(lambda: our_tables(engine, period))
        pandas_seconds, theirs = timed(lambda: pandas_tables(engine, period))
        year_seconds, ours_year = timed(lambda: our_tables(engine, year))
        pandas_year_seconds, theirs_year = timed(lambda: pandas_tables(engine, year))
        types = ours["types"].set_index("type")
        gap = max(_largest_gap(engine, ours, theirs), _largest_gap(engine, ours_year, theirs_year))
        backend = databases.describe(server_url)[1]
    print(f"first build {first_build:.1f} s; refresh after {CLOSED_IN_REFRESH} closed: {incremental:.2f} s "
          f"({days} days); equal to a recount: {equal}; ours {ours_seconds:.2f} s, pandas {pandas_seconds:.2f} s; "
          f"largest median/p90 difference {gap:.2e} days; {len(types)} types shown")  # fmt: skip
    return [
        f"## Dashboard on {size:,} reports — {backend}",
        "",
        f"- date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
        f"- machine: {len(os.sched_getaffinity(0))} CPUs (nproc), {platform.machine()}; "
        f"1-minute load average {os.getloadavg()[0]:.1f} at the end",
        f"- command: `{shlex.join(['.venv/bin/python', 'bench/dashboard_bench.py', *sys.argv[1:]])}`",
        f"- data: `{export.name}` imported in {import_seconds:.0f} s",
        "",
        "| step | seconds | baseline seconds | ratio |",
        "|---|---:|---:|---:|",
        f"| every dashboard table, default period ({period.first} to {period.last}; median of {RUNS}) vs "
        f"`pd.read_sql` + pandas | {ours_seconds:.2f} | {pandas_seconds:.2f} | {ours_seconds / pandas_seconds:.3f} |",
        f"| the same for a whole year ({year.first} to {year.last}) | {year_seconds:.2f} "
        f"| {pandas_year_seconds:.2f} | {year_seconds / pandas_year_seconds:.3f} |",
        f"| first build of the daily counts (once) | {first_build:.1f} | | |",
        f"| refresh after the {CLOSED_IN_REFRESH:,} newest open reports closed ({days} days recounted) | {incremental:.2f} | | |",
        "",
        f"- incremental counts equal to a recount from scratch: **{'yes' if equal else 'NO'}**",
        f"- largest difference between our medians/p90s (types and areas) and pandas' on the raw rows: "
        f"{gap:.1e} days",
        "",
        "Ours reads the daily counts (a few rows per day and type, neighborhood or source) for volumes and "
        "on-time shares, and the open reports for the backlog. Nearly all of its time is the exact median "
        "and p90: without `percentile_cont` (SQLite) the database ranks every closed report of the period "
        "(a window function) twice, by type and by neighborhood, so the cost grows with the period: the "
        "page opens on the last 90 days and a whole year costs the second row. The page caches its tables "
        "for a minute. PostgreSQL (`percentile_cont`) is not measured here: run with `--database-url`.",
        "",
    ]


def _largest_gap(engine, ours: dict, theirs: dict) -> float:
    """Our percentiles against pandas', by type id and by area."""
    with session_factory(engine)() as session:
        ids = dict(session.execute(select(ServiceType.name, ServiceType.id)).all())
    mine = ours["types"].assign(service_type_id=ours["types"]["type"].map(ids)).set_index("service_type_id")
    gaps = []
    for frame, reference in ((mine, theirs["types"]), (ours["areas"].set_index("area"), theirs["areas"])):
        joined = frame[["median days", "p90 days"]].join(reference.round(1), how="inner")
        gaps.append((joined["median days"] - joined[0.5]).abs().max())
        gaps.append((joined["p90 days"] - joined[0.9]).abs().max())
    return float(max(gaps))


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--database-url", help="a PostgreSQL server URL (default: SQLite in bench/out/)")
    parser.add_argument("--seed", type=int, default=2015)
    args = parser.parse_args(argv)
    lines = run(args.size, args.database_url, args.seed)
    key = "dashboard-" + ("postgresql" if args.database_url else "sqlite")
    write_section(RESULTS, key, "\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main(sys.argv[1:])
