"""A small known city for the Open311, export and dashboard tests: two types, a key owner, six reports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy.orm import Session

from portal.accounts.models import Role, User
from portal.reports.models import Report, ReportStatus, ServiceType

NOW = datetime(2015, 6, 30, 16, 0, tzinfo=timezone.utc)
COMMON = (42.35530, -71.06280)  # Tremont St by the Common


@dataclass(frozen=True)
class City:
    pothole: int
    graffiti: int
    owner_id: int


def report(public_id: str, type_id: int, status: str, opened: datetime, closed: datetime | None = None,
           target: datetime | None = None, neighborhood: str | None = "Back Bay", source: str = "Constituent Call",
           **extra) -> Report:  # fmt: skip
    return Report(public_id=public_id, service_type_id=type_id, title="Pothole", description=f"Report {public_id}",
                  status=status, opened_at=opened, closed_at=closed, target_at=target, latitude=COMMON[0],
                  longitude=COMMON[1], neighborhood=neighborhood, address="1 Tremont St", source=source,
                  contact_email="secret-reporter@example.org", **extra)  # fmt: skip


def build_city(session: Session) -> City:
    pothole = ServiceType(subject="Public Works Department", reason="Highway Maintenance",
                          name="Request for Pothole Repair", department="PWDx")  # fmt: skip
    graffiti = ServiceType(subject="Property Management", reason="Graffiti", name="Graffiti Removal", department="PROP")
    owner = User(username="partner-app", email="partner@example.org", display_name="Partner App Person",
                 role=Role.RESIDENT)  # fmt: skip
    session.add_all([pothole, graffiti, owner])
    session.flush()
    day = timedelta(days=1)
    session.add_all([
        report("AAAA000001", pothole.id, ReportStatus.OPEN, NOW - 2 * day, target=NOW + day),
        report("AAAA000002", pothole.id, ReportStatus.ACKNOWLEDGED, NOW - 10 * day, neighborhood="Dorchester",
               source="Citizens Connect App", reporter_id=owner.id),
        report("AAAA000003", pothole.id, ReportStatus.CLOSED, NOW - 20 * day, NOW - 18 * day, NOW - 17 * day,
               closure_reason="Case Resolved. Filled the hole.", media_url="https://example.org/p/3.jpg"),
        report("AAAA000004", graffiti.id, ReportStatus.CLOSED, NOW - 30 * day, NOW - 20 * day, NOW - 25 * day,
               neighborhood="Allston / Brighton", source="Self Service"),
        report("AAAA000005", graffiti.id, ReportStatus.CLOSED, NOW - 40 * day, NOW - 39 * day, None,
               neighborhood=None, source="Employee Generated"),
        report("AAAA000006", graffiti.id, ReportStatus.OPEN, NOW - 200 * day, source="Street Bump"),
    ])  # fmt: skip
    session.flush()
    return City(pothole.id, graffiti.id, owner.id)
