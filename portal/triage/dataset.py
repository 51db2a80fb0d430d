"""Training rows for the triage model: reading labelled CSVs, cleaning text, and the held-out split.

Why descriptions only: on SeeClickFix the title is often pre-filled with the category name, so it
gives the answer away (`../shared/data/README.md`); the description is what a resident writes.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from portal.config import PROJECT_ROOT
from portal.triage.categories import CITY_CATEGORIES, mapped_type

SHARED_TRIAGE_DIR = PROJECT_ROOT.parent / "shared" / "data" / "triage"
MAX_TEXT_CHARS = 2000  # longer input adds time, not meaning
HELD_OUT_PERCENT = 20

_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


class TriageError(ValueError):
    """A training file, its columns or a model file cannot be used; the message says what to fix."""


@dataclass(frozen=True)
class CitySource:
    """One SeeClickFix export in `../shared/data/triage/` and the columns that matter."""

    city: str
    file_name: str
    text_column: str
    label_column: str


CITY_SOURCES: tuple[CitySource, ...] = (
    CitySource("newhaven", "newhaven_seeclickfix_2014_dev.csv", "Description", "Category"),
    CitySource("newport", "newport_seeclickfix_2009-2017_dev.csv", "description", "request_type.title"),
    CitySource("georgia", "atlanta_seeclickfix_2013_dev.csv", "description", "type"),
)


def clean_text(text: str) -> str:
    """Plain text in one line: entities decoded, tags and repeated whitespace gone, length capped."""
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", text))).strip()[:MAX_TEXT_CHARS]


def is_held_out(text: str, seed: int = 0) -> bool:
    """The evaluation split: a seeded hash of the cleaned text, so identical texts fall on one side."""
    digest = hashlib.blake2b(f"{seed}:{text}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") % 100 < HELD_OUT_PERCENT


def read_labelled_csv(path: Path, text_column: str, label_column: str) -> pd.DataFrame:
    """Columns `text` and `label`: cleaned, rows with an empty text or label dropped."""
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, UnicodeDecodeError) as error:
        raise TriageError(f"{path} is not a readable CSV file: {error}") from error
    missing = [column for column in (text_column, label_column) if column not in frame.columns]
    if missing:
        raise TriageError(f"{path} has no column {', '.join(map(repr, missing))}; "
                              f"its columns are {', '.join(map(repr, frame.columns))}.")  # fmt: skip
    rows = pd.DataFrame({"text": frame[text_column].map(clean_text),
                         "label": frame[label_column].str.strip()})  # fmt: skip
    return rows[(rows["text"] != "") & (rows["label"] != "")].reset_index(drop=True)


def city_rows(source: CitySource, triage_dir: Path = SHARED_TRIAGE_DIR) -> pd.DataFrame:
    """One city's rows with its own label, the mapped portal type (None when left out) and the split."""
    rows = read_labelled_csv(triage_dir / source.file_name, source.text_column, source.label_column)
    # Only the categories the table lists: blank and stray values (e.g. "FALSE") are not labels.
    rows = rows[rows["label"].isin(CITY_CATEGORIES[source.city].keys())].copy()
    rows["portal_type"] = rows["label"].map(lambda category: mapped_type(source.city, category))
    rows["held_out"] = rows["text"].map(is_held_out)
    return rows.reset_index(drop=True)


def shipped_rows(triage_dir: Path = SHARED_TRIAGE_DIR,
                 corrections: Iterable[tuple[str, str]] = ()) -> pd.DataFrame:  # fmt: skip
    """All three cities' rows that map to a portal type, as `text` and `label` (the type name).

    `corrections` are (text, service type name) pairs, e.g. staff re-categorising a report: they
    are appended as they are, so a correction can also teach a type the table does not name.
    """
    frames = [city_rows(source, triage_dir) for source in CITY_SOURCES]
    mapped = pd.concat(frames).dropna(subset=["portal_type"])
    rows = pd.DataFrame({"text": mapped["text"], "label": mapped["portal_type"]})
    extra = pd.DataFrame([(clean_text(text), name.strip()) for text, name in corrections],
                         columns=["text", "label"])  # fmt: skip
    rows = pd.concat([rows, extra]) if len(extra) else rows
    return rows[(rows["text"] != "") & (rows["label"] != "")].reset_index(drop=True)

