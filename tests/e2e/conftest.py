"""A real `streamlit run` server and Debian's Chromium driven by Playwright (never a downloaded browser)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright
from sqlalchemy import text

from portal.accounts.demo import DEMO_PASSWORD
from portal.db import make_engine
from tests import pgserver
from tests.conftest import STRICT

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


def _missing(what: str) -> None:
    if STRICT:
        pytest.fail(f"{what} is required in CI")
    pytest.skip(f"{what} is not available here")


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(executable).exists():
        _missing("Chromium (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _fresh_postgres_database(server: pgserver.PostgresServer, name: str) -> str:
    engine = make_engine(server.url)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name}"))
        connection.execute(text(f"CREATE DATABASE {name}"))
    engine.dispose()
    return server.database_url(name)


def _wait_healthy(url: str, process: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited early:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"streamlit did not answer at {url} within {timeout} s")


@dataclass(frozen=True)
class AppServer:
    url: str
    log: Path
    database_url: str


@pytest.fixture(scope="module")
def app_url(app_server: AppServer) -> str:
    return app_server.url


def empty_database(request, tmp_path_factory, name: str) -> str:
    """A new, empty database for a module's server: a SQLite file, or database `name` on the test
    PostgreSQL server, as the module fixture's `request.param` says."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp('e2e') / 'portal.sqlite3'}"
    server = request.getfixturevalue("postgres")
    if server is None:
        _missing("PostgreSQL")
    return _fresh_postgres_database(server, name)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def app_server(request, tmp_path_factory) -> Iterator[AppServer]:
    """A fresh server on a free port, with an empty database that the app fills with demo data."""
    with streamlit_server(empty_database(request, tmp_path_factory, "portal_e2e"), tmp_path_factory) as server:
        yield server


@pytest.fixture(scope="module")
def sqlite_app_server(tmp_path_factory) -> Iterator[AppServer]:
    """A server on SQLite alone, for a module whose subject is the same on any database (markup, keys)."""
    with streamlit_server(f"sqlite:///{tmp_path_factory.mktemp('e2e') / 'portal.sqlite3'}", tmp_path_factory) as server:
        yield server


@contextmanager
def streamlit_server(database_url: str, tmp_path_factory) -> Iterator[AppServer]:
    """`streamlit run` in demo mode on a free port and `database_url`, answering health checks; stopped after."""
    port = pgserver.free_port()
    log = tmp_path_factory.mktemp("server") / "streamlit.log"
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "streamlit_app.py", "--server.port", str(port),
         "--server.headless", "true", "--server.fileWatcherType", "none"],
        cwd=ROOT, env={**os.environ, "DATABASE_URL": database_url, "PORTAL_MODE": "demo"},
        stdout=log.open("w"), stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, process, log)
        yield AppServer(url, log, database_url)
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    context.close()


# Browser helpers shared by the end-to-end tests.
SLOW = 60_000


def settle(page: Page) -> None:
    """Wait for the script run an action started to finish (Streamlit marks the app's state on stApp)."""
    page.wait_for_timeout(300)
    expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning", timeout=SLOW)


def click(page: Page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).first.click()
    settle(page)


def signed_in(browser: Browser, app_url: str, username: str) -> Page:
    """A fresh browser context signed in as `username` through the sign-in form."""
    page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.goto(app_url)
    sign_in(page, username)
    return page


def sign_in(page: Page, username: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in through the form, and wait until the browser holds the sign-in cookie (so a reload or a
    new tab is signed in too)."""
    expect(page.get_by_role("link", name="Live map")).to_be_visible(timeout=3 * SLOW)  # the menu, once ready
    page.get_by_role("link", name="Sign in").click()
    settle(page)
    page.get_by_label("Username", exact=True).filter(visible=True).first.fill(username)
    page.get_by_label("Password", exact=True).filter(visible=True).first.fill(password)
    with page.expect_response(lambda r: r.url.endswith("/portal/session") and r.status == 204, timeout=SLOW):
        click(page, "Sign in")
    expect(page.get_by_text(f"Signed in as {username}")).to_be_visible(timeout=SLOW)


def go(page: Page, link: str, heading: str) -> None:
    """Follow a menu link and wait for the page's heading."""
    page.get_by_role("link", name=link).click()
    settle(page)
    expect(page.get_by_role("heading", name=heading)).to_be_visible(timeout=SLOW)


def type_in(page: Page, label: str, text: str) -> None:
    """Fill a text field and press Enter, which is when Streamlit sends it."""
    field = page.get_by_label(label)
    field.fill(text)
    field.press("Enter")
    settle(page)


def file_report(page: Page, sentence: str, photo: str | None = None, email: str = "") -> str:
    """File a report on Tremont St through the form (with a photo file, and an anonymous filer's email,
    if given); returns its number."""
    go(page, "Report a problem", "Report a problem")
    type_in(page, "Describe the problem in one sentence", sentence)
    expect(page.get_by_text("Which of these is it?")).to_be_visible(timeout=SLOW)
    if photo:
        page.locator("input[type=file]").first.set_input_files(photo)
        expect(page.get_by_text(Path(photo).name)).to_be_visible(timeout=SLOW)
        settle(page)
    page.get_by_label("Latitude").fill("42.3467")
    type_in(page, "Longitude", "-71.0972")
    expect(page.get_by_text("Neighborhood:")).to_be_visible(timeout=SLOW)
    if email:
        type_in(page, "Your email (optional, only staff see it)", email)
    click(page, "Submit report")
    thanks = page.get_by_text("Your report number is")
    expect(thanks).to_be_visible(timeout=SLOW)
    return re.search(r"number is (\w+)", thanks.inner_text()).group(1)


def open_case(page: Page, public_id: str) -> None:
    """Open one report in the staff queue by its number."""
    type_in(page, "Or open report number", public_id)
    expect(page.get_by_role("heading", name=re.compile(public_id))).to_be_visible(timeout=SLOW)


def close_as_staff(browser: Browser, app_url: str, public_id: str, resolution: str) -> Page:
    """Staff close a report from the queue, saying how it was resolved; returns staff's page."""
    staff = signed_in(browser, app_url, "demo-staff")
    go(staff, "Staff queue", "Staff queue")
    open_case(staff, public_id)
    staff.get_by_role("tab", name="Close").click()
    staff.get_by_label("How was it resolved?").fill(resolution)
    click(staff, "Close report")
    expect(staff.get_by_text(f"{public_id} closed.")).to_be_visible(timeout=SLOW)
    return staff
