"""A fresh start as `make run` does it: the database is prepared by the Makefile's own step before the
server starts, so the very first visit finds the demo data there (no import on the first request)."""

import os
import re
import subprocess
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import ROOT, SLOW, AppServer, empty_database, settle, streamlit_server

pytestmark = pytest.mark.e2e


def make_run_prepare_step() -> str:
    """The command `make run` runs before it serves, as make itself spells it out."""
    plan = subprocess.run(["make", "-n", "run"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    [step] = [line for line in plan.splitlines() if "portal db prepare" in line]
    return step


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def prepared(request, tmp_path_factory) -> Iterator[tuple[AppServer, int]]:
    """A brand-new server on an empty database that the `make run` step prepared; and its report count."""
    database_url = empty_database(request, tmp_path_factory, "portal_fresh_start")
    done = subprocess.run(make_run_prepare_step(), shell=True, cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "DATABASE_URL": database_url}, timeout=600)  # fmt: skip
    assert done.returncode == 0, done.stderr
    ready = re.search(r"Database ready \(demo mode\): (\d+) reports\.", done.stdout)
    assert ready, done.stdout
    with streamlit_server(database_url, tmp_path_factory) as server:
        yield server, int(ready.group(1))


def test_the_first_visit_finds_the_demo_data_already_there(page, prepared):
    server, reports = prepared
    assert reports > 10_000  # the shipped sample, loaded before the server started

    page.goto(server.url)
    total = page.get_by_test_id("stMetric").filter(has_text="Total")
    expect(total).to_be_visible(timeout=SLOW)
    settle(page)
    shown = int(total.get_by_test_id("stMetricValue").inner_text().replace(",", ""))
    assert 0 < shown <= reports
    expect(page.get_by_test_id("stDeckGlJsonChart")).to_be_visible(timeout=SLOW)
    expect(page.get_by_text("Preparing the database")).to_have_count(0)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    assert page.errors == []
