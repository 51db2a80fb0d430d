"""The triage model: training it, its file, and ranking request types for a resident's sentence.

Why this model: word and character TF-IDF into a linear SVM whose class scores a multinomial logistic
regression turns into probabilities (stacking, fitted on cross-validated scores). On New Haven it ranks
as well as the logistic-regression baseline first and better within three (`bench/RESULTS.md`), in a
third of its training time. MiniLM sentence embeddings did no better in an earlier run of
`bench/triage_bench.py --embeddings`, nor did complement naive Bayes, SGD, plain logistic regression or
blends of them in cross-validation on the training rows. Character n-grams carry
misspellings and shouting ("POTHOLE", "streetlight") that whole words miss. The logistic regression sees
every type's score at once, so it learns which types get confused with which: that ranks the second and
third suggestions better than one sigmoid per type did.

Why `TriageModel` rather than `Pipeline(FeatureUnion(...), ...)`: for one sentence, their per-call
bookkeeping (joblib dispatch, output wrapping, a per-class calibration loop) took longer than the
arithmetic; the report form ranks one sentence at a time.

Why skops rather than pickle/joblib: loading a skops file runs no code from it; we trust only the
types listed below on top of skops' own list of safe scikit-learn types.
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
import scipy.sparse
import skops.io
from sklearn.ensemble import StackingClassifier
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.svm import LinearSVC
from skops.io.exceptions import UntrustedTypesFoundException

from portal.config import DATA_DIR
from portal.triage.dataset import SHARED_TRIAGE_DIR, TriageError, clean_text, shipped_rows

SHIPPED_MODEL_PATH = DATA_DIR / "triage_model.skops"
FOLDS = 3  # cross-validation folds whose SVM scores fit the logistic regression
# Bunch is the dict that holds the stack's named estimators.
TRUSTED_TYPES = ["portal.triage.model.TriageModel", "sklearn.utils._bunch.Bunch"]


@dataclass(frozen=True)
class Suggestion:
    """One suggested request type; `score` is the model's probability for it, in [0, 1]."""

    type_name: str
    score: float


class TriageModel:
    """Word and character TF-IDF side by side, then the stacked classifier; `classes_` are the types."""

    def __init__(self, folds: int = FOLDS) -> None:
        self.vectorizers = [
            TfidfVectorizer(sublinear_tf=True, min_df=2, dtype=np.float32),
            TfidfVectorizer(sublinear_tf=True, analyzer="char_wb", ngram_range=(2, 4), min_df=2,
                            dtype=np.float32),
        ]  # fmt: skip
        self.classifier = StackingClassifier([("svm", LinearSVC(C=0.1, random_state=0))],
                                             LogisticRegression(max_iter=1000), cv=folds)  # fmt: skip

    @property
    def classes_(self) -> np.ndarray:
        return self.classifier.classes_

    def fit(self, texts: list[str], labels: list[str]) -> TriageModel:
        features = scipy.sparse.hstack([vectorizer.fit_transform(texts) for vectorizer in self.vectorizers])
        self.classifier.fit(features.tocsr(), labels)
        return self

    def predict_proba(self, texts: list[str]) -> np.ndarray:
        features = scipy.sparse.hstack([vectorizer.transform(texts) for vectorizer in self.vectorizers])
        return self.classifier.predict_proba(features.tocsr())


def train(texts: Iterable[str], labels: Iterable[str]) -> TriageModel:
    """Fit a model on labelled texts (already cleaned or not); the same rows give the same model."""
    pairs = [(clean_text(text), label.strip()) for text, label in zip(texts, labels, strict=True)]
    pairs = [(text, label) for text, label in pairs if text and label]
    counts = Counter(label for _text, label in pairs)
    if len(counts) < 2:
        raise TriageError(f"Training needs at least two labels with text; found {len(counts)}.")
    single = sorted(label for label, count in counts.items() if count < 2)
    if single:
        raise TriageError(f"Each label needs at least two rows; these have one: {', '.join(single[:10])}.")
    model = TriageModel(min(FOLDS, min(counts.values())))
    try:
        return model.fit([text for text, _ in pairs], [label for _, label in pairs])
    except ValueError as error:  # e.g. no word or character n-gram occurs twice
        raise TriageError(f"Cannot train on these rows: {error}") from error


def train_shipped(triage_dir: Path = SHARED_TRIAGE_DIR,
                  corrections: Iterable[tuple[str, str]] = ()) -> TriageModel:  # fmt: skip
    """The model the portal ships: the three SeeClickFix cities mapped onto portal types, plus
    any (text, type name) corrections staff made."""
    if not triage_dir.is_dir():
        raise TriageError(f"{triage_dir} is missing: the shipped model is built from ../shared/data/triage/.")
    rows = shipped_rows(triage_dir, corrections)
    return train(rows["text"], rows["label"])


def save(model: TriageModel, path: Path) -> None:
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


def load(path: Path = SHIPPED_MODEL_PATH) -> TriageModel:
    """The model in `path`, read once per file version: callers may call this on every page run."""
    path = Path(path).resolve()
    if not path.is_file():
        raise TriageError(f"{path} does not exist; build it with: python -m portal train-triage --out {path}")
    return _load(path, path.stat().st_mtime_ns)


@lru_cache(maxsize=4)
def _load(path: Path, _version: int) -> TriageModel:
    try:
        model = skops.io.load(path, trusted=TRUSTED_TYPES)
    except (UntrustedTypesFoundException, zipfile.BadZipFile, KeyError) as error:
        raise TriageError(f"{path} is not a triage model file written by train-triage ({error}).") from error
    if not isinstance(model, TriageModel):
        raise TriageError(f"{path} is not a triage model file written by train-triage.")
    return model


def rank(model: TriageModel, texts: Sequence[str], k: int) -> list[list[Suggestion]]:
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
