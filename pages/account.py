"""My account: password, public name, a copy of my data, closing the account."""

import json

import streamlit as st

from portal.accounts.permissions import Action
from portal.accounts.personal_data import WHAT_STAYS, delete_my_account, export_my_data
from portal.accounts.users import change_password, set_public_name
from portal.ui.account_actions import run_account_change
from portal.ui.auth import require_page
from portal.ui.message_widgets import my_emails
from portal.ui.recognition_widgets import my_points
from portal.ui.resources import read_session

actor = require_page(Action.VIEW_OWN_ACCOUNT)


st.title("My account")
with read_session() as session:
    mine = export_my_data(session, actor)
st.markdown(f"Signed in as **{actor.username}** ({actor.role}).")

st.header("Public name")
shown = st.toggle(
    "Show my display name on public pages and leaderboards",
    value=mine["account"]["show_name_publicly"],
    help='Off: the public sees "a resident". Staff always see who reported what.',
)
if shown != mine["account"]["show_name_publicly"]:
    run_account_change(lambda s: set_public_name(s, actor, shown), "Saved.")

st.header("Points and badges")
my_points(actor)

st.header("Change password")
with st.form("change_password", clear_on_submit=True):
    old = st.text_input("Current password", type="password")
    new = st.text_input("New password", type="password")
    submitted = st.form_submit_button("Change password")
if submitted:
    run_account_change(lambda s: change_password(s, actor, old, new), "Password changed. Please sign in again with it.")

st.header("Emails")
my_emails(actor)

st.header("Your data")
st.download_button(
    "Download everything we hold about you (JSON)",
    data=json.dumps(mine, indent=2, ensure_ascii=False),
    file_name=f"civic-portal-{actor.username}.json",
    mime="application/json",
)

st.header("Delete my account")
st.markdown("What happens:\n" + "\n".join(f"- {line}" for line in WHAT_STAYS))
with st.form("delete_account"):
    password = st.text_input("Your password, to confirm", type="password")
    confirmed = st.checkbox("I understand this cannot be undone")
    delete = st.form_submit_button("Delete my account", type="primary")
if delete:
    if not confirmed:
        st.error("Please tick the box to confirm.")
    else:
        run_account_change(lambda s: delete_my_account(s, actor, password), "Your account is deleted. Goodbye.")
