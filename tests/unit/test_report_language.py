"""An anonymous reporter, known only by an email address, hears back in the language the report was filed in."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.accounts.permissions import ANONYMOUS
from portal.db import session_factory, transaction
from portal.i18n import language
from portal.messages import oneclick
from portal.messages.models import OutboxMessage
from portal.reports import filing
from portal.reports.models import Report, ServiceType
from portal.reports.photostore import LocalPhotoStore

COMMON = (42.35530, -71.06280)


def messages(engine) -> dict[str, OutboxMessage]:
    with session_factory(engine)() as session:
        return {m.kind: m for m in session.scalars(select(OutboxMessage))}


@pytest.fixture
def pothole(engine) -> int:
    with transaction(engine) as session:
        kind = ServiceType(subject="Public Works Department", reason="Highway Maintenance",
                           name="Request for Pothole Repair", department="PWDx")  # fmt: skip
        session.add(kind)
        session.flush()
        return kind.id


def test_an_anonymous_report_filed_in_spanish_is_answered_in_spanish(engine, pothole, tmp_path):
    with transaction(engine) as session:
        draft = filing.ReportDraft(pothole, "Bache hondo", "", *COMMON, contact_email="vecina@example.org")
        with language("es"):
            public_id = filing.file_report(session, ANONYMOUS, draft, LocalPhotoStore(tmp_path), session_id="s1",
                                           client_token="t1").public_id  # fmt: skip
    confirm = messages(engine)["confirm_address"]
    assert (confirm.language, confirm.subject) == ("es", "Confirme su dirección de correo electrónico")
    link = confirm.text_body[confirm.text_body.index("/link?t=") + len("/link?t="):].split()[0]
    # Followed from an English page: the report's own language still decides its emails.
    with language("en"), transaction(engine) as session:
        assert session.scalar(select(Report.contact_language).where(Report.public_id == public_id)) == "es"
        oneclick.confirm_address(session, link.split("&")[0].replace("%3D", "="))
    received = messages(engine)["report_received"]
    assert (received.language, received.subject) == ("es", f"Recibimos su reporte {public_id}")


def test_a_refused_filing_says_why_in_the_visitors_language(engine, pothole):
    with transaction(engine) as session:
        draft = filing.ReportDraft(pothole, "Bache", "", *COMMON, contact_email="vecina")
        with language("es"), pytest.raises(filing.FilingError, match="^“vecina” no parece una dirección"):
            filing.check_draft(session, draft)
