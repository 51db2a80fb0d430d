"""Shared fixtures. Every database test runs twice: on SQLite and on a real PostgreSQL server.

Where PostgreSQL cannot be started the PostgreSQL half is skipped locally, but fails under CI
(`CI` or `PORTAL_STRICT_SERVICES` set, as `make test` does): a skip there would be a broken promise.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from portal.db import Base, make_engine, session_factory, upgrade
from tests import pgserver
from tests.smtpserver import SmtpServer

# Fast bcrypt and a throwaway cookie key for every test, including servers the tests start.
os.environ.setdefault("PORTAL_BCRYPT_ROUNDS", "4")
os.environ.setdefault("PORTAL_COOKIE_KEY", secrets.token_urlsafe(32))

# Small real samples shipped with the tests (provenance in their README): no test needs ../shared.
FIXTURES = Path(__file__).resolve().parent / "fixtures"
STRICT = bool(os.environ.get("CI") or os.environ.get("PORTAL_STRICT_SERVICES"))
ROOT = Path(__file__).resolve().parents[1]
# Tool caches and benchmark output (benchmarks may run beside the tests), not test output; anything
# else a test writes belongs in a temporary folder.
TREE_NOISE = (".venv", "__pycache__", ".pytest_cache", ".hypothesis", ".ruff_cache", "bench/out")


def files_in_the_tree() -> set[str] | None:
    """Untracked and ignored files in the checkout, one by one (None outside a git checkout)."""
    excluded = [f":(exclude,glob)**/{name}/**" for name in TREE_NOISE]
    command = ["git", "status", "--porcelain", "--ignored", "--untracked-files=all", "--", ".", *excluded]
    try:
        status = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    return {line[3:] for line in status.splitlines() if line[:2] in ("??", "!!")}


@pytest.fixture(scope="session", autouse=True)
def nothing_written_into_the_tree(tmp_path_factory) -> Iterator[None]:
    """Photos (and so servers the tests start) go to a temporary folder; the run fails if the checkout
    gained files anyway (`var/photos` once filled up during a run)."""
    os.environ.setdefault("PORTAL_PHOTO_DIR", str(tmp_path_factory.mktemp("photos")))
    before = files_in_the_tree()
    yield
    after = files_in_the_tree()
    if before is not None and after is not None and (gained := sorted(after - before)):
        pytest.fail(f"the tests wrote into the working tree: {', '.join(gained[:20])}", pytrace=False)


@pytest.fixture(scope="session")
def smtp_server() -> Iterator[SmtpServer]:
    """A real SMTP server on a free local port for the whole run (`tests/smtpserver.py`)."""
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def smtp(smtp_server, monkeypatch) -> SmtpServer:
    """The SMTP server emptied for one test, with the portal pointed at it."""
    smtp_server.clear()
    if smtp_server.controller is None:
        smtp_server.start()
    monkeypatch.setenv("PORTAL_SMTP_URL", smtp_server.url)
    monkeypatch.setenv("PORTAL_MAIL_FROM", "Boston Civic Portal <portal@example.org>")
    return smtp_server


@pytest.fixture(scope="session")
def postgres() -> Iterator[pgserver.PostgresServer | None]:
    try:
        server = pgserver.start()
    except pgserver.PostgresUnavailable as error:
        if STRICT:
            pytest.fail(f"PostgreSQL is required in CI: {error}")
        yield None
        return
    yield server
    pgserver.stop(server)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    """A SQLite file migrated once; each test gets a copy, so tests start empty and fast."""
    path = tmp_path_factory.mktemp("template") / "portal.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_url(postgres) -> str | None:
    """One migrated PostgreSQL database for the session; tests empty its tables before use."""
    if postgres is None:
        return None
    engine = make_engine(postgres.url)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("CREATE DATABASE portal_test"))
    engine.dispose()
    url = postgres.database_url("portal_test")
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        path = tmp_path / "portal.sqlite3"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    url = request.getfixturevalue("postgres_url")
    if url is None:
        pytest.skip("PostgreSQL is not available here")
    _empty_tables(url)
    return url


def _empty_tables(url: str) -> None:
    engine = make_engine(url)
    names = ", ".join(table.name for table in Base.metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture
def engine(database_url) -> Iterator[Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine):
    with session_factory(engine)() as session:
        yield session


def pytest_sessionfinish(session, exitstatus) -> None:
    """Under strict mode any skipped test fails the run: nothing may quietly not be tested."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if STRICT and skipped and exitstatus == 0:
        reporter.write_line(f"{skipped} test(s) skipped under strict mode: failing the run.", red=True)
        session.exitstatus = 1
