"""Every page in every language the menu offers renders with no exception and with no English left where
the catalog has a translation; the menu switches the language of the page.

AppTest runs a page file by itself (as Streamlit can serve a file in pages/ by its URL), so a page takes
the session's language from its own first line (`ui.auth.identify`), not from the menu's run.
"""

from __future__ import annotations

from functools import cache

import pytest
from babel.messages.pofile import read_po

from portal.accounts.demo import DEMO_PASSWORD
from portal.accounts.pages import PAGES
from portal.i18n import COMPLETE, DEFAULT, LANGUAGES, babel_locale, po_path
from tests.app.conftest import sign_in

# SQLite only: the pages' queries run on both databases in their own tests; here only the words change.
pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
LANGUAGE = "portal_language"


@cache
def english_left_over(code: str) -> frozenset[str]:
    """The English strings `code` translates differently: seen on its pages, they were not translated."""
    if code == DEFAULT:
        return frozenset()
    with po_path(code).open("rb") as file:
        catalog = read_po(file, locale=babel_locale(code))
    return frozenset(m.id for m in catalog if isinstance(m.id, str) and m.id and m.string and m.string != m.id)


def shown_texts(app) -> list[str]:
    elements = [*app.title, *app.header, *app.subheader, *app.caption, *app.markdown, *app.info, *app.warning,
                *app.success, *app.error]  # fmt: skip
    labels = [*app.button, *app.text_input, *app.selectbox, *app.checkbox, *app.radio, *app.multiselect]
    return [e.value for e in elements if isinstance(e.value, str)] + [w.label for w in labels]


@pytest.mark.parametrize("code", COMPLETE)
@pytest.mark.parametrize("path", [spec.path for spec in PAGES], ids=lambda p: p.removeprefix("pages/"))
def test_page_renders_in_language(app, path, code):
    sign_in(app, "demo-admin", DEMO_PASSWORD)
    app.session_state[LANGUAGE] = code
    app.switch_page(path).run()
    assert not app.exception
    left = [text for text in shown_texts(app) if text in english_left_over(code)]
    assert not left, f"{path} in {code} shows English: {left}"


def menu(app):
    return next(s for s in app.sidebar.selectbox if s.key == LANGUAGE)


def test_menu_switches_the_language(app):
    assert menu(app).label == "🌐 Language"
    assert list(menu(app).options) == [LANGUAGES[c] for c in COMPLETE]
    menu(app).select("es").run()
    assert not app.exception
    assert "Reportes de Boston 311" in [t.value for t in app.title]

