"""The database schema as typed SQLAlchemy 2.0 models.

Times are stored in UTC and always come back time-zone aware (see `UtcDateTime`); pages convert to
America/New_York for display. Statuses and roles are plain strings checked by enums in Python, so a
new status is a code change, not a schema migration.
"""

from __future__ import annotations

from datetime import datetime, timezone
from enum import StrEnum

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator


class UtcDateTime(TypeDecorator[datetime]):
    """A timestamp stored as UTC and read back as an aware datetime on every backend.

    SQLite has no time-zone type, so without this a value written aware would come back naive.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; pass an aware one")
        return value.astimezone(timezone.utc)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


class ReportStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class Role(StrEnum):
    RESIDENT = "resident"
    STAFF = "staff"
    COACH = "coach"
    ADMIN = "admin"


class Base(DeclarativeBase):
    pass


class ServiceType(Base):
    """Boston's request-type hierarchy: subject (department name) › reason › type."""

    __tablename__ = "service_types"
    __table_args__ = (UniqueConstraint("subject", "reason", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    subject: Mapped[str] = mapped_column(String(120))
    reason: Mapped[str] = mapped_column(String(120))
    name: Mapped[str] = mapped_column(String(160), index=True)
    department: Mapped[str] = mapped_column(String(60), index=True)

    reports: Mapped[list[Report]] = relationship(back_populates="service_type")


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

    reports: Mapped[list[Report]] = relationship(back_populates="reporter")


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


class Report(Base):
    """One service request, whether imported from Boston's open data or filed in the portal."""

    __tablename__ = "reports"
    __table_args__ = (
        Index("ix_reports_status_opened", "status", "opened_at"),
        Index("ix_reports_type_opened", "service_type_id", "opened_at"),
        Index("ix_reports_neighborhood_opened", "neighborhood", "opened_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(16), unique=True)
    external_case_id: Mapped[str | None] = mapped_column(String(40), unique=True)
    service_type_id: Mapped[int] = mapped_column(ForeignKey("service_types.id"))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default=ReportStatus.OPEN)
    closure_reason: Mapped[str] = mapped_column(Text, default="")
    opened_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    target_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    # H3 cells, precomputed so the map can aggregate with a plain SQL GROUP BY on any backend.
    h3_r8: Mapped[int | None] = mapped_column(BigInteger)
    h3_r9: Mapped[int | None] = mapped_column(BigInteger)
    neighborhood: Mapped[str | None] = mapped_column(String(80))
    address: Mapped[str] = mapped_column(String(200), default="")
    source: Mapped[str] = mapped_column(String(60), index=True)
    reporter_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now, onupdate=utc_now)

    service_type: Mapped[ServiceType] = relationship(back_populates="reports")
    reporter: Mapped[User | None] = relationship(back_populates="reports")
    events: Mapped[list[ReportEvent]] = relationship(
        back_populates="report", order_by="ReportEvent.at"
    )


class ReportEvent(Base):
    """The history of a report: opened, status changes, notes. Append-only."""

    __tablename__ = "report_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), index=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    kind: Mapped[str] = mapped_column(String(30))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str | None] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")

    report: Mapped[Report] = relationship(back_populates="events")
