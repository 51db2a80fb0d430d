"""A report's public page as plain values: its status and history (reopened reads as reopened), photos, who
may say "me too", links to it from the feed and Open311, and the reaction form's required answers."""

from io import BytesIO
from xml.etree import ElementTree

import pytest
from PIL import Image
from sqlalchemy import select

from portal.accounts.permissions import ANONYMOUS
from portal.open311.schemas import REQUEST_COLUMNS, request_record
from portal.recognition import rules
from portal.recognition.ledger import balance
from portal.reports import casework, feed, filing, followup
from portal.reports.models import Report, ServiceType
from portal.reports.photos import clean_photo
from portal.reports.public_page import EVENT_LABELS, MeToo, public_report, request_path, request_url
from portal.reports.suggestions import wording
from tests.unit.recognition_fixtures import TREMONT, people, pothole, store  # noqa: F401  (fixtures)

POINTS = {code: rule.points for code, rule in rules.POINTS_RULES.items()}


def jpeg() -> bytes:
    out = BytesIO()
    Image.new("RGB", (64, 48), (30, 30, 200)).save(out, "JPEG")
    return out.getvalue()


def refreshed(session, report: Report) -> Report:
    session.refresh(report)
    return report


def close(session, people, report: Report, store, reason="Crew filled the pothole", photos=()) -> Report:
    casework.close(session, people.staff, report.public_id, report.version, reason, list(photos), store)
    return refreshed(session, report)


@pytest.fixture
def filed(session, people, pothole, store) -> Report:
    draft = filing.ReportDraft(pothole, "Deep pothole", "**Big** <b>hole</b> [here](http://evil)", *TREMONT,
                               address="12 Tremont St", photos=[clean_photo(jpeg(), "before.jpg")])  # fmt: skip
    public_id = filing.file_report(session, people.reporter, draft, store, "browser-1", "t1").public_id
    return session.scalar(select(Report).where(Report.public_id == public_id))


def labels(view) -> list[str]:
    return [EVENT_LABELS[entry.kind] for entry in view.timeline]


def test_an_open_report_shows_what_where_and_its_before_photo(session, people, filed):
    view = public_report(session, f"  {filed.public_id.lower()} ", ANONYMOUS)
    assert (view.public_id, view.type_name, view.address, view.status_label) == (
        filed.public_id, "Request for Pothole Repair", "12 Tremont St", "Open")
    assert view.description == "**Big** <b>hole</b> [here](http://evil)"  # as typed; the page escapes it
    assert [p.kind for p in view.before] == ["before"] and view.after == []
    assert labels(view) == ["Opened"] and view.closure_reason == ""


def test_no_report_with_that_number_is_none(session, people, filed):
    assert public_report(session, "NOSUCHID", ANONYMOUS) is None


def test_closed_then_not_fixed_reads_as_reopened_not_as_the_old_closure(session, people, filed, store):
    report = casework.acknowledge(session, people.staff, filed.public_id, filed.version)
    report = close(session, people, report, store, photos=[clean_photo(jpeg(), "after.jpg")])
    closed = public_report(session, report.public_id, ANONYMOUS)
    assert (closed.status_label, closed.closure_reason) == ("Closed", "Crew filled the pothole")
    assert [p.kind for p in closed.after] == ["after"]

    followup.react(session, people.reporter, report.public_id, "👎", fixed=False, note="My phone number is 555")
    view = public_report(session, report.public_id, ANONYMOUS)
    assert view.status_label == "Reopened: not fixed" and view.closure_reason == ""
    assert labels(view) == ["Opened", "Acknowledged", "Closed", "Reopened: not fixed"]
    assert view.timeline[2].note == "Crew filled the pothole"
    assert not any("555" in entry.note for entry in view.timeline)  # the reporter's words to staff stay there
    assert view.status_since == view.timeline[-1].at

    casework.acknowledge(session, people.staff, report.public_id, refreshed(session, report).version)
    assert public_report(session, report.public_id, ANONYMOUS).status_label.startswith("Acknowledged after")


def test_internal_notes_stay_off_the_public_page(session, people, filed):
    casework.add_note(session, people.staff, filed.public_id, "Crew booked for Tuesday", public=True)
    casework.add_note(session, people.staff, filed.public_id, "Caller is the councillor's aide", public=False)
    session.flush()
    notes = [entry.note for entry in public_report(session, filed.public_id, ANONYMOUS).timeline]
    assert "Crew booked for Tuesday" in notes and not any("aide" in note for note in notes)


def test_who_may_say_me_too(session, people, filed, store):
    mine = public_report(session, filed.public_id, people.reporter)
    assert mine.viewer_is_reporter and mine.me_too == MeToo.REPORTER
    with pytest.raises(followup.FollowUpError, match="your own report"):
        followup.me_too(session, people.reporter, filed.public_id)
    assert public_report(session, filed.public_id, ANONYMOUS).me_too == MeToo.SIGN_IN
    assert public_report(session, filed.public_id, people.neighbor).me_too == MeToo.CAN
    assert followup.me_too(session, people.neighbor, filed.public_id) == 1
    view = public_report(session, filed.public_id, people.neighbor)
    assert view.viewer_supports and not view.viewer_is_reporter and view.supporters == 1
    assert view.me_too == MeToo.SUPPORTS
    close(session, people, filed, store)
    assert public_report(session, filed.public_id, people.staff).me_too == MeToo.CLOSED


def test_the_badge_colour_and_the_place_line(session, people, filed, store):
    view = public_report(session, filed.public_id, ANONYMOUS)
    assert (view.status_colour, view.place) == ("orange", "12 Tremont St, " + view.neighborhood)
    close(session, people, filed, store)
    assert public_report(session, filed.public_id, ANONYMOUS).status_colour == "violet"


@pytest.mark.parametrize(
    ("emoji", "fixed", "message"),
    [(None, True, "how you feel"), ("🎉", None, "whether the problem is gone"), ("🦄", False, "how you feel")],
)
def test_a_reaction_needs_both_answers(session, people, filed, store, emoji, fixed, message):
    close(session, people, filed, store)
    with pytest.raises(followup.FollowUpError, match=message):
        followup.react(session, people.reporter, filed.public_id, emoji, fixed)
    [mine] = followup.my_reports(session, people.reporter)
    assert mine.awaiting_reaction  # nothing was stored


def test_a_confirmed_not_fixed_takes_back_the_fix_points_and_a_real_fix_earns_again(session, people, filed, store):
    report = close(session, people, filed, store)
    followup.react(session, people.reporter, report.public_id, "👎", fixed=False)
    before = balance(session, people.reporter.id)
    casework.acknowledge(session, people.staff, report.public_id, refreshed(session, report).version)
    gained = POINTS[rules.REPORT_ACKNOWLEDGED] + POINTS[rules.VERIFICATION_AGREED] - POINTS[rules.REPORT_FIXED]
    assert balance(session, people.reporter.id) == before + gained
    close(session, people, refreshed(session, report), store, reason="Repaved the block")
    assert balance(session, people.reporter.id) == before + gained + POINTS[rules.REPORT_FIXED]


def test_not_fixed_then_closed_again_unacknowledged_keeps_the_fix_points_once(session, people, filed, store):
    report = close(session, people, filed, store)
    followup.react(session, people.reporter, report.public_id, "👎", fixed=False)
    before = balance(session, people.reporter.id)
    close(session, people, refreshed(session, report), store, reason="Checked again: it is filled.")
    assert balance(session, people.reporter.id) == before


def test_the_feed_and_open311_link_to_the_page(session, people, filed, monkeypatch):
    monkeypatch.setenv("PORTAL_PUBLIC_URL", "https://311.example.org/")
    assert request_path(filed.public_id) == f"/request?id={filed.public_id}"
    atom = ElementTree.fromstring(feed.atom_feed(feed.feed_entries(session), "https://311.example.org"))
    links = {link.get("href") for link in atom.iter("{http://www.w3.org/2005/Atom}link")}
    assert f"https://311.example.org/request?id={filed.public_id}" in links
    row = session.execute(select(*REQUEST_COLUMNS).join(ServiceType).where(Report.id == filed.id)).one()
    assert request_record(row)["service_request_url"] == request_url(filed.public_id)
    assert request_url(filed.public_id) == f"https://311.example.org/request?id={filed.public_id}"


@pytest.mark.parametrize(
    ("rank", "score", "words"),
    [(0, 0.97, "Best match"), (0, 0.31, "Best guess"), (1, 0.02, "Also possible"), (2, 0.0001, "Also possible")],
)
def test_suggestions_are_worded_by_rank_not_by_rounded_percentages(rank, score, words):
    assert wording(rank, score) == words
