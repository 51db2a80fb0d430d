"""Which bare addresses GitHub-flavoured Markdown would turn into links, as Streamlit's renderer does.

Streamlit renders st.markdown with remark-gfm, whose mdast-util-gfm-autolink-literal links these two
patterns in text after Markdown's backslash escapes are read (the patterns are copied from it; the
check for what precedes a match is left out, which only makes this stricter).
"""

from __future__ import annotations

import re

_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_URL = re.compile(r"(https?://|www(?=\.))([-.\w]+)([^ \t\r\n]*)", re.IGNORECASE | re.ASCII)
_EMAIL = re.compile(r"([-.\w+]+)@([-\w]+(?:\.[-\w]+)+)", re.ASCII)


def autolinks(markdown: str) -> list[str]:
    text = _ESCAPE.sub(r"\1", markdown)
    return [m.group(0) for pattern in (_URL, _EMAIL) for m in pattern.finditer(text)]


def as_read(markdown: str) -> str:
    """What a person reads: escapes resolved, the invisible word joiners gone."""
    return _ESCAPE.sub(r"\1", markdown).replace("\u2060", "")
