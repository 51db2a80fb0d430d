"""The triage model: training it, its file, and ranking request types for a resident's sentence.

Why this model: word and character TF-IDF into a linear SVM with sigmoid calibration is as accurate
as the logistic-regression baseline (`bench/RESULTS.md`) in a fraction of its file size and training
time, and neither MiniLM sentence embeddings nor other linear models did clearly better; character
n-grams carry misspellings and shouting ("POTHOLE", "streetlight") that whole words miss.

Why skops rather than pickle/joblib: loading a skops file runs no code from it; we trust only
the two calibration classes listed below on top of skops' own list of safe scikit-learn types.
"""

from __future__ import annotations

import os
import tempfile
import zipfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import skops.io
from skops.io.exceptions import UntrustedTypesFoundException
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import Pipeline, make_pipeline, make_union
from sklearn.svm import LinearSVC

from portal.config import DATA_DIR
from portal.triage.dataset import SHARED_TRIAGE_DIR, TriageError, clean_text, shipped_rows

SHIPPED_MODEL_PATH = DATA_DIR / "triage_model.skops"
FOLDS = 3  # cross-validation folds that fit the calibration
TRUSTED_TYPES = ["sklearn.calibration._CalibratedClassifier", "sklearn.calibration._SigmoidCalibration"]


@dataclass(frozen=True)
class Suggestion:
    """One suggested request type; `score` is the model's probability for it, in [0, 1]."""

    type_name: str
    score: float


def build_pipeline(folds: int = FOLDS) -> Pipeline:
    features = make_union(
        TfidfVectorizer(sublinear_tf=True, min_df=2),
        TfidfVectorizer(sublinear_tf=True, analyzer="char_wb", ngram_range=(2, 4), min_df=2),
    )
    # ensemble=False keeps one SVM (fitted on all rows) instead of one per fold: a third of the file size.
    classifier = CalibratedClassifierCV(LinearSVC(C=0.3, random_state=0), cv=folds, ensemble=False)
    return make_pipeline(features, classifier)


def train(texts: Iterable[str], labels: Iterable[str]) -> Pipeline:
    """Fit a model on labelled texts (already cleaned or not); the same rows give the same model."""
    pairs = [(clean_text(text), label.strip()) for text, label in zip(texts, labels, strict=True)]
    pairs = [(text, label) for text, label in pairs if text and label]
    counts = Counter(label for _text, label in pairs)
    if len(counts) < 2:
        raise TriageError(f"Training needs at least two labels with text; found {len(counts)}.")
    single = sorted(label for label, count in counts.items() if count < 2)
    if single:
        raise TriageError(f"Each label needs at least two rows; these have one: {', '.join(single[:10])}.")
    pipeline = build_pipeline(min(FOLDS, min(counts.values())))
    try:
        return pipeline.fit([text for text, _ in pairs], [label for _, label in pairs])
    except ValueError as error:  # e.g. no word or character n-gram occurs twice
        raise TriageError(f"Cannot train on these rows: {error}") from error


def train_shipped(triage_dir: Path = SHARED_TRIAGE_DIR,
                  corrections: Iterable[tuple[str, str]] = ()) -> Pipeline:  # fmt: skip
    """The model the portal ships: the three SeeClickFix cities mapped onto portal types, plus
    any (text, type name) corrections staff made."""
    if not triage_dir.is_dir():
        raise TriageError(f"{triage_dir} is missing: the shipped model is built from ../shared/data/triage/.")
    rows = shipped_rows(triage_dir, corrections)
    return train(rows["text"], rows["label"])


def save(model: Pipeline, path: Path) -> None:
    """Write the model file whole or not at all (a page may be loading the old one meanwhile)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    os.close(handle)
    try:
        skops.io.dump(model, temporary, compression=zipfile.ZIP_DEFLATED)
        os.chmod(temporary, 0o644)  # mkstemp makes it private; the model is not a secret
        os.replace(temporary, path)
    finally:
        Path(temporary).unlink(missing_ok=True)


def load(path: Path = SHIPPED_MODEL_PATH) -> Pipeline:
    """The model in `path`, read once per file version: callers may call this on every page run."""
    path = Path(path).resolve()
    if not path.is_file():
        raise TriageError(f"{path} does not exist; build it with: python -m portal train-triage --out {path}")
    return _load(path, path.stat().st_mtime_ns)


@lru_cache(maxsize=4)
def _load(path: Path, _version: int) -> Pipeline:
    try:
        model = skops.io.load(path, trusted=TRUSTED_TYPES)
    except (UntrustedTypesFoundException, zipfile.BadZipFile, KeyError) as error:
        raise TriageError(f"{path} is not a triage model file written by train-triage ({error}).") from error
    if not isinstance(model, Pipeline):
        raise TriageError(f"{path} is not a triage model file written by train-triage.")
    return model


def rank(model: Pipeline, texts: Sequence[str], k: int) -> list[list[Suggestion]]:
    """The k most likely types for each text, best first; an empty list for a text with no words."""
    cleaned = [clean_text(text) for text in texts]
    filled = [index for index, text in enumerate(cleaned) if text]
    ranked: list[list[Suggestion]] = [[] for _ in texts]
    if not filled or k < 1:
        return ranked
    probabilities = model.predict_proba([cleaned[index] for index in filled])
    classes = model.classes_
    for index, row in zip(filled, probabilities):
        best = np.argsort(-row, kind="stable")[:k]
        ranked[index] = [Suggestion(str(classes[column]), float(row[column])) for column in best]
    return ranked


def suggest(text: str, k: int = 5, model_path: Path = SHIPPED_MODEL_PATH) -> list[Suggestion]:
    """Request types for one resident's sentence, best first (at most k; none for empty text).

    The report form's entry point: plain text in, `Suggestion(type_name, score)` out; the model
    file is read once and kept.
    """
    return rank(load(model_path), [text], k)[0]
