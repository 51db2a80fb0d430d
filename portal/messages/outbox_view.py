"""The admins' view of the outbox: counts per status and the latest messages, failures first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, select
from sqlalchemy.orm import Session

from portal.accounts.permissions import Action, Actor, require
from portal.config import mail_settings
from portal.i18n import N_
from portal.messages.models import MessageStatus, OutboxMessage
from portal.messages.outbox import counts

SHOWN = 200
# Each status as the admins read it, translated where shown.
STATUS_LABELS = {
    MessageStatus.PENDING: N_("Waiting"),
    MessageStatus.SENDING: N_("Sending"),
    MessageStatus.SENT: N_("Sent"),
    MessageStatus.FAILED: N_("Failed"),
    MessageStatus.CANCELLED: N_("Cancelled"),
    MessageStatus.HELD: N_("Held for the daily digest"),
    MessageStatus.DIGESTED: N_("Sent in a digest"),
}


@dataclass(frozen=True)
class OutboxRow:
    created_at: datetime
    kind: str
    to: str
    subject: str
    status: str
    attempts: int
    last_error: str
    sent_at: datetime | None


@dataclass(frozen=True)
class OutboxOverview:
    counts: dict[str, int]  # messages per status, every status listed
    rows: list[OutboxRow]  # the latest `SHOWN`, failures first
    sending: bool  # False without PORTAL_SMTP_URL: nothing leaves, messages wait


def outbox_overview(session: Session, actor: Actor) -> OutboxOverview:
    require(actor, Action.MANAGE_USERS)
    failed_first = case((OutboxMessage.status == MessageStatus.FAILED, 0), else_=1)
    rows = session.scalars(select(OutboxMessage).order_by(failed_first, OutboxMessage.id.desc()).limit(SHOWN))
    return OutboxOverview(counts(session), [OutboxRow(m.created_at, m.kind, m.recipient_email, m.subject, m.status,
                                                      m.attempts, m.last_error, m.sent_at) for m in rows],
                          sending=mail_settings().smtp_url is not None)  # fmt: skip
