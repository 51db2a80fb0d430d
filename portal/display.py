"""Showing values to people: Boston local times, and text that must never become markup."""

from __future__ import annotations

import re
from datetime import datetime

from portal.config import BOSTON_TZ

# Everything Markdown (and Streamlit's extensions: $ for LaTeX, ~ for strikethrough, : for emoji
# shortcodes) could read as syntax. Raw HTML is already escaped by Streamlit's renderer.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def escape_markdown(value: str) -> str:
    """Make `value` render literally inside st.markdown, st.caption, st.subheader and friends."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", value)


def boston_time(value: datetime | None) -> str:
    """"Mar 4, 2015, 2:05 PM" in Boston time; an em dash for no value."""
    if value is None:
        return "—"
    return value.astimezone(BOSTON_TZ).strftime("%b %-d, %Y, %-I:%M %p")
