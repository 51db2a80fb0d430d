"""The menu: `portal.accounts.pages.offered_pages` turned into Streamlit pages, grouped by section."""

from __future__ import annotations

import streamlit as st

from portal.accounts.pages import offered_pages
from portal.accounts.permissions import Actor


def pages_for(actor: Actor) -> dict[str, list[st.Page]]:
    sections: dict[str, list[st.Page]] = {}
    for spec in offered_pages(actor):
        page = st.Page(spec.path, title=spec.title, icon=spec.icon, url_path=spec.url_path,
                       default=spec.url_path == "map")  # fmt: skip
        sections.setdefault(spec.section, []).append(page)
    return sections
