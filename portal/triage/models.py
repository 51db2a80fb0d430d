"""Staff re-categorisations, kept as training rows for the triage model."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    ForeignKey,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import Base, UtcDateTime, utc_now


class TriageCorrection(Base):
    """Staff moved a report to another type: the resident's words and the right type, to retrain triage."""

    __tablename__ = "triage_corrections"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    from_type_id: Mapped[int] = mapped_column(ForeignKey("service_types.id"))
    to_type_id: Mapped[int] = mapped_column(ForeignKey("service_types.id"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)

