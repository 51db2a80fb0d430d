"""The live map page under Streamlit's AppTest: it loads, and its filters drive the counters."""

from datetime import date
from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.app.conftest import SAMPLE_ROWS

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 60


def metric(at: AppTest, label: str) -> int:
    return int(next(m for m in at.metric if m.label == label).value.replace(",", ""))


def widget(widgets, label: str):
    return next(w for w in widgets if w.label == label)


def show_all_dates(at: AppTest) -> AppTest:
    dates = widget(at.sidebar.date_input, "Opened between")
    return dates.set_value((date(2015, 1, 1), date(2015, 9, 30))).run()


def test_the_map_opens_on_the_last_90_days_and_widens_to_all(app):
    assert app.title[0].value == "Boston 311 reports"
    first, last = widget(app.sidebar.date_input, "Opened between").value
    assert (last - first).days == 89 and last == date(2015, 9, 30)
    recent = metric(app, "Total")
    assert 0 < recent < SAMPLE_ROWS
    show_all_dates(app)
    assert metric(app, "Total") == SAMPLE_ROWS
    assert metric(app, "Open") + metric(app, "Closed") == SAMPLE_ROWS


def test_a_status_filter_changes_the_counters(app):
    total = metric(app, "Total")
    widget(app.sidebar.multiselect, "Status").select("open").run()
    assert not app.exception
    assert metric(app, "Total") == metric(app, "Open") < total
    assert metric(app, "Closed") == 0


def test_the_status_filter_names_the_statuses_in_the_readers_language(app):
    app.session_state["portal_language"] = "es"
    app.run()
    assert not app.exception
    assert list(widget(app.sidebar.multiselect, "Estado").options) == ["Abierto", "Recibido", "Cerrado"]


def test_a_search_with_no_match_shows_an_empty_state(app):
    widget(app.sidebar.text_input, "Search").input("no such report anywhere").run()
    assert metric(app, "Total") == 0
    assert "No reports match" in app.info[0].value


def test_the_page_file_runs_on_its_own(app_env):
    """Streamlit can serve pages/map.py by its URL before the entrypoint ever ran."""
    at = AppTest.from_file(str(ROOT / "pages" / "map.py"), default_timeout=TIMEOUT).run()
    assert not at.exception
    assert metric(show_all_dates(at), "Total") == SAMPLE_ROWS
