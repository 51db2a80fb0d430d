"""The leaderboards page, points on the account page and the admin's reversal, under AppTest."""

from datetime import timedelta

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from portal.accounts.demo import DEMO_PASSWORD
from portal.accounts.models import User
from portal.db import make_engine, transaction, utc_now
from portal.recognition.ledger import award
from portal.recognition.periods import Period
from portal.recognition.rules import REPORT_ACKNOWLEDGED, REPORT_FIXED
from portal.reports.models import Report
from tests.app.conftest import ROOT, sign_in
from tests.app.test_accounts_pages import texts

PAGE = "pages/leaderboards.py"


def give_points(database_url: str, username: str, rule: str = REPORT_ACKNOWLEDGED, days_ago: int = 0) -> None:
    """Points for `username` on one of the sample reports, earned `days_ago` days ago."""
    engine = make_engine(database_url)
    with transaction(engine) as session:
        user_id = session.scalar(select(User.id).where(User.username == username))
        report_id = session.scalar(
            select(Report.id).where(Report.neighborhood.is_not(None)).order_by(Report.id)
        )
        award(session, user_id, rule, report_id=report_id, at=utc_now() - timedelta(days=days_ago))
    engine.dispose()


def leaders(at: AppTest) -> list[tuple[str, int]]:
    """(name, points) of the leaderboard table."""
    return list(zip(at.table[0].value["Name"], at.table[0].value["Points"])) if at.table else []


def choose_period(at: AppTest, period: Period) -> None:
    next(r for r in at.radio if r.label == "Period").set_value(period).run()


def test_anonymous_visitors_see_an_empty_board_the_rules_and_the_fairness_view(app):
    app.switch_page(PAGE).run()
    assert not app.exception
    shown = texts(app)
    assert "No points yet." in shown and "Sign in to see your own points" in shown
    assert "How points work" in [e.label for e in app.expander]
    assert any("Report acknowledged" in set(df.value.get("for", [])) for df in app.dataframe)
    assert "2020 Census" in shown and "reflect who reports" in shown
    fairness = next(df.value for df in app.dataframe if "Reports per 1,000" in df.value)
    assert {"Dorchester", "Roxbury"} <= set(fairness["Neighborhood"])
    assert fairness["Reports"].sum() > 0
    # Streamlit's own Vega-Lite charts, not plotly (lighter in the browser): the trend and three fairness measures.
    assert not app.get("plotly_chart") and len(app.get("vega_lite_chart")) == 4


def test_the_data_behind_the_fairness_charts_is_headed_in_the_readers_language(app):
    app.session_state["portal_language"] = "es"
    app.switch_page(PAGE).run()
    assert not app.exception
    fairness = next(df.value for df in app.dataframe if "Reportes por cada 1.000" in df.value)
    assert {"Barrio", "Residentes", "Reportes", "Participantes", "Puntos"} <= set(fairness.columns)
    assert "reports per 1,000" not in fairness.columns


def test_a_resident_who_did_not_opt_in_counts_as_a_resident(app, app_env):
    give_points(app_env, "demo-resident")
    sign_in(app, "demo-resident", DEMO_PASSWORD)
    app.switch_page(PAGE).run()
    assert not app.exception
    assert leaders(app) == [("a resident", 5)]
    assert "Demo resident" not in str(app.table[0].value)
    assert "number 1" in texts(app)
    assert app.metric[0].value == "5"


def test_opting_in_on_the_account_page_shows_the_name_at_once(app, app_env):
    give_points(app_env, "demo-resident")
    sign_in(app, "demo-resident", DEMO_PASSWORD)
    app.switch_page("pages/account.py").run()
    app.toggle[0].set_value(True).run()
    assert "Saved." in texts(app)
    app.switch_page(PAGE).run()
    assert leaders(app) == [("Demo resident", 5)]
    app.switch_page("pages/account.py").run()
    app.toggle[0].set_value(False).run()
    app.switch_page(PAGE).run()
    assert leaders(app) == [("a resident", 5)]


def test_the_period_switch_and_its_empty_state(app, app_env):
    give_points(app_env, "demo-resident", days_ago=40)
    app.switch_page(PAGE).run()
    assert leaders(app) == [("a resident", 5)]
    choose_period(app, Period.WEEK)
    assert "No points yet this week." in texts(app)
    choose_period(app, Period.MONTH)
    assert "No points yet this month." in texts(app)


def test_a_neighborhood_board(app, app_env):
    give_points(app_env, "demo-resident")
    app.switch_page(PAGE).run()
    next(r for r in app.radio if r.label == "Where").set_value("A neighborhood").run()
    chooser = next(s for s in app.selectbox if s.label == "Neighborhood")
    engine = make_engine(app_env)
    with engine.connect() as connection:
        first = connection.scalar(
            select(Report.neighborhood).where(Report.neighborhood.is_not(None)).order_by(Report.id)
        )
    engine.dispose()
    chooser.set_value(first).run()
    assert not app.exception
    assert leaders(app) == [("a resident", 5)]
    assert f"Reports opened per month in {first}" in texts(app)


def test_private_people_can_be_left_out_by_setting(app, app_env, monkeypatch):
    monkeypatch.setenv("PORTAL_LEADERBOARD_SHOW_PRIVATE", "0")
    give_points(app_env, "demo-resident")
    app.switch_page(PAGE).run()
    assert "No points yet." in texts(app)


def test_the_account_page_shows_balance_badges_and_why(app, app_env):
    give_points(app_env, "demo-resident", REPORT_FIXED)
    sign_in(app, "demo-resident", DEMO_PASSWORD)
    app.switch_page("pages/account.py").run()
    assert not app.exception
    assert app.metric[0].value == "10"
    tables = [df.value for df in app.dataframe]
    assert "First fix" in set(tables[0]["badge"])
    assert tables[1]["why"][0].startswith("Report fixed: report ")


@pytest.fixture
def admin_on_points(app, app_env) -> AppTest:
    """An admin on the accounts page with demo-resident chosen, who has points."""
    give_points(app_env, "demo-resident")
    sign_in(app, "demo-admin", DEMO_PASSWORD)
    app.switch_page("pages/admin.py").run()
    account = next(s for s in app.selectbox if s.label == "Account")
    account.select(next(o for o in account.options if o.startswith("demo-resident"))).run()
    return app


def test_an_admin_must_give_a_reason_to_reverse_points(admin_on_points):
    app = admin_on_points
    entries = next(m for m in app.multiselect if m.label == "Entries to reverse")
    entries.select(entries.options[0])
    next(b for b in app.button if b.label == "Reverse chosen points").click().run()
    assert "Please give a reason" in texts(app)
    assert not app.exception


def test_an_admin_reverses_chosen_points_with_a_reason(admin_on_points, app_env):
    app = admin_on_points
    entries = next(m for m in app.multiselect if m.label == "Entries to reverse")
    entries.select(entries.options[0])
    next(t for t in app.text_input if t.label.startswith("Reason")).input("Reported the same pothole twice")
    next(b for b in app.button if b.label == "Reverse chosen points").click().run()
    assert "Reversed 1 entry of demo-resident's points." in texts(app)
    ledger = app.dataframe[-2].value if "why" not in app.dataframe[-1].value else app.dataframe[-1].value
    assert "Reported the same pothole twice" in ledger["why"].iloc[0]
    assert "yes" in set(ledger["reversed"])
    app.switch_page(PAGE).run()
    assert "No points yet." in texts(app)


def test_the_page_is_public_by_its_url(app):
    direct = AppTest.from_file(str(ROOT / PAGE), default_timeout=60).run()
    assert not direct.exception
    assert direct.title[0].value == "Leaderboards"
