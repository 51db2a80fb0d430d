"""What the portal writes into a report's history and into Street Bump's report is stored as a key and its
parameters and worded in the reader's language where shown (portal.reports.wording)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from portal.i18n import language
from portal.recognition.rules import ClosureOutcome, stated_reason
from portal.reports import casework, followup, public_page, queue
from portal.reports.details import report_detail
from portal.reports.models import Report, ReportEvent, ReportStatus
from portal.reports.wording import (
    STREET_BUMP_SOURCE,
    STREET_BUMP_TITLE,
    closure_reason,
    event_note,
    reaction_note,
    report_description,
    report_title,
    status_label,
    street_bump_description,
)
from tests.unit import recognition_fixtures
from tests.unit.recognition_fixtures import add_report, add_type, file_report

people, pothole, store = recognition_fixtures.people, recognition_fixtures.pothole, recognition_fixtures.store

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)


@pytest.mark.parametrize(("kind", "note", "english", "spanish"), [
    ("assigned", "Dana", "Assigned to Dana.", "Asignado a Dana."),
    ("assigned", "", "Assigned to nobody.", "Asignado a nadie."),
    ("recategorised", "Request for Pothole Repair", "Moved to Request for Pothole Repair.",
     "Cambiado a Solicitud de reparación de bache."),
    ("duplicate_merged", "ABC123", "Report ABC123 was merged into this one.", "El reporte ABC123 se fusionó con este."),
    ("merged", "XYZ789", "Duplicate of XYZ789.", "Duplicado de XYZ789."),
    ("reopened", "Still a hole", "The reporter says it is not fixed: Still a hole",
     "Quien reportó dice que no está arreglado: Still a hole"),
    ("reopened", "", "The reporter says the problem is not fixed.",
     "Quien reportó dice que el problema no está arreglado."),
    ("reaction", reaction_note("👎", False, "still there"), "👎 Not fixed. still there", "👎 No arreglado. still there"),
    ("reaction", reaction_note("🎉", True, ""), "🎉 Fixed.", "🎉 Arreglado."),
    ("opened", "Filed in the portal.", "Filed in the portal.", "Presentado en el portal."),
    ("opened", "Opened by Street Bump.", "Opened by Street Bump.", "Abierto por Street Bump."),
    ("imported_update", "Updated from the city's open-data export.", "Updated from the city's open-data export.",
     "Actualizado con los datos abiertos de la ciudad."),
    ("public_update", "Crew booked for Tuesday", "Crew booked for Tuesday", "Crew booked for Tuesday"),
    ("closed", "Filled the pothole.", "Filled the pothole.", "Filled the pothole."),
    ("closed", "Duplicate of KEPT12", "Duplicate of KEPT12.", "Duplicado de KEPT12."),
    ("closed", "Closed in City CRM (SR-77).", "Closed in City CRM (SR-77).", "Cerrado en City CRM (SR-77)."),
    ("closed", "Case Closed Duplicate of Existing Case 1400822", "Case Closed Duplicate of Existing Case 1400822",
     "Case Closed Duplicate of Existing Case 1400822"),  # the city's own words, imported
    ("closed", "Not a pothole: a known manhole (marked by staff).", "Not a pothole: a known manhole (marked by staff).",
     "No es un bache: es una tapa de alcantarilla conocida (marcada por el personal)."),
])  # fmt: skip
def test_history_notes_read_in_the_readers_language_and_typed_words_stay_as_typed(kind, note, english, spanish):
    assert event_note(kind, note) == english
    with language("es"):
        assert event_note(kind, note) == spanish


@pytest.mark.parametrize(("typed", "outcome", "spanish"), [
    ("Removed the duplicate sign.", ClosureOutcome.FIXED, "Arreglado: Removed the duplicate sign."),
    ("Already reported.", ClosureOutcome.DUPLICATE, "Duplicado: Already reported."),
    ("Ads for a car wash", ClosureOutcome.SPAM, "Spam: Ads for a car wash"),
    ("Closed.", ClosureOutcome.INVALID, "No válido: Closed."),
    ("Case Invalid", ClosureOutcome.INVALID, "Case Invalid"),  # says it already: nothing added, nothing worded
    ("Filled the hole.", None, "Filled the hole."),
])  # fmt: skip
def test_the_outcome_staff_chose_reads_in_the_readers_language_and_their_words_as_typed(typed, outcome, spanish):
    stored = stated_reason(typed, outcome)
    assert closure_reason(stored) == stored  # English: as stored, which the fix counts read
    with language("es"):
        assert closure_reason(stored) == event_note("closed", stored) == spanish


def test_a_status_key_is_named_in_the_readers_language_and_an_unknown_one_shown_as_it_is():
    with language("es"):
        assert [status_label(s) for s in ReportStatus] == ["Abierto", "Recibido", "Cerrado"]
        assert status_label("in progress") == "in progress"  # an upstream's own word


@pytest.mark.parametrize(("devices", "hits", "spanish"), [
    (1, 1, "Los teléfonos tuvieron una sacudida aquí en 1 pasada. 1 sacudida en total."),
    (4, 1_250, "Los teléfonos tuvieron una sacudida aquí en 4 pasadas. 1.250 sacudidas en total."),
])  # fmt: skip
def test_street_bump_report_reads_in_the_readers_language_with_plurals(devices, hits, spanish):
    stored = street_bump_description(devices, hits)
    assert stored == f"{devices} passes by phones jolted here ({hits} jolts in all)."  # the API's text, unchanged
    with language("es"):
        assert report_title(STREET_BUMP_SOURCE, STREET_BUMP_TITLE) == "Bache encontrado por Street Bump"
        assert report_description(STREET_BUMP_SOURCE, stored) == spanish
    with language("zh_Hans"):
        assert report_description(STREET_BUMP_SOURCE, stored) == (
            f"手机经过这里 {devices} 次时出现颠簸。 共 {hits:,} 次颠簸。")


def test_a_residents_words_are_never_reworded_even_when_they_match_the_portals():
    with language("es"):
        assert report_title("Civic Portal", STREET_BUMP_TITLE) == STREET_BUMP_TITLE
        assert report_description("Civic Portal", street_bump_description(2, 3)) == street_bump_description(2, 3)
        assert report_description(STREET_BUMP_SOURCE, "A deep one by the curb") == "A deep one by the curb"


def test_casework_stores_the_parameter_and_every_history_shows_the_sentence(session, people, pothole, store):
    report = file_report(session, people.reporter, pothole, store)
    other = add_type(session, "Sidewalk Repair")
    report = casework.assign(session, people.staff, report.public_id, report.version, people.staff.id)
    report = casework.recategorise(session, people.staff, report.public_id, report.version, other)
    notes = dict(session.execute(select(ReportEvent.kind, ReportEvent.note).where(ReportEvent.report_id == report.id)).all())
    assert (notes["assigned"], notes["recategorised"], notes["opened"]) == (
        "Kim", "Sidewalk Repair", "Filed in the portal.")
    with language("es"):
        staff_view = {e.kind: e.note for e in queue.case(session, people.staff, report.public_id).events}
        mine = {e.kind: e.note for e in followup.my_reports(session, people.reporter)[0].history}
        public = {e.kind: e.note for e in public_page.public_report(session, report.public_id, people.neighbor).timeline}
    assert staff_view["assigned"] == "Asignado a Kim."
    assert staff_view["recategorised"] == mine["recategorised"] == public["recategorised"] == (
        "Cambiado a Reparación de acera.")
    assert staff_view["opened"] == mine["opened"] == public["opened"] == "Presentado en el portal."


def test_the_public_page_keeps_the_reporters_words_back_on_a_reopening(session, people, pothole, store):
    report = file_report(session, people.reporter, pothole, store)
    casework.close(session, people.staff, report.public_id, report.version, "Filled it", [], store)
    followup.react(session, people.reporter, report.public_id, "😡", False, "Call me on 617 555 0100")
    with language("es"):
        public = {e.kind: e.note for e in public_page.public_report(session, report.public_id, people.neighbor).timeline}
        mine = {e.kind: e.note for e in followup.my_reports(session, people.reporter)[0].history}
    assert public["reopened"] == "Quien reportó dice que el problema no está arreglado."
    assert mine["reopened"] == "Quien reportó dice que no está arreglado: Call me on 617 555 0100"
    assert mine["reaction"] == "😡 No arreglado. Call me on 617 555 0100"


def test_street_bump_reports_read_in_spanish_on_every_page_but_stay_english_stored(session, people, pothole):
    report = add_report(session, None, pothole, NOW)
    report.source, report.title = STREET_BUMP_SOURCE, STREET_BUMP_TITLE
    report.description = street_bump_description(3, 7)
    session.add(ReportEvent(report_id=report.id, at=NOW, kind="opened", to_status=ReportStatus.OPEN,
                            note="Opened by Street Bump."))  # fmt: skip
    session.flush()
    with language("es"):
        shown = [public_page.public_report(session, report.public_id, people.neighbor),
                 report_detail(session, report.public_id), queue.case(session, people.staff, report.public_id)]
    assert {(s.title, s.description) for s in shown} == {(
        "Bache encontrado por Street Bump",
        "Los teléfonos tuvieron una sacudida aquí en 3 pasadas. 7 sacudidas en total.")}
    stored = session.scalar(select(Report).where(Report.id == report.id))
    assert (stored.title, stored.description) == (STREET_BUMP_TITLE, "3 passes by phones jolted here (7 jolts in all).")


def test_a_merged_reports_closure_reads_in_the_readers_language_where_shown(session, people, pothole, store):
    kept = file_report(session, people.reporter, pothole, store, token="kept")
    twin = file_report(session, people.reporter, pothole, store, token="twin")
    casework.merge(session, people.staff, twin.public_id, twin.version, kept.public_id)
    assert session.scalar(select(Report.closure_reason).where(Report.id == twin.id)) == f"Duplicate of {kept.public_id}"
    with language("es"):
        public = public_page.public_report(session, twin.public_id, people.neighbor)
        mine = next(r for r in followup.my_reports(session, people.reporter) if r.public_id == twin.public_id)
        panel = report_detail(session, twin.public_id)
    assert public.closure_reason == mine.closure_reason == panel.closure_reason == f"Duplicado de {kept.public_id}."
    assert {e.kind: e.note for e in public.timeline}["merged"] == f"Duplicado de {kept.public_id}."
