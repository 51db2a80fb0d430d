"""The live map in a real browser: it draws with deck.gl, shows counters and raises nothing."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_map_page_draws_reports_without_errors(page, app_url, tmp_path):
    page.goto(app_url)
    chart = page.get_by_test_id("stDeckGlJsonChart")
    expect(chart).to_be_visible(timeout=60_000)
    expect(chart.locator("canvas").first).to_be_attached()
    expect(page.get_by_test_id("stMetric").first).to_contain_text("Open")
    expect(page.get_by_test_id("stException")).to_have_count(0)
    page.screenshot(path=str(tmp_path / "map.png"))
    assert page.errors == []
