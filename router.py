"""Civic Portal's pages: page config, the signed-in person, the language menu, the pages of their role.

Served by `streamlit_app.py` (the server, with the sign-in cookie's routes); this is the script
Streamlit runs for every visitor.
"""

import streamlit as st

from portal.accounts.permissions import ROLE_NAMES
from portal.i18n import _
from portal.ui.auth import identify, sign_out_button, sync_cookie
from portal.ui.language import language_menu
from portal.ui.navigation import pages_for
from portal.ui.page_style import apply_page_style

st.set_page_config(page_title="Civic Portal · Boston 311", page_icon="🏙️", layout="wide")
apply_page_style()
actor = identify()
language_menu(actor)
navigation = st.navigation(pages_for(actor), expanded=True)
if actor.signed_in:
    st.sidebar.caption(_("Signed in as **{username}** ({role})").format(username=actor.username, role=_(ROLE_NAMES[actor.role])))
    sign_out_button(actor)
sync_cookie(actor)
navigation.run()
