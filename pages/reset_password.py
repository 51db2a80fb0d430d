"""Forgot the password: an emailed link (single use, one hour) to choose a new one."""

import streamlit as st

from portal.db import transaction
from portal.i18n import _
from portal.messages.oneclick import request_password_reset
from portal.ui.auth import page_actor
from portal.ui.resources import engine

page_actor()  # public
st.title(_("Reset your password"))
with st.form("forgot"):
    wanted = st.text_input(_("Your username or email"), max_chars=254)
    if st.form_submit_button(_("Email me a link"), type="primary"):
        with transaction(engine()) as session:
            st.success(request_password_reset(session, wanted))
