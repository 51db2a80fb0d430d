"""People and what is recorded about them: accounts with their role, the audit log, staff departments."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import Base, UtcDateTime, utc_now


class Role(StrEnum):
    RESIDENT = "resident"
    STAFF = "staff"
    COACH = "coach"
    ADMIN = "admin"


# Deactivated or deleted accounts, as SQL both backends read alike (a partial index and its queries share it).
HIDDEN_USERS = "(active = false OR deleted_at IS NOT NULL)"


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    email: Mapped[str] = mapped_column(String(254))
    display_name: Mapped[str] = mapped_column(String(80))
    role: Mapped[str] = mapped_column(String(20), default=Role.RESIDENT)
    password_hash: Mapped[str | None] = mapped_column(String(100))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    # The session version: a sign-in (or a remember-me cookie) older than this no longer counts.
    # Moved forward on a password or role change and on deactivation. A timestamp rather than a
    # counter because the cookie carries only the time it was issued.
    sessions_valid_after: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    show_name_publicly: Mapped[bool] = mapped_column(Boolean, default=False)
    deleted_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # A key of portal.i18n.LANGUAGES chosen in the menu; None until then (the browser's language is used).
    language: Mapped[str | None] = mapped_column(String(16))


    # The few accounts leaderboards leave out, found by key instead of by reading every account.
    __table_args__ = (
        Index("ix_users_hidden", "id", sqlite_where=text(HIDDEN_USERS), postgresql_where=text(HIDDEN_USERS)),
    )


class AuditEntry(Base):
    """Who did what to which account, and every sign-in attempt. Append-only; admins read it."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_username_at", "username", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now, index=True)
    action: Mapped[str] = mapped_column(String(30))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    username: Mapped[str] = mapped_column(String(60), default="")
    detail: Mapped[str] = mapped_column(Text, default="")


class StaffDepartment(Base):
    """The department queues a staff member works; set by an admin."""

    __tablename__ = "staff_departments"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    department: Mapped[str] = mapped_column(String(60), primary_key=True)


class HourlyCount(Base):
    """How often one key (a person filing, an account uploading) acted in one clock hour.

    Taking a slot is one conditional UPDATE (or the hour's first INSERT) on this row, in the same
    transaction as the action, so simultaneous requests cannot all read "under the limit" and all pass.
    """

    __tablename__ = "hourly_counts"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    hour: Mapped[datetime] = mapped_column(UtcDateTime, primary_key=True)
    count: Mapped[int] = mapped_column(Integer)


class SignInSession(Base):
    """One signed-in browser. The browser's cookie holds a random token; only its SHA-256 is kept here,
    so a copy of this table signs nobody in. `token_hash` is empty until the browser has exchanged its
    one-time code for the cookie (`portal.accounts.sessions`); deleting the row signs the browser out."""

    __tablename__ = "sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    last_seen_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    user_agent: Mapped[str] = mapped_column(String(300), default="")
