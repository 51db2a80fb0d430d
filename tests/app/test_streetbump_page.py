"""The Street Bump page under AppTest: the guard, uploads with their errors, the map, and staff marking."""

import json
from pathlib import Path

from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from portal.accounts.demo import DEMO_PASSWORD
from portal.db import make_engine, session_factory
from portal.reports.models import Report
from portal.ui.auth import SESSION_ID
from tests.app.conftest import sign_in

ROOT = Path(__file__).resolve().parents[2]
PAGE = str(ROOT / "pages" / "streetbump.py")
HEADER = "device_id,timestamp,lat,lon,magnitude,speed,gps_accuracy"
THREE_PHONES = "\n".join(
    [HEADER] + [f"phone-{i},2026-03-01T10:0{i}:00Z,42.3467,-71.0972,4,9,4" for i in range(3)]
)


def page_as(app: AppTest, role: str) -> AppTest:
    """Sign in through the form, then open the page file directly (it is not in the menu yet)."""
    sign_in(app, f"demo-{role}", DEMO_PASSWORD)
    page = AppTest.from_file(PAGE, default_timeout=60)
    page.session_state[SESSION_ID] = app.session_state[SESSION_ID]
    page.run()
    assert not page.exception
    return page


def upload(page: AppTest, text: str, name: str = "jolts.csv", button: str = "Upload and detect") -> AppTest:
    page.get("file_uploader")[0].upload(name, text.encode(), "text/csv")
    page.run()
    next(b for b in page.button if b.label == button).click().run()
    assert not page.exception
    return page


def metric(page: AppTest, label: str) -> int:
    return int(next(m for m in page.metric if m.label == label).value.replace(",", ""))


def test_an_anonymous_visitor_sees_nothing_but_a_sign_in_prompt(app_env):
    page = AppTest.from_file(PAGE, default_timeout=60).run()
    assert "Please sign in" in page.warning[0].value
    assert not page.title and not page.get("file_uploader")


def test_a_residents_three_phone_file_counts_as_one_phone(app):
    page = upload(page_as(app, "resident"), THREE_PHONES)
    assert "Reports opened: 0" in page.success[0].value
    assert (metric(page, "Jolts"), metric(page, "Spots")) == (3, 0)


def test_a_bad_device_token_and_a_file_with_no_usable_row_are_refused_clearly(app):
    page = page_as(app, "resident")
    token = next(t for t in page.text_input if t.label.startswith("City device token"))
    token.input("made-up").run()
    upload(page, THREE_PHONES)
    assert "not registered" in page.error[0].value
    next(t for t in page.text_input if t.label.startswith("City device token")).input("").run()
    upload(page, HEADER + "\nphone-9,noon,42.3467,-71.0972,4,9,4\n")
    assert "The 1 row cannot be used" in page.error[0].value


def test_staff_upload_jolts_and_a_report_appears_on_the_map(app):
    page = upload(page_as(app, "staff"), THREE_PHONES)
    assert "Reports opened: 1" in page.success[0].value
    assert (metric(page, "Jolts"), metric(page, "Spots"), metric(page, "Reports opened")) == (3, 1, 1)
    deck = json.loads(page.get("deck_gl_json_chart")[0].proto.json)
    layers = {layer["id"]: layer for layer in deck["layers"]}
    assert {"land", "neighborhood-lines", "coverage", "jolts", "reports", "spots", "neighborhood-names"} <= set(layers)
    assert len(layers["jolts"]["data"]) == 1  # one counted hexagon, not three points


def test_bad_rows_are_listed_with_their_line_and_a_wrong_file_is_refused(app):
    page = upload(page_as(app, "staff"), THREE_PHONES + "\nphone-9,noon,42.3467,-71.0972,4,9,4\n")
    assert "1 row was refused" in page.warning[0].value
    assert page.dataframe[0].value.to_dict("records")[0]["line"] == 5
    upload(page, "CASE_ENQUIRY_ID,OPEN_DT\n1,2\n", name="cases.csv")
    assert "not a Street Bump CSV" in page.error[0].value


def test_an_upload_and_its_bad_rows_read_in_the_uploaders_language(app):
    page = page_as(app, "staff")
    page.session_state["portal_language"] = "es"
    upload(page.run(), THREE_PHONES + "\nphone-9,noon,42.3467,-71.0972,4,9,4\n", button="Subir y detectar")
    assert page.success[0].value.startswith("Se leyeron 4 filas de sacudidas detectadas: 3 sacudidas")
    assert page.dataframe[0].value.to_dict("records") == [
        {"line": 5, "reason": "timestamp 'noon' no es una hora ISO 8601 con zona horaria, como 2026-03-01T14:03:22Z"}]
    tips = {layer["id"]: layer["data"][0]["tip"] for layer in json.loads(page.get("deck_gl_json_chart")[0].proto.json)
            ["layers"] if layer["id"] in ("jolts", "spots", "reports")}  # fmt: skip
    assert tips["jolts"] == "3 sacudidas" and tips["reports"].endswith(" · Abierto")
    assert tips["spots"].startswith("Lugar ") and " · reportado · reporte " in tips["spots"]
    assert any(" reportado " in m.value for m in page.markdown)  # the list of spots


def test_staff_mark_a_spot_as_a_speed_bump_and_its_report_closes(app, app_env):
    page = upload(page_as(app, "staff"), THREE_PHONES)
    page.radio[0].set_value("speed_bump")
    next(b for b in page.button if b.label == "Mark as known feature").click().run()
    assert not page.exception
    assert "is now a known speed bump" in page.success[0].value
    assert metric(page, "Reports opened") == 0
    with session_factory(make_engine(app_env))() as session:
        assert session.scalar(select(Report.status).where(Report.source == "Street Bump")) == "closed"
