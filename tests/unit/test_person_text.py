"""Text people supply reaches the database cleaned: a NUL or another control character never fails a
request on PostgreSQL (it used to, for a contact email), and what they meant to say is kept."""

import pytest
from sqlalchemy import select

from portal.accounts.models import Role, User
from portal.accounts.permissions import ANONYMOUS, Actor
from portal.db import transaction
from portal.display import clean_text, has_control_characters
from portal.reports import casework, filing
from portal.reports.models import Report, ReportEvent
from portal.reports.photostore import LocalPhotoStore

TREMONT = (42.35530, -71.06280)


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("jane\x00@example.org", "jane@example.org"),
        ("  Deep\x07 pothole\x1b[31m ", "Deep pothole[31m"),
        ("line one\nline two\ttabbed", "line one\nline two\ttabbed"),
        ("\x7f\x00", ""),
    ],
)
def test_clean_text_drops_control_characters_and_keeps_line_breaks(typed, kept):
    assert clean_text(typed) == kept
    assert has_control_characters(kept) is False


@pytest.fixture
def setup(engine, pothole_type, tmp_path) -> dict:
    with transaction(engine) as session:
        staff = User(username="crew", email="c@example.org", display_name="Crew", role=Role.STAFF)
        session.add(staff)
        session.flush()
        return {"type": pothole_type, "staff": Actor(staff.id, staff.username, staff.role),
                "store": LocalPhotoStore(tmp_path / "photos")}  # fmt: skip


FIELDS = {
    "contact_email": ("jane\x00@example.org", "jane@example.org"),
    "title": ("Deep\x00 pothole", "Deep pothole"),
    "details": ("By the\x00 curb", "By the curb"),
    "address": ("12\x00 Tremont St", "12 Tremont St"),
}
COLUMNS = {"contact_email": "contact_email", "title": "title", "details": "description", "address": "address"}


@pytest.mark.parametrize("field", list(FIELDS))
def test_a_nul_in_a_filed_report_is_dropped_not_a_server_error(engine, setup, field):
    typed, kept = FIELDS[field]
    values = {"title": "Pothole", "details": "", "address": "", "contact_email": "", field: typed}
    draft = filing.ReportDraft(setup["type"], values["title"], values["details"], *TREMONT,
                               address=values["address"], contact_email=values["contact_email"])  # fmt: skip
    try:
        with transaction(engine) as session:
            filing.file_report(session, ANONYMOUS, draft, setup["store"], session_id="ip:1", client_token="t")
    except filing.FilingError as error:  # refusing is as good as cleaning, when it says what to fix
        assert field == "contact_email" and "email address" in str(error)
        kept = None
    with engine.connect() as connection:
        assert connection.scalar(select(getattr(Report, COLUMNS[field]))) == kept


def test_a_nul_in_a_staff_note_is_dropped(engine, setup):
    draft = filing.ReportDraft(setup["type"], "Pothole", "", *TREMONT)
    with transaction(engine) as session:
        public_id = filing.file_report(session, ANONYMOUS, draft, setup["store"], "ip:1", "t").public_id
    with transaction(engine) as session:
        casework.add_note(session, setup["staff"], public_id, "Crew\x00 sent", public=True)
    with engine.connect() as connection:
        assert (
            connection.scalar(select(ReportEvent.note).where(ReportEvent.kind == "public_update"))
            == "Crew sent"
        )
