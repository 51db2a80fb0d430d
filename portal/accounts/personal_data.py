"""Everything the portal holds about one person: the copy they download, and what closing the account does.

`SECTIONS` names every column that points at a person and is theirs to see; `NOT_EXPORTED` names the
others with the reason. tests/unit/test_personal_data.py walks the schema for foreign keys to
`users.id` and fails on one in neither, so a new table cannot be left out of "Download my data".

Closing an account (`delete_my_account`) keeps what the city needs and nothing that names the person:
their reports stay, shown as from "a resident", without the contact email; the words they wrote
elsewhere (reaction notes, comments, notes on project steps) are replaced by `REMOVED`; draft projects
are deleted, submitted ones stay as from "a resident" (a coach and the programme have worked on them);
audit entries keep the event under "deleted account #id"; API keys are revoked, sign-in sessions end,
emails (queued or sent), area follows and message choices are deleted, and Street Bump jolts and
photos no longer say who uploaded them. Points and badges stay on the anonymised account, which no
leaderboard shows. `WHAT_STAYS` says this on the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, delete, or_, select, update
from sqlalchemy.orm import Session

from portal.accounts.models import AuditEntry, Role, SignInSession, StaffDepartment
from portal.accounts.passwords import verify_password
from portal.accounts.permissions import Action, Actor, PermissionDenied, require
from portal.accounts.users import ANONYMOUS_NAME, AccountError, audit, existing_account
from portal.db import utc_now
from portal.i18n import N_, _
from portal.messages.models import AreaFollow, EmailAddress, MessagePreference, MessageToken, OutboxMessage
from portal.open311.models import ApiKey
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

REMOVED = "(removed when its author closed their account)"
WHAT_STAYS = (
    N_("Your reports stay on the map and in the city's records, shown as from “a resident”, without your email."),
    N_("Projects you submitted stay, shown as from “a resident”; your drafts are deleted."),
    N_("Your reaction notes and comments are replaced by “removed”; the reactions and “me too”s still count."),
    N_("Your name, email, password, API keys and sign-ins are removed; the audit log says “deleted account”."),
    N_("Street Bump jolts and photos you uploaded stay, no longer linked to you."),
)


def _public_id(report_id: ColumnElement) -> ColumnElement:
    """The report's public id, for a row that points at a report (a correlated subquery: no join needed)."""
    return select(Report.public_id).where(Report.id == report_id).scalar_subquery().label("report")


@dataclass(frozen=True)
class Section:
    """One part of the download: the rows of a table whose `owners` column(s) point at the person."""

    name: str
    owners: tuple
    columns: tuple  # what the copy shows: never key hashes, tokens or photo store keys


SECTIONS = (
    Section("reports", (Report.reporter_id,), (
        Report.public_id, select(ServiceType.name).where(ServiceType.id == Report.service_type_id)
        .scalar_subquery().label("type"), Report.title, Report.description, Report.status, Report.opened_at,
        Report.closed_at, Report.closure_reason, Report.latitude, Report.longitude, Report.address,
        Report.contact_email, Report.source)),
    Section("report_history", (ReportEvent.actor_id,), (
        _public_id(ReportEvent.report_id), ReportEvent.at, ReportEvent.kind, ReportEvent.note)),
    Section("supports", (ReportSupport.user_id,), (
        _public_id(ReportSupport.report_id), ReportSupport.source, ReportSupport.created_at)),
    Section("reactions", (ReportReaction.user_id,), (
        _public_id(ReportReaction.report_id), ReportReaction.emoji, ReportReaction.fixed, ReportReaction.note,
        ReportReaction.created_at)),
    Section("photos", (ReportPhoto.uploaded_by,), (
        _public_id(ReportPhoto.report_id), ReportPhoto.kind, ReportPhoto.width, ReportPhoto.height,
        ReportPhoto.created_at)),
    Section("points", (PointsEntry.user_id,), (
        PointsEntry.rule, PointsEntry.points, PointsEntry.subject_key, PointsEntry.reason_key, PointsEntry.reason,
        PointsEntry.neighborhood, PointsEntry.department, PointsEntry.earned_at, PointsEntry.created_at)),
    Section("badges", (BadgeAward.user_id,), (BadgeAward.code, BadgeAward.awarded_at)),
    Section("projects", (Project.proposer_id,), (
        Project.id, Project.status, Project.title, Project.summary, Project.serves, Project.goals,
        Project.timeline, Project.team, Project.space_name, Project.space_type, Project.latitude,
        Project.longitude, Project.neighborhood, Project.fundraising_url, Project.created_at,
        Project.updated_at)),
    Section("project_history", (ProjectEvent.actor_id,), (
        ProjectEvent.project_id, ProjectEvent.at, ProjectEvent.kind, ProjectEvent.from_status,
        ProjectEvent.to_status, ProjectEvent.note)),
    Section("comments", (ProjectComment.author_id,), (
        ProjectComment.project_id, ProjectComment.at, ProjectComment.body)),
    Section("coach_profile", (CoachProfile.user_id,), (
        CoachProfile.expertise, CoachProfile.neighborhoods, CoachProfile.languages, CoachProfile.capacity,
        CoachProfile.updated_at)),
    Section("rubric_scores", (RubricScore.updated_by,), (
        RubricScore.project_id, RubricScore.criterion, RubricScore.rating, RubricScore.note, RubricScore.updated_at)),
    Section("street_bump_jolts", (JoltEvent.uploaded_by,), (
        JoltEvent.device_id, JoltEvent.at, JoltEvent.latitude, JoltEvent.longitude, JoltEvent.magnitude,
        JoltEvent.speed, JoltEvent.gps_accuracy, JoltEvent.uploaded_at)),
    Section("api_keys", (ApiKey.owner_id,), (
        ApiKey.label, ApiKey.created_at, ApiKey.last_used_at, ApiKey.revoked_at)),
    Section("sign_in_sessions", (SignInSession.user_id,), (
        SignInSession.created_at, SignInSession.last_seen_at, SignInSession.expires_at, SignInSession.user_agent)),
    Section("staff_departments", (StaffDepartment.user_id,), (StaffDepartment.department,)),
    Section("emails", (OutboxMessage.recipient_user_id,), (
        OutboxMessage.kind, OutboxMessage.recipient_email, OutboxMessage.subject, OutboxMessage.status,
        OutboxMessage.created_at, OutboxMessage.sent_at)),
    Section("area_follows", (AreaFollow.user_id,), (
        AreaFollow.email, AreaFollow.place, AreaFollow.new_reports, AreaFollow.fixes, AreaFollow.frequency,
        AreaFollow.created_at)),
    Section("message_preferences", (MessagePreference.user_id,), (
        MessagePreference.email, MessagePreference.muted, MessagePreference.digest, MessagePreference.updated_at)),
    Section("account_history", (AuditEntry.actor_id, AuditEntry.subject_id), (
        AuditEntry.at, AuditEntry.action, AuditEntry.detail)),
)  # fmt: skip

# Columns that point at a person but are not their data to download, by (table, column).
NOT_EXPORTED = {
    ("reports", "assignee_id"): "a case assigned to a staff member is the city's work record, not theirs",
    ("api_keys", "issued_by"): "which admin issued someone's key belongs to that key's owner's record",
    ("project_events", "coach_id"): "the coach a match named; the event is the proposer's project history",
    ("projects", "coach_id"): "projects a coach is assigned belong to their proposers; the coach's "
                              "comments, notes and ratings are exported",
    ("points_totals", "user_id"): "running totals computed from the points ledger, which is exported",
    ("known_features", "created_by"): "speed bumps and manholes staff mark are the city's street records",
    ("device_tokens", "created_by"): "a city fleet device an admin registered is the city's equipment record",
    ("triage_corrections", "actor_id"): "staff re-categorisations are training rows for the type suggester",
    ("queue_marks", "user_id"): "when a staff member last marked the queue as seen: a working bookmark",
    ("message_tokens", "user_id"): "one-click links in emails, kept only as hashes, dead within days",
}  # fmt: skip


def _plain(value):
    return value.isoformat() if isinstance(value, datetime) else value


def _section_rows(session: Session, section: Section, user_id: int) -> list[dict]:
    query = select(*section.columns).where(or_(*(owner == user_id for owner in section.owners)))
    primary_key = section.owners[0].table.primary_key.columns
    return [{key: _plain(value) for key, value in row._mapping.items()}
            for row in session.execute(query.order_by(*primary_key))]  # fmt: skip


def export_my_data(session: Session, actor: Actor) -> dict:
    """Everything the portal holds about the signed-in person, as plain JSON-ready values."""
    require(actor, Action.VIEW_OWN_ACCOUNT)
    user = existing_account(session, actor.id)
    mine = {
        "account": {
            "username": user.username, "email": user.email, "display_name": user.display_name,
            "role": user.role, "show_name_publicly": user.show_name_publicly,
            "created_at": user.created_at.isoformat(),
        },
    }  # fmt: skip
    mine.update({section.name: _section_rows(session, section, user.id) for section in SECTIONS})
    return mine


def delete_my_account(session: Session, actor: Actor, password: str) -> None:
    """Close the account: what names the person goes, what the city needs stays (see the module's docstring)."""
    require(actor, Action.VIEW_OWN_ACCOUNT)
    user = existing_account(session, actor.id)
    if not verify_password(password, user.password_hash):
        raise AccountError(_("Your password is not right; the account was not deleted."))
    if user.role == Role.ADMIN:
        raise PermissionDenied(_("An admin account cannot delete itself; ask another admin to deactivate it."))
    now, label = utc_now(), deleted_label(user.id)
    _forget_words(session, user.id)
    _delete_drafts(session, user.id)
    _unlink(session, user.id, now)
    _stop_messages(session, user.id, user.email)
    session.execute(update(AuditEntry).where(or_(AuditEntry.subject_id == user.id, AuditEntry.actor_id == user.id,
                                                 AuditEntry.username == user.username))
                    .values(username=label))  # fmt: skip
    # Not a name anyone can register (the username rule has no spaces or "#"), so it can never clash.
    user.username = label
    user.email = ""
    user.display_name = ANONYMOUS_NAME
    user.password_hash = None
    user.show_name_publicly = False
    user.active = False
    user.deleted_at = now
    user.sessions_valid_after = now
    audit(session, "account_deleted", actor, user)


def deleted_label(user_id: int) -> str:
    return f"deleted account #{user_id}"


def _forget_words(session: Session, user_id: int) -> None:
    """What the person wrote outside their own reports: a note may hold a phone number or a name."""
    session.execute(update(ReportReaction).where(ReportReaction.user_id == user_id).values(note=REMOVED))
    # A reaction's note is copied into the report's public history.
    session.execute(update(ReportEvent).where(ReportEvent.actor_id == user_id,
                                              ReportEvent.kind.in_(("reaction", "reopened")))
                    .values(note=REMOVED))  # fmt: skip
    session.execute(update(ProjectComment).where(ProjectComment.author_id == user_id).values(body=REMOVED))
    session.execute(update(ProjectEvent).where(ProjectEvent.actor_id == user_id, ProjectEvent.note != "")
                    .values(note=REMOVED))  # fmt: skip
    session.execute(update(Report).where(Report.reporter_id == user_id).values(contact_email=""))


def _delete_drafts(session: Session, user_id: int) -> None:
    """A draft was never sent to anyone: it goes, with everything hanging from it."""
    drafts = select(Project.id).where(Project.proposer_id == user_id, Project.status == ProjectStatus.DRAFT)
    session.execute(update(PointsEntry).where(PointsEntry.project_id.in_(drafts)).values(project_id=None))
    for child in (ProjectEvent, ProjectComment, BudgetItem, RubricScore):
        session.execute(delete(child).where(child.project_id.in_(drafts)))
    session.execute(delete(Project).where(Project.id.in_(drafts)))


def _stop_messages(session: Session, user_id: int, email: str) -> None:
    """Nothing more is mailed to them: their queued and past emails, follows, choices and links go."""
    key = email.strip().lower()
    for model, by_user, by_address in ((OutboxMessage, OutboxMessage.recipient_user_id, OutboxMessage.recipient_email),
                                       (AreaFollow, AreaFollow.user_id, AreaFollow.email),
                                       (MessagePreference, MessagePreference.user_id, MessagePreference.email),
                                       (MessageToken, MessageToken.user_id, MessageToken.email)):  # fmt: skip
        session.execute(delete(model).where(or_(by_user == user_id, by_address == key)))
    session.execute(delete(EmailAddress).where(EmailAddress.email == key))


def _unlink(session: Session, user_id: int, now: datetime) -> None:
    """Keys stop, sign-ins end, and what stays no longer says who uploaded it."""
    session.execute(update(ApiKey).where(ApiKey.owner_id == user_id, ApiKey.revoked_at.is_(None))
                    .values(revoked_at=now))  # fmt: skip
    session.execute(delete(SignInSession).where(SignInSession.user_id == user_id))
    session.execute(update(JoltEvent).where(JoltEvent.uploaded_by == user_id).values(uploaded_by=None))
    session.execute(update(ReportPhoto).where(ReportPhoto.uploaded_by == user_id).values(uploaded_by=None))
    session.execute(delete(CoachProfile).where(CoachProfile.user_id == user_id))
    session.execute(delete(StaffDepartment).where(StaffDepartment.user_id == user_id))

