"""Report → triage → fix → react: filing, duplicates, staff casework with optimistic locking, follow-up, feed."""

from datetime import timedelta
from io import BytesIO
from xml.etree import ElementTree

import pytest
from PIL import Image
from sqlalchemy import func, select

from portal.accounts.models import Role, User
from portal.accounts.permissions import ANONYMOUS, Actor, PermissionDenied
from portal.db import utc_now
from portal.display import escape_markdown
from portal.reports import casework, feed, filing, followup, queue
from portal.reports.models import Report, ReportPhoto, ReportStatus, ServiceType
from portal.reports.nearby import reports_near
from portal.reports.photos import clean_photo
from portal.reports.photostore import LocalPhotoStore
from portal.triage.models import TriageCorrection

TREMONT = (42.35530, -71.06280)  # Tremont St by the Common


@pytest.fixture
def people(session):
    users = {role: User(username=f"u-{role.value}", email=f"{role.value}@example.org", display_name=role.value.title(),
                        role=role) for role in Role}  # fmt: skip
    users["staff2"] = User(username="u-staff2", email="s2@example.org", display_name="Second", role=Role.STAFF)
    session.add_all(users.values())
    session.flush()
    return {key: Actor(u.id, u.username, u.role) for key, u in users.items()}


@pytest.fixture
def pothole(session) -> int:
    service_type = ServiceType(subject="Public Works Department", reason="Highway Maintenance",
                               name="Request for Pothole Repair", department="PWDx")  # fmt: skip
    session.add(service_type)
    session.flush()
    return service_type.id


@pytest.fixture
def store(tmp_path):
    return LocalPhotoStore(tmp_path / "photos")


def jpeg() -> bytes:
    out = BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(out, "JPEG")
    return out.getvalue()


def file(session, actor, type_id, store, token="t1", where=TREMONT, title="Deep pothole", **extra):
    draft = filing.ReportDraft(type_id, title, extra.pop("details", ""), *where, **extra)
    return filing.file_report(session, actor, draft, store, session_id="browser-1", client_token=token)


@pytest.mark.parametrize("outcome", ["commit", "rollback"])
def test_photo_files_live_exactly_as_long_as_their_rows(session, people, pothole, store, outcome):
    session.commit()
    file(session, people[Role.RESIDENT], pothole, store, photos=[clean_photo(jpeg(), "hole.jpg")])
    written = sorted(path.name for path in store.root.rglob("*") if path.is_file())
    assert len(written) == 2  # the photo and its thumbnail
    getattr(session, outcome)()
    left = sorted(path.name for path in store.root.rglob("*") if path.is_file())
    assert left == (written if outcome == "commit" else [])


def test_filing_stores_the_report_its_history_and_clean_photos(session, people, pothole, store):
    photo = clean_photo(jpeg(), "hole.jpg")
    filed = file(session, people[Role.RESIDENT], pothole, store, photos=[photo])
    report = session.scalar(select(Report).where(Report.public_id == filed.public_id))
    assert (report.status, report.source, report.reporter_id) == ("open", "Civic Portal", people[Role.RESIDENT].id)
    assert report.neighborhood and report.h3_r9 and report.events[0].kind == "opened"
    stored = session.scalars(select(ReportPhoto).where(ReportPhoto.report_id == report.id)).one()
    assert store.get(stored.key) == photo.data and store.get(stored.thumbnail_key) == photo.thumbnail


def test_anonymous_residents_may_file(session, pothole, store):
    filed = file(session, ANONYMOUS, pothole, store, contact_email="me@example.org")
    assert not filed.repeated_submit


def test_a_double_submit_files_one_report(session, people, pothole, store):
    first = file(session, people[Role.RESIDENT], pothole, store, token="same")
    second = file(session, people[Role.RESIDENT], pothole, store, token="same")
    assert second == filing.Filed(first.public_id, repeated_submit=True)
    assert session.scalar(select(func.count()).select_from(Report)) == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"title": "x" * 121}, "keep it to 120"),
        ({"title": "   "}, "describe the problem"),
        ({"details": "y" * 2001}, "keep them to 2,000"),
        ({"where": (42.3736, -71.1097)}, "outside Boston"),  # Harvard Square, Cambridge
        ({"contact_email": "not-an-email"}, "email address"),
    ],
)
def test_bad_input_is_refused_with_a_reason_and_saves_nothing(session, people, pothole, store, change, message):
    with pytest.raises(filing.FilingError, match=message):
        file(session, people[Role.RESIDENT], pothole, store, **change)
    assert session.scalar(select(func.count()).select_from(Report)) == 0


def test_an_unknown_type_is_refused(session, people, store):
    with pytest.raises(filing.FilingError, match="request type"):
        file(session, people[Role.RESIDENT], 999, store)


def test_html_and_script_are_kept_as_text_and_escaped_for_display(session, people, pothole, store):
    nasty = "<script>alert(1)</script> **bold** [link](http://evil)"
    filed = file(session, people[Role.RESIDENT], pothole, store, title=nasty)
    title = session.scalar(select(Report.title).where(Report.public_id == filed.public_id))
    assert title == nasty
    shown = escape_markdown(title)
    assert "\\<script\\>" in shown and "\\*\\*" in shown and "\\[link\\]" in shown


def test_the_hourly_limit_stops_a_flood(session, people, pothole, store, monkeypatch):
    monkeypatch.setenv("PORTAL_REPORTS_PER_HOUR", "2")
    for token in ("a", "b"):
        file(session, people[Role.RESIDENT], pothole, store, token=token)
    with pytest.raises(filing.FilingError, match="2 reports this hour"):
        file(session, people[Role.RESIDENT], pothole, store, token="c")
    file(session, people[Role.STAFF], pothole, store, token="d")  # someone else is not limited by it


def test_duplicates_are_open_reports_of_the_type_within_50_m(session, people, pothole, store):
    near = file(session, people[Role.RESIDENT], pothole, store, token="near").public_id
    file(session, people[Role.RESIDENT], pothole, store, token="far", where=(42.3600, -71.0700))
    found = reports_near(session, TREMONT[0] + 0.0002, TREMONT[1], 50, (pothole,))  # about 22 m north
    assert [r.public_id for r in found] == [near]
    assert 15 < found[0].metres < 30


def test_me_too_counts_once_per_person(session, people, pothole, store):
    pid = file(session, people[Role.RESIDENT], pothole, store).public_id
    assert followup.me_too(session, people[Role.COACH], pid) == 1
    assert followup.me_too(session, people[Role.COACH], pid) == 1
    assert followup.me_too(session, people[Role.STAFF], pid) == 2
    with pytest.raises(PermissionDenied):
        followup.me_too(session, ANONYMOUS, pid)


def seen(session, pid) -> int:
    return session.scalar(select(Report.version).where(Report.public_id == pid))


def test_two_staff_closing_the_same_report_the_second_gets_a_conflict(session, people, pothole, store):
    pid = file(session, people[Role.RESIDENT], pothole, store).public_id
    version = seen(session, pid)  # both staff opened the case at this version
    casework.close(session, people[Role.STAFF], pid, version, "Patched", [clean_photo(jpeg())], store)
    with pytest.raises(casework.ConflictError, match="already closed"):
        casework.close(session, people["staff2"], pid, version, "Also patched", [], store)
    report = session.scalar(select(Report).where(Report.public_id == pid))
    assert (report.status, report.closure_reason) == ("closed", "Patched")
    assert session.scalar(select(func.count()).where(ReportPhoto.kind == "after")) == 1


def test_a_stale_version_is_a_conflict_and_changes_nothing(session, people, pothole, store):
    pid = file(session, people[Role.RESIDENT], pothole, store).public_id
    version = seen(session, pid)
    casework.acknowledge(session, people[Role.STAFF], pid, version)
    with pytest.raises(casework.ConflictError, match="changed by someone else"):
        casework.assign(session, people["staff2"], pid, version, people["staff2"].id)
    assert session.scalar(select(Report.assignee_id).where(Report.public_id == pid)) is None


@pytest.mark.parametrize("role", [Role.RESIDENT, Role.COACH])
def test_only_staff_work_cases(session, people, pothole, store, role):
    pid = file(session, people[Role.RESIDENT], pothole, store).public_id
    with pytest.raises(PermissionDenied):
        casework.close(session, people[role], pid, seen(session, pid), "done", [], store)
    with pytest.raises(PermissionDenied):
        queue.queue_page(session, people[role], queue.QueueFilter())


def test_recategorising_keeps_the_correction_for_triage(session, people, pothole, store):
    pid = file(session, people[Role.RESIDENT], pothole, store, title="Street light out").public_id
    lights = ServiceType(subject="Public Works Department", reason="Street Lights", name="Street Light Outages",
                         department="PWDx")  # fmt: skip
    session.add(lights)
    session.flush()
    casework.recategorise(session, people[Role.STAFF], pid, seen(session, pid), lights.id)
    correction = session.scalars(select(TriageCorrection)).one()
    assert (correction.text, correction.to_type_id) == ("Street light out.", lights.id)


def test_merging_closes_the_duplicate_into_the_other(session, people, pothole, store):
    keep = file(session, people[Role.RESIDENT], pothole, store, token="a").public_id
    dup = file(session, people[Role.COACH], pothole, store, token="b").public_id
    casework.merge(session, people[Role.STAFF], dup, seen(session, dup), keep.lower())
    report = session.scalar(select(Report).where(Report.public_id == dup))
    assert report.status == "closed" and report.closure_reason == f"Duplicate of {keep}"
    with pytest.raises(casework.CaseworkError, match="itself"):
        casework.merge(session, people[Role.STAFF], keep, seen(session, keep), keep)


def test_not_fixed_reopens_the_report_into_the_queue(session, people, pothole, store):
    resident = people[Role.RESIDENT]
    pid = file(session, resident, pothole, store).public_id
    casework.close(session, people[Role.STAFF], pid, seen(session, pid), "Patched", [], store)
    [mine] = followup.my_reports(session, resident)
    assert mine.awaiting_reaction and mine.status == "closed"
    with pytest.raises(PermissionDenied):
        followup.react(session, people[Role.COACH], pid, "👎", fixed=False)
    followup.react(session, resident, pid, "👎", fixed=False, note="Still a hole")
    assert session.scalar(select(Report.status).where(Report.public_id == pid)) == ReportStatus.OPEN
    assert pid in set(queue.queue_page(session, people[Role.STAFF], queue.QueueFilter()).rows["report"])
    with pytest.raises(followup.FollowUpError, match="no closure"):
        followup.react(session, resident, pid, "🎉", fixed=True)
    counts = followup.reaction_counts(session)
    assert counts.loc[0, "👎"] == 1 and counts.loc[0, "said fixed"] == 0


def test_history_shown_to_the_reporter_leaves_out_internal_notes(session, people, pothole, store):
    pid = file(session, people[Role.RESIDENT], pothole, store).public_id
    casework.add_note(session, people[Role.STAFF], pid, "Crew booked for Tuesday", public=True)
    casework.add_note(session, people[Role.STAFF], pid, "Caller is the councillor's aide", public=False)
    session.flush()
    [mine] = followup.my_reports(session, people[Role.RESIDENT])
    notes = [entry.note for entry in mine.history]
    assert "Crew booked for Tuesday" in notes and not any("aide" in n for n in notes)


def test_the_queue_flags_overdue_reports_and_counts_supporters(session, people, pothole, store):
    pid = file(session, people[Role.RESIDENT], pothole, store).public_id
    session.execute(Report.__table__.update().values(target_at=utc_now() - timedelta(days=1)))
    followup.me_too(session, people[Role.COACH], pid)
    order = queue.QueueFilter(order=queue.QueueOrder.SUPPORTED)
    frame = queue.queue_page(session, people[Role.STAFF], order).rows
    row = frame.set_index("report").loc[pid]
    assert bool(row["overdue"]) and row["supporters"] == 1 and row["reporter email"] == "resident@example.org"


def test_the_feed_tells_new_and_fixed_in_plain_words(session, people, pothole, store):
    pid = file(session, people[Role.RESIDENT], pothole, store, address="12 Tremont St  Boston  MA").public_id
    report = session.scalar(select(Report).where(Report.public_id == pid))
    casework.close(session, people[Role.STAFF], pid, report.version, "Patched", [], store,
                   now=report.opened_at + timedelta(days=2, hours=1))  # fmt: skip
    entries = feed.feed_entries(session)
    assert [e.headline for e in entries] == ["Fixed in 2 days: Request for Pothole Repair on Tremont St",
                                             "New: Request for Pothole Repair on Tremont St"]  # fmt: skip
    atom = ElementTree.fromstring(feed.atom_feed(entries, "https://311.example.org"))
    titles = [t.text for t in atom.iter("{http://www.w3.org/2005/Atom}title")]
    assert "Fixed in 2 days: Request for Pothole Repair on Tremont St" in titles


def test_admins_set_the_department_queues_staff_work(session, people):
    staff = people[Role.STAFF]
    with pytest.raises(PermissionDenied):
        queue.set_departments(session, staff, staff.id, ["PWDx"])
    queue.set_departments(session, people[Role.ADMIN], staff.id, ["PWDx", "BTDT", "PWDx"])
    session.flush()
    assert queue.my_departments(session, staff) == ["BTDT", "PWDx"]
