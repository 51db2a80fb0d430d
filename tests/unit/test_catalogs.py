"""The catalogs against the template and the code: every string in the template, every complete language
translating all of them, and no translation whose placeholders differ from its English (a reordered
`{count}` is fine, a renamed or missing one would fail or lie on the page)."""

from __future__ import annotations

import re
import string
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from portal.i18n import COMPLETE, DEFAULT, LANGUAGES, LOCALE_DIR, babel_locale, po_path

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = LOCALE_DIR / "messages.pot"
TRANSLATED = [code for code in LANGUAGES if code != DEFAULT]
PERCENT_FIELD = re.compile(r"%\((\w+)\)[sd]")


def _catalog(path: Path, code: str | None = None):
    with path.open("rb") as file:
        return read_po(file, locale=babel_locale(code) if code else None)


def _ids(catalog) -> set:
    return {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in catalog if m.id}


def fields(text: str) -> set[str]:
    """The named placeholders of `text`, `{name}` and `%(name)s` alike; raises on a broken brace."""
    names = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    return names | set(PERCENT_FIELD.findall(text))


def test_template_holds_every_marked_string(tmp_path):
    """`make messages` was run after the last string changed (extracting again gives the same ids)."""
    fresh = tmp_path / "fresh.pot"
    keywords = ["-k", "N_", "-k", "pgettext:1c,2", "-k", "NP_:1c,2"]
    subprocess.run([str(Path(sys.executable).parent / "pybabel"), "-q", "extract", "-F", "babel.cfg", *keywords,
                    "-o", str(fresh), "."], cwd=ROOT, check=True)  # fmt: skip
    missing = _ids(_catalog(fresh)) - _ids(_catalog(TEMPLATE))
    assert not missing, f"run `make messages`: the template lacks {sorted(missing)[:10]}"


@pytest.mark.parametrize("code", TRANSLATED)
def test_catalog_has_every_template_string(code):
    missing = _ids(_catalog(TEMPLATE)) - _ids(_catalog(po_path(code), code))
    assert not missing, f"run `make messages`: {code} lacks {sorted(missing)[:10]}"


@pytest.mark.parametrize("code", [c for c in COMPLETE if c != DEFAULT])
def test_complete_language_translates_everything(code):
    catalog = _catalog(po_path(code), code)
    untranslated = [m.id for m in catalog if m.id and (m.fuzzy or not all(m.string if isinstance(m.string, tuple)
                                                                           else (m.string,)))]  # fmt: skip
    assert not untranslated, f"{code} leaves {len(untranslated)} untranslated, e.g. {untranslated[:5]}"


@pytest.mark.parametrize("code", TRANSLATED)
def test_translations_keep_their_placeholders(code):
    catalog = _catalog(po_path(code), code)
    broken = []
    for message in catalog:
        if not message.id:
            continue
        ids = (message.id,) if isinstance(message.id, str) else message.id
        forms = (message.string,) if isinstance(message.string, str) else message.string
        if len(ids) > 1 and len(forms) != catalog.num_plurals:
            broken.append((ids[0], f"{len(forms)} plural forms, {catalog.num_plurals} needed"))
        allowed = [fields(i) for i in ids]
        for form in forms:
            try:
                ok = not form or fields(form) in allowed
            except ValueError as error:
                ok, form = False, f"{form!r}: {error}"
            if not ok:
                broken.append((ids[0], form))
    assert not broken, f"{code}: {broken[:5]}"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("{count} open", {"count"}), ("%(name)s and {n}", {"name", "n"}), ("no fields", set()), ("{{literal}}", set())],
)
def test_fields(text, expected):
    assert fields(text) == expected


def test_fields_refuse_a_broken_brace():
    with pytest.raises(ValueError):
        fields("{count open")
