"""Street Bump: phones' jolts, the cells they drove, spots found and the features staff marked."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    BigInteger,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import Base, UtcDateTime, utc_now
from portal.reports.models import Report


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


class DeviceToken(Base):
    """A phone or vehicle of the city's own fleet, registered by an admin.

    Uploads it authenticates keep the file's device ids (each phone counts as one of Street Bump's K);
    only the SHA-256 of the token is stored, so the table cannot be used to upload.
    """

    __tablename__ = "device_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str] = mapped_column(String(120))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
