"""Sign in, or register as a resident. Staff, coach and admin accounts are created by an admin."""

import streamlit as st

from portal.accounts.demo import DEMO_PASSWORD, DEMO_USERNAMES
from portal.accounts.passwords import WeakPasswordError
from portal.accounts.users import AccountError, register_resident
from portal.config import Mode, load_settings
from portal.db import transaction
from portal.i18n import _
from portal.ui.auth import page_actor, sign_in_form
from portal.ui.resources import engine

actor = page_actor()
st.title(_("Sign in"))
if actor.signed_in:
    st.success(_("You are signed in as {username}.").format(username=actor.username))
    st.stop()

if load_settings().mode == Mode.DEMO:
    names = ", ".join(f"`{name}`" for name in DEMO_USERNAMES.values())
    st.info(_("**Demo mode.** Try any role with the demo accounts {names}; the password is `{password}`.")
            .format(names=names, password=DEMO_PASSWORD))

sign_in_tab, register_tab = st.tabs([_("Sign in"), _("Register")])
with sign_in_tab:
    sign_in_form()
    st.page_link("pages/reset_password.py", label=_("Forgot your password? Get an emailed link"))

with register_tab:
    st.caption(_("Residents register here. Staff, coach and admin accounts are created by an admin."))
    with st.form("register", clear_on_submit=False):
        username = st.text_input(_("Username"), max_chars=40, help=_("Lower-case letters, digits, . _ -"))
        display_name = st.text_input(_("Display name"), max_chars=80)
        email = st.text_input(_("Email"), max_chars=254)
        password = st.text_input(_("Password"), type="password", help=_("At least 10 characters; a few words work well."))
        again = st.text_input(_("Password again"), type="password")
        submitted = st.form_submit_button(_("Register"))
    if submitted:
        if password != again:
            st.error(_("The two passwords differ. Please type them again."))
        else:
            try:
                with transaction(engine()) as session:
                    register_resident(session, username, email, display_name, password)
                st.success(_("Your account is ready. Sign in on the first tab."))
            except (AccountError, WeakPasswordError) as error:
                st.error(str(error))
