"""Third-spaces projects: proposals, their history, comments, budgets, rubric scores and coach profiles."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.accounts.models import User
from portal.db import Base, UtcDateTime, utc_now


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

