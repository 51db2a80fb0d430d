"""What residents do after filing: "me too" on an open report, following their own reports, and saying
whether a closed one is really fixed (which re-opens it when it is not)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pandas as pd
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from portal.accounts.permissions import Action, Actor, PermissionDenied, require
from portal.db import utc_now
from portal.display import clean_text
from portal.i18n import N_, _
from portal.messages import notify
from portal.open311.routing import enqueue_reopen
from portal.recognition import events
from portal.reports.models import (
    Report,
    ReportEvent,
    ReportPhoto,
    ReportReaction,
    ReportStatus,
    ReportSupport,
    ServiceType,
)
from portal.reports.service_targets import target_at
from portal.reports.wording import closure_reason, event_note, reaction_note, report_title

REACTIONS = {"🎉": N_("delighted"), "👍": N_("good"), "😐": N_("so-so"), "👎": N_("poor"), "😡": N_("angry")}


class FollowUpError(ValueError):
    """The follow-up cannot be done; the message says why."""


@dataclass(frozen=True)
class PhotoRef:
    kind: str
    key: str
    thumbnail_key: str


@dataclass(frozen=True)
class HistoryEntry:
    """One event in a report's story as its viewer may read it: My reports and the public page each
    choose which kinds they tell and which notes they keep back."""

    at: datetime
    kind: str  # `ReportEvent.kind`
    note: str  # in the current language where the portal wrote it (`wording.event_note`), else as typed


@dataclass(frozen=True)
class MyReport:
    public_id: str
    type_name: str
    title: str
    status: str
    opened_at: datetime
    closed_at: datetime | None
    closure_reason: str
    photos: list[PhotoRef]
    history: list[HistoryEntry]  # public entries only: internal notes stay with staff
    awaiting_reaction: bool


PUBLIC_EVENTS = ("opened", "acknowledged", "public_update", "recategorised", "merged", "closed", "reopened",
                 "imported_update", "reaction")  # fmt: skip
# Each of them as My reports names it.
EVENT_NAMES = {"opened": N_("opened"), "acknowledged": N_("acknowledged"), "public_update": N_("update"),
               "recategorised": N_("type changed"), "merged": N_("merged"), "closed": N_("closed"),
               "reopened": N_("reopened"), "imported_update": N_("updated"), "reaction": N_("reaction")}



def me_too(session: Session, actor: Actor, public_id: str) -> int:
    """Back an open report instead of filing a duplicate; counts once per person. Returns the supporters."""
    require(actor, Action.VIEW_OWN_ACCOUNT)
    report = session.scalar(select(Report).where(Report.public_id == public_id))
    if report is None or report.status == ReportStatus.CLOSED:
        raise FollowUpError(_("That report is not open any more; please file a new one."))
    if report.reporter_id == actor.id:
        raise FollowUpError(_("This is your own report: you already count as its reporter."))
    try:
        with session.begin_nested():
            session.add(ReportSupport(report_id=report.id, user_id=actor.id, source="resident"))
    except IntegrityError:
        pass  # already backed by this person: still one
    events.on_me_too(session, report, actor.id)
    return supporters(session, report.id)


def supporters(session: Session, report_id: int) -> int:
    return session.scalar(select(func.count()).where(ReportSupport.report_id == report_id))


def my_reports(session: Session, actor: Actor) -> list[MyReport]:
    require(actor, Action.VIEW_OWN_ACCOUNT)
    reports = session.execute(
        select(Report, ServiceType.name).join(ServiceType).where(Report.reporter_id == actor.id)
        .order_by(Report.opened_at.desc())
    ).all()  # fmt: skip
    return [_my_report(session, report, type_name) for report, type_name in reports]


def _my_report(session: Session, report: Report, type_name: str) -> MyReport:
    photos = session.scalars(select(ReportPhoto).where(ReportPhoto.report_id == report.id).order_by(ReportPhoto.id))
    events = session.scalars(
        select(ReportEvent).where(ReportEvent.report_id == report.id, ReportEvent.kind.in_(PUBLIC_EVENTS))
        .order_by(ReportEvent.at, ReportEvent.id)
    )  # fmt: skip
    return MyReport(
        report.public_id, type_name, report_title(report.source, report.title), report.status, report.opened_at, report.closed_at,
        closure_reason(report.closure_reason), [PhotoRef(p.kind, p.key, p.thumbnail_key) for p in photos],
        [HistoryEntry(e.at, e.kind, event_note(e.kind, e.note)) for e in events],
        awaiting_reaction=_open_closure(session, report) is not None,
    )  # fmt: skip


def _open_closure(session: Session, report: Report) -> ReportEvent | None:
    """The closing event the reporter has not reacted to yet, if the report is closed."""
    if report.status != ReportStatus.CLOSED or report.merged_into_id is not None:
        return None
    closing = session.scalar(
        select(ReportEvent).where(ReportEvent.report_id == report.id, ReportEvent.kind == "closed")
        .order_by(ReportEvent.at.desc(), ReportEvent.id.desc()).limit(1)
    )  # fmt: skip
    if closing is None:
        return None
    reacted = session.scalar(select(ReportReaction.id).where(ReportReaction.closure_event_id == closing.id))
    return None if reacted else closing


def react(session: Session, actor: Actor, public_id: str, emoji: str | None, fixed: bool | None,
          note: str = "") -> None:  # fmt: skip
    """The reporter's verdict on a closure; "not fixed" puts the report back in the staff queue.

    The form offers no preset answer (a preset is an answer people leave as it is), so both are required.
    """
    require(actor, Action.VIEW_OWN_ACCOUNT)
    if emoji not in REACTIONS:
        raise FollowUpError(_("Please pick how you feel about the fix (one of the faces)."))
    if fixed is None:
        raise FollowUpError(_("Please say whether the problem is gone: “Fixed” or “Not fixed”."))
    report = session.scalar(select(Report).where(Report.public_id == public_id))
    if report is None or report.reporter_id != actor.id:
        raise PermissionDenied(_("Only the person who filed a report can react to its closure."))
    closing = _open_closure(session, report)
    if closing is None:
        raise FollowUpError(_("There is no closure to react to (or you already did)."))
    note = clean_text(note)[:2_000]
    reaction = ReportReaction(report_id=report.id, closure_event_id=closing.id, user_id=actor.id, emoji=emoji,
                              fixed=fixed, note=note)  # fmt: skip
    session.add(reaction)
    events.on_reaction(session, report, reaction)
    session.add(ReportEvent(report_id=report.id, kind="reaction", actor_id=actor.id,
                            note=reaction_note(emoji, fixed, note)))  # fmt: skip
    if not fixed:
        _reopen(session, report, actor.id, note)


def react_by_link(session: Session, public_id: str, closure_event_id: int, emoji: str | None, fixed: bool | None,
                  note: str = "") -> None:  # fmt: skip
    """The verdict of a reporter without an account, through the link emailed with the closure
    (`portal.messages.oneclick` spends the link, which is the permission). It goes into the history and a
    "not fixed" reopens the report as for an account holder; reaction rows and points need an account."""
    if emoji not in REACTIONS or fixed is None:
        raise FollowUpError(_("Please pick one of the faces and say whether the problem is gone."))
    report = session.scalar(select(Report).where(Report.public_id == public_id))
    closing = _open_closure(session, report) if report is not None else None
    if closing is None or closing.id != closure_event_id:
        raise FollowUpError(_("This report is not waiting for your answer any more (it was reopened or closed again)."))
    note = clean_text(note)[:2_000]
    session.add(ReportEvent(report_id=report.id, kind="reaction",
                            note=reaction_note(emoji, fixed, note)))  # fmt: skip
    if not fixed:
        _reopen(session, report, None, note)


def _reopen(session: Session, report: Report, actor_id: int | None, note: str) -> None:
    """Back in the staff queue, on the clock again, and the reporter told so."""
    now = utc_now()
    session.execute(
        update(Report).where(Report.id == report.id)
        .values(status=ReportStatus.OPEN, closed_at=None, version=Report.version + 1, updated_at=now,
                reopened_at=now, target_at=target_at(session, report.service_type_id, now))
        .execution_options(synchronize_session=False)
    )  # fmt: skip
    session.add(ReportEvent(report_id=report.id, kind="reopened", actor_id=actor_id,
                            from_status=ReportStatus.CLOSED, to_status=ReportStatus.OPEN,
                            note=note))  # fmt: skip
    enqueue_reopen(session, report.id, report.public_id)
    notify.on_reopened(session, report)


def reaction_counts(session: Session) -> pd.DataFrame:
    """Reactions per request type and department: the emoji counts and the share said to be fixed."""
    rows = session.execute(
        select(ServiceType.department, ServiceType.name, ReportReaction.emoji, ReportReaction.fixed, func.count())
        .join(Report, Report.id == ReportReaction.report_id).join(ServiceType)
        .group_by(ServiceType.department, ServiceType.name, ReportReaction.emoji, ReportReaction.fixed)
    ).all()  # fmt: skip
    frame = pd.DataFrame(rows, columns=["department", "type", "emoji", "fixed", "count"])
    if frame.empty:
        return frame
    table = frame.pivot_table(index=["department", "type"], columns="emoji", values="count", aggfunc="sum",
                              fill_value=0)  # fmt: skip
    fixed = frame[frame["fixed"]].groupby(["department", "type"])["count"].sum()
    table["said fixed"] = (fixed / frame.groupby(["department", "type"])["count"].sum()).fillna(0).round(2)
    return table.reset_index()
