"""What the portal wrote itself (Street Bump's report, history notes, points reasons) reads in the reader's
language on the pages that show it, under AppTest."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.accounts.demo import DEMO_PASSWORD
from portal.accounts.models import User
from portal.db import make_engine, transaction, utc_now
from portal.recognition import reasons, rules
from portal.recognition.ledger import award, reverse_for_report
from portal.reports.models import Report, ReportEvent, ReportStatus, ServiceType
from portal.reports.public_ids import new_public_id
from portal.reports.wording import (
    STREET_BUMP_SOURCE,
    STREET_BUMP_TITLE,
    reaction_note,
    street_bump_description,
)
from tests.app.conftest import sign_in
from tests.app.test_reporting_pages import shown
from tests.app.test_request_page import request_page

# SQLite only: the queries behind these pages run on both databases in tests/unit; here only the words change.
pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
LANGUAGE = "portal_language"


def add_report(url: str, reporter: str | None = None, street_bump: bool = False) -> tuple[str, int]:
    """A report with a history the portal wrote: (its number, its id)."""
    with transaction(make_engine(url)) as session:
        type_id, type_name = session.execute(select(ServiceType.id, ServiceType.name).limit(1)).one()
        reporter_id = session.scalar(select(User.id).where(User.username == reporter)) if reporter else None
        now = utc_now()
        report = Report(public_id=new_public_id(), service_type_id=type_id, opened_at=now, updated_at=now,
                        status=ReportStatus.CLOSED, closed_at=now, closure_reason="Filled", reporter_id=reporter_id,
                        source=STREET_BUMP_SOURCE if street_bump else "Civic Portal",
                        title=STREET_BUMP_TITLE if street_bump else "Hole by the school",
                        description=street_bump_description(5, 12) if street_bump else "")  # fmt: skip
        session.add(report)
        session.flush()
        opened = "Opened by Street Bump." if street_bump else "Filed in the portal."
        session.add_all([ReportEvent(report_id=report.id, at=now, kind=kind, note=note) for kind, note in (
            ("opened", opened), ("assigned", "Demo staff"), ("recategorised", type_name), ("closed", "Filled"),
            ("reaction", reaction_note("👍", True, "")))])  # fmt: skip
        return report.public_id, report.id


def test_a_street_bump_report_and_its_history_read_in_spanish_on_its_public_page(app, app_env):
    public_id, _ = add_report(app_env, street_bump=True)
    app.session_state[LANGUAGE] = "es"
    page = request_page(app, public_id)
    assert not page.exception
    assert page.title[0].value == "Bache encontrado por Street Bump"
    text = shown(page).replace("\\", "")  # Markdown escapes aside
    assert "Los teléfonos tuvieron una sacudida aquí en 5 pasadas. 12 sacudidas en total." in text
    assert "Abierto por Street Bump." in text and "Cambiado a " in text
    assert "Street Bump" in text and "Pothole found" not in text and "passes by phones" not in text


def test_my_reports_tell_the_history_in_spanish(app, app_env):
    sign_in(app, "demo-resident", DEMO_PASSWORD)
    add_report(app_env, "demo-resident")
    app.session_state[LANGUAGE] = "es"
    app.switch_page("pages/my_reports.py").run()
    assert not app.exception
    captions = [c.value.replace("\\", "") for c in app.caption]  # Markdown escapes aside
    assert any(c.endswith("Presentado en el portal.") for c in captions)
    assert any("Cambiado a " in c for c in captions) and any(c.endswith("👍 Arreglado.") for c in captions)
    assert not any("Moved to" in c or "Filed in the portal" in c for c in captions)


def test_my_points_give_their_reasons_in_spanish(app, app_env):
    sign_in(app, "demo-resident", DEMO_PASSWORD)
    public_id, report_id = add_report(app_env, "demo-resident")
    with transaction(make_engine(app_env)) as session:
        resident = session.scalar(select(User.id).where(User.username == "demo-resident"))
        award(session, resident, rules.REPORT_ACKNOWLEDGED, report_id=report_id)
        reverse_for_report(session, report_id, reason_key=reasons.CLOSED_AS[rules.ClosureOutcome.SPAM])
    app.session_state[LANGUAGE] = "es"
    app.switch_page("pages/account.py").run()
    assert not app.exception
    why = [str(value) for frame in app.dataframe for value in frame.value.to_numpy().ravel()]
    assert f"El reporte {public_id} se cerró como spam." in why
    assert f"Reporte recibido: reporte {public_id}." in why
