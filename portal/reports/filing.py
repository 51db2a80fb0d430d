"""Filing a report: the resident's words, place and photos become a report the right department sees.

One function, `file_report`, checks everything a resident can get wrong (with messages that say what
to do), stores cleaned photos, and is safe against double submits (the form's one-time token) and
floods (an hourly limit per person, or per address for anonymous visitors, taken atomically).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from portal.accounts.limits import next_hour, take_hourly_slot
from portal.accounts.permissions import Action, Actor, require
from portal.config import reports_per_hour
from portal.db import utc_now
from portal.display import clean_text
from portal.i18n import _, current_language, format_decimal, format_time, ngettext
from portal.maps.cells import h3_cells
from portal.maps.geo import boston, check_in_city
from portal.maps.geocode import reverse_geocode
from portal.messages import notify
from portal.messages.addresses import AddressError, checked_address
from portal.open311.routing import enqueue_send
from portal.recognition import events
from portal.reports.models import Report, ReportEvent, ReportPhoto, ReportStatus, ServiceType
from portal.reports.photo_records import put_with_rollback
from portal.reports.photos import MAX_PHOTOS_PER_REPORT, THUMBNAIL_CONTENT_TYPE, CleanPhoto
from portal.reports.photostore import PhotoStore, photo_key, thumbnail_key
from portal.reports.public_ids import new_public_id
from portal.reports.service_targets import target_at
from portal.reports.wording import FILED_HERE

TITLE_LIMIT = 120
DETAILS_LIMIT = 2_000
PORTAL_SOURCE = "Civic Portal"


class FilingError(ValueError):
    """The report cannot be filed as it is; the message says what to change. Nothing was saved."""


@dataclass(frozen=True)
class ReportDraft:
    type_id: int
    title: str
    details: str
    latitude: float
    longitude: float
    address: str = ""
    contact_email: str = ""
    photos: list[CleanPhoto] = field(default_factory=list)


@dataclass(frozen=True)
class Filed:
    public_id: str
    repeated_submit: bool  # True when this token had already filed it: nothing new was stored


def report_address(draft: ReportDraft) -> str:
    """The address as typed, else the known address nearest the pin: staff, the public page and
    Open311 then always read a street, not only a neighborhood."""
    typed = clean_text(draft.address)
    return (typed or reverse_geocode(draft.latitude, draft.longitude) or "")[:200]


def submitter_key(actor: Actor, session_id: str) -> str:
    """Whose hourly limit a filing counts against: the account, else what the page knows of the visitor
    that a reload does not change (its network address; see `portal.ui.resources.anonymous_filer`)."""
    return f"user:{actor.id}" if actor.signed_in else f"anon:{session_id}"[:64]


def check_draft(session: Session, draft: ReportDraft) -> tuple[str, str]:
    title, details = clean_text(draft.title), clean_text(draft.details)
    if not title:
        raise FilingError(_("Please describe the problem in a few words (the title)."))
    if len(title) > TITLE_LIMIT:
        raise FilingError(_("The title is {count} characters; please keep it to {limit}.").format(
            count=format_decimal(len(title)), limit=format_decimal(TITLE_LIMIT)))
    if len(details) > DETAILS_LIMIT:
        raise FilingError(_("The details are {count} characters; please keep them to {limit}.").format(
            count=format_decimal(len(details)), limit=format_decimal(DETAILS_LIMIT)))
    if session.get(ServiceType, draft.type_id) is None:
        raise FilingError(_("Please choose a request type from the list."))
    if draft.contact_email.strip():
        try:
            checked_address(draft.contact_email)
        except AddressError as error:
            raise FilingError(_("{problem} Leave it empty or fix it.").format(problem=error)) from error
    if len(draft.photos) > MAX_PHOTOS_PER_REPORT:
        raise FilingError(ngettext("Please attach at most {count} photo.", "Please attach at most {count} photos.",
                                   MAX_PHOTOS_PER_REPORT).format(count=MAX_PHOTOS_PER_REPORT))
    try:
        check_in_city(draft.latitude, draft.longitude)
    except ValueError as error:
        raise FilingError(str(error)) from error
    return title, details


def take_filing_slot(session: Session, key: str, now: datetime) -> None:
    """Count this filing against its key's hourly limit, atomically (see `accounts.limits`)."""
    limit = reports_per_hour()
    if not take_hourly_slot(session, f"file:{key}", limit, now):
        raise FilingError(
            ngettext("You have filed {count} report this hour, the most we accept. Please try again after {time}; "
                     "for anything urgent call 311 (or 911 for an emergency).",
                     "You have filed {count} reports this hour, the most we accept. Please try again after {time}; "
                     "for anything urgent call 311 (or 911 for an emergency).",
                     limit).format(count=limit, time=format_time(next_hour(now)))
        )


def file_report(session: Session, actor: Actor, draft: ReportDraft, store: PhotoStore, session_id: str,
                client_token: str, now: datetime | None = None) -> Filed:  # fmt: skip
    """File the draft once per `client_token`; raises FilingError with a message on bad input."""
    require(actor, Action.FILE_REPORT)
    existing = session.scalar(select(Report.public_id).where(Report.client_token == client_token))
    if existing:
        return Filed(existing, repeated_submit=True)
    title, details = check_draft(session, draft)
    now = now or utc_now()
    key = submitter_key(actor, session_id)
    # The transaction's first write, so on SQLite the savepoint below nests inside a transaction
    # (pysqlite opens none for reads, and a savepoint that opened one would commit on release).
    take_filing_slot(session, key, now)
    (r8,), (r9,) = h3_cells([draft.latitude], [draft.longitude])
    contact = checked_address(draft.contact_email) if draft.contact_email.strip() else ""
    report = Report(
        public_id=new_public_id(), service_type_id=draft.type_id, title=title, description=details,
        status=ReportStatus.OPEN, opened_at=now, target_at=target_at(session, draft.type_id, now),
        latitude=draft.latitude, longitude=draft.longitude, h3_r9=r9, h3_r8=r8,
        neighborhood=boston().name_at(draft.latitude, draft.longitude), address=report_address(draft),
        source=PORTAL_SOURCE, reporter_id=actor.id, contact_email=contact, contact_language=current_language(),
        submitter_key=key, client_token=client_token,
    )  # fmt: skip
    try:
        with session.begin_nested():
            session.add(report)
            session.flush()
    except IntegrityError:
        # The same token won a race from another tab or a second click: that report stands.
        return Filed(session.scalar(select(Report.public_id).where(Report.client_token == client_token)), True)
    session.add(ReportEvent(report_id=report.id, at=now, kind="opened", actor_id=actor.id,
                            to_status=ReportStatus.OPEN, note=FILED_HERE))  # fmt: skip
    store_photos(session, store, report, draft.photos, "before", actor)
    events.on_filed(session, report)
    enqueue_send(session, report.id, report.public_id)
    notify.on_filed(session, report)
    return Filed(report.public_id, repeated_submit=False)


def store_photos(session: Session, store: PhotoStore, report: Report, photos: list[CleanPhoto], kind: str,
                 actor: Actor) -> None:  # fmt: skip
    for photo in photos:
        key = photo_key(report.public_id, kind, photo.extension)
        thumb_key = thumbnail_key(key)
        put_with_rollback(session, store, key, photo.data, photo.content_type)
        put_with_rollback(session, store, thumb_key, photo.thumbnail, THUMBNAIL_CONTENT_TYPE)
        session.add(ReportPhoto(report_id=report.id, kind=kind, key=key, thumbnail_key=thumb_key,
                                content_type=photo.content_type, width=photo.width, height=photo.height,
                                uploaded_by=actor.id))  # fmt: skip
