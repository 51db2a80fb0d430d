"""Reports and everything attached to one: its type, history, supporters, photos and reactions.

Statuses are plain strings checked by an enum in Python, so a new status is a code change, not a migration."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    BigInteger,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.accounts.models import User
from portal.db import Base, UtcDateTime, utc_now


class ReportStatus(StrEnum):
    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    CLOSED = "closed"


# The staff queue's rows: every report not closed. Its partial indexes hold only these (a tenth of a
# city's reports), so each queue order and filter reads a small index in order (bench/queue_bench.py).
NOT_CLOSED = text("status != 'closed'")


def queue_index(name: str, *columns: str) -> Index:
    return Index(name, *columns, sqlite_where=NOT_CLOSED, postgresql_where=NOT_CLOSED)


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


class Report(Base):
    """One service request, whether imported from Boston's open data or filed in the portal."""

    __tablename__ = "reports"
    __table_args__ = (
        Index("ix_reports_status_opened", "status", "opened_at"),
        Index("ix_reports_status_closed", "status", "closed_at"),  # the feed's newest fixes, in index order
        Index("ix_reports_type_opened", "service_type_id", "opened_at"),
        Index("ix_reports_neighborhood_opened", "neighborhood", "opened_at"),
        UniqueConstraint("client_token", name="uq_reports_client_token"),
        Index("ix_reports_latitude", "latitude"),  # "what is near here": a thin band of rows
        queue_index("ix_reports_queue_opened", "opened_at", "id"),
        queue_index("ix_reports_queue_type", "service_type_id", "opened_at", "id"),
        queue_index("ix_reports_queue_neighborhood", "neighborhood", "opened_at", "id"),
        queue_index("ix_reports_queue_source", "source", "opened_at", "id"),
        queue_index("ix_reports_queue_target", "target_at", "id"),
        queue_index("ix_reports_queue_reopened", "reopened_at", "id"),
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
    # Indexed (since 0006): the summary refresh and the pages' version checks ask for the newest change.
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now, onupdate=utc_now, index=True)
    # Optimistic locking: every staff action says which version it saw (portal/casework.py).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    acknowledged_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # When the reporter last said "not fixed" (portal/reports/followup.py): the queue's "reopened" filter.
    reopened_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", name="fk_reports_assignee"))
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("reports.id", name="fk_reports_merged_into"))
    contact_email: Mapped[str] = mapped_column(String(254), default="", server_default="")
    # The language the report was filed in: an anonymous reporter's emails speak it (an account's speak its own).
    contact_language: Mapped[str | None] = mapped_column(String(16))
    # Who filed it, for the hourly limit: "user:<id>" or "session:<random>" for anonymous visitors.
    submitter_key: Mapped[str | None] = mapped_column(String(64), index=True)
    # The form's one-time token: a double click files one report, not two.
    client_token: Mapped[str | None] = mapped_column(String(64))
    media_url: Mapped[str | None] = mapped_column(String(500))  # a photo URL sent through Open311

    service_type: Mapped[ServiceType] = relationship(back_populates="reports")
    reporter: Mapped[User | None] = relationship(foreign_keys=[reporter_id])
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


class ReportSupport(Base):
    """Someone or something backing a report: a Street Bump spot, later a resident's "me too"."""

    __tablename__ = "report_supports"
    __table_args__ = (
        UniqueConstraint("report_id", "spot_id"),
        UniqueConstraint("report_id", "user_id", name="uq_report_supports_report_user"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    source: Mapped[str] = mapped_column(String(30))  # "street_bump", "resident"
    spot_id: Mapped[int | None] = mapped_column(ForeignKey("bump_spots.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)

    report: Mapped[Report] = relationship()


class ReportPhoto(Base):
    """A cleaned photo of a report ("before" from the reporter, "after" from staff) in the photo store."""

    __tablename__ = "report_photos"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # "before" | "after"
    key: Mapped[str] = mapped_column(String(200))
    thumbnail_key: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(30))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    uploaded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)


class ReportReaction(Base):
    """The reporter's answer to a closure: an emoji, fixed or not, and a note. One per closure."""

    __tablename__ = "report_reactions"
    __table_args__ = (UniqueConstraint("closure_event_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), index=True)
    closure_event_id: Mapped[int] = mapped_column(ForeignKey("report_events.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    emoji: Mapped[str] = mapped_column(String(16))
    fixed: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)


class QueueMark(Base):
    """When a staff member last marked the queue as seen: reports opened after it are "new" to them."""

    __tablename__ = "queue_marks"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(UtcDateTime)
