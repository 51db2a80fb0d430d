"""Migration 0021 turns the English sentences older rows hold into keys and parameters, so old and new
history and points read the same in every language; its downgrade writes the sentences back."""

from __future__ import annotations

from datetime import UTC, datetime

from alembic import command
from sqlalchemy import text

from portal.accounts.models import Role, User
from portal.db import alembic_config, transaction, upgrade
from portal.i18n import language
from portal.recognition.reasons import worded
from portal.reports.models import Report, ReportStatus, ServiceType
from portal.reports.wording import event_note

AT = datetime(2026, 5, 1, tzinfo=UTC)
OLD_NOTES = [  # kind, what 0020 stored, what 0021 keeps
    ("assigned", "Assigned to Dana Q.", "Dana Q"),
    ("assigned", "Assigned to nobody.", ""),
    ("recategorised", "Moved to Sidewalk Repair.", "Sidewalk Repair"),
    ("duplicate_merged", "Report OLD1 was merged into this one.", "OLD1"),
    ("merged", "Duplicate of KEPT1.", "KEPT1"),
    ("reopened", "The reporter says it is not fixed: still deep", "still deep"),
    ("reopened", "The reporter says it is not fixed: no note", ""),
    ("opened", "Filed in the portal.", "Filed in the portal."),
    ("closed", "Assigned to nobody.", "Assigned to nobody."),  # staff's own closure words: not the portal's
]
OLD_REASONS = [  # rule, a reversal?, what 0020 stored, (reason_key, reason) 0021 keeps
    ("report_fixed", False, "Report fixed: report R0021.", ("", "")),
    ("me_too", False, "Me too.", ("", "")),
    ("project_submitted", False, "Project submitted: project “Plaza: verde”.", ("", "")),
    ("report_fixed", False, "Thanks for the photos!", ("", "Thanks for the photos!")),
    ("report_fixed", True, "Reversed by an admin: Gaming it", ("admin", "Gaming it")),
    ("report_fixed", True, "Report R0021 was closed as spam.", ("closed_spam", "")),
    ("report_fixed", True, "Report R0021 was closed as duplicate.", ("closed_duplicate", "")),
    ("report_fixed", True, "Report R0021 was a duplicate of KEPT1.", ("duplicate_of", "KEPT1")),
    ("report_fixed", True, "Report R0021 was not fixed after all: staff acknowledged it again.",
     ("not_fixed_after_all", "")),
    ("street_bump", True, "Staff marked the spot as a known speed bump or manhole, not a pothole.",
     ("known_feature", "")),
    ("report_fixed", True, "Something an older version wrote.", ("", "Something an older version wrote.")),
]  # fmt: skip


def _old_rows(engine) -> None:
    """At 0020: a report, a person, and the history and ledger as 0020 wrote them."""
    with transaction(engine) as session:
        kind = ServiceType(subject="Public Works Department", reason="Highway Maintenance", name="Pothole",
                           department="PWDx")  # fmt: skip
        person = User(username="rosa", email="rosa@example.org", display_name="Rosa", role=Role.RESIDENT)
        session.add_all([kind, person])
        session.flush()
        report = Report(public_id="R0021", service_type_id=kind.id, title="Hole", opened_at=AT,
                        status=ReportStatus.OPEN, source="Civic Portal")  # fmt: skip
        session.add(report)
        session.flush()
        ids = (report.id, person.id)
    command.downgrade(alembic_config(engine), "0020")
    with engine.begin() as connection:
        for kind_, note, _kept in OLD_NOTES:
            connection.execute(text("INSERT INTO report_events (report_id, at, kind, note) VALUES (:r, :at, :k, :n)"),
                               {"r": ids[0], "at": AT, "k": kind_, "n": note})  # fmt: skip
        for number, (rule, reversal, reason, _kept) in enumerate(OLD_REASONS):
            connection.execute(text(
                "INSERT INTO points_entries (user_id, rule, points, subject_key, report_id, reason, created_at, "
                "earned_at) VALUES (:u, :rule, :points, :key, :r, :reason, :at, :at)"),
                {"u": ids[1], "rule": rule, "points": -1 if reversal else 1, "key": f"k{number}", "r": ids[0],
                 "reason": reason, "at": AT})  # fmt: skip
            if reversal:  # pointing at itself: only whether it is a reversal matters here
                connection.execute(text("UPDATE points_entries SET reverses_id = id WHERE subject_key = :key"),
                                   {"key": f"k{number}"})  # fmt: skip


def _notes(engine) -> list[str]:
    with engine.connect() as connection:
        return list(connection.scalars(text("SELECT note FROM report_events ORDER BY id")))


def test_old_sentences_become_keys_that_read_the_same_and_come_back_on_downgrade(engine):
    _old_rows(engine)
    try:
        upgrade(engine)
        assert _notes(engine) == [kept for _kind, _note, kept in OLD_NOTES]
        with engine.connect() as connection:
            reasons = connection.execute(text("SELECT reason_key, reason FROM points_entries ORDER BY id")).all()
        assert [tuple(row) for row in reasons] == [kept for *_old, kept in OLD_REASONS]
        shown = [event_note(kind, kept) for kind, _note, kept in OLD_NOTES]
        assert shown[:8] == ["Assigned to Dana Q.", "Assigned to nobody.", "Moved to Sidewalk Repair.",
                             "Report OLD1 was merged into this one.", "Duplicate of KEPT1.",
                             "The reporter says it is not fixed: still deep",
                             "The reporter says the problem is not fixed.", "Filed in the portal."]  # fmt: skip
        with language("es"):
            assert worded("report_fixed", "duplicate_of", "KEPT1", "R0021", None) == (
                "El reporte R0021 era un duplicado del KEPT1.")

        command.downgrade(alembic_config(engine), "0020")
        assert _notes(engine) == [note for _kind, note, _kept in OLD_NOTES]
        with engine.connect() as connection:
            written = list(connection.scalars(text("SELECT reason FROM points_entries ORDER BY id")))
        assert written[:3] == ["Report fixed: report R0021.", "Me too: report R0021.", "Project submitted: report R0021."]
        assert written[3:] == [reason for _rule, _reversal, reason, _kept in OLD_REASONS[3:]]
    finally:
        upgrade(engine)
