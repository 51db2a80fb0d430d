"""Triage: suggesting the request type from the sentence a resident writes.

`categories` is the documented table mapping other cities' categories onto the portal's Boston
types, `dataset` reads and cleans the labelled CSVs and holds the evaluation split, `model` trains,
saves and loads the classifier and ranks types for a text, and `corrections` turns staff
re-categorisations into training rows.

The report form calls `suggest(text, k)` and gets `Suggestion(type_name, score)` values, best first;
`categories.portal_type(name)` gives the subject, reason and department to create a suggested type with.

May import: `config`, `db` and `reports.models`.
"""

from __future__ import annotations

_MODEL_NAMES = ("Suggestion", "suggest")


def __getattr__(name: str):
    """`suggest` and `Suggestion` come from `model` on first use: scikit-learn takes seconds to
    import, and commands that never rank (every other `python -m portal …`) should not pay for it."""
    if name in _MODEL_NAMES:
        from portal.triage import model

        return getattr(model, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
