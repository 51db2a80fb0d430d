"""Staff corrections as training rows: when staff move a report to another type, the resident's words
and the right type teach the next model (`model.train_shipped(corrections=...)`)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.reports.models import ServiceType
from portal.triage.models import TriageCorrection


def training_rows_from_corrections(session: Session) -> list[tuple[str, str]]:
    """(text, service type name) for every correction, oldest first."""
    rows = session.execute(
        select(TriageCorrection.text, ServiceType.name)
        .join(ServiceType, ServiceType.id == TriageCorrection.to_type_id)
        .order_by(TriageCorrection.id)
    )
    return [(text, name) for text, name in rows]
