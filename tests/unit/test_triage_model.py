"""Training, saving, loading and ranking: the promises `suggest()` makes to the report form."""

from __future__ import annotations

import numpy as np
import pytest
import skops.io

from portal.triage.categories import PORTAL_TYPES
from portal.triage.dataset import TriageError
from portal.triage.model import Suggestion, load, rank, save, suggest, train
from tests.unit.triage_fixtures import TINY_ROWS

TEXTS = [text for text, _ in TINY_ROWS]
LABELS = [label for _, label in TINY_ROWS]


@pytest.fixture(scope="module")
def tiny_model():
    return train(TEXTS, LABELS)


@pytest.mark.parametrize("k", [1, 2, 3, 10])
def test_rank_returns_at_most_k_best_first_with_probabilities(tiny_model, k):
    [suggestions] = rank(tiny_model, ["a pothole in the street"], k)
    scores = [s.score for s in suggestions]
    assert len(suggestions) == min(k, 3)
    assert scores == sorted(scores, reverse=True)
    assert all(0 <= score <= 1 for score in scores) and sum(scores) <= 1 + 1e-9
    assert suggestions[0].type_name == "Pothole"


@pytest.mark.parametrize("text", ["", "   ", "\t\n", "<p></p>", "<br/>&nbsp;"])
def test_text_without_words_gets_no_suggestions(tiny_model, text):
    assert rank(tiny_model, [text], 3) == [[]]


@pytest.mark.parametrize(("text", "expected"), [
    ("<b>GRAFFITI</b> on the wall", "Graffiti"),
    ("street light &amp; pole are out", "Light"),
    ("pothole " * 2000, "Pothole"),
])  # fmt: skip
def test_markup_case_and_length_do_not_matter(tiny_model, text, expected):
    assert rank(tiny_model, [text], 1)[0][0].type_name == expected


def test_rank_keeps_the_order_of_the_texts(tiny_model):
    ranked = rank(tiny_model, ["graffiti", "", "street light"], 1)
    assert [[s.type_name for s in suggestions] for suggestions in ranked] == [["Graffiti"], [], ["Light"]]


def test_training_is_deterministic(tiny_model):
    again = train(TEXTS, LABELS)
    probe = ["pothole light", "wall", "nothing known"]
    assert np.array_equal(tiny_model.predict_proba(probe), again.predict_proba(probe))


@pytest.mark.parametrize(("texts", "labels", "message"), [
    (["a pothole", "another pothole"], ["Pothole", "Pothole"], "at least two labels"),
    (TEXTS + ["a lone dog"], LABELS + ["Animal"], "these have one: Animal"),
    (["", " "], ["A", "B"], "at least two labels"),
    (["aa", "bb", "cc", "dd"], ["A", "A", "B", "B"], "Cannot train"),
])  # fmt: skip
def test_unusable_training_rows_are_explained(texts, labels, message):
    with pytest.raises(TriageError, match=message):
        train(texts, labels)


def test_a_saved_model_loads_and_ranks_the_same(tiny_model, tmp_path):
    path = tmp_path / "models" / "tiny.skops"
    save(tiny_model, path)
    assert rank(load(path), ["graffiti wall"], 3) == rank(tiny_model, ["graffiti wall"], 3)
    assert load(path) is load(path)  # read once, then cached


@pytest.mark.parametrize("content", [b"not a zip file", b""])
def test_a_file_that_is_not_a_model_is_refused(tmp_path, content):
    path = tmp_path / "bogus.skops"
    path.write_bytes(content)
    with pytest.raises(TriageError, match="not a triage model file"):
        load(path)


def test_a_skops_file_holding_something_else_is_refused(tmp_path):
    path = tmp_path / "other.skops"
    skops.io.dump({"classes": ["Pothole"]}, path)
    with pytest.raises(TriageError, match="not a triage model file"):
        load(path)


def test_a_missing_model_file_says_how_to_build_it(tmp_path):
    with pytest.raises(TriageError, match="train-triage --out"):
        load(tmp_path / "absent.skops")


@pytest.mark.parametrize(("text", "expected"), [
    ("The street light in front of my house has been out for a week", "Street Light Outages"),
    ("There is a huge pothole on Centre Street that damaged my tire", "Request for Pothole Repair"),
    ("Someone spray painted tags all over the mailbox", "Graffiti Removal"),
    ("Our trash was not picked up on Monday", "Missed Trash/Recycling/Yard Waste/Bulk Item"),
])  # fmt: skip
def test_the_shipped_model_suggests_portal_types(text, expected):
    suggestions = suggest(text, k=3)
    assert suggestions[0] == Suggestion(expected, suggestions[0].score)
    assert {s.type_name for s in suggestions} <= {portal_type.name for portal_type in PORTAL_TYPES}
