"""A sentence's language, so triage offers popular types instead of English guesses for what it cannot read."""

from __future__ import annotations

import pytest

from portal.reports.suggestions import foreign_language
from portal.triage.language import sentence_language


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Deep pothole in the bike lane outside 12 Tremont St", "en"),
        ("Graffiti on the wall", "en"),
        ("Hay un bache grande en la calle frente a mi casa", "es"),
        ("Farola rota en la esquina", "es"),
        ("Tem um buraco na rua perto da minha casa", "pt"),
        ("Gen yon twou nan lari a devan kay mwen", "ht"),
        ("Đèn đường bị hỏng trước nhà tôi", "vi"),
        ("路灯坏了", "zh"),
        ("人行道上有很多垃圾", "zh"),
        ("Tremont St", None),
        ("", None),
    ],
)
def test_sentence_language(text, expected):
    assert sentence_language(text) == expected


@pytest.mark.parametrize(("text", "foreign"), [("Streetlight out on Main St", None), ("Tremont St", None),
                                               ("路灯坏了", "zh"), ("Hay basura en la calle", "es")])  # fmt: skip
def test_only_other_languages_are_foreign(text, foreign):
    assert foreign_language(text) == foreign
