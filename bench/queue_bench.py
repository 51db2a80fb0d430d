"""How the staff queue's queries hold up at a million reports with 100,000 of them not closed.

    python bench/queue_bench.py [--reports 1000000] [--open 100000] [--database-url URL | --throwaway-postgres]
                                [--fresh]

Imports a synthetic 2015-layout export (`bench/synthetic.py`, needs ../shared) into a database
(`bench/databases.py`), then shapes it like a working queue: all but `--open` reports closed, 30 % of
the open ones acknowledged, 1 % reopened by their reporter, 20,000 "me too"s, one staff member who
last looked a day before the newest report. It times every query shape the queue page makes (a whole
`queue_page` call: three counts, the page's ids and its rows; or the map's points) against a baseline
measured in the same run (a primary-key page: 50 reports by id with their type), and writes its
section of bench/RESULTS.md. The built database (a SQLite file in bench/out/, or a database on the
server) stays and is reused by the next run; `--fresh` builds it again.
"""

from __future__ import annotations

import argparse
import os
import platform
import shlex
import statistics
import sys
import time
import timeit
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np
from sqlalchemy import Engine, func, insert, select, update

from bench import databases, synthetic
from bench.import_speed import time_import
from bench.results import write_section
from bench.runner import _server
from portal.accounts.models import Role, User
from portal.accounts.permissions import Actor
from portal.config import BOSTON_TZ
from portal.db import make_engine, session_factory, transaction, upgrade
from portal.reports.models import QueueMark, Report, ReportStatus, ReportSupport, ServiceType
from portal.reports.queue import QueueFilter, QueueOrder, QueueStatus, queue_choices, queue_page, queue_points

BENCH_DIR = Path(__file__).resolve().parent
OUT_DIR = BENCH_DIR / "out"
RESULTS = BENCH_DIR / "RESULTS.md"
TARGET_MS = 200
RUNS = 7
BATCH = 20_000
SUPPORTS = 20_000
STAFF = "bench-staff"


def build(engine: Engine, reports: int, open_reports: int, seed: int) -> None:
    """Import the synthetic export, then shape its open reports like a working queue."""
    path = OUT_DIR / f"queue_synthetic_{reports}_seed{seed}.csv.gz"
    export = path if path.exists() else synthetic.write_export(path, reports, seed)
    rows, seconds = time_import(engine, export)
    print(f"imported {rows:,} reports in {seconds:.0f} s", flush=True)
    rng = np.random.default_rng(seed)
    with transaction(engine) as session:
        newest = session.scalar(select(func.max(Report.opened_at)))
        ids = np.array(session.scalars(select(Report.id).where(Report.status != ReportStatus.CLOSED)).all())
        rng.shuffle(ids)
        keep, close = ids[:open_reports], ids[open_reports:]
        for start in range(0, len(close), BATCH):
            session.execute(update(Report).where(Report.id.in_(close[start:start + BATCH].tolist()))
                            .values(status=ReportStatus.CLOSED, closed_at=newest))  # fmt: skip
        acknowledged = keep[: len(keep) * 3 // 10].tolist()
        for start in range(0, len(acknowledged), BATCH):
            session.execute(update(Report).where(Report.id.in_(acknowledged[start:start + BATCH]))
                            .values(status=ReportStatus.ACKNOWLEDGED))  # fmt: skip
        reopened = keep[-len(keep) // 100 :].tolist()
        session.execute(update(Report).where(Report.id.in_(reopened)).values(reopened_at=newest - timedelta(days=2)))
        backed = rng.choice(keep, SUPPORTS, p=_zipf(len(keep)))
        session.execute(insert(ReportSupport), [{"report_id": int(i), "source": "resident"} for i in backed])
        staff = User(username=STAFF, email="staff@example.org", display_name="Bench staff", role=Role.STAFF)
        session.add(staff)
        session.flush()
        session.add(QueueMark(user_id=staff.id, seen_at=newest - timedelta(days=1)))
    if engine.dialect.name == "postgresql":
        # What autovacuum does after a bulk load: planner statistics and the visibility map.
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE")


def _zipf(n: int) -> np.ndarray:
    weights = 1 / np.arange(1, n + 1) ** 1.1
    return weights / weights.sum()


@contextmanager
def queue_database(server_url: str | None, args: argparse.Namespace) -> Iterator[Engine]:
    """The built database, reused when an earlier run left it complete (SQLite file or server database)."""
    OUT_DIR.mkdir(exist_ok=True)
    name = f"queue_{args.reports}_{args.open}"
    path = OUT_DIR / f"{name}.sqlite3"
    url = f"sqlite:///{path}" if server_url is None else databases.keep_postgres(server_url, name)
    if not args.fresh and (server_url is not None or path.exists()):
        engine = make_engine(url)
        upgrade(engine)
        with session_factory(engine)() as session:
            built = session.scalar(select(User.id).where(User.username == STAFF))
        if built:
            print(f"reusing {name}", flush=True)
            yield engine
            engine.dispose()
            return
        engine.dispose()
    with databases.fresh_database(server_url, name, OUT_DIR, keep=True) as engine:
        build(engine, args.reports, args.open, args.seed)
        yield engine


def shapes(session, newest: datetime) -> dict[str, tuple[QueueFilter, int] | QueueFilter]:
    """Every query shape the page makes: (filter, page) for a queue page, a bare filter for map points."""
    common_type = session.scalar(select(Report.service_type_id).where(Report.status != ReportStatus.CLOSED)
                                 .group_by(Report.service_type_id).order_by(func.count().desc()).limit(1))  # fmt: skip
    rare_type = session.scalar(select(Report.service_type_id).where(Report.status != ReportStatus.CLOSED)
                               .group_by(Report.service_type_id).having(func.count() >= 20)
                               .order_by(func.count()).limit(1))  # fmt: skip
    department = session.scalar(select(ServiceType.department).where(ServiceType.id == common_type))
    last_day = newest.astimezone(BOSTON_TZ).date()
    month, january = last_day.replace(day=1), last_day.replace(month=1, day=1)
    busy = QueueFilter(departments=(department,), neighborhoods=("Dorchester",), overdue=True)
    everything = QueueFilter()
    return {
        "default page (newest first)": (everything, 1),
        "page 1,000": (everything, 1000),
        "last page": (everything, 10**9),
        "oldest first": (QueueFilter(order=QueueOrder.OLDEST), 1),
        "overdue first": (QueueFilter(order=QueueOrder.OVERDUE), 1),
        "most supporters first": (QueueFilter(order=QueueOrder.SUPPORTED), 1),
        "most supporters, page 1,000": (QueueFilter(order=QueueOrder.SUPPORTED), 1000),
        "status: open": (QueueFilter(status=QueueStatus.OPEN), 1),
        "status: acknowledged, page 100": (QueueFilter(status=QueueStatus.ACKNOWLEDGED), 100),
        "status: reopened": (QueueFilter(status=QueueStatus.REOPENED), 1),
        "type: the commonest": (QueueFilter(type_ids=(common_type,)), 1),
        "type: a rare one": (QueueFilter(type_ids=(rare_type,)), 1),
        f"department: {department}": (QueueFilter(departments=(department,)), 1),
        f"department: {department}, page 100": (QueueFilter(departments=(department,)), 100),
        "neighborhood: Dorchester": (QueueFilter(neighborhoods=("Dorchester",)), 1),
        "source: Citizens Connect App": (QueueFilter(sources=("Citizens Connect App",)), 1),
        "overdue": (QueueFilter(overdue=True), 1),
        "overdue, most overdue first, page 100": (QueueFilter(overdue=True, order=QueueOrder.OVERDUE), 100),
        "opened in the last month": (QueueFilter(opened_from=month, opened_to=last_day), 1),
        "opened in one January": (QueueFilter(opened_from=january, opened_to=january.replace(day=31)), 1),
        "new since I last looked": (QueueFilter(only_new=True), 1),
        "department + neighborhood + overdue": (busy, 1),
        "map points (1,000 newest)": everything,
        f"map points, department {department}": QueueFilter(departments=(department,)),
    }


def timed(work: Callable[[], object]) -> float:
    """Median milliseconds of `RUNS` calls after one warm-up call."""
    work()
    return statistics.median(timeit.repeat(work, number=1, repeat=RUNS)) * 1000


def measure(engine: Engine) -> tuple[float, list[tuple[str, float, str]], dict[str, int]]:
    """The baseline's ms, then (shape, ms, what it found) for every shape, and the data's counts."""
    with session_factory(engine)() as session:
        staff = session.scalar(select(User).where(User.username == STAFF))
        actor = Actor(staff.id, staff.username, Role(staff.role))
        newest = session.scalar(select(func.max(Report.opened_at)))
        middle = session.scalar(select(func.max(Report.id))) // 2
        baseline_query = (select(Report.public_id, Report.opened_at, Report.status, ServiceType.name).join(ServiceType)
                          .where(Report.id > middle).order_by(Report.id).limit(50))  # fmt: skip
        baseline = timed(lambda: session.execute(baseline_query).all())
        rows = []
        for name, shape in shapes(session, newest).items():
            if isinstance(shape, QueueFilter):
                found = queue_points(session, actor, shape, now=newest)
                ms = timed(lambda shape=shape: queue_points(session, actor, shape, now=newest))
                rows.append((name, ms, f"{len(found):,} points"))
            else:
                f, page = shape
                result = queue_page(session, actor, f, page, now=newest)
                ms = timed(lambda f=f, page=page: queue_page(session, actor, f, page, now=newest))
                rows.append((name, ms, f"page {result.page:,} of {result.pages:,}; {result.matching:,} matching"))
            print(f"  {name}: {ms:.1f} ms ({rows[-1][2]})", flush=True)
        choices = queue_choices(session, actor)
        rows.append(("filter choices (types, neighborhoods, sources)", timed(lambda: queue_choices(session, actor)),
                     f"{len(choices.types)} types, {len(choices.neighborhoods)} neighborhoods"))  # fmt: skip
        counts = {"reports": session.scalar(select(func.count()).select_from(Report)),
                  "open": session.scalar(select(func.count()).where(Report.status != ReportStatus.CLOSED))}  # fmt: skip
    return baseline, rows, counts


def section(args: argparse.Namespace, backend: str, baseline: float, rows: list, counts: dict, argv: list[str],
            load: tuple[str, str]) -> str:  # fmt: skip
    python = os.path.relpath(sys.executable) if sys.executable.startswith(os.getcwd()) else "python"
    lines = [
        f"## Staff queue — {backend}",
        "",
        f"- command: `{shlex.join([python, 'bench/queue_bench.py', *argv])}`",
        (f"- date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; {len(os.sched_getaffinity(0))} CPUs, "
         f"{platform.machine()}, Python {platform.python_version()}; 1-minute load {load[0]} at the start, "
         f"{load[1]} at the end"),
        (f"- data: {counts['reports']:,} reports, {counts['open']:,} not closed (30 % acknowledged, 1 % reopened), "
         f"{SUPPORTS:,} supporters; pages of 50"),
        *([] if args.database_url is None else [
            ("- server: started by `tests/pgserver.py` (PostgreSQL's defaults, fsync off), database built by an "
            "earlier run of the same command and reused; `--throwaway-postgres` starts one and builds it")]),
        f"- baseline: a primary-key page (50 reports by id with their type), {baseline:.2f} ms",
        "",
        ("Each figure is a whole `queue_page` call (open, matching and new counts, the page's ids, its rows), "
         f"a `queue_points` or a `queue_choices` call; warm median of {RUNS} runs."),
        "",
        "| query | ms | ÷ baseline | result | target |",
        "|---|---:|---:|---|---|",
    ]
    for name, ms, found in rows:
        verdict = "PASS" if ms <= TARGET_MS else "MISS"
        lines.append(f"| {name} | {ms:.1f} | {ms / baseline:.1f} | {found} | {verdict} (≤ {TARGET_MS} ms) |")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=1_000_000)
    parser.add_argument("--open", type=int, default=100_000, help="reports left not closed (default 100000)")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--database-url", help="a PostgreSQL server URL (default: SQLite in bench/out/)")
    where.add_argument("--throwaway-postgres", action="store_true", help="start a private PostgreSQL server")
    parser.add_argument("--fresh", action="store_true", help="build the SQLite database again")
    parser.add_argument("--seed", type=int, default=2015)
    args = parser.parse_args(argv)
    load_before = f"{os.getloadavg()[0]:.1f}"
    with _server(args) as server_url:
        backend_key, backend = databases.describe(server_url)
        with queue_database(server_url, args) as engine:
            baseline, rows, counts = measure(engine)
    body = section(args, backend, baseline, rows, counts, argv, (load_before, f"{os.getloadavg()[0]:.1f}"))
    write_section(RESULTS, f"queue-{backend_key}", body)
    print("\n" + body)
    print(f"written to {RESULTS}")


if __name__ == "__main__":
    main(sys.argv[1:])
