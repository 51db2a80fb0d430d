"""Suggested request types for a resident's sentence, as the portal's own types, in order and in words.

No percentages: the model's probabilities are calibrated over many sentences, but on one sentence they
mostly round to "100% sure" and "0% sure", which reads as certainty it does not have. The order is what
the model knows; the words say only that.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from portal.reports.service_types import type_ids_named
from portal.triage import suggest

SUGGESTIONS = 3
CONFIDENT = 0.5  # below this, the first choice is a guess, and the form says so


@dataclass(frozen=True)
class TypeSuggestion:
    type_id: int
    label: str
    wording: str  # "Best match", "Best guess", "Also possible"


def wording(rank: int, score: float) -> str:
    if rank > 0:
        return "Also possible"
    return "Best match" if score >= CONFIDENT else "Best guess"


def suggest_types(session: Session, text: str, k: int = SUGGESTIONS) -> list[TypeSuggestion]:
    """Up to `k` of the portal's types, best first; the classifier's types missing here are skipped."""
    ranked = suggest(text, 3 * k)
    ids = type_ids_named(session, [s.type_name for s in ranked])
    found = [s for s in ranked if s.type_name in ids][:k]
    return [TypeSuggestion(ids[s.type_name], s.type_name, wording(rank, s.score)) for rank, s in enumerate(found)]
