"""Request types: listing them for people, and finding or creating one by its place in the hierarchy."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.i18n import _
from portal.reports.models import ServiceType
from portal.triage.categories import PORTAL_TYPES


def find_or_create(session: Session, subject: str, reason: str, name: str, department: str) -> int:
    """The id of subject › reason › name, created on first use (a type the demo data lacks, say)."""
    type_id = session.scalar(
        select(ServiceType.id).where(ServiceType.subject == subject, ServiceType.reason == reason,
                                     ServiceType.name == name)
    )  # fmt: skip
    if type_id is None:
        service_type = ServiceType(subject=subject, reason=reason, name=name, department=department)
        session.add(service_type)
        session.flush()
        type_id = service_type.id
    return type_id


def ensure_suggestible_types(session: Session) -> None:
    """Create every type the triage classifier can suggest, so a suggestion is always choosable."""
    for portal_type in PORTAL_TYPES:
        find_or_create(session, portal_type.subject, portal_type.reason, portal_type.name, portal_type.department)


def type_label(name: str) -> str:
    """A type's name in the current language; the stored name stays Boston's English (the template lists
    them: portal/locale/data_strings.py), and a name the catalog lacks shows as stored."""
    return _(name)


def type_labels(session: Session) -> dict[int, str]:
    """Every type as "Name (department)" in the current language, alphabetical in it: the searchable
    "show all types" list."""
    rows = session.execute(select(ServiceType.id, ServiceType.name, ServiceType.department))
    labels = {type_id: f"{type_label(name)} ({department})" for type_id, name, department in rows}
    return dict(sorted(labels.items(), key=lambda item: (item[1].casefold(), item[0])))



def type_ids_named(session: Session, names: list[str]) -> dict[str, int]:
    """Name -> id for the names that exist (the first by department when a name repeats)."""
    rows = session.execute(select(ServiceType.name, ServiceType.id).where(ServiceType.name.in_(names))
                           .order_by(ServiceType.department))  # fmt: skip
    found: dict[str, int] = {}
    for name, type_id in rows:
        found.setdefault(name, type_id)
    return found
