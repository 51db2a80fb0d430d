"""Report form, staff queue, my reports and the public feed under AppTest."""

from pathlib import Path

from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from portal.accounts.demo import DEMO_PASSWORD
from portal.db import make_engine, session_factory
from portal.reports.models import Report
from tests.app.conftest import sign_in

ROOT = Path(__file__).resolve().parents[2]
FENWAY = (42.3467, -71.0972)


def shown(at: AppTest) -> str:
    kinds = ("title", "markdown", "caption", "error", "warning", "info", "success")
    return "\n".join(str(e.value) for kind in kinds for e in getattr(at, kind))


def fill_report(at: AppTest, sentence: str, lat: float, lon: float, form: int = 0) -> AppTest:
    """Fill the report form; `form` counts the reports already filed in this session (each gets a new form)."""
    at.switch_page("pages/report.py").run()
    at.text_input(key=f"report_title_{form}").input(sentence).run()
    at.number_input(key=f"report_lat_{form}").set_value(lat)
    at.number_input(key=f"report_lon_{form}").set_value(lon).run()
    return at


def newest_report(app_env) -> Report | None:
    with session_factory(make_engine(app_env))() as session:
        return session.scalar(select(Report).where(Report.source == "Civic Portal").order_by(Report.id.desc()))


def test_a_resident_files_a_report_with_a_suggested_type(app, app_env):
    sign_in(app, "demo-resident", DEMO_PASSWORD)
    fill_report(app, "The street light outside my house has been out for a week", *FENWAY)
    pick = app.radio(key="report_type_pick_0")
    assert len(pick.options) == 4 and pick.options[0].endswith(("Best match", "Best guess"))
    assert all(option.endswith("Also possible") for option in pick.options[1:3])
    assert not any("%" in option for option in pick.options)
    assert "Neighborhood: **Fenway" in shown(app)
    next(b for b in app.button if b.label == "Submit report").click().run()
    assert not app.exception
    filed = newest_report(app_env)
    assert filed is not None and filed.public_id in shown(app)


def test_a_point_outside_boston_is_refused_and_the_form_is_kept(app, app_env):
    fill_report(app, "Graffiti on the bridge", 42.3736, -71.1097)  # Cambridge
    assert "outside Boston" in shown(app)
    next(b for b in app.button if b.label == "Submit report").click().run()
    assert newest_report(app_env) is None
    assert app.text_input(key="report_title_0").value == "Graffiti on the bridge"


def test_none_of_these_offers_every_type(app):
    fill_report(app, "Something odd", *FENWAY)
    app.radio(key="report_type_pick_0").set_value("none").run()
    assert len(app.selectbox(key="report_type_all_0").options) > 50


def test_the_feed_lists_news_and_offers_an_atom_file(app):
    app.switch_page("pages/feed.py").run()
    assert not app.exception
    assert "What's happening" in shown(app)
    assert any(m.value.startswith("**Fixed") or m.value.startswith("**New") for m in app.markdown)


def test_staff_see_the_queue_and_residents_do_not(app):
    sign_in(app, "demo-staff", DEMO_PASSWORD)
    app.switch_page("pages/staff_queue.py").run()
    assert not app.exception
    assert "matching;" in shown(app)
    direct = AppTest.from_file(str(ROOT / "pages" / "staff_queue.py"), default_timeout=60).run()
    assert "Please sign in" in direct.warning[0].value


def test_my_reports_is_empty_at_first(app):
    sign_in(app, "demo-resident", DEMO_PASSWORD)
    app.switch_page("pages/my_reports.py").run()
    assert "not filed a report yet" in shown(app)


def test_staff_close_a_report_as_spam_and_the_reason_says_so(app, app_env):
    sign_in(app, "demo-resident", DEMO_PASSWORD)
    fill_report(app, "The street light outside my house has been out for a week", *FENWAY)
    next(b for b in app.button if b.label == "Submit report").click().run()
    filed = newest_report(app_env)
    staff = sign_in(AppTest.from_file(str(ROOT / "router.py"), default_timeout=60).run(), "demo-staff",
                    DEMO_PASSWORD)  # fmt: skip
    staff.switch_page("pages/staff_queue.py").run()
    staff.text_input(key="queue_jump").input(filed.public_id).run()
    staff.radio(key=f"outcome_{filed.public_id}").set_value("spam")
    staff.text_input(key=f"reason_{filed.public_id}").input("Advertising, not a problem").run()
    next(b for b in staff.button if b.label == "Close report").click().run()
    assert not staff.exception and not staff.error
    assert newest_report(app_env).closure_reason == "Spam: Advertising, not a problem"
