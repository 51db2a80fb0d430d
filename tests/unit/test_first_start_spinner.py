"""The first start's spinner speaks the visitor's language, and only the first call of a process shows it."""

from __future__ import annotations

import threading
from contextlib import contextmanager

from portal.i18n import language
from portal.ui import resources


def test_the_first_start_spinner_is_translated_and_shown_once(monkeypatch):
    spun: list[str] = []

    @contextmanager
    def spinner(text):
        spun.append(text)
        yield

    monkeypatch.setattr(resources.st, "spinner", spinner)
    monkeypatch.setattr(resources, "_prepared", threading.Event())
    monkeypatch.setattr(resources, "_prepared_engine", lambda: "engine")
    with language("es"):
        assert [resources.engine() for _ in range(3)] == ["engine"] * 3
    assert spun == ["Preparando la base de datos (el primer inicio carga casos reales del 311 de Boston)…"]
