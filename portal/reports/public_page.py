"""One report as anyone may see it at `/request?id=ID`: what, where, its status and the story so far.

The page is the link every other place gives out (the confirmation after filing, the feed, the map,
My reports, Open311), so it shows only what is public on the live map: never who reported it, no
internal notes and not what the reporter wrote to staff with their reaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from urllib.parse import quote

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from portal.accounts.permissions import Actor
from portal.config import public_url
from portal.i18n import N_
from portal.reports.followup import HistoryEntry, PhotoRef, supporters
from portal.reports.models import Report, ReportEvent, ReportPhoto, ReportStatus, ReportSupport, ServiceType
from portal.reports.wording import closure_reason, event_note, report_description, report_title

REOPENED = N_("Reopened: not fixed")
# The events the public page tells, and how: My reports' list less the reactions.
EVENT_LABELS = {
    "opened": N_("Opened"),
    "acknowledged": N_("Acknowledged"),
    "public_update": N_("Update"),
    "recategorised": N_("Type changed"),
    "merged": N_("Merged"),
    "closed": N_("Closed"),
    "reopened": REOPENED,
    "imported_update": N_("Updated"),
}
# The reporter's words to staff stay with staff; the public line says only what happened.
WITHHELD_NOTES = frozenset({"reopened"})
# The status badge's colour by `PublicReport.status_label`; any other (acknowledged) is blue.
STATUS_COLOURS = {"Closed": "violet", REOPENED: "red", "Open": "orange"}


class MeToo(StrEnum):
    """Whether the viewer may say "me too" now, or why not; `followup.me_too` checks the same again."""

    CAN = "can"
    REPORTER = "reporter"  # their own report: they count already
    SUPPORTS = "supports"  # said it before
    CLOSED = "closed"
    SIGN_IN = "sign_in"  # one person, one "me too": it needs an account


@dataclass(frozen=True)
class PublicReport:
    public_id: str
    type_name: str
    department: str
    title: str
    description: str
    address: str
    neighborhood: str | None
    source: str
    status: str
    status_label: str  # "Open", "Acknowledged", "Closed", "Reopened: not fixed"…: English, shown through _()
    status_since: datetime
    closure_reason: str  # only while closed: a reopened report's old closure is history, not its status
    merged_into: str | None
    timeline: list[HistoryEntry]  # its kinds are `EVENT_LABELS`' keys; no note of `WITHHELD_NOTES`' kinds
    before: list[PhotoRef]
    after: list[PhotoRef]
    supporters: int
    viewer_is_reporter: bool
    viewer_supports: bool
    me_too: MeToo

    @property
    def status_colour(self) -> str:
        return STATUS_COLOURS.get(self.status_label, "blue")

    @property
    def place(self) -> str:
        """The address and the neighborhood, as far as known; empty when neither is."""
        return ", ".join(part for part in (self.address, self.neighborhood or "") if part)


def request_path(public_id: str) -> str:
    """The page's stable address inside the portal, for links on its own pages."""
    return f"/request?id={quote(public_id)}"


def request_url(public_id: str) -> str:
    """The page's full address (`PORTAL_PUBLIC_URL`), for links that leave the portal: Atom, Open311."""
    return public_url() + request_path(public_id)


def normalised_id(text: str) -> str:
    """What a person types or a link carries ("  vtrq6uwk53 ") as a public report number."""
    return text.strip().upper()


def public_report(session: Session, public_id: str, viewer: Actor) -> PublicReport | None:
    """The report as plain values, or None when there is no report with that number."""
    target = aliased(Report)
    row = session.execute(
        select(Report, ServiceType.name, ServiceType.department, target.public_id)
        .join(ServiceType, ServiceType.id == Report.service_type_id)
        .outerjoin(target, target.id == Report.merged_into_id)
        .where(Report.public_id == normalised_id(public_id))
        .execution_options(populate_existing=True)  # as stored now, even after a bulk UPDATE in this session
    ).one_or_none()  # fmt: skip
    if row is None:
        return None
    report, type_name, department, merged_into = row
    timeline = _timeline(session, report)
    label, since = _status(report, timeline)
    photos = [PhotoRef(p.kind, p.key, p.thumbnail_key) for p in session.scalars(
        select(ReportPhoto).where(ReportPhoto.report_id == report.id).order_by(ReportPhoto.id))]  # fmt: skip
    supports = viewer.signed_in and session.scalar(
        select(ReportSupport.id).where(ReportSupport.report_id == report.id, ReportSupport.user_id == viewer.id)
    ) is not None  # fmt: skip
    is_reporter = viewer.signed_in and viewer.id == report.reporter_id
    return PublicReport(
        public_id=report.public_id, type_name=type_name, department=department,
        title=report_title(report.source, report.title),
        description=report_description(report.source, report.description), address=report.address, neighborhood=report.neighborhood,
        source=report.source, status=report.status, status_label=label, status_since=since,
        closure_reason=closure_reason(report.closure_reason) if report.status == ReportStatus.CLOSED else "",
        merged_into=merged_into, timeline=timeline, before=[p for p in photos if p.kind == "before"],
        after=[p for p in photos if p.kind == "after"], supporters=supporters(session, report.id),
        viewer_is_reporter=is_reporter, viewer_supports=supports,
        me_too=_me_too(report, viewer, is_reporter, supports),
    )  # fmt: skip


def _me_too(report: Report, viewer: Actor, is_reporter: bool, supports: bool) -> MeToo:
    if is_reporter:
        return MeToo.REPORTER
    if supports:
        return MeToo.SUPPORTS
    if report.status == ReportStatus.CLOSED:
        return MeToo.CLOSED
    return MeToo.CAN if viewer.signed_in else MeToo.SIGN_IN


def _timeline(session: Session, report: Report) -> list[HistoryEntry]:
    """The public events, oldest first; an imported case without them still shows its opening and closing."""
    events = session.scalars(
        select(ReportEvent).where(ReportEvent.report_id == report.id, ReportEvent.kind.in_(EVENT_LABELS))
        .order_by(ReportEvent.at, ReportEvent.id)
    ).all()  # fmt: skip
    kinds = {event.kind for event in events}
    entries = [HistoryEntry(e.at, e.kind, event_note(e.kind, "" if e.kind in WITHHELD_NOTES else e.note))
               for e in events]  # fmt: skip
    if "opened" not in kinds:
        entries.insert(0, HistoryEntry(report.opened_at, "opened", ""))
    if report.status == ReportStatus.CLOSED and report.closed_at and not kinds & {"closed", "merged"}:
        entries.append(HistoryEntry(report.closed_at, "closed", closure_reason(report.closure_reason)))
    return sorted(entries, key=lambda entry: entry.at)


def _status(report: Report, timeline: list[HistoryEntry]) -> tuple[str, datetime]:
    """What the report is now and since when: one opened again after a closure reads as reopened."""
    if report.status == ReportStatus.CLOSED:
        return N_("Closed"), report.closed_at or report.updated_at
    turns = [entry for entry in timeline if entry.kind in ("closed", "reopened")]
    reopened = turns[-1] if turns and turns[-1].kind == "reopened" else None
    if report.status == ReportStatus.ACKNOWLEDGED:
        label = N_("Acknowledged after “Reopened: not fixed”") if reopened else N_("Acknowledged")
        return label, report.acknowledged_at or report.updated_at
    if reopened is not None:
        return REOPENED, reopened.at
    return N_("Open"), report.opened_at
