"""Suggested request types for a resident's sentence, as the portal's own types with a confidence."""

from __future__ import annotations

from sqlalchemy.orm import Session

from portal.reports.service_types import type_ids_named
from portal.triage import suggest

SUGGESTIONS = 5


def suggest_types(session: Session, text: str, k: int = SUGGESTIONS) -> list[tuple[int, str, float]]:
    """(type id, label, confidence), best first, for the types the classifier ranks highest."""
    ranked = suggest(text, k)
    ids = type_ids_named(session, [s.type_name for s in ranked])
    return [(ids[s.type_name], s.type_name, s.score) for s in ranked if s.type_name in ids]
