"""The daily emails: each person's held messages in one digest, and each department's staff digest.

Built once a Boston day at `PORTAL_DIGEST_HOUR` (by `outbox run`, or `outbox digest` from cron), both
idempotent: a digest's dedup key names the address and the day, so a second build the same day
enqueues nothing, and messages held after it wait for the next day's.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import Engine, func, select, update
from sqlalchemy.orm import Session

from portal.accounts.models import Role, StaffDepartment, User
from portal.config import BOSTON_TZ, mail_settings
from portal.db import transaction, utc_now
from portal.i18n import DEFAULT, _, format_date, language, ngettext
from portal.messages.compose import Letter
from portal.messages.links import page_link, request_link
from portal.messages.models import MessageStatus, OutboxMessage
from portal.messages.notify import Recipient, account_recipient, send
from portal.reports.models import Report, ReportStatus, ServiceType

LISTED = 10  # reports named per section of the staff digest; the queue has the rest


def bundle_held(session: Session, now: datetime) -> int:
    """One digest per address with held messages; returns how many digests were enqueued."""
    day = now.astimezone(BOSTON_TZ).date()
    held = session.execute(
        select(OutboxMessage.id, OutboxMessage.recipient_email, OutboxMessage.recipient_user_id, OutboxMessage.subject)
        .where(OutboxMessage.status == MessageStatus.HELD, OutboxMessage.created_at <= now)
        .order_by(OutboxMessage.recipient_email, OutboxMessage.id)
    ).all()  # fmt: skip
    by_address: dict[str, list] = {}
    for row in held:
        by_address.setdefault(row.recipient_email, []).append(row)
    built = 0
    for address, rows in by_address.items():
        account = account_recipient(session, rows[0].recipient_user_id)
        to = Recipient(address, rows[0].recipient_user_id, account.language if account else DEFAULT)
        with language(to.language):
            letter = Letter(ngettext("Your daily digest: {count} update", "Your daily digest: {count} updates",
                                     len(rows)).format(count=len(rows)),
                            (_("Here is what happened since your last digest."),), (),
                            items=tuple(r.subject for r in rows))  # fmt: skip
        if send(session, "digest", day.isoformat(), to, letter):
            session.execute(update(OutboxMessage).where(OutboxMessage.id.in_([r.id for r in rows]),
                                                        OutboxMessage.status == MessageStatus.HELD)
                            .values(status=MessageStatus.DIGESTED, sent_at=now)
                            .execution_options(synchronize_session=False))  # fmt: skip
            built += 1
    return built


def _lines(session: Session, department: str, *conditions) -> tuple[int, tuple[str, ...]]:
    base = select(Report).join(ServiceType).where(ServiceType.department == department, *conditions)
    count = session.scalar(select(func.count()).select_from(base.subquery()))
    reports = session.scalars(base.order_by(Report.opened_at.desc()).limit(LISTED))
    return count, tuple(_("{id}: {title} ({place}) {link}").format(
        id=r.public_id, title=r.title, place=r.address or r.neighborhood or _("no address"),
        link=request_link(r.public_id)) for r in reports)  # fmt: skip


def staff_digest(session: Session, now: datetime) -> int:
    """Per department, to each active staff member who works it: new, overdue and reopened cases."""
    day, since = now.astimezone(BOSTON_TZ).date(), now - timedelta(days=1)
    staff = session.execute(
        select(StaffDepartment.department, User.id).join(User, User.id == StaffDepartment.user_id)
        .where(User.active, User.deleted_at.is_(None), User.role.in_((Role.STAFF, Role.ADMIN)))
        .order_by(StaffDepartment.department, User.id)
    ).all()  # fmt: skip
    sent = 0
    for department, user_id in staff:
        to = account_recipient(session, user_id)
        if to is None:
            continue
        open_ = Report.status != ReportStatus.CLOSED
        with language(to.language):
            new_count, new = _lines(session, department, open_, Report.opened_at >= since)
            late_count, late = _lines(session, department, open_, Report.target_at < now)
            again_count, again = _lines(session, department, open_, Report.reopened_at >= since)
            counts = {"department": department, "new": new_count, "late": late_count, "again": again_count}
            letter = Letter(_("{department}: {new} new, {late} overdue, {again} reopened").format(**counts),
                            (_("The {department} queue on {day}: {new} new in the last day, {late} past their "
                               "target, {again} reopened by their reporters.").format(
                                day=format_date(day, "full"), **counts),),
                            ((_("Open the staff queue"), page_link("staff_queue")),),
                            items=(*(_("New: {line}").format(line=line) for line in new),
                                   *(_("Overdue: {line}").format(line=line) for line in late),
                                   *(_("Reopened: {line}").format(line=line) for line in again)))  # fmt: skip
        sent += bool(send(session, "staff_digest", f"{department}:{day.isoformat()}", to, letter))
    return sent


class DailyJobs:
    """The digests, built once a day from the worker's loop after `PORTAL_DIGEST_HOUR` (Boston time)."""

    def __init__(self) -> None:
        self.done_for: date | None = None

    def run(self, engine: Engine, now: datetime | None = None) -> bool:
        now = now or utc_now()
        local = now.astimezone(BOSTON_TZ)
        if local.hour < mail_settings().digest_hour or self.done_for == local.date():
            return False
        build_digests(engine, now)
        self.done_for = local.date()
        return True


def build_digests(engine: Engine, now: datetime | None = None) -> tuple[int, int]:
    """Both digests now (`outbox digest`); returns (personal digests, staff digests) enqueued."""
    now = now or utc_now()
    with transaction(engine) as session:
        return bundle_held(session, now), staff_digest(session, now)
