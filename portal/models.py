"""The database schema as typed SQLAlchemy 2.0 models.

Times are stored in UTC and always come back time-zone aware (see `UtcDateTime`); pages convert to
America/New_York for display. Statuses and roles are plain strings checked by enums in Python, so a
new status is a code change, not a schema migration.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from enum import StrEnum

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    JSON,
    String,
    Text,
    UniqueConstraint,
    text,
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
    ACKNOWLEDGED = "acknowledged"
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

    reports: Mapped[list[Report]] = relationship(back_populates="reporter", foreign_keys="Report.reporter_id")

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


class Report(Base):
    """One service request, whether imported from Boston's open data or filed in the portal."""

    __tablename__ = "reports"
    __table_args__ = (
        Index("ix_reports_status_opened", "status", "opened_at"),
        Index("ix_reports_type_opened", "service_type_id", "opened_at"),
        Index("ix_reports_neighborhood_opened", "neighborhood", "opened_at"),
        UniqueConstraint("client_token", name="uq_reports_client_token"),
        Index("ix_reports_latitude", "latitude"),  # "what is near here": a thin band of rows
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
    # Optimistic locking: every staff action says which version it saw (portal/casework.py).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    acknowledged_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", name="fk_reports_assignee"))
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("reports.id", name="fk_reports_merged_into"))
    contact_email: Mapped[str] = mapped_column(String(254), default="", server_default="")
    # Who filed it, for the hourly limit: "user:<id>" or "session:<random>" for anonymous visitors.
    submitter_key: Mapped[str | None] = mapped_column(String(64), index=True)
    # The form's one-time token: a double click files one report, not two.
    client_token: Mapped[str | None] = mapped_column(String(64))
    media_url: Mapped[str | None] = mapped_column(String(500))  # a photo URL sent through Open311

    service_type: Mapped[ServiceType] = relationship(back_populates="reports")
    reporter: Mapped[User | None] = relationship(back_populates="reports", foreign_keys=[reporter_id])
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


class JoltEvent(Base):
    """One jolt a phone felt. Unique per (device, time), so uploading the same file twice adds nothing."""

    __tablename__ = "jolt_events"
    __table_args__ = (UniqueConstraint("device_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    device_id: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)
    magnitude: Mapped[float] = mapped_column(Float)  # m/s² above gravity
    speed: Mapped[float] = mapped_column(Float)  # m/s
    gps_accuracy: Mapped[float] = mapped_column(Float)  # metres
    # Resolution 10 (about 70 m across): the map counts jolts per cell with a GROUP BY.
    h3_r10: Mapped[int] = mapped_column(BigInteger, index=True)
    uploaded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)


class DriveCoverage(Base):
    """A cell some phone drove through: the map's honest answer to "which streets were measured"."""

    __tablename__ = "drive_coverage"
    __table_args__ = (UniqueConstraint("device_id", "h3_r10"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    device_id: Mapped[str] = mapped_column(String(64))
    h3_r10: Mapped[int] = mapped_column(BigInteger, index=True)
    first_at: Mapped[datetime] = mapped_column(UtcDateTime)
    readings: Mapped[int] = mapped_column(Integer)


class KnownFeatureKind(StrEnum):
    SPEED_BUMP = "speed_bump"
    MANHOLE = "manhole"


class KnownFeature(Base):
    """A speed bump or manhole cover that staff marked "not a pothole"; jolts there open no report."""

    __tablename__ = "known_features"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)
    note: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)


class SpotStatus(StrEnum):
    REPORTED = "reported"  # opened a pothole report
    SUPPORTING = "supporting"  # backs an open pothole report that was already there
    SUPPRESSED = "suppressed"  # a known speed bump or manhole


class BumpSpot(Base):
    """A place where enough phones jolted to make it a candidate pothole, and what came of it."""

    __tablename__ = "bump_spots"

    id: Mapped[int] = mapped_column(primary_key=True)
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)
    hits: Mapped[int] = mapped_column(Integer)
    devices: Mapped[int] = mapped_column(Integer)  # distinct passes, see portal/streetbump/clustering.py
    status: Mapped[str] = mapped_column(String(20))
    report_id: Mapped[int | None] = mapped_column(ForeignKey("reports.id"), index=True)
    known_feature_id: Mapped[int | None] = mapped_column(ForeignKey("known_features.id"))
    first_detected_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    last_detected_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)

    report: Mapped[Report | None] = relationship()
    known_feature: Mapped[KnownFeature | None] = relationship()


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


class TriageCorrection(Base):
    """Staff moved a report to another type: the resident's words and the right type, to retrain triage."""

    __tablename__ = "triage_corrections"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    from_type_id: Mapped[int] = mapped_column(ForeignKey("service_types.id"))
    to_type_id: Mapped[int] = mapped_column(ForeignKey("service_types.id"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)


class StaffDepartment(Base):
    """The department queues a staff member works; set by an admin."""

    __tablename__ = "staff_departments"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    department: Mapped[str] = mapped_column(String(60), primary_key=True)


class ProjectStatus(StrEnum):
    """Where a third-spaces project stands; the allowed moves are in portal/projects/statuses.py."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    MATCHED = "matched"
    IN_COACHING = "in_coaching"
    NEEDS_CHANGES = "needs_changes"
    READY_TO_FUNDRAISE = "ready_to_fundraise"
    DECLINED = "declined"


class CoachProfile(Base):
    """What a coach (a user with role coach) offers: the matcher reads these to rank coaches."""

    __tablename__ = "coach_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), unique=True)
    expertise: Mapped[list[str]] = mapped_column(JSON, default=list)
    neighborhoods: Mapped[list[str]] = mapped_column(JSON, default=list)
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    capacity: Mapped[int] = mapped_column(Integer, default=3)  # active projects at most
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now, onupdate=utc_now)

    user: Mapped[User] = relationship()


class Project(Base):
    """A resident's idea for a third space, from draft through coaching to fundraising."""

    __tablename__ = "projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposer_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    coach_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default=ProjectStatus.DRAFT, index=True)
    title: Mapped[str] = mapped_column(String(120), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    serves: Mapped[str] = mapped_column(Text, default="")
    goals: Mapped[str] = mapped_column(Text, default="")
    timeline: Mapped[str] = mapped_column(Text, default="")
    team: Mapped[str] = mapped_column(Text, default="")
    space_name: Mapped[str] = mapped_column(String(120), default="")
    space_type: Mapped[str] = mapped_column(String(40), default="")
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    neighborhood: Mapped[str | None] = mapped_column(String(80))
    skills_wanted: Mapped[list[str]] = mapped_column(JSON, default=list)
    language: Mapped[str] = mapped_column(String(40), default="English")
    host_agreement: Mapped[str] = mapped_column(String(20), default="not_asked")
    contingency_percent: Mapped[int] = mapped_column(Integer, default=10)
    platform: Mapped[str] = mapped_column(String(40), default="ioby")
    fundraising_url: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now, onupdate=utc_now)

    proposer: Mapped[User] = relationship(foreign_keys=[proposer_id])
    coach: Mapped[User | None] = relationship(foreign_keys=[coach_id])
    items: Mapped[list[BudgetItem]] = relationship(
        back_populates="project", order_by="BudgetItem.position", cascade="all, delete-orphan"
    )
    events: Mapped[list[ProjectEvent]] = relationship(
        back_populates="project", order_by="ProjectEvent.id", cascade="all, delete-orphan"
    )


class ProjectEvent(Base):
    """The history of a project: every status change and match, with who and when. Append-only."""

    __tablename__ = "project_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    kind: Mapped[str] = mapped_column(String(30))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str | None] = mapped_column(String(20))
    coach_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str] = mapped_column(Text, default="")

    project: Mapped[Project] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])


class ProjectComment(Base):
    """One message in the thread between a proposer and their coach."""

    __tablename__ = "project_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    body: Mapped[str] = mapped_column(Text)

    author: Mapped[User] = relationship()


class BudgetItem(Base):
    """One line of a project budget. Money in integer cents; in-kind lines are not fundraised."""

    __tablename__ = "budget_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    category: Mapped[str] = mapped_column(String(40))
    description: Mapped[str] = mapped_column(String(200))
    quantity: Mapped[int] = mapped_column(Integer)
    unit_cost_cents: Mapped[int] = mapped_column(BigInteger)
    in_kind: Mapped[bool] = mapped_column(Boolean, default=False)

    project: Mapped[Project] = relationship(back_populates="items")


class RubricScore(Base):
    """A coach's rating of one rubric criterion for one project, with notes."""

    __tablename__ = "rubric_scores"
    __table_args__ = (UniqueConstraint("project_id", "criterion"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    criterion: Mapped[str] = mapped_column(String(40))
    rating: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now, onupdate=utc_now)


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


class DailyReportCount(Base):
    """Reports opened per Boston day and type, per day and neighborhood, per day and source, with how
    their closing went: a few rows a day for each, where a million reports would be read otherwise.

    `portal/analytics/summary.py` keeps them equal to a recount from scratch by recounting every day a
    changed report was opened on.
    """

    __tablename__ = "daily_report_counts"
    __table_args__ = (UniqueConstraint("dimension", "day", "value"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dimension: Mapped[str] = mapped_column(String(20))  # "type", "neighborhood" or "source"
    day: Mapped[date] = mapped_column(Date, index=True)
    value: Mapped[str] = mapped_column(String(80))  # the type's id, the neighborhood ("" for none), the source
    opened: Mapped[int] = mapped_column(Integer)
    closed: Mapped[int] = mapped_column(Integer)
    with_target: Mapped[int] = mapped_column(Integer)  # closed reports that had a target date
    on_time: Mapped[int] = mapped_column(Integer)  # ... and were closed by it


class SummaryRefresh(Base):
    """When the daily counts were last brought up to date, and up to which report change."""

    __tablename__ = "summary_refreshes"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    through: Mapped[datetime | None] = mapped_column(UtcDateTime)  # the newest reports.updated_at counted
    days: Mapped[int] = mapped_column(Integer)  # how many days were recounted


# The daily counts find changed reports by this column (portal/analytics/summary.py).
Index("ix_reports_updated_at", Report.updated_at)


class PointsEntry(Base):
    """One line of the recognition ledger: who earned (or lost) how many points, by which rule, and why.

    Append-only: a mistake or a report later found to be spam is undone by a new entry with negative
    points that names the entry it reverses, never by editing or deleting. The unique key on
    (user, rule, subject) is what makes every award idempotent. Neighborhood and department are copied
    from the report at award time so the scoped leaderboards need no join (see portal/recognition/).
    """

    __tablename__ = "points_entries"
    __table_args__ = (
        UniqueConstraint("user_id", "rule", "subject_key", name="uq_points_entries_award"),
        Index("ix_points_entries_user_created", "user_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    rule: Mapped[str] = mapped_column(String(40))
    points: Mapped[int] = mapped_column(Integer)  # negative for a reversal
    subject_key: Mapped[str] = mapped_column(String(60))  # what the award is for: "report:12", "reaction:3"
    report_id: Mapped[int | None] = mapped_column(ForeignKey("reports.id"), index=True)
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id"))
    reverses_id: Mapped[int | None] = mapped_column(ForeignKey("points_entries.id"), unique=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    neighborhood: Mapped[str | None] = mapped_column(String(80))
    department: Mapped[str | None] = mapped_column(String(60))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    # The periods the points count in: the award's own time, and for a reversal the time of the award
    # it reverses, so a duplicate found next month takes its points out of the month they were in.
    earned_at: Mapped[datetime] = mapped_column(UtcDateTime)


class PointsTotal(Base):
    """A person's points in one leaderboard: scope (city, a neighborhood, a department) × period (all
    time, a Boston calendar month, an ISO week). Kept in the same transaction as each ledger entry, so
    a leaderboard is one indexed read; the ledger alone can rebuild it (recognition.totals)."""

    __tablename__ = "points_totals"
    __table_args__ = (
        # Read backwards, this is the leaderboard's own order (most points first, ties: the newer account
        # first), so the top N are the last N index entries of a board.
        Index("ix_points_totals_board", "scope", "scope_value", "period", "points", "user_id"),
        # Clustered on the key in SQLite, so looking up given people (a standing's few hidden accounts)
        # reads the key alone instead of going through the board index.
        {"sqlite_with_rowid": False},
    )

    scope: Mapped[str] = mapped_column(String(12), primary_key=True)  # "city", "neighborhood", "department"
    scope_value: Mapped[str] = mapped_column(String(80), primary_key=True)  # "" for the city
    period: Mapped[str] = mapped_column(String(16), primary_key=True)  # "all", "month:2025-03", "week:2025-W10"
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True, index=True)
    points: Mapped[int] = mapped_column(Integer)


class BadgeAward(Base):
    """A badge someone earned, once, with the date (the badges are defined in portal/recognition/badges.py)."""

    __tablename__ = "badge_awards"
    __table_args__ = (UniqueConstraint("user_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    awarded_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)


class CloseTimeCount(Base):
    """How many reports opened in one block of Boston days (a day, a week from Monday, a calendar month)
    with one type or neighborhood took how long to close, in fixed buckets of hours to weeks.

    The dashboard sums the blocks that tile its period and reads the median and 90th percentile off
    the summed buckets (`portal/analytics/close_buckets.py`); `portal/analytics/summary.py` keeps the
    rows equal to a recount from scratch, together with the daily counts.
    """

    __tablename__ = "close_time_counts"
    # The key is the order every read goes in (dimension, span, a range of first days); on SQLite the
    # rows are stored in it (no rowid), so a read is one range of one b-tree.
    __table_args__ = {"sqlite_with_rowid": False}

    dimension: Mapped[str] = mapped_column(String(20), primary_key=True)  # "type" or "neighborhood"
    span: Mapped[str] = mapped_column(String(5), primary_key=True)  # "day", "week" or "month"
    first_day: Mapped[date] = mapped_column(Date, primary_key=True)
    value: Mapped[str] = mapped_column(String(80), primary_key=True)  # as in daily_report_counts
    bucket: Mapped[int] = mapped_column(Integer, primary_key=True)
    closed: Mapped[int] = mapped_column(Integer)
