"""Import speed. As a command, what a clerk waits for: `python -m portal import-311` of a synthetic
real-layout export into a fresh database, end to end (start, parse, write, the summary's first build),
against two floors measured in the same run on the same file: Python's `csv` module feeding one
`executemany` INSERT of every row and column as text (no indexes, one transaction), and the database's
own CSV loader (`sqlite3 .import`, `psql \\copy`).

    python bench/import_speed.py [--reports 100000] [--database-url URL | --throwaway-postgres]

Writes its section of `bench/RESULTS.md`. The functions below are also used by `bench/map_bench.py`,
which compares the `import_311` call alone with an `executemany` of the rows it stored.

On SQLite the importer enlarges the page cache for its transaction, which makes inserts at a million
rows about 1.5 times as fast; the map bench's baseline gets the same cache, so its ratio shows only
what parsing and converting cost.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import os
import platform
import shlex
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import Engine

from bench import databases, synthetic
from portal.imports.importer import SQLITE_CACHE_KIB, import_311
from portal.maps.geo import boston
from portal.reports.models import Report, ServiceType

BASELINE_BATCH = 50_000  # the importer's own chunk size


@dataclass(frozen=True)
class ImportFigures:
    rows: int
    seconds: float
    baseline_seconds: float

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds

    @property
    def baseline_rows_per_second(self) -> float:
        return self.rows / self.baseline_seconds

    @property
    def ratio(self) -> float:
        """Our speed as a share of the bare insert's."""
        return self.rows_per_second / self.baseline_rows_per_second


def time_import(engine: Engine, path: Path) -> tuple[int, float]:
    """Rows inserted and seconds taken, parsing included (the outlines are loaded beforehand)."""
    neighborhoods = boston()
    start = time.perf_counter()
    summary = import_311(engine, path, neighborhoods=neighborhoods)
    return summary.inserted, time.perf_counter() - start


def time_executemany(source: Engine, target: Engine) -> float:
    """Seconds to executemany every report of `source` into the empty `target`, one transaction.

    Only the INSERT calls and the commit are timed; reading the rows back is not.
    """
    placeholder = "?" if target.dialect.dbapi.paramstyle == "qmark" else "%s"
    reading, writing = source.raw_connection(), target.raw_connection()
    if target.dialect.name == "sqlite":
        writing.cursor().execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
    try:
        _copy_table(reading, writing, ServiceType.__table__.name, _columns(ServiceType), placeholder)
        writing.commit()
        names = [name for name in _columns(Report) if name != "id"]
        insert = _insert_sql(Report.__table__.name, names, placeholder)
        cursor, out = reading.cursor(), writing.cursor()
        cursor.execute(f"SELECT {', '.join(names)} FROM {Report.__table__.name} ORDER BY id")
        seconds = 0.0
        while batch := cursor.fetchmany(BASELINE_BATCH):
            start = time.perf_counter()
            out.executemany(insert, batch)
            seconds += time.perf_counter() - start
        start = time.perf_counter()
        writing.commit()
        return seconds + time.perf_counter() - start
    finally:
        reading.close()
        writing.close()


def _columns(model: type) -> list[str]:
    return [column.name for column in model.__table__.columns]


def _insert_sql(table: str, names: list[str], placeholder: str) -> str:
    return f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join([placeholder] * len(names))})"


def _copy_table(reading, writing, table: str, names: list[str], placeholder: str) -> None:
    cursor = reading.cursor()
    cursor.execute(f"SELECT {', '.join(names)} FROM {table}")
    writing.cursor().executemany(_insert_sql(table, names, placeholder), cursor.fetchall())


# The command -----------------------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path("/tmp/portal-bench")  # outside the repository: exports and databases of the run
RAW_TABLE = "raw_311"


def time_cli_import(database_url: str, export: Path) -> float:
    """`python -m portal import-311 FILE`, as a clerk runs it: seconds from start to exit."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "portal", "import-311", str(export)], cwd=ROOT, check=True,
                   env={**os.environ, "DATABASE_URL": database_url}, stdout=subprocess.DEVNULL)  # fmt: skip
    return time.perf_counter() - start


def _raw_table(engine: Engine, header: list[str]) -> None:
    columns = ", ".join(f'"{name}" TEXT' for name in header)
    with engine.begin() as connection:
        connection.exec_driver_sql(f"DROP TABLE IF EXISTS {RAW_TABLE}")
        connection.exec_driver_sql(f"CREATE TABLE {RAW_TABLE} ({columns})")


def time_csv_executemany(engine: Engine, export: Path) -> float:
    """Python's csv module and one executemany of every row, all columns as text, in one transaction."""
    start = time.perf_counter()
    with gzip.open(export, "rt", newline="", encoding="utf-8") as source:
        rows = csv.reader(source)
        header = next(rows)
        _raw_table(engine, header)
        placeholder = "?" if engine.dialect.dbapi.paramstyle == "qmark" else "%s"
        insert = f"INSERT INTO {RAW_TABLE} VALUES ({', '.join([placeholder] * len(header))})"
        connection = engine.raw_connection()
        try:
            cursor = connection.cursor()
            while batch := [row for _, row in zip(range(BASELINE_BATCH), rows)]:
                cursor.executemany(insert, batch)
            connection.commit()
        finally:
            connection.close()
    return time.perf_counter() - start


def time_native_loader(engine: Engine, export: Path) -> float:
    """The database's own CSV loader on the decompressed file: `sqlite3 .import` or `psql \\copy`."""
    plain = CACHE / export.name.removesuffix(".gz")
    if not plain.exists():
        with gzip.open(export, "rb") as source, plain.open("wb") as target:
            shutil.copyfileobj(source, target)
    with plain.open(newline="", encoding="utf-8") as source:
        _raw_table(engine, next(csv.reader(source)))
    url = engine.url
    if url.get_backend_name() == "sqlite":
        command = ["sqlite3", url.database, f".import --csv --skip 1 {plain} {RAW_TABLE}"]
    else:
        target = url.set(drivername="postgresql").render_as_string(hide_password=False)
        command = ["psql", "-q", target, "-c", f"\\copy {RAW_TABLE} FROM '{plain}' CSV HEADER"]
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - start


def main(argv: list[str]) -> None:
    args = _arguments().parse_args(argv)
    CACHE.mkdir(parents=True, exist_ok=True)
    load_before = f"{os.getloadavg()[0]:.1f}"
    export = CACHE / f"synthetic_311_{args.reports}_seed{args.seed}.csv.gz"
    if not export.exists():
        synthetic.write_export(export, args.reports, args.seed)
    with _server(args) as server_url:
        key, backend = databases.describe(server_url)
        with databases.fresh_database(server_url, "import_speed", CACHE) as engine:
            ours = time_cli_import(engine.url.render_as_string(hide_password=False), export)
        print(f"import-311: {ours:.1f} s", flush=True)
        with databases.fresh_database(server_url, "import_speed_floor", CACHE) as engine:
            floors = {"csv + executemany": time_csv_executemany(engine, export),
                      "sqlite3 .import" if key == "sqlite" else "psql \\copy": time_native_loader(engine, export)}  # fmt: skip
        print(", ".join(f"{name}: {seconds:.1f} s" for name, seconds in floors.items()), flush=True)
    from bench.results import write_section  # bench.results reads this module's figures: import it late

    body = _section(args, argv, backend, ours, floors, (load_before, f"{os.getloadavg()[0]:.1f}"))
    write_section(ROOT / "bench" / "RESULTS.md", f"import-speed-{key}", body)
    print("\n" + body)


def _section(args, argv, backend: str, ours: float, floors: dict[str, float], load: tuple[str, str]) -> str:
    python = os.path.relpath(sys.executable) if sys.executable.startswith(os.getcwd()) else "python"
    rows = args.reports
    lines = [
        f"## Import speed: {rows:,} reports — {backend}",
        "",
        f"- date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
        (f"- machine: {len(os.sched_getaffinity(0))} CPUs, {platform.machine()}; 1-minute load average "
         f"{load[0]} at the start, {load[1]} at the end (other work shares this machine)"),
        f"- command: `{shlex.join([python, 'bench/import_speed.py', *argv])}`",
        "",
        ("`import-311` end to end (interpreter start, migrations check, parsing, geography, H3 cells, public "
         "ids, the write, the dashboard summary's first build) against loading the same file's rows as "
         "text into a table without indexes."),
        "",
        "| what | seconds | rows/s | our speed ÷ this |",
        "|---|---:|---:|---:|",
        f"| `python -m portal import-311` (ours) | {ours:.1f} | {rows / ours:,.0f} | |",
    ]
    lines += [f"| {name} | {seconds:.1f} | {rows / seconds:,.0f} | {seconds / ours:.2f}× |"
              for name, seconds in floors.items()]  # fmt: skip
    return "\n".join(lines) + "\n"


def _server(args):
    from bench.runner import _server as server  # the map bench's --throwaway-postgres

    return server(args)


def _arguments() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=100_000, help="rows in the export (default 100,000)")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--database-url", help="a PostgreSQL server URL (default: SQLite files in /tmp/portal-bench)")
    where.add_argument("--throwaway-postgres", action="store_true", help="start a private PostgreSQL server")
    parser.add_argument("--seed", type=int, default=2015, help="seed of the synthetic data (default 2015)")
    return parser


if __name__ == "__main__":
    main(sys.argv[1:])
