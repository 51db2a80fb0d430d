"""Points reasons are stored as a rule or a reason key plus its parameter and read in the reader's language
on "My points" (portal.recognition.reasons)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.i18n import language
from portal.recognition import reasons
from portal.recognition.ledger import ledger_for, reverse_user_points
from portal.recognition.models import PointsEntry
from portal.recognition.rules import ClosureOutcome
from portal.reports import casework
from tests.unit import recognition_fixtures
from tests.unit.recognition_fixtures import file_report

people, pothole, store = recognition_fixtures.people, recognition_fixtures.pothole, recognition_fixtures.store


def spanish_reasons(session, actor) -> list[str]:
    with language("es"):
        return [row.reason for row in ledger_for(session, actor, actor.id)]


def test_an_award_stores_no_sentence_and_reads_in_the_readers_language(session, people, pothole, store):
    report = file_report(session, people.reporter, pothole, store)
    casework.acknowledge(session, people.staff, report.public_id, report.version)
    assert session.scalars(select(PointsEntry.reason)).all() == [""]
    assert spanish_reasons(session, people.reporter) == [f"Reporte recibido: reporte {report.public_id}."]


@pytest.mark.parametrize(("outcome", "spanish"), [
    (ClosureOutcome.SPAM, "El reporte {id} se cerró como spam."),
    (ClosureOutcome.INVALID, "El reporte {id} se cerró como no válido."),
])  # fmt: skip
def test_a_closure_that_takes_points_back_says_why_in_the_readers_language(session, people, pothole, store,
                                                                           outcome, spanish):  # fmt: skip
    report = file_report(session, people.reporter, pothole, store)
    report = casework.acknowledge(session, people.staff, report.public_id, report.version)
    casework.close(session, people.staff, report.public_id, report.version, "Not real", [], store, outcome=outcome)
    assert spanish_reasons(session, people.reporter)[0] == spanish.format(id=report.public_id)
    assert session.scalar(select(PointsEntry.reason_key).where(PointsEntry.points < 0)) == reasons.CLOSED_AS[outcome]


def test_a_merge_names_the_report_kept_and_an_admins_words_stay_as_typed(session, people, pothole, store):
    kept = file_report(session, people.reporter, pothole, store, token="kept")
    twin = file_report(session, people.reporter, pothole, store, token="twin")
    twin = casework.acknowledge(session, people.staff, twin.public_id, twin.version)
    casework.merge(session, people.staff, twin.public_id, twin.version, kept.public_id)
    assert spanish_reasons(session, people.reporter)[0] == (
        f"El reporte {twin.public_id} era un duplicado del {kept.public_id}.")
    kept = casework.acknowledge(session, people.staff, kept.public_id, kept.version)
    reverse_user_points(session, people.admin, people.reporter.id, "Gaming the system")
    assert spanish_reasons(session, people.reporter)[0] == "Revertido por un administrador: Gaming the system"
    assert session.scalar(select(PointsEntry.reason).where(PointsEntry.reason_key == reasons.ADMIN)) == (
        "Gaming the system")


@pytest.mark.parametrize(("key", "reason", "report", "project", "spanish"), [
    ("", "", None, "Plaza verde", "Proyecto enviado: proyecto “Plaza verde”."),
    ("", "", None, None, "Proyecto enviado."),
    ("", "An older sentence nobody recognised.", "ABC", None, "An older sentence nobody recognised."),
    (reasons.KNOWN_FEATURE, "", "ABC", None,
     "El personal marcó el lugar como un reductor de velocidad o una tapa de alcantarilla conocidos, no un bache."),
    (reasons.NOT_FIXED_AFTER_ALL, "", "ABC", None,
     "El reporte ABC no estaba arreglado después de todo: el personal lo volvió a marcar como recibido."),
])  # fmt: skip
def test_every_reason_reads_in_spanish(key, reason, report, project, spanish):
    with language("es"):
        assert reasons.worded("project_submitted", key, reason, report, project) == spanish
