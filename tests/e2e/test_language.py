"""In Chromium: the browser's language on the first visit, the language menu, and a report filed in Spanish
with a Spanish sentence (which the English-only triage model does not pretend to read)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import SLOW, click, settle, type_in


@pytest.fixture(scope="module")
def app_url(sqlite_app_server) -> str:
    return sqlite_app_server.url


def _page(browser: Browser, locale: str):
    page = browser.new_context(viewport={"width": 1400, "height": 1000}, locale=locale).new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    return page


def test_first_visit_speaks_the_browsers_language(browser, app_url):
    page = _page(browser, "es-MX")
    page.goto(app_url)
    expect(page.get_by_role("link", name="Mapa en vivo")).to_be_visible(timeout=3 * SLOW)
    expect(page.get_by_role("heading", name="Reportes de Boston 311")).to_be_visible(timeout=SLOW)
    assert not page.errors
    page.context.close()


def test_switch_to_spanish_and_file_a_report(browser, app_url):
    page = _page(browser, "en-US")
    page.goto(app_url)
    expect(page.get_by_role("link", name="Live map")).to_be_visible(timeout=3 * SLOW)
    page.get_by_label("🌐 Language").click()
    page.get_by_role("option", name="Español").click()
    settle(page)
    expect(page.get_by_role("link", name="Reportar un problema")).to_be_visible(timeout=SLOW)

    page.get_by_role("link", name="Reportar un problema").click()
    settle(page)
    expect(page.get_by_role("heading", name="Reportar un problema")).to_be_visible(timeout=SLOW)
    type_in(page, "Describa el problema en una frase", "Hay un bache grande en la calle frente a mi casa")
    expect(page.get_by_text("No pudimos relacionar su frase con un tipo de solicitud")).to_be_visible(timeout=SLOW)
    expect(page.get_by_text("¿Cuál de estos es?")).to_be_visible(timeout=SLOW)
    page.get_by_label("Latitud").fill("42.3467")
    type_in(page, "Longitud", "-71.0972")
    expect(page.get_by_text("Barrio:")).to_be_visible(timeout=SLOW)
    click(page, "Enviar el reporte")
    thanks = page.get_by_text("Su número de reporte es")
    expect(thanks).to_be_visible(timeout=SLOW)
    number = re.search(r"reporte es (\w+)", thanks.inner_text()).group(1)

    # A new visit (this browser says English): the report reads in English, the resident's words as typed.
    page.goto(f"{app_url}/request?id={number}")
    expect(page.get_by_role("heading", name="History")).to_be_visible(timeout=3 * SLOW)
    expect(page.get_by_role("heading", name="Hay un bache grande en la calle frente a mi casa")).to_be_visible()
    page.context.close()
