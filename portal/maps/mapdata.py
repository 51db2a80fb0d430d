"""What the live map shows: the filtered reports as points, or as H3 cells counted in SQL.

The browser never receives more than `POINT_LIMIT` points. Above that the database groups the
filtered reports by their precomputed H3 cell (`GROUP BY h3_r8`), so a million reports become a few
hundred hexagons and the page stays fast.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd
from sqlalchemy import ColumnElement, Select, and_, case, func, or_, select
from sqlalchemy.orm import Session

from portal.config import boston_midnight
from portal.reports.models import Report, ReportStatus, ServiceType

POINT_LIMIT = 5_000
# Coordinates go to the browser with 5 decimals: about a metre, which is as good as phone GPS.
COORD_DECIMALS = 5


@dataclass(frozen=True)
class MapFilter:
    """The map's filters; empty means "any". Dates are Boston calendar days, both inclusive."""

    type_ids: tuple[int, ...] = ()
    statuses: tuple[str, ...] = ()
    neighborhoods: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    opened_from: date | None = None
    opened_to: date | None = None
    text: str = ""


@dataclass(frozen=True)
class StatusCounts:
    open: int
    closed: int

    @property
    def total(self) -> int:
        return self.open + self.closed


@dataclass(frozen=True)
class MapData:
    """Either points (one row a report) or cells (one row an H3 cell with its counts)."""

    mode: str  # "points" | "cells" | "empty"
    frame: pd.DataFrame
    counts: StatusCounts
    located: int  # how many of the filtered reports have coordinates
    resolution: int | None = None  # H3 resolution of the cells


def conditions(f: MapFilter) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if f.type_ids:
        where.append(Report.service_type_id.in_(f.type_ids))
    if f.statuses:
        where.append(Report.status.in_(f.statuses))
    if f.neighborhoods:
        where.append(Report.neighborhood.in_(f.neighborhoods))
    if f.sources:
        where.append(Report.source.in_(f.sources))
    if f.opened_from:
        where.append(Report.opened_at >= boston_midnight(f.opened_from))
    if f.opened_to:
        where.append(Report.opened_at < boston_midnight(f.opened_to + timedelta(days=1)))
    text = f.text.strip()
    if text:
        where.append(
            or_(
                Report.title.icontains(text, autoescape=True),
                Report.description.icontains(text, autoescape=True),
                Report.address.icontains(text, autoescape=True),
                Report.public_id == text.upper(),
                Report.external_case_id == text,
            )
        )
    return where


def _filtered(query: Select, f: MapFilter) -> Select:
    where = conditions(f)
    return query.where(and_(*where)) if where else query


def status_counts(session: Session, f: MapFilter) -> tuple[StatusCounts, int]:
    """Open and closed counts for the filtered set, and how many of them are on the map."""
    query = _filtered(
        select(
            func.count(case((Report.status != ReportStatus.CLOSED, 1))),
            func.count(case((Report.status == ReportStatus.CLOSED, 1))),
            func.count(Report.h3_r9),
        ),
        f,
    )
    open_, closed, located = session.execute(query).one()
    return StatusCounts(open=open_, closed=closed), located


def report_points(session: Session, f: MapFilter, limit: int = POINT_LIMIT) -> pd.DataFrame:
    """The newest `limit` located reports: only the columns the map draws and its tooltip needs."""
    query = _filtered(
        select(Report.public_id, Report.latitude, Report.longitude, Report.status, ServiceType.name)
        .join(ServiceType)
        .where(Report.latitude.is_not(None)),
        f,
    ).order_by(Report.opened_at.desc()).limit(limit)
    frame = pd.DataFrame(session.execute(query).all(), columns=["id", "lat", "lon", "status", "type"])
    frame[["lat", "lon"]] = frame[["lat", "lon"]].round(COORD_DECIMALS)
    return frame


def cell_counts(session: Session, f: MapFilter, resolution: int) -> pd.DataFrame:
    """Reports per H3 cell (resolution 8 or 9), counted by the database."""
    cell = Report.h3_r9 if resolution == 9 else Report.h3_r8
    query = _filtered(
        select(cell, func.count(), func.count(case((Report.status != ReportStatus.CLOSED, 1))))
        .where(cell.is_not(None))
        .group_by(cell),
        f,
    )
    return pd.DataFrame(session.execute(query).all(), columns=["cell", "reports", "open"])


def map_data(session: Session, f: MapFilter, point_limit: int = POINT_LIMIT) -> MapData:
    counts, located = status_counts(session, f)
    if located == 0:
        return MapData("empty", pd.DataFrame(), counts, located)
    if located <= point_limit:
        return MapData("points", report_points(session, f, point_limit), counts, located)
    # One or two neighborhoods fill the screen: finer cells (about 170 m across) read better there.
    resolution = 9 if 0 < len(f.neighborhoods) <= 2 else 8
    return MapData("cells", cell_counts(session, f, resolution), counts, located, resolution)
