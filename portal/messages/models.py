"""What the portal sends and to whom: the outbox, one-click link tokens, preferences, confirmed
addresses and area follows."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import Base, UtcDateTime, utc_now


class MessageStatus(StrEnum):
    PENDING = "pending"  # waiting for the worker (now, or at `next_attempt_at` after a failure)
    SENDING = "sending"  # claimed by one worker
    SENT = "sent"
    FAILED = "failed"  # refused for good, or out of attempts: `last_error` says why
    CANCELLED = "cancelled"  # the person turned this kind off, or closed their account
    HELD = "held"  # waits for the person's daily digest (their choice, or over the daily cap)
    DIGESTED = "digested"  # went out inside a digest


class OutboxMessage(Base):
    """One email to one address, rendered when the event happened, delivered by `messages.delivery`."""

    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_due", "status", "next_attempt_at"),
        Index("ix_outbox_recipient_created", "recipient_email", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    # The event it tells ("report-closed:R:EVENT:email"): the same event never enqueues twice, and the
    # Message-ID is made from it, so a re-send after a crash is recognisable as the same message.
    dedup_key: Mapped[str] = mapped_column(String(200), unique=True)
    recipient_email: Mapped[str] = mapped_column(String(254))
    recipient_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    language: Mapped[str] = mapped_column(String(10), default="en")
    subject: Mapped[str] = mapped_column(String(300))
    text_body: Mapped[str] = mapped_column(Text)
    html_body: Mapped[str] = mapped_column(Text)
    attachments: Mapped[str] = mapped_column(Text, default="")  # photo store keys, one per line
    status: Mapped[str] = mapped_column(String(12), default=MessageStatus.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    claimed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class MessageToken(Base):
    """A link in an email that acts without signing in (react, confirm, reset a password). The link
    carries a random token with its signature; only the token's SHA-256 is kept, so this table opens
    nothing. Spent once (`used_at`), dead after `expires_at`."""

    __tablename__ = "message_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    purpose: Mapped[str] = mapped_column(String(30))
    email: Mapped[str] = mapped_column(String(254), default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    report_id: Mapped[int | None] = mapped_column(ForeignKey("reports.id"))
    ref: Mapped[str] = mapped_column(String(80), default="")  # e.g. the closure event a reaction answers
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class MessagePreference(Base):
    """What one address wants: categories turned off, and immediate or one daily digest.
    Keyed by address, so anonymous reporters and followers decide too; accounts use their email."""

    __tablename__ = "message_preferences"

    email: Mapped[str] = mapped_column(String(254), primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    muted: Mapped[str] = mapped_column(String(300), default="")  # category names, comma-separated
    digest: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now, onupdate=utc_now)


class EmailAddress(Base):
    """An address someone must confirm before the portal writes to it (an anonymous reporter's, a
    follower's, a newly registered account's); `confirmed_at` is set by the emailed link."""

    __tablename__ = "email_addresses"

    email: Mapped[str] = mapped_column(String(254), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    confirmed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class AreaFollow(Base):
    """Someone following a neighborhood, or a radius around an address, for new reports and/or fixes."""

    __tablename__ = "area_follows"
    __table_args__ = (Index("ix_area_follows_latitude", "latitude"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    place: Mapped[str] = mapped_column(String(200))  # what the follower typed or chose, to show back
    neighborhood: Mapped[str | None] = mapped_column(String(80), index=True)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    radius_m: Mapped[int | None] = mapped_column(Integer)
    new_reports: Mapped[bool] = mapped_column(Boolean, default=True)
    fixes: Mapped[bool] = mapped_column(Boolean, default=True)
    frequency: Mapped[str] = mapped_column(String(10), default="daily")  # "immediate" | "daily"
    feed_token: Mapped[str] = mapped_column(String(64), unique=True)  # the Atom feed's unguessable address
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
