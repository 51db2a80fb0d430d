"""What a visitor waits for, in Debian's Chromium, on a city-sized database, beside the plain sign-in page.

    python bench/browser_bench.py [--reports 1000000] [--database-url URL | --throwaway-postgres]

Builds a database of synthetic reports (`bench/synthetic.py`, imported and summarised once, then kept
under `--cache-dir`, outside the repository), starts the app with `streamlit run` as a visitor meets
it, and times in headless Chromium (Playwright) three visits of each page, each in a new browser
context, and takes the median: the sign-in page (Streamlit's own floor: the baseline), the live map
until its deck is drawn and the browser's main thread is free again (and until the deck's message
arrived from the server), ten visitors opening the map at once (both again), the dashboard's first
visit after an import (`python -m portal import-311` of 1,000 new cases) and warm, the feed and the
leaderboards; then the server's CPU time while one map tab stays open and
idle. Each figure is printed in seconds and as a ratio to the sign-in page of the same run, and
written to its section of `bench/RESULTS.md`.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import shlex
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pandas as pd
from playwright.async_api import Browser, Page, WebSocket, async_playwright
from sqlalchemy import func, make_url, select

from bench import databases, synthetic
from bench.results import write_section
from portal.analytics.summary import rebuild
from portal.db import make_engine, session_factory, transaction, upgrade
from portal.imports.boston311 import US_DATE_FORMAT
from portal.imports.importer import import_311
from portal.reports.models import Report

RESULTS = ROOT / "bench" / "RESULTS.md"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]  # fmt: skip
VIEWPORT = {"width": 1400, "height": 900}
TIMEOUT_MS = 900_000  # ten visitors at once on a busy machine take minutes; a bench waits, it does not fail
NEW_CASES = 1_000  # imported before each first visit of the dashboard
NEW_CASES_DAYS = 7
DECK_BYTES = 50_000  # the map's deck: over 120 kB with the outlines alone; other messages are smaller
QUICK_FRAME_MS = 100  # two animation frames this quick in a row: the main thread is free again
SEED = 2015
Ready = Callable[[Page], Awaitable[None]]


@dataclass
class Figures:
    """Seconds of each visit, per measurement."""

    visits: dict[str, list[float]] = field(default_factory=dict)

    def add(self, name: str, seconds: float) -> None:
        self.visits.setdefault(name, []).append(seconds)
        print(f"  {name}: {seconds:.2f}", flush=True)

    def median(self, name: str) -> float:
        return statistics.median(self.visits[name])


# The database ------------------------------------------------------------------------------------


def cached_export(cache: Path, rows: int, seed: int) -> Path:
    path = cache / f"synthetic_311_{rows}_seed{seed}.csv.gz"
    return path if path.exists() else synthetic.write_export(path, rows, seed)


def prepared_database(server_url: str | None, reports: int, cache: Path) -> str:
    """A database with at least `reports` synthetic reports and their summary: built once, then reused."""
    if server_url is None:
        url = f"sqlite:///{cache / f'sqlite_{reports}.sqlite3'}"
    else:
        url = databases.keep_postgres(server_url, f"portal_bench_{reports}")
    engine = make_engine(url)
    upgrade(engine)
    with session_factory(engine)() as session:
        present = session.scalar(select(func.count()).select_from(Report))
    if present < reports:
        export = cached_export(cache, reports, SEED)
        print(f"importing {export.name} into {make_url(url).database}", flush=True)
        import_311(engine, export)
        with transaction(engine) as session:
            rebuild(session)
    engine.dispose()
    return url


def new_cases(cache: Path, visit: int) -> Path:
    """1,000 cases the database has never seen (fresh case ids), opened in the archive's last week, like
    the next export of a city that publishes weekly."""
    cases = pd.read_csv(cached_export(cache, NEW_CASES, visit), dtype=str, keep_default_na=False)
    first = 9 * 10**15 + time.time_ns() // 10**6 % 10**11 * 10**4
    cases["CASE_ENQUIRY_ID"] = [str(first + i) for i in range(len(cases))]
    opened = pd.to_datetime(cases["OPEN_DT"], format=US_DATE_FORMAT)
    year = synthetic.YEAR_START + pd.Timedelta(days=365)
    moved = year - pd.Timedelta(days=NEW_CASES_DAYS) + (opened - synthetic.YEAR_START) * NEW_CASES_DAYS / 365
    for column in ("OPEN_DT", "TARGET_DT", "CLOSED_DT"):
        times = pd.to_datetime(cases[column], format=US_DATE_FORMAT, errors="coerce") + (moved - opened)
        cases[column] = times.dt.strftime(US_DATE_FORMAT).fillna("")
    path = cache / f"new_cases_{visit}.csv"
    cases.to_csv(path, index=False)
    return path


def import_cases(url: str, path: Path) -> float:
    """The clerk's command, as run on the server: seconds it took (the summary refresh included)."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "portal", "import-311", str(path)], cwd=ROOT, check=True,
                   env={**os.environ, "DATABASE_URL": url}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    return time.perf_counter() - start


# The app -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Server:
    url: str
    pid: int


@contextmanager
def app_server(database: str, log: Path, script: Path = ROOT / "streamlit_app.py") -> Iterator[Server]:
    from tests.pgserver import free_port

    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--server.fileWatcherType", "none",
         "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env={**os.environ, "DATABASE_URL": database, "PORTAL_MODE": "demo"},
        stdout=log.open("w"), stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, process, log)
        yield Server(url, process.pid)
    finally:
        process.terminate()
        process.wait(timeout=30)


def _wait_healthy(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited early:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"streamlit did not answer at {url}")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (from /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# What "ready" means per page ---------------------------------------------------------------------


async def script_done(page: Page) -> None:
    await page.wait_for_function(
        "() => document.querySelector('[data-testid=stApp]')?.dataset.testScriptState === 'notRunning'",
        timeout=TIMEOUT_MS,
    )


async def main_thread_free(page: Page) -> None:
    """Wait for two quick animation frames in a row: whatever drawing the page started is done."""
    await page.evaluate(f"""() => new Promise(done => {{
        let quick = 0, last = performance.now();
        const frame = now => {{
            quick = now - last < {QUICK_FRAME_MS} ? quick + 1 : 0;
            last = now;
            if (quick >= 2) done(); else requestAnimationFrame(frame);
        }};
        requestAnimationFrame(frame);
    }})""")


def shows(text: str, then: str | None = None, count: int = 1) -> Ready:
    """Ready when `text` is on the page, the script has finished, and `count` elements match `then` (a CSS
    selector: say, a drawn chart)."""

    async def ready(page: Page) -> None:
        await page.get_by_text(text).first.wait_for(timeout=TIMEOUT_MS)
        await script_done(page)
        if then:
            await page.locator(then).last.wait_for(timeout=TIMEOUT_MS)
            await page.wait_for_function("([css, n]) => document.querySelectorAll(css).length >= n", arg=[then, count],
                                         timeout=TIMEOUT_MS)  # fmt: skip
        await main_thread_free(page)

    return ready


SIGN_IN = shows("Username")
MAP = shows("Boston 311 reports", "[data-testid=stDeckGlJsonChart] canvas")
FEED = shows("Atom feed")
DASHBOARD = shows("Neighborhood map", "[data-testid=stVegaLiteChart] svg.marks", count=5)  # 4 charts and the map
LEADERBOARDS = shows("Who takes part", "[data-testid=stVegaLiteChart] svg.marks", count=4)  # the trend, 3 measures


@dataclass(frozen=True)
class Visit:
    seconds: float  # from navigation until the page is ready
    busy: float  # the browser's main thread busy in that time (Chromium's TaskDuration)
    deck_arrived: float | None  # from navigation until the server's deck reached the browser, if one came

    def deck_seconds(self) -> float:
        if self.deck_arrived is None:
            raise RuntimeError(f"no WebSocket message of {DECK_BYTES:,} bytes or more came: where is the deck?")
        return self.deck_arrived


async def visit(browser: Browser, url: str, ready: Ready) -> Visit:
    """One visit in a new browser context, watching the page's WebSocket for the deck's message: its
    arrival is the server's part of the wait, before the browser's own drawing."""
    context = await browser.new_context(viewport=VIEWPORT)
    arrivals: list[float] = []

    def watch(socket: WebSocket) -> None:
        socket.on("framereceived", lambda payload: len(payload) >= DECK_BYTES and arrivals.append(time.perf_counter()))

    try:
        page = await context.new_page()
        page.on("websocket", watch)
        cdp = await context.new_cdp_session(page)
        await cdp.send("Performance.enable")
        start = time.perf_counter()
        await page.goto(url, timeout=TIMEOUT_MS)
        await ready(page)
        seconds = time.perf_counter() - start
        metrics = {m["name"]: m["value"] for m in (await cdp.send("Performance.getMetrics"))["metrics"]}
        deck = arrivals[0] - start if arrivals else None
        return Visit(seconds, metrics.get("TaskDuration", 0.0), deck)
    finally:
        await context.close()


async def idle_cpu_per_minute(browser: Browser, server: Server, seconds: float, ready: Ready = MAP) -> float:
    """Server CPU seconds per minute while one tab (the map, drawn) stays open and untouched."""
    context = await browser.new_context(viewport=VIEWPORT)
    try:
        page = await context.new_page()
        await page.goto(server.url, timeout=TIMEOUT_MS)
        await ready(page)
        before = cpu_seconds(server.pid)
        await asyncio.sleep(seconds)
        return (cpu_seconds(server.pid) - before) * 60 / seconds
    finally:
        await context.close()


# One run ------------------------------------------------------------------------------------------


async def measure(server: Server, database: str, args: argparse.Namespace) -> Figures:
    figures = Figures()
    pages = {"sign-in page": ("sign_in", SIGN_IN), "live map, until the deck is drawn": ("", MAP),
             "feed": ("feed", FEED), "leaderboards": ("leaderboards", LEADERBOARDS)}  # fmt: skip
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        print("warming up: each page once", flush=True)
        for path, ready in [*pages.values(), ("dashboard", DASHBOARD)]:
            await visit(browser, f"{server.url}/{path}", ready)
        for name, (path, ready) in pages.items():
            for _ in range(args.visits):
                seen = await visit(browser, f"{server.url}/{path}", ready)
                figures.add(name, seen.seconds)
                if ready is MAP:
                    figures.add("map: browser main thread busy", seen.busy)
                    figures.add(MAP_SERVED, seen.deck_seconds())
        before = cpu_seconds(server.pid)
        crowd = await asyncio.gather(*(visit(browser, server.url, MAP) for _ in range(args.crowd)))
        crowd_cpu = cpu_seconds(server.pid) - before
        for seen in crowd:
            figures.add(f"{args.crowd} {CROWD}", seen.seconds)
        for seen in crowd:
            figures.add(f"{args.crowd} {CROWD_SERVED}", seen.deck_seconds())
        figures.add(f"{args.crowd} {CROWD_CPU}", crowd_cpu)
        for number in range(args.visits):
            figures.add(
                "import-311 of 1,000 new cases (command)",
                import_cases(database, new_cases(args.cache_dir, number + 1)),
            )
            figures.add(
                "dashboard, first visit after an import",
                (await visit(browser, f"{server.url}/dashboard", DASHBOARD)).seconds,
            )
        for _ in range(args.visits):
            figures.add("dashboard warm", (await visit(browser, f"{server.url}/dashboard", DASHBOARD)).seconds)
        figures.add(IDLE, await idle_cpu_per_minute(browser, server, args.idle_seconds))
        with app_server(database, args.cache_dir / "floor.log", _floor_app(args.cache_dir)) as floor:
            figures.add(IDLE_FLOOR, await idle_cpu_per_minute(browser, floor, args.idle_seconds, FLOOR_READY))
        await browser.close()
    return figures


def _floor_app(cache: Path) -> Path:
    """A one-line Streamlit app: what any Streamlit server costs while a tab is open (its own timers and the
    polling of its config and secrets files), measured the same way as ours."""
    script = cache / "floor_app.py"
    script.write_text(f"import streamlit as st\n\nst.write({FLOOR_TEXT!r})\n")
    return script


FLOOR_TEXT = "A one-line Streamlit app"
FLOOR_READY = shows(FLOOR_TEXT)


# The report ---------------------------------------------------------------------------------------

BASELINE = "sign-in page"
MAP_ALONE = "live map, until the deck is drawn"
CROWD = "visitors opening the map at once"
MAP_SERVED = "map: the deck arrives from the server"
CROWD_SERVED = "visitors at once: the deck arrives from the server"
CROWD_CPU = "visitors at once: the server's CPU-s for all of them"
IDLE = "idle map tab: server CPU-s per minute"
IDLE_FLOOR = "idle tab of a one-line Streamlit app: CPU-s per minute (the floor)"
# (measurement, goal as a ratio, to what); the targets, and the crowd's server part against the same.
GOALS = {
    MAP_ALONE: (2.0, BASELINE),
    CROWD: (4.0, MAP_ALONE),
    CROWD_SERVED: (4.0, MAP_SERVED),
    "dashboard, first visit after an import": (3.0, BASELINE),
    "dashboard warm": (2.0, BASELINE),
    "feed": (1.5, BASELINE),
    "leaderboards": (1.5, BASELINE),
}
IDLE_GOAL = 0.5
AGAINST = {MAP_ALONE: "the map alone", MAP_SERVED: "one visitor's deck"}


def table(figures: Figures) -> list[str]:
    baseline = figures.median(BASELINE)
    lines = ["| what | each visit | median | ÷ sign-in page | goal |", "|---|---|---:|---:|---|"]
    for name, seconds in figures.visits.items():
        median = figures.median(name)
        shown = (
            ", ".join(f"{s:.1f}" for s in sorted(seconds))
            if len(seconds) <= 10
            else f"{len(seconds)} visitors"
        )
        if name.endswith(CROWD_CPU):
            lines.append(f"| {name} | | {median:.2f} CPU-s | | |")
            continue
        if name in (IDLE, IDLE_FLOOR):
            goal = ""
            if name == IDLE and IDLE_FLOOR in figures.visits:
                ours = median - figures.median(IDLE_FLOOR)
                goal = f"≤ {IDLE_GOAL} CPU-s/min above the floor: {ours:.2f} {_verdict(ours <= IDLE_GOAL)}"
            lines.append(f"| {name} | {shown} | {median:.2f} CPU-s | | {goal} |")
            continue
        goal = ""
        for key, (limit, against) in GOALS.items():
            if name.endswith(key):
                ratio = median / figures.median(against)
                goal = f"≤ {limit}× {AGAINST.get(against, 'sign-in')}: {ratio:.2f}× {_verdict(ratio <= limit)}"
        label = "p50 " if name.endswith((CROWD, CROWD_SERVED)) else ""
        lines.append(f"| {name} | {shown} | {label}{median:.2f} s | {median / baseline:.2f}× | {goal} |")
    return lines


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def section(
    figures: Figures, args: argparse.Namespace, backend: str, load: tuple[str, str], argv: list[str]
) -> str:
    python = os.path.relpath(sys.executable) if sys.executable.startswith(os.getcwd()) else "python"
    return "\n".join([
        f"## In the browser: {args.reports:,} reports — {backend}",
        "",
        f"- date: {datetime.now(UTC):%Y-%m-%d %H:%M UTC}",
        (f"- machine: {len(os.sched_getaffinity(0))} CPUs (nproc), {platform.machine()}; 1-minute load average "
         f"{load[0]} at the start, {load[1]} at the end (other work shares this machine)"),
        f"- command: `{shlex.join([python, 'bench/browser_bench.py', *argv])}`",
        f"- Debian's Chromium {_chromium_version()}, headless, no GPU (deck.gl draws with SwiftShader, on the CPU)",
        "",
        (f"Seconds from navigation until the page is ready, each visit in a new browser context, after one "
        f"unmeasured visit of each page. Ready: the page's last element is there, the script run has finished "
        f"and two animation frames in a row came within {QUICK_FRAME_MS} ms (the browser's main thread is free "
        f"again; for the map, the deck is drawn). Main thread busy: Chromium's TaskDuration for a map visit. "
        f"The deck arrives: from navigation until the WebSocket message carrying the deck reached the browser, "
        f"the server's part of the wait; in the crowd, every visitor's browser draws on the same two cores and "
        f"one GPU process (SwiftShader), which real visitors, each on their own device, do not share; the "
        f"server's CPU time for the whole crowd says how much of the wait is the server's. "
        f"Each first dashboard visit follows `python -m portal import-311` of {NEW_CASES:,} new cases "
        f"opened in the data's last {NEW_CASES_DAYS} days "
        f"(seconds on the import row, its summary refresh included). Idle: CPU time of the `streamlit` process "
        f"over {args.idle_seconds:g} s with one drawn map tab open; the floor: the same for a one-line "
        f"Streamlit app started the same way, whose server polls its config and secrets files and keeps "
        f"the tab's connection whatever the page (on this machine that alone is well over 0.5 CPU-s a "
        f"minute), so the goal is judged on what the map adds above it."),
        "",
        *table(figures),
        "",
    ])  # fmt: skip


def _chromium_version() -> str:
    return subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, check=True).stdout.split()[
        1
    ]


@contextmanager
def _server_url(args: argparse.Namespace) -> Iterator[str | None]:
    if not args.throwaway_postgres:
        yield args.database_url
        return
    from tests import pgserver  # the test suite's throwaway server, so only this option needs it

    server = pgserver.start()
    try:
        yield server.url
    finally:
        pgserver.stop(server)


def main(argv: list[str]) -> None:
    args = _arguments().parse_args(argv)
    args.cache_dir.mkdir(parents=True, exist_ok=True)
    load_before = f"{os.getloadavg()[0]:.1f}"
    with _server_url(args) as server_url:
        key, backend = databases.describe(server_url)
        database = prepared_database(server_url, args.reports, args.cache_dir)
        with app_server(database, args.cache_dir / "streamlit.log") as server:
            figures = asyncio.run(measure(server, database, args))
    body = section(figures, args, backend, (load_before, f"{os.getloadavg()[0]:.1f}"), argv)
    write_section(RESULTS, f"browser-{key}-{args.reports}", body)
    print("\n" + body)
    print(f"written to {RESULTS}")


def _arguments() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--reports", type=int, default=1_000_000, help="reports in the database (default 1,000,000)"
    )
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--database-url", help="a PostgreSQL server URL: the bench keeps database "
                       "portal_bench_<reports> on it (default: a SQLite file in --cache-dir)")  # fmt: skip
    where.add_argument("--throwaway-postgres", action="store_true",
                       help="start a private PostgreSQL server for the run (the database is built each time)")  # fmt: skip
    parser.add_argument("--cache-dir", type=Path, default=Path("/tmp/portal-bench"),
                        help="where databases and exports are kept between runs (default /tmp/portal-bench)")  # fmt: skip
    parser.add_argument("--visits", type=int, default=3, help="visits of each page (default 3)")
    parser.add_argument("--crowd", type=int, default=10, help="visitors opening the map at once (default 10)")
    parser.add_argument(
        "--idle-seconds", type=float, default=60, help="how long the idle tab is watched (default 60)"
    )
    return parser


if __name__ == "__main__":
    main(sys.argv[1:])
