"""The worker: outbox rows → SMTP, each message at most once per claim, retried with backoff.

Claiming is one conditional UPDATE (`status = 'pending'` → `'sending'`), committed before anything is
sent, so two workers never take the same message (PostgreSQL also skips rows another worker has
locked, `FOR UPDATE SKIP LOCKED`, instead of waiting for them). A claimed message is sent, then marked
sent in its own commit. A refusal or time-out puts it back with an exponential backoff (1, 2, 4 …
minutes, at most six hours) until `PORTAL_SMTP_MAX_ATTEMPTS`; a permanent refusal (5xx: the address
bounces) fails it at once. Every failure is written to `last_error`.

The one window left: the server accepted a message and the worker died before its "sent" commit. The
claim then goes stale and, after `LEASE`, the message is sent again. We prefer that to losing it, and
make it recognisable: the Message-ID is made from the message's dedup key, so the second copy carries
the same Message-ID as the first and mail systems and clients can drop it as a duplicate.
"""

from __future__ import annotations

import hashlib
import mimetypes
import smtplib
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import formatdate, parseaddr
from urllib.parse import parse_qs, unquote, urlsplit

from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from portal.config import MailSettings, mail_settings
from portal.db import transaction, utc_now
from portal.messages.links import manage_link
from portal.messages.models import MessageStatus, OutboxMessage
from portal.messages.tokens import manage_token
from portal.reports.photostore import PhotoStore, photo_store

BATCH = 50
LEASE = timedelta(minutes=10)  # a claim older than this belonged to a worker that died
BACKOFF_FIRST = timedelta(minutes=1)
BACKOFF_MOST = timedelta(hours=6)
IDLE_SLEEP = 5.0


@dataclass(frozen=True)
class SmtpTarget:
    host: str
    port: int
    tls: bool  # smtps://: TLS from the first byte
    starttls: bool
    username: str
    password: str
    timeout: float


def smtp_target(url: str) -> SmtpTarget:
    """`smtp://user:pass@host:587?starttls=1&timeout=10` or `smtps://user:pass@host:465`."""
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise ValueError("PORTAL_SMTP_URL must look like smtp://user:pass@host:587?starttls=1 or smtps://host:465.")
    query = parse_qs(parts.query)
    return SmtpTarget(host=parts.hostname, port=parts.port or (465 if parts.scheme == "smtps" else 25),
                      tls=parts.scheme == "smtps", starttls=query.get("starttls", ["0"])[0] in ("1", "true", "yes"),
                      username=unquote(parts.username or ""), password=unquote(parts.password or ""),
                      timeout=float(query.get("timeout", ["20"])[0]))  # fmt: skip


@dataclass
class Pass:
    """What one delivery pass did."""

    sent: int = 0
    retried: int = 0
    failed: int = 0

    def add(self, other: Pass) -> None:
        self.sent, self.retried, self.failed = (self.sent + other.sent, self.retried + other.retried,
                                                self.failed + other.failed)  # fmt: skip


def release_stale(session: Session, now: datetime) -> int:
    """Claims older than `LEASE` go back to pending (their worker stopped before finishing)."""
    return session.execute(
        update(OutboxMessage).where(OutboxMessage.status == MessageStatus.SENDING,
                                    OutboxMessage.claimed_at < now - LEASE)
        .values(status=MessageStatus.PENDING, last_error="claimed by a worker that stopped; sending again")
        .execution_options(synchronize_session=False)
    ).rowcount  # fmt: skip


def claim(engine: Engine, now: datetime, limit: int = BATCH) -> list[OutboxMessage]:
    """Take up to `limit` due messages for this worker, committed before sending."""
    with transaction(engine) as session:
        release_stale(session, now)
        due = (select(OutboxMessage.id).where(OutboxMessage.status == MessageStatus.PENDING,
                                              OutboxMessage.next_attempt_at <= now)
               .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id).limit(limit))  # fmt: skip
        if session.get_bind().dialect.name == "postgresql":
            due = due.with_for_update(skip_locked=True)
        ids = list(session.scalars(due))
        if not ids:
            return []
        claimed = session.scalars(
            update(OutboxMessage).where(OutboxMessage.id.in_(ids), OutboxMessage.status == MessageStatus.PENDING)
            .values(status=MessageStatus.SENDING, claimed_at=now, attempts=OutboxMessage.attempts + 1)
            .returning(OutboxMessage.id)
        ).all()  # fmt: skip
        return list(session.scalars(select(OutboxMessage).where(OutboxMessage.id.in_(claimed))
                                    .order_by(OutboxMessage.id)))  # fmt: skip


def message_id(dedup_key: str, mail_from: str) -> str:
    """The same for every attempt at one message (see the module's docstring)."""
    domain = parseaddr(mail_from)[1].rpartition("@")[2] or "localhost"
    return f"<{hashlib.sha256(dedup_key.encode()).hexdigest()[:32]}@{domain}>"


def build_email(row: OutboxMessage, mail_from: str, store: PhotoStore) -> EmailMessage:
    """Text and HTML alternatives; the photos inline beside the HTML (cid:photo0, …). The email package
    refuses a header with a line break (ValueError), the last guard against header injection."""
    email = EmailMessage()
    email["From"] = mail_from
    email["To"] = row.recipient_email
    email["Subject"] = row.subject
    email["Date"] = formatdate(usegmt=True)
    email["Message-ID"] = message_id(row.dedup_key, mail_from)
    email["List-Unsubscribe"] = f"<{manage_link(manage_token(row.recipient_email))}>"
    email.set_content(row.text_body)
    email.add_alternative(row.html_body, subtype="html")
    html_part = email.get_payload()[1]
    for number, key in enumerate(k for k in row.attachments.split("\n") if k):
        data = store.get(key)
        if data is None:
            continue  # the photo was deleted since; the email still says what happened
        maintype, subtype = (mimetypes.guess_type(key)[0] or "image/jpeg").split("/")
        html_part.add_related(data, maintype=maintype, subtype=subtype, cid=f"<photo{number}>",
                              filename=f"after-{number + 1}.{subtype}")  # fmt: skip
    return email


def _connect(target: SmtpTarget) -> smtplib.SMTP:
    if target.tls:
        server = smtplib.SMTP_SSL(target.host, target.port, timeout=target.timeout,
                                  context=ssl.create_default_context())  # fmt: skip
    else:
        server = smtplib.SMTP(target.host, target.port, timeout=target.timeout)
        if target.starttls:
            server.starttls(context=ssl.create_default_context())
    if target.username:
        server.login(target.username, target.password)
    return server


def _permanent(error: Exception) -> bool:
    """A refusal that a retry cannot change: 5xx for the recipient or the message, or a bad header."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    if isinstance(error, (smtplib.SMTPAuthenticationError, smtplib.SMTPSenderRefused)):
        return False  # the portal's own credentials or From: fix the setting, the messages wait
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code >= 500
    return isinstance(error, ValueError)


def backoff(attempts: int) -> timedelta:
    return min(BACKOFF_FIRST * 2 ** max(attempts - 1, 0), BACKOFF_MOST)


def _record(engine: Engine, row: OutboxMessage, settings: MailSettings, error: Exception | None,
            now: datetime) -> str:  # fmt: skip
    """Mark one claimed message sent, back to pending (later) or failed; returns the new status."""
    if error is None:
        status, values = MessageStatus.SENT, {"sent_at": now, "last_error": ""}
    elif _permanent(error) or row.attempts >= settings.max_attempts:
        status, values = MessageStatus.FAILED, {"last_error": _describe(error, row.attempts)}
    else:
        status, values = MessageStatus.PENDING, {"last_error": _describe(error, row.attempts),
                                                 "next_attempt_at": now + backoff(row.attempts)}  # fmt: skip
    with transaction(engine) as session:
        session.execute(update(OutboxMessage).where(OutboxMessage.id == row.id,
                                                    OutboxMessage.status == MessageStatus.SENDING)
                        .values(status=status, claimed_at=None, **values))  # fmt: skip
    return status


def _describe(error: Exception, attempts: int) -> str:
    return f"attempt {attempts}: {type(error).__name__}: {error}"[:1000]


def deliver_batch(engine: Engine, settings: MailSettings, store: PhotoStore, now: datetime | None = None) -> Pass:
    """Claim what is due and send it over one SMTP connection."""
    now = now or utc_now()
    rows = claim(engine, now)
    done = Pass()
    if not rows:
        return done
    target = smtp_target(settings.smtp_url)
    envelope_from = parseaddr(settings.mail_from)[1]
    server: smtplib.SMTP | None = None
    outage: Exception | None = None  # the server cannot be reached: the rest of the batch waits too
    for row in rows:
        error = outage
        if outage is None:
            try:
                email = build_email(row, settings.mail_from, store)
                server = server or _connect(target)
                server.send_message(email, from_addr=envelope_from, to_addrs=[row.recipient_email])
            except (OSError, ValueError) as failure:  # smtplib's errors are OSErrors; ValueError: a header
                error = failure
                if not isinstance(failure, (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError, ValueError)):
                    server, outage = _quit(server), failure
        status = _record(engine, row, settings, error, now)
        done.sent += status == MessageStatus.SENT
        done.retried += status == MessageStatus.PENDING
        done.failed += status == MessageStatus.FAILED
    _quit(server)
    return done


def _quit(server: smtplib.SMTP | None) -> None:
    if server is not None:
        try:
            server.quit()
        except OSError:
            server.close()


def drain(engine: Engine, settings: MailSettings | None = None, store: PhotoStore | None = None,
          now: Callable[[], datetime] = utc_now) -> Pass:  # fmt: skip
    """Send everything due now (retries scheduled for later stay for later)."""
    settings, store = settings or mail_settings(), store or photo_store()
    total = Pass()
    while True:
        done = deliver_batch(engine, settings, store, now())
        if done.sent + done.retried + done.failed == 0:
            return total
        total.add(done)


def run_forever(engine: Engine, between_passes: Callable[[], None], sleep: float = IDLE_SLEEP) -> None:
    """The long-running worker (`outbox run`): drain, run the periodic jobs, sleep, again."""
    settings, store = mail_settings(), photo_store()
    while True:
        drain(engine, settings, store)
        between_passes()
        time.sleep(sleep)
