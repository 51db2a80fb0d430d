"""The staff queue: open reports, oldest first, with the reporter's contact (staff only)."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models import Report, ReportStatus, ServiceType, User
from portal.permissions import Action, Actor, require

QUEUE_LIMIT = 500


def open_reports(session: Session, actor: Actor, departments: tuple[str, ...] = ()) -> pd.DataFrame:
    """Open reports for the staff queue; reporter names and emails are for staff eyes only."""
    require(actor, Action.WORK_QUEUE)
    query = (
        select(Report.public_id, ServiceType.name, ServiceType.department, Report.opened_at,
               Report.target_at, Report.address, Report.neighborhood, User.display_name, User.email)
        .join(ServiceType)
        .outerjoin(User, Report.reporter_id == User.id)
        .where(Report.status != ReportStatus.CLOSED)
        .order_by(Report.opened_at)
        .limit(QUEUE_LIMIT)
    )  # fmt: skip
    if departments:
        query = query.where(ServiceType.department.in_(departments))
    columns = ["report", "type", "department", "opened", "target", "address", "neighborhood",
               "reporter", "reporter email"]  # fmt: skip
    return pd.DataFrame(session.execute(query).all(), columns=columns)


def queue_departments(session: Session, actor: Actor) -> list[str]:
    require(actor, Action.WORK_QUEUE)
    query = select(ServiceType.department).join(Report).where(Report.status != ReportStatus.CLOSED)
    return sorted(set(session.scalars(query)))
