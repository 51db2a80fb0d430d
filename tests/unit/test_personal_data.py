"""Download my data holds everything about the person; closing the account leaves nothing that names them."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select, text

import portal.models  # noqa: F401  (every domain's tables, so the schema walk sees them all)
from portal.accounts.models import AuditEntry, Role, SignInSession, StaffDepartment, User
from portal.accounts.permissions import SYSTEM, Actor, PermissionDenied
from portal.accounts.personal_data import (
    NOT_EXPORTED,
    REMOVED,
    SECTIONS,
    delete_my_account,
    deleted_label,
    export_my_data,
)
from portal.accounts.users import USERNAME_PATTERN, AccountError, create_user, current_actor, public_name
from portal.db import Base, utc_now
from portal.messages.models import AreaFollow, MessagePreference, MessageToken, OutboxMessage
from portal.open311.keys import issue_key, key_holder
from portal.projects.models import (
    BudgetItem,
    CoachProfile,
    Project,
    ProjectComment,
    ProjectEvent,
    ProjectStatus,
    RubricScore,
)
from portal.recognition.models import BadgeAward, PointsEntry
from portal.reports.models import Report, ReportEvent, ReportPhoto, ReportReaction, ReportSupport, ServiceType
from portal.streetbump.models import JoltEvent

PASSWORD = "Tremont-Lamp-Owl-2931"
# What must not survive the account anywhere in the database.
NAME, USERNAME, EMAIL, PHONE = "Mariana Quintero", "mquintero", "mq@example.org", "617-555-0143"


def _fk_columns_to_users() -> set[tuple[str, str]]:
    return {(table.name, fk.parent.name) for table in Base.metadata.tables.values()
            for fk in table.foreign_keys if fk.column.table.name == "users"}  # fmt: skip


def test_every_column_pointing_at_a_person_is_exported_or_excluded_with_a_reason():
    exported = {(owner.table.name, owner.name) for section in SECTIONS for owner in section.owners}
    pointing = _fk_columns_to_users()
    assert pointing - exported - set(NOT_EXPORTED) == set(), "add it to SECTIONS or NOT_EXPORTED"
    assert (exported | set(NOT_EXPORTED)) - pointing == set(), "a listed column no longer points at users"
    assert not exported & set(NOT_EXPORTED) and all(reason.strip() for reason in NOT_EXPORTED.values())


def _person_with_everything(session) -> tuple[Actor, str, dict[str, int]]:
    """One resident with a row in every table the download covers; their API key; ids to check."""
    user = create_user(session, SYSTEM, USERNAME, EMAIL, NAME, Role.RESIDENT, PASSWORD)
    other = create_user(session, SYSTEM, "other", "other@example.org", "Other", Role.STAFF, PASSWORD)
    kind = ServiceType(subject="Public Works Department", reason="Highway Maintenance", name="Pothole",
                       department="PWDx")  # fmt: skip
    session.add(kind)
    session.flush()
    now = utc_now()
    mine = Report(public_id="MINE000001", service_type_id=kind.id, title="Hole", description="Deep hole",
                  status="closed", opened_at=now, source="Civic Portal", reporter_id=user.id,
                  contact_email=EMAIL, latitude=42.355, longitude=-71.06)  # fmt: skip
    theirs = Report(public_id="THEIRS0001", service_type_id=kind.id, title="Light", status="open", opened_at=now,
                    source="Civic Portal", reporter_id=other.id)  # fmt: skip
    session.add_all([mine, theirs])
    session.flush()
    closure = ReportEvent(report_id=mine.id, kind="closed", actor_id=other.id, note="Filled.")
    session.add_all([closure, ReportEvent(report_id=mine.id, kind="opened", actor_id=user.id, note="Filed.")])
    session.flush()
    session.add_all([
        ReportReaction(report_id=mine.id, closure_event_id=closure.id, user_id=user.id, emoji="👎", fixed=False,
                       note=f"Still there, call me on {PHONE}"),
        ReportEvent(report_id=mine.id, kind="reopened", actor_id=user.id,
                    note=f"The reporter says it is not fixed: call me on {PHONE}"),
        ReportSupport(report_id=theirs.id, user_id=user.id, source="resident"),
        ReportPhoto(report_id=mine.id, kind="before", key="k", thumbnail_key="t", content_type="image/jpeg",
                    width=1, height=1, uploaded_by=user.id),
        PointsEntry(user_id=user.id, rule="report_filed", points=5, subject_key="report:1", earned_at=now),
        BadgeAward(user_id=user.id, code="first_report"),
        CoachProfile(user_id=user.id, languages=["Spanish"]),
        StaffDepartment(user_id=user.id, department="PWDx"),
        JoltEvent(device_id="phone", at=now, latitude=42.35, longitude=-71.06, magnitude=5.0, speed=10.0,
                  gps_accuracy=5.0, h3_r10=1, uploaded_by=user.id),
        SignInSession(user_id=user.id, token_hash="a" * 64, expires_at=now + timedelta(days=1), user_agent="Firefox"),
        OutboxMessage(kind="report_closed", dedup_key="k", recipient_email=EMAIL, recipient_user_id=user.id,
                      subject=f"Hello {NAME}", text_body=NAME, html_body=NAME, status="held"),
        AreaFollow(email=EMAIL, user_id=user.id, place="Mission Hill", neighborhood="Mission Hill", feed_token="f"),
        MessagePreference(email=EMAIL, user_id=user.id, digest=True),
        MessageToken(token_hash="b" * 64, purpose="react", email=EMAIL, user_id=user.id, expires_at=now),
    ])  # fmt: skip
    draft = Project(proposer_id=user.id, title="Reading nook", summary=f"Text {PHONE}")
    submitted = Project(proposer_id=user.id, title="Bench garden", status=ProjectStatus.SUBMITTED)
    session.add_all([draft, submitted])
    session.flush()
    session.add_all([
        ProjectEvent(project_id=submitted.id, kind="submitted", actor_id=user.id, note=f"My cell is {PHONE}"),
        ProjectComment(project_id=submitted.id, author_id=user.id, body=f"Call {PHONE}, {NAME}"),
        ProjectComment(project_id=draft.id, author_id=user.id, body="A note on my draft"),
        ProjectEvent(project_id=draft.id, kind="created", actor_id=user.id),
        BudgetItem(project_id=draft.id, position=0, category="materials", description="Shelves", quantity=1,
                   unit_cost_cents=100),
        RubricScore(project_id=submitted.id, criterion="need", rating="strong", updated_by=user.id),
    ])  # fmt: skip
    session.add(AuditEntry(action="sign_in_failed", username=USERNAME))  # before any account, by name only
    key = issue_key(session, SYSTEM, user.id, "My script")
    session.flush()
    return Actor(user.id, user.username, user.role), key, {"draft": draft.id, "submitted": submitted.id,
                                                             "report": mine.id}  # fmt: skip


def test_the_download_holds_a_row_of_every_kind_and_no_secret(session):
    actor, key, _ids = _person_with_everything(session)
    mine = export_my_data(session, actor)
    assert mine["account"] == {**mine["account"], "username": USERNAME, "email": EMAIL, "display_name": NAME}
    assert [name for name in (section.name for section in SECTIONS) if not mine[name]] == []
    assert {p["title"] for p in mine["projects"]} == {"Reading nook", "Bench garden"}
    assert mine["reports"][0]["type"] == "Pothole" and mine["supports"][0]["report"] == "THEIRS0001"
    assert mine["street_bump_jolts"][0]["latitude"] == 42.35
    dumped = json.dumps(mine, ensure_ascii=False)  # every value is plain JSON
    assert key not in dumped and "password" not in dumped.lower() and "a" * 64 not in dumped


def _everything_stored(session) -> str:
    """Every row of every table, as text, to search for what must be gone."""
    return "\n".join(str(row) for table in Base.metadata.sorted_tables
                     for row in session.execute(text(f"SELECT * FROM {table.name}")))  # fmt: skip


def test_closing_the_account_leaves_nothing_that_names_the_person(session):
    actor, key, ids = _person_with_everything(session)
    assert NAME in _everything_stored(session)
    with pytest.raises(AccountError, match="not right"):
        delete_my_account(session, actor, "wrong-password")
    delete_my_account(session, actor, PASSWORD)
    session.flush()
    session.expire_all()

    stored = _everything_stored(session)
    for gone in (NAME, USERNAME, EMAIL, PHONE):
        assert gone not in stored, gone
    user = session.get(User, actor.id)
    label = deleted_label(actor.id)
    assert (user.username, user.email, user.display_name, user.password_hash, user.active) == (
        label, "", "a resident", None, False)
    assert not USERNAME_PATTERN.match(label)  # nobody can register the name a deleted account takes
    assert current_actor(session, USERNAME, utc_now()) is None and key_holder(session, key) is None
    assert session.scalars(select(SignInSession).where(SignInSession.user_id == actor.id)).all() == []
    assert set(session.scalars(select(AuditEntry.username))) <= {label, "other"}
    assert "account_deleted" in set(session.scalars(select(AuditEntry.action)))

    report = session.get(Report, ids["report"])
    assert (report.reporter_id, report.contact_email, report.title) == (actor.id, "", "Hole")
    assert session.scalar(select(ReportReaction.note)) == REMOVED
    assert session.scalar(select(ReportSupport.user_id)) == actor.id  # the "me too" still counts
    assert session.get(Project, ids["draft"]) is None
    submitted = session.get(Project, ids["submitted"])
    assert (submitted.title, public_name(submitted.proposer)) == ("Bench garden", "a resident")
    assert set(session.scalars(select(ProjectComment.body))) == {REMOVED}
    assert session.scalar(select(JoltEvent.uploaded_by)) is None
    assert session.scalar(select(ReportPhoto.uploaded_by)) is None


def test_an_admin_cannot_close_their_own_account(session):
    admin = create_user(session, SYSTEM, "ada", "ada@example.org", "Ada", Role.ADMIN, PASSWORD)
    session.flush()
    with pytest.raises(PermissionDenied):
        delete_my_account(session, Actor(admin.id, admin.username, admin.role), PASSWORD)
