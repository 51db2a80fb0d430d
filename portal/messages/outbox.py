"""The outbox: every message is a row written in the same transaction as the change it tells about.

So a message exists exactly when its change committed: a rollback takes both, and an SMTP outage or a
crashed process loses nothing (the worker in `messages.delivery` sends what is due when it can). Each
message names the event it tells (`dedup_key`, unique): a hook called twice for one event, or an event
replayed, enqueues once.

Here too the recipient's choices apply: a muted category is not enqueued at all; "digest" people,
and anyone past the daily cap (`PORTAL_MESSAGES_PER_DAY`), get it held for their next daily digest
instead, so a flood of alerts becomes one email and nothing is dropped. Messages without a category
(confirmations, password resets, security notices) always go at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.config import mail_settings
from portal.db import utc_now
from portal.messages.addresses import AddressError, address_key, checked_address, header_text
from portal.messages.models import MessageStatus, OutboxMessage
from portal.messages.preferences import preferences_of
from portal.recognition.sql import insert_for

# Each kind and the preference category that can turn it off (None: about the account; always sent).
CATEGORY_OF: dict[str, str | None] = {
    "report_received": "my_reports",
    "report_acknowledged": "my_reports",
    "report_closed": "my_reports",
    "report_reopened": "my_reports",
    "supported_closed": "supported",
    "area_alert": "area_alerts",
    "project_matched": "projects",
    "project_changes": "projects",
    "project_approved": "projects",
    "coach_assigned": "projects",
    "staff_digest": "staff_digest",
    "confirm_address": None,
    "password_reset": None,
    "security_notice": None,
    "digest": None,
}
CAP_WINDOW = timedelta(hours=24)


@dataclass(frozen=True)
class Outgoing:
    """A rendered message for one address (see `messages.compose`)."""

    kind: str
    dedup_key: str
    to: str
    subject: str
    text: str
    html: str
    user_id: int | None = None
    attachments: tuple[str, ...] = ()  # photo store keys, shown inline in the HTML as cid:photo0, …
    language: str = "en"  # the one it was rendered in


def enqueue(session: Session, message: Outgoing, now: datetime | None = None, held: bool = False) -> str | None:
    """Add the message to the outbox in the caller's transaction; returns its status, or None when
    nothing was enqueued (muted, an address that cannot receive mail, or already enqueued).

    `held`: the sender wants it in the daily digest (a daily area follow), whatever the preferences say.
    """
    now = now or utc_now()
    try:
        address = address_key(checked_address(message.to))
    except AddressError:
        return None  # addresses are checked where people type them; an old bad one just gets nothing
    category = CATEGORY_OF[message.kind]
    status = MessageStatus.PENDING
    if category is not None:
        chosen = preferences_of(session, address)
        if category in chosen.muted:
            return None
        if held or chosen.digest or _over_cap(session, address, now):
            status = MessageStatus.HELD
    inserted = session.execute(
        insert_for(session, OutboxMessage).values(
            kind=message.kind, dedup_key=message.dedup_key[:200], recipient_email=address,
            recipient_user_id=message.user_id, language=message.language, subject=header_text(message.subject, 300),
            text_body=message.text, html_body=message.html, attachments="\n".join(message.attachments),
            status=status, attempts=0, next_attempt_at=now, last_error="", created_at=now,
        ).on_conflict_do_nothing(index_elements=["dedup_key"]).returning(OutboxMessage.id)
    ).scalar()  # fmt: skip
    return status if inserted is not None else None


def _over_cap(session: Session, address: str, now: datetime) -> bool:
    """Has this address had its day's share of immediate messages with a category?"""
    counted = [kind for kind, category in CATEGORY_OF.items() if category is not None]
    recent = session.scalar(
        select(func.count()).select_from(OutboxMessage)
        .where(OutboxMessage.recipient_email == address, OutboxMessage.created_at > now - CAP_WINDOW,
               OutboxMessage.kind.in_(counted),
               OutboxMessage.status.in_((MessageStatus.PENDING, MessageStatus.SENDING, MessageStatus.SENT,
                                         MessageStatus.FAILED)))
    )  # fmt: skip
    return recent >= mail_settings().per_day


def counts(session: Session) -> dict[str, int]:
    """Messages per status, every status named (0 where none)."""
    found = dict(session.execute(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)).all())
    return {status.value: found.get(status.value, 0) for status in MessageStatus}
