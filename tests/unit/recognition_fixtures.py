"""People, a request type and reports for the recognition tests (imported by the test_recognition_* modules)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pytest
from sqlalchemy import select

from portal.accounts.models import Role, User
from portal.accounts.permissions import Actor
from portal.reports import filing
from portal.reports.models import Report, ReportStatus, ServiceType
from portal.reports.photostore import LocalPhotoStore
from portal.reports.public_ids import new_public_id

TREMONT = (42.35530, -71.06280)  # Tremont St by the Common


@dataclass(frozen=True)
class People:
    reporter: Actor
    neighbor: Actor
    staff: Actor
    admin: Actor


def add_user(session, username: str, role: str = Role.RESIDENT, public: bool = False) -> Actor:
    user = User(username=username, email=f"{username}@example.org", display_name=username.title(), role=role,
                show_name_publicly=public)  # fmt: skip
    session.add(user)
    session.flush()
    return Actor(user.id, username, role)


@pytest.fixture
def people(session) -> People:
    return People(add_user(session, "rosa"), add_user(session, "sam"), add_user(session, "kim", Role.STAFF),
                  add_user(session, "lead", Role.ADMIN))  # fmt: skip


def add_type(session, name: str = "Request for Pothole Repair", department: str = "PWDx") -> int:
    service_type = ServiceType(subject="Public Works Department", reason="Highway Maintenance", name=name,
                               department=department)  # fmt: skip
    session.add(service_type)
    session.flush()
    return service_type.id


@pytest.fixture
def pothole(session) -> int:
    return add_type(session)


@pytest.fixture
def store(tmp_path) -> LocalPhotoStore:
    return LocalPhotoStore(tmp_path / "photos")


def file_report(session, actor: Actor, type_id: int, store, token: str = "t1") -> Report:
    """A report filed through the real flow (rate limit, events, badges)."""
    draft = filing.ReportDraft(type_id, "Deep pothole", "", *TREMONT)
    filed = filing.file_report(session, actor, draft, store, session_id="browser-1", client_token=token)
    return session.scalar(select(Report).where(Report.public_id == filed.public_id))


def add_report(session, reporter_id: int | None, type_id: int, opened_at: datetime,
               neighborhood: str | None = "Dorchester") -> Report:  # fmt: skip
    """A report written directly, for tests about periods and scopes rather than filing."""
    report = Report(public_id=new_public_id(), service_type_id=type_id, title="Pothole", opened_at=opened_at,
                    status=ReportStatus.OPEN, source="Civic Portal", reporter_id=reporter_id,
                    neighborhood=neighborhood)  # fmt: skip
    session.add(report)
    session.flush()
    return report
