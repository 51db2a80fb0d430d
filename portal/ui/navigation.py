"""The menu: every page of `portal.accounts.pages` as a Streamlit page, grouped by section; those not
offered to the visitor (`offered_pages`) are left out of the menu but still answer their URL, so a deep
link to a page of another role shows that page's own refusal ("Please sign in to …"), never a list of
pages the visitor cannot use. Titles and sections in the run's language."""

from __future__ import annotations

import streamlit as st

from portal.accounts.pages import PAGES, offered_pages
from portal.accounts.permissions import Actor
from portal.i18n import _, pgettext


def pages_for(actor: Actor) -> dict[str, list[st.Page]]:
    offered = set(offered_pages(actor))
    sections: dict[str, list[st.Page]] = {}
    for spec in PAGES:
        page = st.Page(spec.path, title=_(spec.title), icon=spec.icon, url_path=spec.url_path,
                       default=spec.url_path == "map", visibility="visible" if spec in offered else "hidden")  # fmt: skip
        sections.setdefault(pgettext("menu section", spec.section), []).append(page)
    return sections
