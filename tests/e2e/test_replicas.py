"""The production recipe in Chromium: nginx in front of two Streamlit replicas on PostgreSQL, started
by `deploy/serve.sh` itself (what `make serve` runs) with its generated nginx config.

A report filed through one replica shows on the map of a visitor on the other within the refresh;
stopping the replica a signed-in resident is on moves them to the other one, still signed in (the
sign-in lives in the database); nothing they filed is lost, and they can go on filing.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from deploy.nginx_conf import ROUTE_COOKIE
from tests import pgserver
from tests.e2e.conftest import ROOT, SLOW, _fresh_postgres_database, _missing, file_report, go, sign_in

pytestmark = pytest.mark.e2e
STARTUP_SECONDS = 240  # db prepare loads the demo sample into PostgreSQL first


@dataclass(frozen=True)
class Stack:
    url: str
    run_dir: Path
    process: subprocess.Popen

    replica_port: int

    def health_url(self, replica: str) -> str:
        return f"http://127.0.0.1:{self.replica_port + int(replica.rsplit('-', 1)[1]) - 1}/_stcore/health"

    def pid(self, name: str) -> int:
        return int((self.run_dir / "pids" / name).read_text())

    def log(self) -> str:
        return "\n".join(f"--- {p.name}\n{p.read_text()[-3000:]}" for p in sorted((self.run_dir / "logs").glob("*.log")))


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=3) as response:
            return response.status == 200
    except OSError:
        return False


@pytest.fixture(scope="module")
def stack(postgres, tmp_path_factory) -> Iterator[Stack]:
    if postgres is None:
        _missing("PostgreSQL")
    if not Path("/usr/sbin/nginx").exists():
        _missing("nginx (apt-get install nginx)")
    run_dir = tmp_path_factory.mktemp("stack")
    listen, first = f"127.0.0.1:{pgserver.free_port()}", pgserver.free_port()
    while not _port_free(first + 1):  # serve.sh numbers the replicas' ports from the first
        first = pgserver.free_port()
    env = {**os.environ, "DATABASE_URL": _fresh_postgres_database(postgres, "portal_replicas"),
           "PORTAL_RUN_DIR": str(run_dir), "PORTAL_LISTEN": listen, "PORTAL_REPLICAS": "2",
           "PORTAL_REPLICA_PORT": str(first), "PORTAL_OPEN311_PORT": str(pgserver.free_port()),
           "PORTAL_MODE": "demo", "PORTAL_HEALTH_INTERVAL": "1", "STREAMLIT_SERVER_COOKIE_SECRET": "e2e-replicas"}  # fmt: skip
    env.pop("PORTAL_OPEN311_ROUTES", None)
    out = run_dir / "serve.out"
    process = subprocess.Popen([str(ROOT / "deploy" / "serve.sh")], cwd=ROOT, env=env, stdout=out.open("w"),
                               stderr=subprocess.STDOUT)  # fmt: skip
    server = Stack(f"http://{listen}", run_dir, process, first)
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while not (out.read_text().count(": up") >= 4 and _answers(f"{server.url}/healthz")):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"make serve did not come up:\n{out.read_text()}\n{server.log()}")
            time.sleep(0.5)
        yield server
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=60)
    assert "stopped" in out.read_text()


def _port_free(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


def on_replica(browser: Browser, stack: Stack, name: str) -> BrowserContext:
    """A browser whose route cookie nginx hashes to replica `name` (found by trying a few values)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    for attempt in range(64):
        context.add_cookies([{"name": ROUTE_COOKIE, "value": f"route-{attempt}", "url": stack.url}])
        if context.request.get(f"{stack.url}/_stcore/health").headers.get("x-portal-replica") == name:
            return context
    raise AssertionError(f"no route cookie reached {name}")


def replica_of(page: Page, stack: Stack) -> str:
    return page.context.request.get(f"{stack.url}/_stcore/health").headers["x-portal-replica"]


def resident_on(browser: Browser, stack: Stack, name: str) -> Page:
    page = on_replica(browser, stack, name).new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.goto(stack.url)
    sign_in(page, "demo-resident")
    assert replica_of(page, stack) == name
    return page


def test_one_origin_serves_the_api_and_the_feed(stack):
    with urllib.request.urlopen(f"{stack.url}/open311/v2/services.json", timeout=10) as answer:
        assert answer.headers["Content-Type"].startswith("application/json") and b"service_code" in answer.read()
    with urllib.request.urlopen(f"{stack.url}/feeds/reports.atom", timeout=10) as answer:
        assert answer.headers["Content-Type"].startswith("application/atom+xml") and b"<feed" in answer.read()


def total_on_map(page: Page) -> int:
    return int(page.get_by_test_id("stMetricValue").nth(2).inner_text().replace(",", ""))


def test_a_report_filed_on_one_replica_shows_on_the_others_map(browser, stack):
    resident = resident_on(browser, stack, "replica-1")
    file_report(resident, "Deep pothole filed first")  # the map's default days now end today
    visitor = on_replica(browser, stack, "replica-2").new_page()
    visitor.goto(f"{stack.url}/")
    expect(visitor.get_by_test_id("stDeckGlJsonChart")).to_be_visible(timeout=SLOW)
    before = total_on_map(visitor)
    file_report(resident, "Deep pothole seen from the other replica")
    # No reload: the visitor's map notices the new report on its own refresh, through the other replica.
    expect(visitor.get_by_test_id("stMetricValue").nth(2)).to_have_text(f"{before + 1:,}", timeout=SLOW)
    assert replica_of(visitor, stack) == "replica-2" and replica_of(resident, stack) == "replica-1"
    visitor.context.close()
    resident.context.close()


def test_stopping_a_replica_moves_its_people_to_the_other_still_signed_in(browser, stack):
    resident = resident_on(browser, stack, "replica-1")
    before = file_report(resident, "Broken streetlight before the replica stopped")
    os.kill(stack.pid("replica-1"), signal.SIGTERM)
    deadline = time.monotonic() + 30
    while _answers(stack.health_url("replica-1")) and time.monotonic() < deadline:
        time.sleep(0.2)
    # Streamlit's page reconnects by itself; nginx sends it to replica-2, which reads the same sign-in.
    expect(resident.get_by_text("Signed in as demo-resident")).to_be_visible(timeout=SLOW)
    assert replica_of(resident, stack) == "replica-2"
    go(resident, "My reports", "My reports")
    expect(resident.get_by_text(re.compile(before))).to_be_visible(timeout=SLOW)  # nothing filed is lost
    after = file_report(resident, "Missing sign after the replica stopped")
    go(resident, "My reports", "My reports")
    expect(resident.get_by_text(re.compile(after))).to_be_visible(timeout=SLOW)
    resident.reload()
    expect(resident.get_by_text("Signed in as demo-resident")).to_be_visible(timeout=SLOW)
    assert "replica-1: stopped" in (stack.run_dir / "serve.out").read_text()  # the health loop saw it
    resident.context.close()
