"""AppTest fixtures: the pages run against a test database filled from a small real sample."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).resolve().parents[2]
SAMPLE_ROWS = 375  # every 40th case of data/boston311_2015_sample.csv.gz


@pytest.fixture
def app_env(database_url, monkeypatch) -> str:
    """Point the app at the test database; it loads the small sample as its demo data on first run."""
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("PORTAL_DEMO_DATA", str(FIXTURES / "boston311_2015_small.csv"))
    monkeypatch.setenv("PORTAL_MODE", "demo")
    # Streamlit's caches live for the whole process; each test must see its own database.
    st.cache_resource.clear()
    st.cache_data.clear()
    return database_url


@pytest.fixture
def app(app_env) -> AppTest:
    """The whole app (entrypoint and menu) after its first run, on the test database."""
    at = AppTest.from_file(str(ROOT / "router.py"), default_timeout=60).run()
    assert not at.exception
    return at


def sign_in(at, username: str, password: str):
    """Fill and submit the sign-in form of pages/sign_in.py, as a person would."""
    at.switch_page("pages/sign_in.py").run()
    form = [w for w in at.text_input if w.label in ("Username", "Password")][:2]
    form[0].input(username)
    form[1].input(password)
    next(b for b in at.button if b.label == "Sign in").click().run()
    return at
