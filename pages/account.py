"""My account: password, public name, a copy of my data, closing the account."""

import json

import streamlit as st

from portal.accounts.permissions import ROLE_NAMES, Action
from portal.accounts.personal_data import WHAT_STAYS, delete_my_account, export_my_data
from portal.accounts.users import change_password, set_public_name
from portal.i18n import _
from portal.ui.account_actions import run_account_change
from portal.ui.auth import require_page
from portal.ui.message_widgets import my_emails
from portal.ui.recognition_widgets import my_points
from portal.ui.resources import read_session

actor = require_page(Action.VIEW_OWN_ACCOUNT)


st.title(_("My account"))
with read_session() as session:
    mine = export_my_data(session, actor)
st.markdown(_("Signed in as **{username}** ({role}).").format(username=actor.username, role=_(ROLE_NAMES[actor.role])))

st.header(_("Public name"))
shown = st.toggle(
    _("Show my display name on public pages and leaderboards"),
    value=mine["account"]["show_name_publicly"],
    help=_('Off: the public sees "a resident". Staff always see who reported what.'),
)
if shown != mine["account"]["show_name_publicly"]:
    run_account_change(lambda s: set_public_name(s, actor, shown), _("Saved."))

st.header(_("Points and badges"))
my_points(actor)

st.header(_("Change password"))
with st.form("change_password", clear_on_submit=True):
    old = st.text_input(_("Current password"), type="password")
    new = st.text_input(_("New password"), type="password")
    submitted = st.form_submit_button(_("Change password"))
if submitted:
    run_account_change(lambda s: change_password(s, actor, old, new), _("Password changed. Please sign in again with it."))

st.header(_("Emails"))
my_emails(actor)

st.header(_("Your data"))
st.download_button(
    _("Download everything we hold about you (JSON)"),
    data=json.dumps(mine, indent=2, ensure_ascii=False),
    file_name=f"civic-portal-{actor.username}.json",
    mime="application/json",
)

st.header(_("Delete my account"))
st.markdown(_("What happens:") + "\n" + "\n".join(f"- {_(line)}" for line in WHAT_STAYS))
with st.form("delete_account"):
    password = st.text_input(_("Your password, to confirm"), type="password")
    confirmed = st.checkbox(_("I understand this cannot be undone"))
    delete = st.form_submit_button(_("Delete my account"), type="primary")
if delete:
    if not confirmed:
        st.error(_("Please tick the box to confirm."))
    else:
        run_account_change(lambda s: delete_my_account(s, actor, password), _("Your account is deleted. Goodbye."))

