"""The staff queue: every report not closed, a page at a time, filtered and ordered, with true counts;
what is new since a staff member last looked; and one case in full.

Each query reads one of the partial indexes over reports that are not closed (`reports/models.py`),
so a page, a count or the map points stay fast at a million reports (`bench/queue_bench.py`). A page
is found by its ids alone (order, offset, limit on the index), then only those rows are joined.
Reporter names and emails appear here and nowhere public: every function requires the staff role.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Self

import pandas as pd
from sqlalchemy import ColumnElement, delete, false, func, literal_column, select
from sqlalchemy.orm import Session, aliased

from portal.accounts.models import StaffDepartment, User
from portal.accounts.permissions import Action, Actor, require
from portal.config import boston_midnight
from portal.db import utc_now
from portal.i18n import N_, _, format_decimal
from portal.reports.models import (
    QueueMark,
    Report,
    ReportEvent,
    ReportPhoto,
    ReportStatus,
    ReportSupport,
    ServiceType,
)
from portal.reports.wording import event_note, report_description, report_title

PAGE_SIZE = 50
MAP_POINT_LIMIT = 1_000
# Reports not closed, written as a literal (not a bound parameter) so that both databases match it to
# the partial indexes over these rows (`reports.models.NOT_CLOSED`).
IN_QUEUE = Report.status != literal_column("'closed'")


class QueueChoice(StrEnum):
    """A choice of the queue's sidebar: the value the code and the page's state keep, and the English
    label (a msgid) the page shows through `_()`; one table per choice, so neither can miss a member."""

    label: str

    def __new__(cls, value: str, label: str) -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member


class QueueOrder(QueueChoice):
    NEWEST = "newest", N_("Newest first")
    OLDEST = "oldest", N_("Oldest first")
    OVERDUE = "overdue", N_("Overdue first")
    SUPPORTED = "supported", N_("Most supporters first")


class QueueStatus(QueueChoice):
    ANY = "any", N_("Any (not closed)")
    OPEN = "open", N_("Open, not acknowledged")
    ACKNOWLEDGED = "acknowledged", N_("Acknowledged")
    REOPENED = "reopened", N_("Reopened (reporter said not fixed)")


@dataclass(frozen=True)
class QueueFilter:
    """What the queue shows; empty means any. Dates are Boston calendar days, both inclusive.

    `only_new` keeps the reports opened since the staff member last marked the queue as seen.
    """

    status: QueueStatus = QueueStatus.ANY
    type_ids: tuple[int, ...] = ()
    departments: tuple[str, ...] = ()
    neighborhoods: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    overdue: bool = False
    opened_from: date | None = None
    opened_to: date | None = None
    only_new: bool = False
    order: QueueOrder = QueueOrder.NEWEST


QUEUE_COLUMNS = ["report", "overdue", "reopened", "type", "department", "status", "opened", "target", "supporters",
                 "assignee", "address", "neighborhood", "source", "reporter", "reporter email"]  # fmt: skip


@dataclass(frozen=True)
class QueuePage:
    """One page of the queue (`rows`, columns `QUEUE_COLUMNS`) and the counts around it."""

    rows: pd.DataFrame
    page: int  # 1-based, within 1..pages
    pages: int
    page_size: int
    matching: int  # reports the filter keeps
    open_total: int  # every report not closed
    new_total: int  # reports not closed opened since the staff member last looked
    last_looked: datetime | None

    @property
    def first_row(self) -> int:
        return (self.page - 1) * self.page_size + 1 if self.matching else 0

    @property
    def last_row(self) -> int:
        return self.first_row + len(self.rows) - 1 if self.matching else 0

    def caption(self) -> str:
        """E.g. "Showing 51–100 of 2,219 matching; 2,219 open"."""
        return _("Showing {first}–{last} of {matching} matching; {open} open").format(
            first=format_decimal(self.first_row), last=format_decimal(self.last_row),
            matching=format_decimal(self.matching), open=format_decimal(self.open_total))


@dataclass(frozen=True)
class QueueChoices:
    """What the filters offer: only values some report in the queue has."""

    types: dict[int, str]  # id -> "Type (department)"
    neighborhoods: list[str]
    sources: list[str]


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
    reopened_at: datetime | None
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


def queue_choices(session: Session, actor: Actor) -> QueueChoices:
    require(actor, Action.WORK_QUEUE)
    type_ids = select(Report.service_type_id).where(IN_QUEUE).distinct().subquery()
    types = session.execute(select(ServiceType.id, ServiceType.name, ServiceType.department)
                            .join(type_ids, type_ids.c.service_type_id == ServiceType.id)
                            .order_by(ServiceType.name, ServiceType.department))  # fmt: skip

    def distinct(column) -> list[str]:
        return sorted(session.scalars(select(column).where(IN_QUEUE, column.is_not(None)).distinct()))

    return QueueChoices({i: f"{name} ({department})" for i, name, department in types},
                        distinct(Report.neighborhood), distinct(Report.source))  # fmt: skip


def last_looked(session: Session, actor: Actor) -> datetime | None:
    """When this staff member last marked the queue as seen (None: never)."""
    require(actor, Action.WORK_QUEUE)
    return session.scalar(select(QueueMark.seen_at).where(QueueMark.user_id == actor.id))


def mark_seen(session: Session, actor: Actor, now: datetime | None = None) -> datetime:
    """Everything in the queue now counts as seen by this staff member; later reports are new."""
    require(actor, Action.WORK_QUEUE)
    now = now or utc_now()
    mark = session.get(QueueMark, actor.id)
    if mark is None:
        session.add(QueueMark(user_id=actor.id, seen_at=now))
    else:
        mark.seen_at = now
    session.flush()
    return now


def conditions(session: Session, f: QueueFilter, now: datetime, mark: datetime | None) -> list[ColumnElement[bool]]:
    """The filter as SQL conditions on `reports` alone (departments become their type ids)."""
    where: list[ColumnElement[bool]] = [IN_QUEUE]
    if f.status == QueueStatus.REOPENED:
        where.append(Report.reopened_at.is_not(None))
    elif f.status != QueueStatus.ANY:
        where.append(Report.status == f.status.value)
    type_ids = set(f.type_ids)
    if f.departments:
        in_departments = set(session.scalars(select(ServiceType.id).where(ServiceType.department.in_(f.departments))))
        type_ids = type_ids & in_departments if f.type_ids else in_departments
    if f.type_ids or f.departments:
        where.append(Report.service_type_id.in_(sorted(type_ids)) if type_ids else false())
    if f.neighborhoods:
        where.append(Report.neighborhood.in_(f.neighborhoods))
    if f.sources:
        where.append(Report.source.in_(f.sources))
    if f.overdue:
        where.append(Report.target_at < now)
    if f.opened_from:
        where.append(Report.opened_at >= boston_midnight(f.opened_from))
    if f.opened_to:
        where.append(Report.opened_at < boston_midnight(f.opened_to + timedelta(days=1)))
    if f.only_new and mark is not None:
        where.append(Report.opened_at > mark)
    return where


NEWEST = (Report.opened_at.desc(), Report.id.desc())
ORDERS = {
    QueueOrder.NEWEST: NEWEST,
    QueueOrder.OLDEST: (Report.opened_at, Report.id),
    QueueOrder.OVERDUE: (Report.target_at.asc().nulls_last(), Report.id),
}


def _page_ids(session: Session, where: list[ColumnElement[bool]], order: QueueOrder, offset: int,
              limit: int) -> list[int]:  # fmt: skip
    """The ids of one page, in order, read from the reports' indexes without joining anything else."""
    if order == QueueOrder.SUPPORTED:
        return _most_supported_ids(session, where, offset, limit)
    return list(session.scalars(select(Report.id).where(*where).order_by(*ORDERS[order]).offset(offset).limit(limit)))


def _most_supported_ids(session: Session, where: list[ColumnElement[bool]], offset: int, limit: int) -> list[int]:
    """Reports with supporters (most first), then those with none (newest first), a page at a time.

    Sorting every report in the queue by a count would read them all; instead the few with supporters
    are counted and sorted, and the rest are paged straight off the newest-first index.
    """
    support = (select(ReportSupport.report_id, func.count().label("n")).group_by(ReportSupport.report_id)
               .subquery())  # fmt: skip
    backed = select(Report.id).join(support, support.c.report_id == Report.id).where(*where)
    ids = list(session.scalars(backed.order_by(support.c.n.desc(), *NEWEST).offset(offset).limit(limit)))
    if len(ids) < limit:
        # Past the supported ones: how many there are says where the rest begin.
        backed_total = offset + len(ids) if ids else session.scalar(select(func.count()).select_from(backed.subquery()))
        # NOT IN (report_id is never NULL): both databases hash the supported ids once, where a
        # NOT EXISTS probed the supports' index for every report skipped by the offset.
        alone = Report.id.not_in(select(ReportSupport.report_id))
        rest = select(Report.id).where(*where, alone).order_by(*NEWEST)
        ids += session.scalars(rest.offset(max(0, offset - backed_total)).limit(limit - len(ids)))
    return ids


def _rows(session: Session, ids: list[int], now: datetime) -> pd.DataFrame:
    """The queue's columns for these reports, in the order of `ids`."""
    assignee, reporter = aliased(User), aliased(User)
    supporters = select(func.count()).where(ReportSupport.report_id == Report.id).scalar_subquery()
    query = (
        select(Report.id, Report.public_id, Report.reopened_at.is_not(None), ServiceType.name,
               ServiceType.department, Report.status, Report.opened_at, Report.target_at, supporters,
               assignee.display_name, Report.address, Report.neighborhood, Report.source, reporter.display_name,
               func.coalesce(reporter.email, Report.contact_email))
        .join(ServiceType)
        .outerjoin(assignee, Report.assignee_id == assignee.id)
        .outerjoin(reporter, Report.reporter_id == reporter.id)
        .where(Report.id.in_(ids))
    )  # fmt: skip
    found = {row[0]: row[1:] for row in session.execute(query)} if ids else {}
    columns = [c for c in QUEUE_COLUMNS if c != "overdue"]
    frame = pd.DataFrame([found[i] for i in ids if i in found], columns=columns)
    frame.insert(1, "overdue", [t is not None and t < now for t in frame["target"]])
    return frame


def _count(session: Session, where: list[ColumnElement[bool]]) -> int:
    return session.scalar(select(func.count()).select_from(Report).where(*where))


def _open_total(session: Session) -> int:
    """Every report not closed, counted on the status index by its statuses: without table statistics
    SQLite would count `status != 'closed'` over all reports' entries, ten times as many."""
    return _count(session, [Report.status.in_([s.value for s in ReportStatus if s != ReportStatus.CLOSED])])


def queue_page(session: Session, actor: Actor, f: QueueFilter, page: int = 1, now: datetime | None = None,
               page_size: int = PAGE_SIZE) -> QueuePage:  # fmt: skip
    """One page of the filtered queue; a page past the end gives the last page."""
    require(actor, Action.WORK_QUEUE)
    now = now or utc_now()
    mark = last_looked(session, actor)
    where = conditions(session, f, now, mark)
    open_total = _open_total(session)
    matching = open_total if len(where) == 1 else _count(session, where)
    new_total = _count(session, [IN_QUEUE, Report.opened_at > mark]) if mark else open_total
    pages = max(1, math.ceil(matching / page_size))
    page = min(max(page, 1), pages)
    ids = _page_ids(session, where, f.order, (page - 1) * page_size, page_size)
    return QueuePage(_rows(session, ids, now), page, pages, page_size, matching, open_total, new_total, mark)


def queue_points(session: Session, actor: Actor, f: QueueFilter, now: datetime | None = None,
                 limit: int = MAP_POINT_LIMIT) -> pd.DataFrame:  # fmt: skip
    """The newest `limit` located reports of the filtered queue, for its map: id, lat, lon, type, overdue."""
    require(actor, Action.WORK_QUEUE)
    now = now or utc_now()
    where = conditions(session, f, now, last_looked(session, actor))
    ids = select(Report.id).where(*where, Report.latitude.is_not(None)).order_by(
        Report.opened_at.desc(), Report.id.desc()).limit(limit).subquery()  # fmt: skip
    query = (select(Report.public_id, Report.latitude, Report.longitude, ServiceType.name, Report.target_at)
             .join(ServiceType).join(ids, ids.c.id == Report.id))  # fmt: skip
    frame = pd.DataFrame(session.execute(query).all(), columns=["id", "lat", "lon", "type", "target"])
    frame["overdue"] = [t is not None and t < now for t in frame.pop("target")]
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
        report_title(report.source, report.title), report_description(report.source, report.description),
        report.status, report.opened_at, report.target_at, report.reopened_at,
        report.address, report.neighborhood, report.latitude, report.longitude,
        reporter.display_name if reporter else "anonymous", reporter.email if reporter else report.contact_email,
        report.assignee_id, session.scalar(select(func.count()).where(ReportSupport.report_id == report.id)),
        [(p.kind, p.key, p.thumbnail_key) for p in photos],
        [CaseEvent(e.at, e.kind, names.get(e.actor_id, "system"), event_note(e.kind, e.note)) for e in events],
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
