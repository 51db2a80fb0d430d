"""The staff queue page under AppTest: true counts, paging, the reopened filter, new since I last looked."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update
from streamlit.testing.v1 import AppTest

from portal.accounts.demo import DEMO_PASSWORD
from portal.db import make_engine, transaction, utc_now
from portal.open311.models import UpstreamSend
from portal.reports.models import Report, ReportStatus
from portal.reports.queue import QueueStatus
from tests.app.conftest import sign_in


def caption(at: AppTest) -> str:
    return next(c.value for c in at.caption if c.value.startswith("Showing"))


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


@pytest.fixture
def queue(app, app_env) -> tuple[AppTest, int]:
    """The demo staff member on the queue page, and how many reports are not closed."""
    sign_in(app, "demo-staff", DEMO_PASSWORD)
    app.switch_page("pages/staff_queue.py").run()
    assert not app.exception
    with transaction(make_engine(app_env)) as session:
        open_now = session.scalar(select(func.count()).where(Report.status != ReportStatus.CLOSED))
    return app, open_now


def test_the_caption_counts_every_open_report_and_paging_reaches_the_last(queue):
    app, open_now = queue
    assert open_now > 50  # the sample has more than one page
    assert caption(app).startswith(f"Showing 1–50 of {open_now:,} matching; {open_now:,} open")
    button(app, "Last »").click().run()
    assert caption(app).startswith(f"Showing 51–{open_now:,} of {open_now:,} matching")
    assert button(app, "Next ›").disabled and not button(app, "« First").disabled
    button(app, "« First").click().run()
    assert caption(app).startswith("Showing 1–50 of")


def test_the_reopened_filter_shows_only_reopened_reports(queue, app_env):
    app, _ = queue
    with transaction(make_engine(app_env)) as session:
        pid = session.scalar(select(Report.public_id).where(Report.status == ReportStatus.OPEN).limit(1))
        session.execute(update(Report).where(Report.public_id == pid).values(reopened_at=utc_now()))
    app.selectbox(key="queue_status").set_value(QueueStatus.REOPENED).run()
    assert caption(app).startswith("Showing 1–1 of 1 matching")
    assert list(app.dataframe[0].value["report"]) == [pid]
    assert app.dataframe[0].value["reopened"][0].startswith("↩️")


def test_marking_all_seen_leaves_nothing_new_until_a_report_opens(queue, app_env):
    app, open_now = queue
    assert f"**{open_now:,} new**" in app.markdown[0].value
    button(app, "Mark all as seen").click().run()
    assert "**0 new** since you last looked" in app.markdown[0].value
    app.toggle(key="queue_only_new").set_value(True).run()
    assert any("No reports match" in i.value for i in app.info)
    with transaction(make_engine(app_env)) as session:
        pid = session.scalar(select(Report.public_id).where(Report.status == ReportStatus.OPEN).limit(1))
        session.execute(update(Report).where(Report.public_id == pid).values(opened_at=utc_now() + timedelta(minutes=1)))
    app.run()
    assert list(app.dataframe[0].value["report"]) == [pid]


def test_a_case_chosen_from_the_page_offers_the_staff_actions(queue):
    app, _ = queue
    first = app.selectbox(key="queue_case").options[0].split(" · ")[0]
    app.selectbox(key="queue_case").set_value(first).run()
    assert not app.exception
    labels = {b.label for b in app.button}
    assert {"Acknowledge", "Assign", "Close report"} <= labels


def open_case_sent_upstream(app: AppTest, app_env: str) -> str:
    """Open the queue's first case after a failed try to send it upstream; its number."""
    first = app.selectbox(key="queue_case").options[0].split(" · ")[0]
    with transaction(make_engine(app_env)) as session:
        report_id = session.scalar(select(Report.id).where(Report.public_id == first))
        session.add(UpstreamSend(report_id=report_id, client_request_id=f"civic-portal-{first}", route="City CRM",
                                 attempts=2, last_error="Sending to City CRM: HTTP 500: try later",
                                 last_error_at=utc_now(), next_attempt_at=utc_now() + timedelta(minutes=1)))  # fmt: skip
    app.selectbox(key="queue_case").set_value(first).run()
    assert not app.exception
    return first


def shown_notes(app: AppTest) -> list[str]:
    return [c.value.replace("\\", "") for c in [*app.caption, *app.warning]]  # Markdown escapes aside


def test_a_case_sent_upstream_shows_where_it_went_and_its_last_error(queue, app_env):
    app, _ = queue
    open_case_sent_upstream(app, app_env)
    shown = shown_notes(app)
    assert "Not sent to City CRM yet after 2 attempts; the worker keeps trying." in shown
    assert any(text.startswith("Sending to City CRM: HTTP 500: try later (") for text in shown)


def test_a_case_reads_in_spanish_down_to_its_closing_choices_and_its_trip_upstream(queue, app_env):
    app, _ = queue
    app.session_state["portal_language"] = "es"  # for the next run, which opens the case
    first = open_case_sent_upstream(app, app_env)
    assert set(app.dataframe[0].value["status"]) <= {"Abierto", "Recibido"}
    assert list(app.radio(key=f"outcome_{first}").options) == [
        "Arreglado", "Duplicado", "Spam", "No válido (no es un problema para la ciudad)"]
    assert any(" · Abierto · " in m.value or " · Recibido · " in m.value for m in app.markdown)
    shown = shown_notes(app)
    assert "Aún no se envió a City CRM tras 2 intentos; el proceso de envío lo sigue intentando." in shown
    # The upstream's own message stays as stored; the words around it are Spanish.
    assert any(text.startswith("Sending to City CRM: HTTP 500: try later (") and "próximo intento" in text
               for text in shown)  # fmt: skip
