"""Public feed: what was reported and what was fixed, newest first, with an Atom feed to follow."""

import streamlit as st

from portal.config import public_url
from portal.display import boston_time, escape_markdown
from portal.i18n import _, current_language
from portal.reports.details import neighborhood_choices
from portal.reports.feed import FeedEntry, atom_feed, feed_entries
from portal.reports.public_page import request_path
from portal.reports.service_types import type_labels
from portal.ui.auth import page_actor
from portal.ui.resources import photo_store, read_session

page_actor()  # public page


# Keyed by the language too: the type names come back translated.
@st.cache_data(ttl=300, show_spinner=False)
def choices(language: str) -> tuple[list[str], dict[int, str]]:
    with read_session() as session:
        return neighborhood_choices(session), type_labels(session)


# Cached briefly: visitors with the same filters share one read, and news is at most half a minute late.
@st.cache_data(ttl=30, show_spinner=False, max_entries=200)
def newest(places: tuple[str, ...], type_ids: tuple[int, ...], language: str) -> list[FeedEntry]:
    with read_session() as session:
        return feed_entries(session, places, type_ids)


st.title(_("What's happening"))
st.caption(_("New reports and fixes across Boston, newest first. Reporters are never named here."))
places, types = choices(current_language())
left, right = st.columns(2)
chosen_places = left.multiselect(_("Neighborhood"), places, placeholder=_("All of Boston"))
chosen_types = right.multiselect(_("Request type"), list(types), format_func=types.get, placeholder=_("All types"))
entries = newest(tuple(chosen_places), tuple(chosen_types), current_language())

if not entries:
    st.info(_("Nothing matches these filters yet."))
for entry in entries:
    picture, words = st.columns([1, 6])
    if entry.thumbnail_key:
        picture.image(photo_store().get(entry.thumbnail_key), width=80, alt=_("Photo: {headline}").format(headline=entry.headline))
    else:
        picture.markdown("🛠️" if entry.kind == "fixed" else "📍")
    words.markdown(f"**{escape_markdown(entry.headline)}**")
    words.caption(f"{boston_time(entry.at)} · {escape_markdown(entry.neighborhood or 'Boston')} · "
                  + _("[report {number}]({link})").format(number=entry.public_id, link=request_path(entry.public_id)))


st.download_button(_("Atom feed (follow in a feed reader)"), data=atom_feed(entries, public_url()),
                   file_name="boston-311-feed.atom", mime="application/atom+xml")
