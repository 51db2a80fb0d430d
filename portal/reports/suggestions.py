"""Suggested request types for a resident's sentence, as the portal's own types, in order and in words.

No percentages: the model's probabilities are calibrated over many sentences, but on one sentence they
mostly round to "100% sure" and "0% sure", which reads as certainty it does not have. The order is what
the model knows; the words say only that.

The model learnt from English reports only: a sentence in another language gets no suggestions at all
(`foreign_language`), and the form offers the most reported types and a search over the type names in
the resident's language instead.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.i18n import N_
from portal.reports.models import Report, ServiceType
from portal.reports.service_types import type_ids_named, type_label
from portal.triage import suggest
from portal.triage.language import ENGLISH, sentence_language

SUGGESTIONS = 3
CONFIDENT = 0.5  # below this, the first choice is a guess, and the form says so


@dataclass(frozen=True)
class TypeSuggestion:
    type_id: int
    label: str
    wording: str  # "Best match", "Best guess", "Also possible": English, shown through _()


def wording(rank: int, score: float) -> str:
    if rank > 0:
        return N_("Also possible")
    return N_("Best match") if score >= CONFIDENT else N_("Best guess")


def foreign_language(text: str) -> str | None:
    """The sentence's language when it is one the model has no training data for (anything but English)."""
    found = sentence_language(text)
    return found if found not in (None, ENGLISH) else None


def popular_types(session: Session, k: int = 8) -> dict[int, str]:
    """The `k` types with the most reports, most first, as id → name in the current language."""
    rows = session.execute(select(ServiceType.id, ServiceType.name).join(Report, Report.service_type_id == ServiceType.id)
                           .group_by(ServiceType.id, ServiceType.name)
                           .order_by(func.count().desc(), ServiceType.name).limit(k))  # fmt: skip
    return {type_id: type_label(name) for type_id, name in rows}


def suggest_types(session: Session, text: str, k: int = SUGGESTIONS) -> list[TypeSuggestion]:
    """Up to `k` of the portal's types, best first; the classifier's types missing here are skipped. None for
    a sentence in a language the model cannot read."""
    if foreign_language(text):
        return []
    ranked = suggest(text, 3 * k)
    ids = type_ids_named(session, [s.type_name for s in ranked])
    found = [s for s in ranked if s.type_name in ids][:k]
    return [TypeSuggestion(ids[s.type_name], type_label(s.type_name), wording(rank, s.score))
            for rank, s in enumerate(found)]  # fmt: skip

