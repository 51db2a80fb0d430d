"""Notices built from values (a role change, the staff digest) read whole in their recipient's language."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from portal.accounts import users as accounts
from portal.accounts.models import Role, StaffDepartment, User
from portal.accounts.permissions import SYSTEM, Actor
from portal.db import utc_now
from portal.messages.digests import staff_digest
from portal.messages.models import OutboxMessage
from portal.reports.models import Report, ReportStatus, ServiceType

GOOD = "Tremont-Lamp-Owl-2931"


def person(session, username: str, role: Role, language: str | None = None) -> User:
    user = accounts.create_user(session, SYSTEM, username, f"{username}@example.org", username.title(), role, GOOD)
    user.language = language
    session.flush()
    return user


def sent(session, kind: str) -> OutboxMessage:
    return session.scalar(select(OutboxMessage).where(OutboxMessage.kind == kind))


def test_a_role_change_is_told_in_the_owners_language_with_its_roles_translated(session):
    admin = person(session, "ada", Role.ADMIN)
    staff = person(session, "sol", Role.STAFF, "es")
    accounts.set_role(session, Actor(admin.id, admin.username, admin.role), staff.id, Role.RESIDENT)
    session.flush()
    notice = sent(session, "security_notice")
    assert notice.subject == "Su cuenta: Su rol cambió de personal a residente"


def test_the_staff_digest_speaks_its_readers_language(session):
    clerk = person(session, "tam", Role.STAFF, "vi")
    session.add(StaffDepartment(user_id=clerk.id, department="PWDx"))
    kind = ServiceType(subject="Public Works Department", reason="Highway Maintenance",
                       name="Request for Pothole Repair", department="PWDx")  # fmt: skip
    session.add(kind)
    session.flush()
    now = utc_now()
    session.add(Report(public_id="A1B2C3", service_type_id=kind.id, title="Ổ gà sâu", status=ReportStatus.OPEN,
                       opened_at=now - timedelta(hours=2), latitude=42.3553, longitude=-71.0628, source="Civic Portal",
                       target_at=now - timedelta(hours=1)))  # fmt: skip
    session.flush()
    assert staff_digest(session, now) == 1
    digest = sent(session, "staff_digest")
    assert digest.subject == "PWDx: 1 mới, 1 quá hạn, 0 mở lại"
    assert "Hàng chờ của PWDx ngày" in digest.text_body and "Mới: A1B2C3: Ổ gà sâu (không có địa chỉ)" in digest.text_body
