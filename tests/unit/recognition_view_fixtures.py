"""Builders for the fairness and activity tests: people, reports where and when we say, points for them."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy.orm import Session

from portal.accounts.models import User
from portal.recognition.ledger import award
from portal.reports.models import Report, ReportStatus, ServiceType
from portal.reports.public_ids import new_public_id

# A Wednesday afternoon in Boston (EDT), well inside its week and month.
NOW = datetime(2025, 6, 18, 18, 0, tzinfo=timezone.utc)


def person(session: Session, username: str) -> int:
    user = User(username=username, email=f"{username}@example.org", display_name=username.title())
    session.add(user)
    session.flush()
    return user.id


def report(session: Session, neighborhood: str | None, opened_at: datetime = NOW, *,
           status: str = ReportStatus.OPEN, reason: str = "") -> int:  # fmt: skip
    service_type = session.query(ServiceType).first()
    if service_type is None:
        service_type = ServiceType(subject="Public Works", reason="Street", name="Pothole", department="PWDx")
        session.add(service_type)
        session.flush()
    row = Report(public_id=new_public_id(), service_type_id=service_type.id, title="A problem", opened_at=opened_at,
                 neighborhood=neighborhood, source="Citizens Connect App", status=status, closure_reason=reason,
                 closed_at=opened_at if status == ReportStatus.CLOSED else None)  # fmt: skip
    session.add(row)
    session.flush()
    return row.id


def points(session: Session, user_id: int, rule: str, report_id: int, at: datetime = NOW) -> int:
    entry = award(session, user_id, rule, report_id=report_id, at=at)
    assert entry is not None
    return entry
