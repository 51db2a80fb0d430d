"""Which language a resident's sentence is in, among those the portal speaks, so that triage does not give a
confident English answer to a sentence its model never learnt to read.

The model is trained on English reports only (New Haven, Newport, Georgia). A sentence the size of a report
title is too short for a statistical detector to be sure of, and the languages here are easy to tell
apart by what they are written with: Han characters for Chinese; Vietnamese's stacked tone marks; then the
small words every sentence has (articles, prepositions), counted per language. No package, no model file,
microseconds per sentence.
"""

from __future__ import annotations

import re
import unicodedata

ENGLISH = "en"
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Letters only Vietnamese uses among these languages (ơ ư đ, and vowels with a hook or dot below).
_VIETNAMESE = re.compile(r"[ơưđăƠƯĐĂ]|[ảẢạẠẻẺẹẸỉỈịỊỏỎọỌủỦụỤỷỶỵỴ]|[ầấậẩẫằắặẳẵềếệểễồốộổỗờớợởỡừứựửữ]", re.I)
_WORD = re.compile(r"[^\W\d_]+")
# Common short words of each language; a word two languages share counts for neither.
_STOPWORDS = {
    "en": "the a an of in on at is are was there and or to for with by from near my our this that it not broken "
          "outside street light pothole trash has been please",
    "es": "el la los las un una de del en y o que es está hay por para con sin al junto cerca calle roto rota "
          "basura bache luz frente mi nuestra esquina desde hace muy",
    "pt": "o os as um uma do da dos das em no na nos nas e ou que é está há por para com sem ao perto rua "
          "quebrado quebrada lixo buraco luz frente minha nossa esquina desde muito",
    "ht": "nan lari se gen yon ki pa sou pou ak devan kay mwen nou limyè fatra twou kase tout li yo bò la lè "
          "sa pi anpil",
    "vi": "có không và của ở trên là một những các cho với đường đèn rác ổ gà trước nhà tôi bị hỏng",
}
_WORDS = {code: set(words.split()) for code, words in _STOPWORDS.items()}
_SHARED = {w for code, words in _WORDS.items() for w in words
           if any(w in others for other, others in _WORDS.items() if other != code)}  # fmt: skip
_UNIQUE = {code: words - _SHARED for code, words in _WORDS.items()}


def sentence_language(text: str) -> str | None:
    """"zh", "vi", "es", "pt", "ht" or "en" for a sentence; None when nothing in it tells (a street name,
    a number), in which case triage goes ahead as for English."""
    if _HAN.search(text):
        return "zh"
    composed = unicodedata.normalize("NFC", text)
    if _VIETNAMESE.search(composed):
        return "vi"
    words = [w.casefold() for w in _WORD.findall(composed)]
    scores = {code: sum(w in unique for w in words) for code, unique in _UNIQUE.items()}
    best = max(scores, key=scores.get)
    if scores[best] == 0 or list(scores.values()).count(scores[best]) > 1:
        return None
    return best
