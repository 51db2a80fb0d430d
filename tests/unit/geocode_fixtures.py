"""The geocoding tests' gazetteer: 100 real rows cut from the shipped file (`fixtures/gazetteer.csv`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from portal.maps import geocode

FIXTURE_GAZETTEER = Path(__file__).parent / "fixtures" / "gazetteer.csv"


@pytest.fixture
def fixture_gazetteer(monkeypatch):
    """The module-level geocoding functions on the fixture gazetteer, offline."""
    monkeypatch.setenv("PORTAL_GAZETTEER", str(FIXTURE_GAZETTEER))
    monkeypatch.delenv("PORTAL_GEOCODER", raising=False)
    geocode.default_geocoder.cache_clear()
    yield
    geocode.default_geocoder.cache_clear()
