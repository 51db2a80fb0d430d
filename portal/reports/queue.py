"""The staff queue: open reports of a person's departments, with SLA and support, and one case in full.

Reporter names and emails appear here and nowhere public: this module requires the staff role.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pandas as pd
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, aliased

from portal.accounts.models import StaffDepartment, User
from portal.accounts.permissions import Action, Actor, require
from portal.db import utc_now
from portal.reports.models import Report, ReportEvent, ReportPhoto, ReportStatus, ReportSupport, ServiceType

QUEUE_LIMIT = 500
SORTS = {"Oldest first": "oldest", "Most supported first": "supported", "Overdue first": "overdue"}


@dataclass(frozen=True)
class CaseEvent:
    at: datetime
    kind: str
    actor: str
    note: str


@dataclass(frozen=True)
class Case:
    """One report as staff see it, with the version their actions must quote."""

    public_id: str
    version: int
    type_id: int
    type_name: str
    department: str
    title: str
    description: str
    status: str
    opened_at: datetime
    target_at: datetime | None
    address: str
    neighborhood: str | None
    latitude: float | None
    longitude: float | None
    reporter: str
    reporter_email: str
    assignee_id: int | None
    supporters: int
    photos: list[tuple[str, str, str]]  # (kind, key, thumbnail key)
    events: list[CaseEvent]


def my_departments(session: Session, actor: Actor) -> list[str]:
    require(actor, Action.WORK_QUEUE)
    return staff_departments(session, actor.id)


def staff_departments(session: Session, user_id: int) -> list[str]:
    return sorted(session.scalars(select(StaffDepartment.department).where(StaffDepartment.user_id == user_id)))


def set_departments(session: Session, actor: Actor, user_id: int, departments: list[str]) -> None:
    """An admin sets which department queues a staff member works."""
    require(actor, Action.MANAGE_USERS)
    session.execute(delete(StaffDepartment).where(StaffDepartment.user_id == user_id))
    session.add_all(StaffDepartment(user_id=user_id, department=d) for d in sorted(set(departments)))


def all_departments(session: Session) -> list[str]:
    return sorted(set(session.scalars(select(ServiceType.department))))


def open_reports(session: Session, actor: Actor, departments: tuple[str, ...] = (), sort: str = "oldest",
                 now: datetime | None = None) -> pd.DataFrame:  # fmt: skip
    """Open reports for the queue, with how many people back each and whether it is past its target."""
    require(actor, Action.WORK_QUEUE)
    now = now or utc_now()
    support = (select(ReportSupport.report_id, func.count().label("n")).group_by(ReportSupport.report_id)
               .subquery())  # fmt: skip
    assignee = aliased(User)
    reporter = aliased(User)
    supporters = func.coalesce(support.c.n, 0)
    query = (
        select(Report.public_id, ServiceType.name, ServiceType.department, Report.status, Report.opened_at,
               Report.target_at, supporters, assignee.display_name, Report.address, Report.neighborhood,
               reporter.display_name, func.coalesce(reporter.email, Report.contact_email))
        .join(ServiceType)
        .outerjoin(support, support.c.report_id == Report.id)
        .outerjoin(assignee, Report.assignee_id == assignee.id)
        .outerjoin(reporter, Report.reporter_id == reporter.id)
        .where(Report.status != ReportStatus.CLOSED)
    )  # fmt: skip
    if departments:
        query = query.where(ServiceType.department.in_(departments))
    overdue_first = Report.target_at.is_(None), Report.target_at
    order = {"supported": (supporters.desc(), Report.opened_at), "overdue": (*overdue_first, Report.opened_at)}
    query = query.order_by(*order.get(sort, (Report.opened_at,))).limit(QUEUE_LIMIT)
    columns = ["report", "type", "department", "status", "opened", "target", "supporters", "assignee", "address",
               "neighborhood", "reporter", "reporter email"]  # fmt: skip
    frame = pd.DataFrame(session.execute(query).all(), columns=columns)
    frame.insert(1, "overdue", frame["target"].notna() & (frame["target"] < now) if len(frame) else [])
    return frame


def case(session: Session, actor: Actor, public_id: str) -> Case | None:
    require(actor, Action.WORK_QUEUE)
    found = session.execute(select(Report, ServiceType).join(ServiceType).where(Report.public_id == public_id)).first()
    if found is None:
        return None
    report, service_type = found
    reporter = session.get(User, report.reporter_id) if report.reporter_id else None
    events = list(session.scalars(select(ReportEvent).where(ReportEvent.report_id == report.id)
                                  .order_by(ReportEvent.at, ReportEvent.id)))  # fmt: skip
    names = _names(session, {e.actor_id for e in events})
    photos = session.scalars(select(ReportPhoto).where(ReportPhoto.report_id == report.id).order_by(ReportPhoto.id))
    return Case(
        report.public_id, report.version, service_type.id, service_type.name, service_type.department,
        report.title, report.description, report.status, report.opened_at, report.target_at, report.address,
        report.neighborhood, report.latitude, report.longitude,
        reporter.display_name if reporter else "anonymous", reporter.email if reporter else report.contact_email,
        report.assignee_id, session.scalar(select(func.count()).where(ReportSupport.report_id == report.id)),
        [(p.kind, p.key, p.thumbnail_key) for p in photos],
        [CaseEvent(e.at, e.kind, names.get(e.actor_id, "system"), e.note) for e in events],
    )  # fmt: skip


def _names(session: Session, user_ids: set[int | None]) -> dict[int, str]:
    """Display names of just these people (not the whole user table: a city has many residents)."""
    ids = [i for i in user_ids if i is not None]
    return dict(session.execute(select(User.id, User.display_name).where(User.id.in_(ids))).all()) if ids else {}


def staff_choices(session: Session, actor: Actor) -> dict[int, str]:
    require(actor, Action.WORK_QUEUE)
    rows = session.execute(select(User.id, User.display_name).where(User.active, User.role.in_(("staff", "admin")))
                           .order_by(User.display_name))  # fmt: skip
    return dict(rows.all())
