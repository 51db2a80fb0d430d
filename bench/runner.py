"""One benchmark run: every size, then the results printed and written to `bench/RESULTS.md`.

For each size it writes a synthetic 2015-layout export (see `bench/synthetic.py`), imports it into a
fresh database, and measures the import against a bare `executemany` and the map page against the
naive "every point" map (see `bench/import_speed.py`, `bench/map_speed.py`). The figures are printed
and written to `bench/RESULTS.md`, in the section of the backend used.
"""

from __future__ import annotations

import argparse
import os
import platform
import shlex
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from bench import databases, synthetic
from bench.import_speed import ImportFigures, time_executemany, time_import
from bench.map_speed import VIEWS, measure_view
from bench.results import RunInfo, SizeResult, section, target_checks, write_section

BENCH_DIR = Path(__file__).resolve().parent
OUT_DIR = BENCH_DIR / "out"  # git-ignored: synthetic exports and SQLite files
RESULTS = BENCH_DIR / "RESULTS.md"
DEFAULT_SIZES = "10000,100000,1000000"


def main(argv: list[str]) -> None:
    args = _arguments().parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",")]
    load_before = _load()
    with _server(args) as server_url:
        backend_key, backend = databases.describe(server_url)
        results = [_measure_size(size, server_url, args.seed) for size in sizes]
    info = _run_info(backend_key, backend, argv, load_before)
    body = section(info, results)
    write_section(RESULTS, info.backend_key, body)
    print("\n" + body)
    print(f"written to {RESULTS}")


def _measure_size(size: int, server_url: str | None, seed: int) -> SizeResult:
    export = synthetic.write_export(OUT_DIR / f"synthetic_311_{size}_seed{seed}.csv.gz", size, seed)
    print(f"{size:,} reports: wrote {export.name}", flush=True)
    with databases.fresh_database(server_url, f"bench_{size}", OUT_DIR) as engine:
        rows, seconds = time_import(engine, export)
        print(f"  import: {rows:,} rows in {seconds:.2f} s", flush=True)
        with databases.fresh_database(server_url, f"bench_{size}_baseline", OUT_DIR) as bare:
            imported = ImportFigures(rows, seconds, time_executemany(engine, bare))
        print(f"  executemany: {imported.baseline_rows_per_second:,.0f} rows/s; "
              f"import {imported.rows_per_second:,.0f} rows/s, ratio {imported.ratio:.2f}", flush=True)  # fmt: skip
        maps = []
        for view in VIEWS:
            figures = measure_view(engine, view)
            maps.append(figures)
            print(f"  map '{view}': {figures.reports:,} reports as {figures.mode}, "
                  f"ours {figures.ours.median_seconds:.3f} s / {figures.ours.json_bytes:,} B, "
                  f"naive {figures.naive.median_seconds:.3f} s / {figures.naive.json_bytes:,} B", flush=True)  # fmt: skip
    result = SizeResult(size, imported, maps)
    for check in target_checks(result):
        print(f"  {check}", flush=True)
    return result


@contextmanager
def _server(args: argparse.Namespace) -> Iterator[str | None]:
    """The PostgreSQL server to use, if any; a throwaway one lives only as long as the run."""
    if not args.throwaway_postgres:
        yield args.database_url
        return
    from tests import pgserver  # the test suite's throwaway server, so only this option needs it

    server = pgserver.start()
    try:
        yield server.url
    finally:
        pgserver.stop(server)


def _run_info(backend_key: str, backend: str, argv: list[str], load_before: str) -> RunInfo:
    python = os.path.relpath(sys.executable) if sys.executable.startswith(os.getcwd()) else "python"
    return RunInfo(
        backend_key=backend_key,
        backend=backend,
        date=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        # The load says whether other work shared the CPUs with the run.
        machine=f"{len(os.sched_getaffinity(0))} CPUs (nproc), {platform.machine()}; "
        f"1-minute load average {load_before} at the start, {_load()} at the end",
        python=platform.python_version(),
        command=shlex.join([python, "bench/map_bench.py", *argv]),
    )


def _load() -> str:
    return f"{os.getloadavg()[0]:.1f}"


def _arguments() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=DEFAULT_SIZES, help=f"comma-separated (default {DEFAULT_SIZES})")
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--database-url",
        help="a PostgreSQL server URL: each size gets a new database on it, dropped afterwards "
        "(default: a fresh SQLite file per size in bench/out/)",
    )
    where.add_argument(
        "--throwaway-postgres", action="store_true",
        help="start a private PostgreSQL server for the run (needs Debian's postgresql binaries)",
    )  # fmt: skip
    parser.add_argument("--seed", type=int, default=2015, help="seed of the synthetic data (default 2015)")
    return parser
