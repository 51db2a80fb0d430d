"""Points: the append-only ledger, running totals per board, and badges awarded."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import Base, UtcDateTime, utc_now


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
    # Why, worded when shown (`recognition.reasons`): a key of `reasons.SENTENCES` ("" for an award) and
    # its parameter or a person's words in `reason`.
    reason_key: Mapped[str] = mapped_column(String(30), default="", server_default="")
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

