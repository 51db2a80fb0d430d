"""Staff work on a report: acknowledge, assign, update, re-categorise, merge, close with an "after" photo.

Every change says which version of the report the staff member saw. The UPDATE only applies to that
version, so when two people act on the same report at once the second gets a `ConflictError` telling
them to reload, and nothing either of them wrote is lost or silently overwritten.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from portal.accounts.models import Role, User
from portal.accounts.permissions import Action, Actor, require
from portal.db import utc_now
from portal.display import clean_text
from portal.i18n import _
from portal.messages import notify
from portal.recognition import events
from portal.recognition.rules import ClosureOutcome, closure_outcome, stated_reason
from portal.reports.filing import store_photos
from portal.reports.models import Report, ReportEvent, ReportStatus, ServiceType
from portal.reports.photos import CleanPhoto
from portal.reports.photostore import PhotoStore
from portal.reports.wording import merged_reason
from portal.triage.models import TriageCorrection

NOTE_LIMIT = 2_000


class CaseworkError(ValueError):
    """The action cannot be done as asked; the message says why."""


class ConflictError(CaseworkError):
    """Someone changed the report after this person loaded it; nothing was saved."""


def _report(session: Session, public_id: str) -> Report:
    report = session.scalar(select(Report).where(Report.public_id == public_id))
    if report is None:
        raise CaseworkError(_("There is no report {id}.").format(id=public_id))
    return report


def _apply(session: Session, actor: Actor, public_id: str, seen_version: int, event: ReportEvent,
           **values) -> Report:  # fmt: skip
    """Change the report only if it is still at `seen_version`, and log the event."""
    require(actor, Action.WORK_QUEUE)
    report = _report(session, public_id)
    now = utc_now()
    changed = session.execute(
        update(Report)
        .where(Report.id == report.id, Report.version == seen_version)
        .values(version=Report.version + 1, updated_at=now, **values)
        .execution_options(synchronize_session=False)
    ).rowcount
    if changed == 0:
        session.refresh(report)
        raise ConflictError(_(
            "Report {id} was changed by someone else while you had it open (it is now "
            "{status}). Reload it to see their change, then try again; nothing of yours was saved."
        ).format(id=public_id, status=_(report.status)))
    event.report_id, event.at, event.actor_id = report.id, now, actor.id
    session.add(event)
    session.flush()
    session.refresh(report)
    return report


def acknowledge(session: Session, actor: Actor, public_id: str, seen_version: int) -> Report:
    report = _report(session, public_id)
    if report.status != ReportStatus.OPEN:
        raise CaseworkError(_("Report {id} is {status}; only open reports can be acknowledged.")
                            .format(id=public_id, status=_(report.status)))
    acknowledged = _apply(session, actor, public_id, seen_version,
                          ReportEvent(kind="acknowledged", from_status=report.status, to_status=ReportStatus.ACKNOWLEDGED),
                          status=ReportStatus.ACKNOWLEDGED, acknowledged_at=utc_now())  # fmt: skip
    events.on_acknowledged(session, acknowledged)
    notify.on_acknowledged(session, acknowledged)
    return acknowledged


def assign(session: Session, actor: Actor, public_id: str, seen_version: int, assignee_id: int | None) -> Report:
    name = ""  # the event's note is the assignee's name (`wording.event_note` words it)
    if assignee_id is not None:
        assignee = session.get(User, assignee_id)
        if assignee is None or not assignee.active or assignee.role not in (Role.STAFF, Role.ADMIN):
            raise CaseworkError(_("Reports can only be assigned to active staff."))
        name = assignee.display_name
    return _apply(session, actor, public_id, seen_version,
                  ReportEvent(kind="assigned", note=name), assignee_id=assignee_id)  # fmt: skip


def add_note(session: Session, actor: Actor, public_id: str, text: str, public: bool) -> None:
    """A public update (the reporter and everyone see it) or an internal note (staff only).

    Notes only append to the history, so they never conflict with another person's change.
    """
    require(actor, Action.WORK_QUEUE)
    text = clean_text(text)
    if not text:
        raise CaseworkError(_("The note is empty."))
    if len(text) > NOTE_LIMIT:
        raise CaseworkError(_("Please keep notes to {count} characters.").format(count=NOTE_LIMIT))
    report = _report(session, public_id)
    session.add(ReportEvent(report_id=report.id, kind="public_update" if public else "internal_note",
                            actor_id=actor.id, note=text))  # fmt: skip


def recategorise(session: Session, actor: Actor, public_id: str, seen_version: int, type_id: int) -> Report:
    """Move the report to the right type; the resident's words and the right type train triage later."""
    require(actor, Action.WORK_QUEUE)  # before the correction row below is written
    report = _report(session, public_id)
    new_type = session.get(ServiceType, type_id)
    if new_type is None:
        raise CaseworkError(_("Please choose a request type from the list."))
    if type_id == report.service_type_id:
        raise CaseworkError(_("The report already has that type."))
    session.add(TriageCorrection(report_id=report.id, text=f"{report.title}. {report.description}".strip(),
                                 from_type_id=report.service_type_id, to_type_id=type_id, actor_id=actor.id))  # fmt: skip
    return _apply(session, actor, public_id, seen_version,
                  ReportEvent(kind="recategorised", note=new_type.name),
                  service_type_id=type_id)  # fmt: skip


def merge(session: Session, actor: Actor, public_id: str, seen_version: int, into_public_id: str) -> Report:
    """Close a duplicate into the report that stays open; its supporters are told where to look."""
    require(actor, Action.WORK_QUEUE)  # before the target's history is written
    target = _report(session, into_public_id.strip().upper())
    if target.public_id == public_id:
        raise CaseworkError(_("A report cannot be merged into itself."))
    if target.merged_into_id is not None:
        raise CaseworkError(_("Report {id} was itself merged; merge into the one it points to.")
                            .format(id=target.public_id))
    report = _report(session, public_id)
    session.add(ReportEvent(report_id=target.id, kind="duplicate_merged", actor_id=actor.id,
                            note=public_id))  # fmt: skip
    merged = _apply(session, actor, public_id, seen_version,
                    ReportEvent(kind="merged", from_status=report.status, to_status=ReportStatus.CLOSED,
                                note=target.public_id),
                    status=ReportStatus.CLOSED, closed_at=utc_now(), merged_into_id=target.id,
                    closure_reason=merged_reason(target.public_id))  # fmt: skip
    events.on_merged(session, merged, target.public_id)
    return merged


def close(session: Session, actor: Actor, public_id: str, seen_version: int, reason: str,
          after_photos: list[CleanPhoto], store: PhotoStore, now: datetime | None = None,
          outcome: ClosureOutcome | None = None) -> Report:  # fmt: skip
    """Close with a reason people can read and, ideally, an "after" photo that shows the fix.

    `outcome` (fixed, duplicate, spam, invalid) decides the reporter's points; when staff do not pick
    one it is read from the reason (see recognition.rules.closure_outcome), and when they do, the stored
    reason states it.
    """
    reason = clean_text(reason)
    if not reason:
        raise CaseworkError(_("Please say how the report was resolved; the reporter will read it."))
    reason = stated_reason(reason, outcome)
    report = _report(session, public_id)
    if report.status == ReportStatus.CLOSED:
        raise ConflictError(_("Report {id} is already closed.").format(id=public_id))

    closed = _apply(session, actor, public_id, seen_version,
                    ReportEvent(kind="closed", from_status=report.status, to_status=ReportStatus.CLOSED, note=reason),
                    status=ReportStatus.CLOSED, closed_at=now or utc_now(), closure_reason=reason)  # fmt: skip
    store_photos(session, store, closed, after_photos, "after", actor)
    events.on_closed(session, closed, closure_outcome(reason))
    notify.on_closed(session, closed)
    return closed
