"""GET services and GET a service definition: the request types a client app may offer."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.open311.errors import not_found
from portal.open311.schemas import parse_service_code, service_code, service_record
from portal.reports.models import ServiceType


def list_services(session: Session) -> list[dict]:
    types = session.scalars(select(ServiceType).order_by(ServiceType.department, ServiceType.name, ServiceType.id))
    return [service_record(service_type) for service_type in types]


def find_service(session: Session, code: str) -> ServiceType:
    service_type = session.get(ServiceType, parse_service_code(code))
    if service_type is None:
        raise not_found(f"There is no service_code {code!r}: see services.json.")
    return service_type


def service_definition(session: Session, code: str) -> dict:
    """Our types ask nothing beyond the spec's fields, so every definition has no attributes."""
    return {"service_code": service_code(find_service(session, code).id), "attributes": []}
