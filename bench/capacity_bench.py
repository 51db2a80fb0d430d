"""How many people one Streamlit replica serves, and what a second one behind nginx adds.

    python bench/capacity_bench.py [--sessions 10,25,50] [--database-url URL] [--idle-seconds 20]

Starts the production recipe itself (`deploy/serve.sh`, two replicas, nginx, the demo's 15,000 real
reports on PostgreSQL: the test suite's throwaway server unless `--database-url` names one), then for
each number of sessions opens that many Chromium tabs at once (one browser context each, so each is a
separate Streamlit session) against one replica directly, and against nginx in front of both. Each tab
is timed until the live map is drawn (the deck's canvas is there, the script has finished and the
browser's main thread is free again); p50 and p95 are reported. Meanwhile the replicas' CPU seconds
(from /proc) are taken per session: to draw, and per minute while every tab stays open and idle (the
map's refresh check keeps running), and their resident memory per open session. Loopback only; every
loop is bounded (`VISIT_TIMEOUT_MS` per tab). Writes its section of `bench/RESULTS.md`.

The baseline is the smallest wave on one replica in the same run: the knee is the first wave whose p95
is more than `KNEE_FACTOR` times that.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import shlex
import signal
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.async_api import Browser, async_playwright

from bench.browser_bench import CHROMIUM, CHROMIUM_ARGS, MAP, VIEWPORT, cpu_seconds
from bench.results import write_section

RESULTS = ROOT / "bench" / "RESULTS.md"
OUT = ROOT / "bench" / "out" / "capacity"
VISIT_TIMEOUT_MS = 600_000
STARTUP_SECONDS = 600
KNEE_FACTOR = 2.0
# Boston's load, for the sizing line: ≈ 2,500 reports a day (the city's 311 open data, 2015–2024).
REPORTS_PER_DAY = 2_500
VIEWERS_PER_REPORT = 4  # people who look at the map or a report page per report filed (our assumption)
PEAK_HOUR_SHARE = 0.12  # a weekday's busiest hour holds about an eighth of its traffic
STORM_FACTOR = 3  # the day after a storm, three times an ordinary day (a snowstorm's potholes)
SESSION_MINUTES = 6  # how long a tab stays open: file a report or look around the map
VIEWS_PER_SESSION = 3  # pages drawn per session (the map, a report form or page, the map again)
UTILISATION = 0.6  # plan each core at 60 %, leaving room for a burst


@dataclass(frozen=True)
class Wave:
    target: str
    sessions: int
    p50: float
    p95: float
    failed: int
    cpu_per_session: float  # replica CPU seconds to bring one tab to a drawn map
    idle_cpu_percent: float  # replica CPU per open, idle tab, in percent of one core
    memory_mb_per_session: float


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


@contextmanager
def stack(database_url: str, run_dir: Path):
    """deploy/serve.sh with two replicas; yields (nginx URL, [replica URLs], [replica pids])."""
    from tests.pgserver import free_port

    listen, first = f"127.0.0.1:{free_port()}", free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "PORTAL_RUN_DIR": str(run_dir), "PORTAL_LISTEN": listen,
           "PORTAL_REPLICAS": "2", "PORTAL_REPLICA_PORT": str(first), "PORTAL_OPEN311_PORT": str(free_port()),
           "PORTAL_MODE": "demo", "STREAMLIT_SERVER_COOKIE_SECRET": "capacity-bench"}  # fmt: skip
    env.pop("PORTAL_OPEN311_ROUTES", None)
    out = run_dir / "serve.out"
    process = subprocess.Popen([str(ROOT / "deploy" / "serve.sh")], cwd=ROOT, env=env, stdout=out.open("w"),
                               stderr=subprocess.STDOUT)  # fmt: skip
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while out.read_text().count(": up") < 4:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"serve.sh did not come up:\n{out.read_text()}")
            time.sleep(1)
        replicas = [f"http://127.0.0.1:{first + i}" for i in range(2)]
        pids = [int((run_dir / "pids" / f"replica-{i + 1}").read_text()) for i in range(2)]
        yield f"http://{listen}", replicas, pids
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=120)


async def drawn(browser: Browser, url: str) -> tuple[float | None, object]:
    """Seconds until this new tab's map is drawn (None if it was not within the timeout), and its context."""
    context = await browser.new_context(viewport=VIEWPORT)
    start = time.perf_counter()
    try:
        page = await context.new_page()
        await page.goto(url, timeout=VISIT_TIMEOUT_MS)
        await MAP(page)
        return time.perf_counter() - start, context
    except Exception as error:  # noqa: BLE001 - a bench counts a tab that never drew, it does not stop
        print(f"    a tab failed: {str(error)[:120]}", flush=True)
        return None, context


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def wave(browser: Browser, target: str, url: str, pids: list[int], sessions: int, idle: float) -> Wave:
    print(f"  {target}: {sessions} sessions", flush=True)
    cpu_before = sum(cpu_seconds(pid) for pid in pids)
    memory_before = sum(rss_mb(pid) for pid in pids)
    results = await asyncio.gather(*(drawn(browser, url) for _ in range(sessions)))
    cpu_drawn = sum(cpu_seconds(pid) for pid in pids)
    memory_open = sum(rss_mb(pid) for pid in pids)
    await asyncio.sleep(idle)
    cpu_idle = sum(cpu_seconds(pid) for pid in pids) - cpu_drawn
    for _seconds, context in results:
        await context.close()
    times = [seconds for seconds, _ in results if seconds is not None]
    figures = Wave(target, sessions, statistics.median(times) if times else float("nan"),
                   percentile(times, 0.95) if times else float("nan"), sessions - len(times),
                   (cpu_drawn - cpu_before) / sessions, 100 * cpu_idle / idle / sessions,
                   (memory_open - memory_before) / sessions)  # fmt: skip
    print(f"    p50 {figures.p50:.1f} s, p95 {figures.p95:.1f} s, {figures.failed} failed, "
          f"{figures.cpu_per_session:.2f} CPU s, {figures.idle_cpu_percent:.2f} % idle and "
          f"{figures.memory_mb_per_session:.0f} MB per session", flush=True)
    await asyncio.sleep(5)  # the closed tabs' sessions end before the next wave
    return figures


async def measure(nginx: str, replicas: list[str], pids: list[int], sizes: list[int], idle: float) -> list[Wave]:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for url in (*replicas, nginx):  # warm: each replica's first run imports and caches
            _seconds, context = await drawn(browser, url)
            await context.close()
        waves = []
        for sessions in sizes:
            waves.append(await wave(browser, "1 replica, direct", replicas[0], pids[:1], sessions, idle))
            waves.append(await wave(browser, "2 replicas behind nginx", nginx, pids, sessions, idle))
        await browser.close()
    return waves


def knee(waves: list[Wave], target: str) -> Wave | None:
    mine = [w for w in waves if w.target == target]
    base = mine[0].p95
    return next((w for w in mine if w.p95 > KNEE_FACTOR * base or w.failed), None)


def sessions_per_core(draw_cpu: float, idle_share: float) -> float:
    """Open sessions one core carries at `UTILISATION`: each costs its idle refresh all the time, plus
    `VIEWS_PER_SESSION` drawn pages spread over its `SESSION_MINUTES`."""
    per_session = idle_share + VIEWS_PER_SESSION * draw_cpu / (SESSION_MINUTES * 60)
    return UTILISATION / per_session


def sizing(per_core: float) -> list[str]:
    """How many replicas Boston would need, with every assumption on the page."""
    peak_sessions_per_hour = REPORTS_PER_DAY * VIEWERS_PER_REPORT * PEAK_HOUR_SHARE * STORM_FACTOR
    concurrent = peak_sessions_per_hour * SESSION_MINUTES / 60
    replicas = max(2, int(-(-concurrent // per_core)) + 1)  # one more, so any one can stop
    return [
        f"- Boston: {REPORTS_PER_DAY:,} reports a day × {VIEWERS_PER_REPORT} visitors per report × "
        f"{PEAK_HOUR_SHARE:.0%} of the day in its peak hour × {STORM_FACTOR} after a storm = "
        f"{peak_sessions_per_hour:,.0f} sessions in the peak hour; at {SESSION_MINUTES} minutes each, "
        f"**{concurrent:,.0f} open at once**.",
        f"- At {per_core:.0f} sessions per core (one replica is one process on one core): "
        f"**{replicas} replicas** ({replicas - 1} carry the storm peak, one more so any one can stop), plus "
        "PostgreSQL and the workers on their own cores.",
    ]


def report(waves: list[Wave], seconds: float, load: tuple[float, float]) -> str:
    lines = [
        "## Capacity: sessions per replica",
        "",
        f"`{shlex.join(['python', 'bench/capacity_bench.py', *sys.argv[1:]])}` on {platform.node()} "
        f"({os.cpu_count()} cores, {platform.machine()}), {datetime.now(UTC):%Y-%m-%d}, Python "
        f"{platform.python_version()}, PostgreSQL, the demo's 15,000 reports; {seconds / 60:.0f} min; 1-minute "
        f"load average {load[0]:.1f} at the start, {load[1]:.1f} at the end. **Chromium's tabs ran on the same "
        "two cores as the replicas, and every tab's WebGL in its one GPU process (SwiftShader, no GPU)**: times "
        "are upper bounds, and the CPU and memory per session (the replicas' own, from /proc) are the steadier "
        "figures.",
        "",
        "| target | sessions at once | drawn map p50 | p95 | p95 ÷ baseline | not drawn | replica CPU s to draw, per session | idle CPU per open tab | memory per session |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]  # fmt: skip
    base = waves[0].p95
    for w in waves:
        lines.append(f"| {w.target} | {w.sessions} | {w.p50:.1f} s | {w.p95:.1f} s | {w.p95 / base:.1f} | {w.failed} | "
                     f"{w.cpu_per_session:.2f} | {w.idle_cpu_percent:.2f} % | {max(w.memory_mb_per_session, 0):.0f} MB |")  # fmt: skip
    single = [w for w in waves if w.target == "1 replica, direct"]
    burst = knee(waves, "1 replica, direct")
    draw_cpu = max(w.cpu_per_session for w in single)
    idle_share = max(w.idle_cpu_percent for w in single) / 100
    per_core = sessions_per_core(draw_cpu, idle_share)
    memory = max(w.memory_mb_per_session for w in single)
    lines += [
        "",
        f"Baseline: {waves[0].sessions} sessions arriving at once on one replica (p95 {base:.1f} s). Knee of "
        "a burst (all tabs opened in the same second): "
        + (f"**{burst.sessions} at once** on one replica, where p95 is {burst.p95 / base:.1f}× the baseline"
           if burst else f"not reached at {single[-1].sessions} at once on one replica") + ".",
        "",
        f"Sessions per core, steady state: a session costs its replica {draw_cpu:.2f} CPU s per drawn page "
        f"(the most of any wave) and {idle_share:.2%} of a core while open (the map's refresh check every "
        f"10 s); with {VIEWS_PER_SESSION} pages per {SESSION_MINUTES}-minute session and the core at "
        f"{UTILISATION:.0%}, **one core carries ≈ {per_core:.0f} open sessions** (memory: ≈ {memory:.0f} MB "
        f"each, {per_core * memory / 1024:.1f} GB at that many).",
        "",
        *sizing(per_core),
        "",
        "Two replicas behind nginx against one: the same waves spread over two processes by the route "
        "cookie; on this two-core machine, shared with the browser, a second replica "
        "buys less than it would on a core of its own.",
        "",
    ]  # fmt: skip
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", default="10,25,50", help="comma-separated wave sizes (default %(default)s)")
    parser.add_argument("--database-url", help="a PostgreSQL server to use (a database portal_capacity is made)")
    parser.add_argument("--idle-seconds", type=float, default=20, help="idle time measured per wave")
    args = parser.parse_args()
    sizes = [int(part) for part in args.sessions.split(",")]
    from bench.databases import fresh_database
    from tests import pgserver

    server = None if args.database_url else pgserver.start()
    OUT.mkdir(parents=True, exist_ok=True)
    start, load_before = time.perf_counter(), os.getloadavg()[0]
    try:
        with fresh_database(args.database_url or server.url, "portal_capacity", OUT) as engine:
            url = engine.url.render_as_string(hide_password=False)
            run_dir = OUT / "run"
            run_dir.mkdir(exist_ok=True)
            with stack(url, run_dir) as (nginx, replicas, pids):
                waves = asyncio.run(measure(nginx, replicas, pids, sizes, args.idle_seconds))
    finally:
        if server is not None:
            pgserver.stop(server)
    body = report(waves, time.perf_counter() - start, (load_before, os.getloadavg()[0]))
    print(body)
    write_section(RESULTS, "capacity", body)


if __name__ == "__main__":
    main()
