"""Reading reports for people: the filter choices on the map and one report's details."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.config import BOSTON_TZ
from portal.reports.models import Report, ServiceType
from portal.reports.wording import closure_reason, report_description, report_title


@dataclass(frozen=True)
class ReportDetail:
    public_id: str
    type_name: str
    department: str
    title: str
    description: str
    status: str
    opened_at: datetime
    target_at: datetime | None
    closed_at: datetime | None
    closure_reason: str
    neighborhood: str | None
    address: str
    source: str
    latitude: float | None
    longitude: float | None


def service_type_choices(session: Session) -> dict[int, str]:
    """Type id -> "Type (department)", for the types that have reports, alphabetical."""
    rows = session.execute(
        select(ServiceType.id, ServiceType.name, ServiceType.department)
        .where(select(Report.id).where(Report.service_type_id == ServiceType.id).exists())
        .order_by(ServiceType.name, ServiceType.department)
    )
    return {type_id: f"{name} ({department})" for type_id, name, department in rows}


def neighborhood_choices(session: Session) -> list[str]:
    query = select(Report.neighborhood).where(Report.neighborhood.is_not(None)).distinct()
    return sorted(session.scalars(query))


def source_choices(session: Session) -> list[str]:
    return sorted(session.scalars(select(Report.source).distinct()))


def opened_range(session: Session) -> tuple[date, date] | None:
    """The first and last Boston calendar day on which a report was opened.

    Two scalar subqueries, each answered from the `opened_at` index: SQLite scans the whole table for
    MIN and MAX side by side in one query.
    """
    first, last = session.execute(
        select(
            select(func.min(Report.opened_at)).scalar_subquery(),
            select(func.max(Report.opened_at)).scalar_subquery(),
        )
    ).one()
    if first is None:
        return None
    return first.astimezone(BOSTON_TZ).date(), last.astimezone(BOSTON_TZ).date()


def report_detail(session: Session, public_id: str) -> ReportDetail | None:
    row = session.execute(
        select(Report, ServiceType).join(ServiceType).where(Report.public_id == public_id)
    ).one_or_none()
    if row is None:
        return None
    report, service_type = row
    return ReportDetail(
        public_id=report.public_id,
        type_name=service_type.name,
        department=service_type.department,
        title=report_title(report.source, report.title),
        description=report_description(report.source, report.description),
        status=report.status,
        opened_at=report.opened_at,
        target_at=report.target_at,
        closed_at=report.closed_at,
        closure_reason=closure_reason(report.closure_reason),
        neighborhood=report.neighborhood,
        address=report.address,
        source=report.source,
        latitude=report.latitude,
        longitude=report.longitude,
    )
