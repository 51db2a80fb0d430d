"""The points ledger: append-only entries that say who earned what and why, and their reversals.

Nothing here edits or deletes an entry. An award is unique per (person, rule, subject), so calling
`award` twice for the same thing gives the points once; a reversal is a new entry with the opposite
points that names the entry it reverses (at most one per entry). Each entry updates the running
totals (`totals.add_entry`) and the person's badges in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.orm import Session, aliased

from portal.accounts.models import AuditEntry, User
from portal.accounts.permissions import Action, Actor, require
from portal.db import utc_now
from portal.i18n import _
from portal.projects.models import Project
from portal.recognition import badges, reasons, totals
from portal.recognition.models import PointsEntry, PointsTotal
from portal.recognition.rules import POINTS_RULES
from portal.recognition.sql import insert_for
from portal.reports.models import Report, ServiceType

REASON_LIMIT = 500


class RecognitionError(ValueError):
    """The points change cannot be made as asked; the message says why. Nothing was saved."""


@dataclass
class LedgerRow:
    id: int
    created_at: datetime
    rule: str
    title: str
    points: int
    reason: str  # in the current language (`reasons.worded`)
    report_public_id: str | None
    reversed: bool


def award(session: Session, user_id: int, rule_code: str, *, report_id: int | None = None,
          project_id: int | None = None, subject_key: str | None = None, at: datetime | None = None,
          reason: str | None = None) -> int | None:  # fmt: skip
    """Give `user_id` the points of `rule_code` for a subject (by default the report or project).

    Returns the new entry's id, or None when this person already had these points for this subject.
    """
    if report_id is None and project_id is None and subject_key is None:
        raise ValueError("an award needs a report, a project or a subject key")
    rule = POINTS_RULES[rule_code]
    key = subject_key or (f"report:{report_id}" if report_id is not None else f"project:{project_id}")
    at = at or utc_now()
    neighborhood, department = _where(session, report_id, project_id)
    entry = {"user_id": user_id, "rule": rule_code, "points": rule.points, "subject_key": key,
             "report_id": report_id, "project_id": project_id, "reason": reason or "", "reason_key": "",
             "neighborhood": neighborhood, "department": department, "created_at": at,
             "earned_at": at}  # fmt: skip
    entry_id = _insert(session, entry)
    if entry_id is not None:
        badges.check(session, user_id, at)
    return entry_id


def _insert(session: Session, entry: dict) -> int | None:
    """Write one entry and add it to the totals; None when its award (or reversal) was already there."""
    statement = insert_for(session, PointsEntry).values(**entry).on_conflict_do_nothing()
    entry_id = session.scalar(statement.returning(PointsEntry.id))
    if entry_id is not None:
        totals.add_entry(session, entry)
    return entry_id


def _where(session: Session, report_id: int | None, project_id: int | None) -> tuple[str | None, str | None]:
    """The neighborhood and department an award counts in."""
    if report_id is not None:
        neighborhood, department = session.execute(
            select(Report.neighborhood, ServiceType.department).join(ServiceType).where(Report.id == report_id)
        ).one()
        return neighborhood, department
    if project_id is not None:
        return session.scalar(select(Project.neighborhood).where(Project.id == project_id)), None
    return None, None


def _unreversed(condition: ColumnElement[bool]):
    """Positive entries matching `condition` that nothing has reversed yet."""
    reversal = aliased(PointsEntry)
    return (
        select(PointsEntry)
        .outerjoin(reversal, reversal.reverses_id == PointsEntry.id)
        .where(condition, PointsEntry.points > 0, PointsEntry.reverses_id.is_(None), reversal.id.is_(None))
        .order_by(PointsEntry.id)
    )


def _reverse(session: Session, entries: list[PointsEntry], reason: str, reason_key: str) -> int:
    """Write the opposite of each entry; it counts in the periods the entry counted in. `reason_key` and
    `reason` say why (`reasons.SENTENCES`; the key alone, or its parameter too)."""
    now = utc_now()
    written = 0
    for entry in entries:
        reversal = {"user_id": entry.user_id, "rule": entry.rule, "points": -entry.points,
                    "subject_key": f"reverses:{entry.id}", "report_id": entry.report_id,
                    "project_id": entry.project_id, "reverses_id": entry.id, "reason": reason, "reason_key": reason_key,
                    "neighborhood": entry.neighborhood, "department": entry.department, "created_at": now,
                    "earned_at": entry.earned_at}  # fmt: skip
        written += _insert(session, reversal) is not None
    return written


def unreversed_ids(session: Session, report_id: int, rule_code: str) -> list[int]:
    """The report's entries of one rule that still stand."""
    condition = and_(PointsEntry.report_id == report_id, PointsEntry.rule == rule_code)
    return [entry.id for entry in session.scalars(_unreversed(condition))]


def reverse_for_report(session: Session, report_id: int, reason: str = "", reason_key: str = "") -> int:
    """Take back every point anyone earned through this report (a duplicate, spam, invalid)."""
    entries = list(session.scalars(_unreversed(PointsEntry.report_id == report_id)))
    return _reverse(session, entries, reason, reason_key)


def reverse_for_subject(session: Session, rule_code: str, subject_key: str, reason: str = "",
                        reason_key: str = "") -> int:  # fmt: skip
    """Take back the points of one rule for one subject, from everyone who earned them."""
    condition = and_(PointsEntry.rule == rule_code, PointsEntry.subject_key == subject_key)
    return _reverse(session, list(session.scalars(_unreversed(condition))), reason, reason_key)


def reverse_user_points(session: Session, actor: Actor, user_id: int, reason: str,
                        entry_ids: list[int] | None = None) -> int:  # fmt: skip
    """An admin takes back a person's points (all, or the listed entries) with a reason, in the audit log."""
    require(actor, Action.REVERSE_POINTS)
    reason = reason.strip()
    if not reason:
        raise RecognitionError(_("Please give a reason; the person sees it in their points history."))
    if len(reason) > REASON_LIMIT:
        raise RecognitionError(_("Please keep the reason to {count} characters.").format(count=REASON_LIMIT))

    user = session.get(User, user_id)
    if user is None:
        raise RecognitionError(_("There is no such account."))
    condition = PointsEntry.user_id == user_id
    if entry_ids is not None:
        condition = and_(condition, PointsEntry.id.in_(entry_ids))
    entries = list(session.scalars(_unreversed(condition)))
    if entry_ids is not None and len(entries) != len(set(entry_ids)):
        raise RecognitionError(_("Some of those entries are not this person's, or were already reversed; reload."))
    count = _reverse(session, entries, reason, reasons.ADMIN)
    points = sum(entry.points for entry in entries)
    session.add(AuditEntry(action="points_reversed", actor_id=actor.id, subject_id=user.id, username=user.username,
                           detail=f"{count} entries, {points} points: {reason}"))  # fmt: skip
    return count


def balance(session: Session, user_id: int) -> int:
    """A person's points, all time (the running total; `recompute_balances` derives it from the ledger)."""
    scope, value, period, _ = totals.all_time_key(user_id)
    found = select(PointsTotal.points).where(
        PointsTotal.scope == scope, PointsTotal.scope_value == value, PointsTotal.period == period,
        PointsTotal.user_id == user_id,
    )  # fmt: skip
    return session.scalar(found) or 0


def recompute_balances(session: Session) -> dict[int, int]:
    """Everyone's balance from the ledger alone, ignoring the running totals."""
    rows = session.execute(select(PointsEntry.user_id, func.sum(PointsEntry.points)).group_by(PointsEntry.user_id))
    return {user_id: int(points) for user_id, points in rows}


def ledger_for(session: Session, actor: Actor, user_id: int, limit: int | None = None) -> list[LedgerRow]:
    """A person's ledger, newest first (the newest `limit` entries): their own, or anyone's for an admin."""
    if actor.id == user_id:
        require(actor, Action.VIEW_OWN_POINTS)
    else:
        require(actor, Action.REVERSE_POINTS)
    reversal = aliased(PointsEntry)
    rows = session.execute(
        select(PointsEntry, Report.public_id, Project.title, reversal.id)
        .outerjoin(Report, Report.id == PointsEntry.report_id)
        .outerjoin(Project, Project.id == PointsEntry.project_id)
        .outerjoin(reversal, reversal.reverses_id == PointsEntry.id)
        .where(PointsEntry.user_id == user_id)
        .order_by(PointsEntry.created_at.desc(), PointsEntry.id.desc())
        .limit(limit)
    ).all()  # fmt: skip
    return [
        LedgerRow(entry.id, entry.created_at, entry.rule, _title(entry), entry.points,
                  reasons.worded(entry.rule, entry.reason_key, entry.reason, public_id, project),
                  public_id, reversed=reversed_by is not None)
        for entry, public_id, project, reversed_by in rows
    ]  # fmt: skip


def _title(entry: PointsEntry) -> str:
    """The rule's title in the reader's language."""
    title = _(POINTS_RULES[entry.rule].title) if entry.rule in POINTS_RULES else entry.rule
    return _("Reversed: {title}").format(title=title) if entry.reverses_id is not None else title

