"""Showing values to people: Boston local times, and text that must never become markup.

Also the one cleaning of text a person supplied (forms, the Open311 API, uploaded files), so that what
is stored can always be shown and stored: no control characters, and above all no NUL, which
PostgreSQL refuses in any text column (one NUL in a form field used to fail the whole request).
"""

from __future__ import annotations

import re
from datetime import datetime

from portal.config import BOSTON_TZ
from portal.i18n import DEFAULT, _, current_language, format_moment

# Everything Markdown (and Streamlit's extensions: $ for LaTeX, ~ for strikethrough, : for emoji
# shortcodes) could read as syntax. Raw HTML is already escaped by Streamlit's renderer.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")
# C0 controls and DEL, except tab and line breaks. A pattern string, so pandas can use it too.
CONTROL_CHARACTERS = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"
_CONTROL = re.compile(CONTROL_CHARACTERS)
# Bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069): in a name or title
# they reverse what follows ("Trojan Source"), so "a resident" can pass for someone else. The plain
# marks U+200E/U+200F stay: right-to-left writing needs them and they reorder nothing on their own.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
# GitHub-flavoured Markdown links bare "http://", "https://", "www." and "name@host.tld", and it does so
# after escapes are read, so no backslash stops it. A word joiner (U+2060: invisible, no line break)
# inside each of those triggers does, and the text reads the same.
_AUTOLINK_TRIGGERS = re.compile(r"(?i)(?<=http:)(?=//)|(?<=https:)(?=//)|(?<=www)(?=\.)|(?<=@)")
WORD_JOINER = "\u2060"


def clean_text(value: str) -> str:
    """Text as a person typed it, less control characters and surrounding space.

    It is escaped wherever it is shown, never rendered; identifiers (case ids, device ids) are refused
    instead when they hold control characters, since a changed id would be a different one.
    """
    return strip_bidi_controls(_CONTROL.sub("", value)).strip()


def strip_bidi_controls(value: str) -> str:
    return _BIDI_CONTROLS.sub("", value)


def has_control_characters(value: str) -> bool:
    return _CONTROL.search(value) is not None


def escape_markdown(value: str) -> str:
    """Make `value` render literally inside st.markdown, st.caption, st.subheader and friends: no markup,
    no links made from addresses in it, and no bidirectional controls (text stored before they were
    refused shows safely too)."""
    unlinked = _AUTOLINK_TRIGGERS.sub(WORD_JOINER, strip_bidi_controls(value))
    return _MARKDOWN_SPECIAL.sub(r"\\\1", unlinked)


def photo_alt(type_name: str, place: str | None = None, kind: str = "") -> str:
    """A photo's alt text, what and where ("Photo of Pothole at 12 Main St", "After photo of …"), so that a
    screen reader says what a sighted person sees; plain text, never Markdown."""
    what = _(type_name)
    if kind:
        alt = (_("{kind} photo of {type} at {place}") if place else _("{kind} photo of {type}"))
    else:
        alt = _("Photo of {type} at {place}") if place else _("Photo of {type}")
    return strip_bidi_controls(alt.format(kind=kind, type=what, place=place))


def boston_time(value: datetime | None) -> str:
    """"Mar 4, 2015, 2:05 PM" in Boston time, in the current language's way ("4 mar 2015, 14:05"); an em
    dash for no value. English keeps the form it always had (exports and the CLI print it)."""
    if value is None:
        return "—"
    if current_language() != DEFAULT:
        return format_moment(value)
    return value.astimezone(BOSTON_TZ).strftime("%b %-d, %Y, %-I:%M %p")
