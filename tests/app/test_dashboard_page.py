"""The city dashboard (public) and the Open311 API keys page (admins) under AppTest."""

import json
from pathlib import Path

import pytest

from portal.accounts.demo import DEMO_PASSWORD
from portal.accounts.models import User
from portal.analytics.dashboard import PER_THOUSAND
from portal.analytics.models import CloseTimeCount, DailyReportCount
from portal.db import make_engine, session_factory
from portal.maps.population import POPULATION_SOURCE
from portal.open311.keys import hash_key
from portal.open311.models import ApiKey
from tests.app.conftest import sign_in

ROOT = Path(__file__).resolve().parents[2]


def chart_specs(at) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("vega_lite_chart")]


def test_dashboard_shows_every_chart_with_its_data_for_a_visitor(app, app_env):
    at = app.switch_page("pages/dashboard.py").run()
    assert not at.exception
    assert [h.value for h in at.header] == ["Where reports come from", "How fast reports are closed",
                                            "Neighborhood map"]  # fmt: skip
    assert "reflect who reports" in at.warning[0].value
    downloads = [b for b in at.get("download_button")]
    assert len(downloads) == 5  # one per chart: channels, types, neighborhoods, backlog, map
    # Streamlit's own Vega-Lite charts, not plotly (lighter in the browser); the map is geoshapes.
    assert not at.get("plotly_chart") and len(at.get("vega_lite_chart")) == 5
    assert {layer["mark"]["type"] for layer in chart_specs(at)[-1]["layer"]} == {"geoshape"}
    engine = make_engine(app_env)
    with session_factory(engine)() as session:
        assert sum(r.opened for r in session.query(DailyReportCount)) > 0
        assert session.query(CloseTimeCount).count() > 0  # the medians' buckets
    engine.dispose()
    at.radio[0].set_value("median days").run()
    assert not at.exception
    at.radio[0].set_value(PER_THOUSAND).run()
    assert not at.exception
    assert any(POPULATION_SOURCE in caption.value and "no figure" in caption.value for caption in at.caption)
    rates = at.dataframe[-1].value
    assert list(rates.columns) == ["Neighborhood", "Reports per 1,000 residents"] and len(rates) > 0  # labelled


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)  # the words change, not the queries
def test_the_dashboards_charts_speak_the_readers_language(app):
    app.session_state["portal_language"] = "es"
    at = app.switch_page("pages/dashboard.py").run()
    assert not at.exception and not at.get("plotly_chart")
    specs = chart_specs(at)
    assert [spec.get("title", {}).get("text") for spec in specs] == [
        "Reportes abiertos por semana, por canal", "Tipos de solicitud con más reportes", "Barrios",
        "Reportes abiertos por antigüedad", None]  # fmt: skip
    legend = specs[-1]["layer"][1]["encoding"]["color"]["title"]
    assert legend == "Reportes abiertos ahora"
    outlines = [feature["properties"] for feature in specs[-1]["data"]["values"]]
    assert {o["shown"] for o in outlines if o["value"] is None} <= {"sin cifra"}


def test_an_admin_issues_a_key_shown_once_and_stored_only_as_a_hash(app, app_env):
    at = sign_in(app, "demo-admin", DEMO_PASSWORD).switch_page("pages/api_keys.py").run()
    assert not at.exception
    engine = make_engine(app_env)
    with session_factory(engine)() as session:
        owner = session.query(User).filter_by(username="demo-resident").one()
    at.text_input[0].input("Partner app")
    at.selectbox[0].set_value(owner.id)  # the option's value; the list shows "demo-resident (resident)"
    at.button[0].click().run()
    assert not at.exception
    key = at.code[0].value
    with session_factory(engine)() as session:
        stored = session.query(ApiKey).one()
        assert stored.key_hash == hash_key(key) and key not in (stored.key_hash, stored.label)
        assert stored.owner_id == owner.id
    engine.dispose()
    assert not at.switch_page("pages/api_keys.py").run().code  # not shown a second time


def test_a_key_without_a_name_is_refused_in_the_admins_language(app):
    sign_in(app, "demo-admin", DEMO_PASSWORD).session_state["portal_language"] = "es"
    at = app.switch_page("pages/api_keys.py").run()
    at.session_state["portal_language"] = "es"  # AppTest keeps the menu's choice for one run only
    next(b for b in at.button if b.label == "Emitir la clave").click().run()
    assert not at.exception
    assert at.error[0].value == ("Ponga un nombre a la clave (quién la usa, por ejemplo el nombre de la aplicación) "
                                 "de 1 a 80 caracteres.")


def test_a_resident_cannot_open_the_keys_page(app):
    at = sign_in(app, "demo-resident", DEMO_PASSWORD).switch_page("pages/api_keys.py").run()
    assert "cannot issue and revoke Open311 API keys" in at.error[0].value
    assert not at.text_input
