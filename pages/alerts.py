"""Follow an area: new reports and/or fixes in a neighborhood or near an address, by email and Atom feed."""

import streamlit as st

from portal.db import transaction
from portal.i18n import N_, _
from portal.maps.geo import boston
from portal.messages.alerts import (
    FREQUENCY_LABELS,
    FollowError,
    follow_area,
    follow_start,
    follow_summary,
    stop_follow,
)
from portal.messages.follows import MAX_RADIUS_M, place_name
from portal.messages.links import feed_link
from portal.ui.auth import page_actor
from portal.ui.message_widgets import follow_rows
from portal.ui.resources import engine, read_session

actor = page_actor()  # anyone may follow
st.title(_("Area alerts"))
st.caption(_("Hear about new reports and fixes in a place you care about: by email (at once or one daily "
           "digest) and as an Atom feed for a feed reader."))  # fmt: skip
with read_session() as session:
    own_email, mine = follow_start(session, actor)

with st.form("follow"):
    email = st.text_input(_("Your email"), value=own_email, max_chars=254)
    kind = st.radio(_("Follow"), [N_("A neighborhood"), N_("Around an address")], horizontal=True, format_func=_)
    neighborhood = st.selectbox(_("Neighborhood"), sorted(boston().names), index=None, placeholder=_("Choose one"))
    address = st.text_input(_("Address"), placeholder=_("e.g. 86 Annunciation Rd"))
    radius = st.slider(_("Radius around the address (metres)"), 100, MAX_RADIUS_M, 500, step=100)
    new_reports = st.checkbox(_("New reports"), value=True)
    fixes = st.checkbox(_("Fixes"), value=True)
    frequency = st.radio(_("Email"), ["daily", "immediate"], horizontal=True,
                         format_func=lambda f: _(FREQUENCY_LABELS[f]))  # fmt: skip
    if st.form_submit_button(_("Follow"), type="primary"):
        try:
            with transaction(engine()) as session:
                follow = follow_area(session, actor, email, new_reports=new_reports, fixes=fixes, frequency=frequency,
                                     **({"neighborhood": neighborhood or ""} if kind == "A neighborhood"
                                        else {"address": address, "radius_m": radius}))  # fmt: skip
                place, feed = place_name(follow.place), feed_link(follow.feed_token)
            st.success(_("Following {place}. If we have not seen {email} before, check it for a confirmation "
                         "link. Your feed: {feed}").format(place=place, email=email, feed=feed))
        except FollowError as error:
            st.error(str(error))

follow_rows(mine, follow_summary, lambda session, follow_id: stop_follow(session, follow_id, actor=actor))
