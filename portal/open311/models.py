"""API keys for Open311 clients (only a hash is stored), and the reports the portal sends upstream."""

from __future__ import annotations

from datetime import datetime

from enum import StrEnum

from sqlalchemy import (
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.accounts.models import User
from portal.db import Base, UtcDateTime, utc_now


class ApiKey(Base):
    """An Open311 API key an admin issued to an account. Only its SHA-256 is kept: the key is shown once."""

    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(80))
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    issued_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    last_used_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    owner: Mapped[User] = relationship(foreign_keys=[owner_id])



class SendStatus(StrEnum):
    PENDING = "pending"  # to send now, or at `next_attempt_at` after a failure
    SENDING = "sending"  # claimed by one worker; its POST may be on the wire
    SENT = "sent"  # upstream took it (`upstream_id`, or a `upstream_token` still to resolve): polled
    CLOSED = "closed"  # upstream closed it and so did we: nothing more to do
    LOCAL = "local"  # the routing table keeps this type here


class UpstreamSend(Base):
    """One report on its way to the city's Open311 system (`open311.sync`), written in the same
    transaction as the report. Every attempt and error stays here for staff to read."""

    __tablename__ = "open311_sends"
    __table_args__ = (Index("ix_open311_sends_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), unique=True)
    # Sent as `attribute[client_request_id]` on every attempt, so an upstream that honours it files a
    # repeated POST (after a crash or a timeout) once; see `open311.sync`.
    client_request_id: Mapped[str] = mapped_column(String(64), unique=True)
    route: Mapped[str] = mapped_column(String(80), default="")  # the routing table's name for it
    service_code: Mapped[str] = mapped_column(String(40), default="")
    status: Mapped[str] = mapped_column(String(10), default=SendStatus.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    claimed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    upstream_id: Mapped[str | None] = mapped_column(String(80))
    upstream_token: Mapped[str | None] = mapped_column(String(80))
    upstream_status: Mapped[str] = mapped_column(String(20), default="")
    upstream_notes: Mapped[str] = mapped_column(Text, default="")
    last_error: Mapped[str] = mapped_column(Text, default="")
    last_error_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    polled_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
