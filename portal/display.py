"""Showing values to people: Boston local times, and text that must never become markup.

Also the one cleaning of text a person supplied (forms, the Open311 API, uploaded files), so that what
is stored can always be shown and stored: no control characters, and above all no NUL, which
PostgreSQL refuses in any text column (one NUL in a form field used to fail the whole request).
"""

from __future__ import annotations

import re
from datetime import datetime

from portal.config import BOSTON_TZ

# Everything Markdown (and Streamlit's extensions: $ for LaTeX, ~ for strikethrough, : for emoji
# shortcodes) could read as syntax. Raw HTML is already escaped by Streamlit's renderer.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")
# C0 controls and DEL, except tab and line breaks. A pattern string, so pandas can use it too.
CONTROL_CHARACTERS = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"
_CONTROL = re.compile(CONTROL_CHARACTERS)


def clean_text(value: str) -> str:
    """Text as a person typed it, less control characters and surrounding space.

    It is escaped wherever it is shown, never rendered; identifiers (case ids, device ids) are refused
    instead when they hold control characters, since a changed id would be a different one.
    """
    return _CONTROL.sub("", value).strip()


def has_control_characters(value: str) -> bool:
    return _CONTROL.search(value) is not None


def escape_markdown(value: str) -> str:
    """Make `value` render literally inside st.markdown, st.caption, st.subheader and friends."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", value)


def boston_time(value: datetime | None) -> str:
    """"Mar 4, 2015, 2:05 PM" in Boston time; an em dash for no value."""
    if value is None:
        return "—"
    return value.astimezone(BOSTON_TZ).strftime("%b %-d, %Y, %-I:%M %p")
