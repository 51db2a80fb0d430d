"""Where emailed links land, without signing in: `/link?t=TOKEN` (confirm an address, answer "fixed" /
"not fixed", choose a new password) and `/link?manage=…` (which emails this address gets)."""

import streamlit as st

from portal.accounts.passwords import WeakPasswordError
from portal.accounts.users import AccountError
from portal.db import transaction
from portal.i18n import N_, _
from portal.messages import oneclick
from portal.messages.tokens import Purpose, TokenError, linked_address
from portal.reports.followup import REACTIONS, FollowUpError
from portal.reports.public_page import request_path
from portal.ui.auth import page_actor
from portal.ui.message_widgets import linked_emails
from portal.ui.resources import engine, read_session

page_actor()  # public: the link is the permission
token, manage = st.query_params.get("t", ""), st.query_params.get("manage", "")


def act(work, done_key: str) -> None:
    """Run one link action in a transaction; remember its answer so a rerun does not spend the link again."""
    try:
        with transaction(engine()) as session:
            st.session_state[done_key] = work(session)
    except (TokenError, FollowUpError, AccountError, WeakPasswordError) as error:
        st.error(str(error))


if manage:
    st.title(_("Your emails"))
    try:
        address = linked_address(manage)
    except TokenError as error:
        st.error(str(error))
        st.stop()
    linked_emails(manage, address)
    st.stop()

done_key = f"link-done-{token[:12]}"
if done := st.session_state.get(done_key):
    st.title(_("Done"))
    st.success(done)
    st.stop()
try:
    with read_session() as session:
        link = oneclick.open_link(session, token)
except TokenError as error:
    st.title(_("This link does not work"))
    st.error(str(error))
    st.stop()

if link.purpose == Purpose.CONFIRM_ADDRESS:
    st.title(_("Confirm your address"))
    act(lambda s: oneclick.confirm_address(s, token), done_key)
    if st.session_state.get(done_key):
        st.rerun()
elif link.purpose == Purpose.REACT:
    st.title(_("Is report {number} fixed?").format(number=link.public_id))
    st.markdown(_("[See the report and the crew's photo]({link})").format(link=request_path(link.public_id)))
    answer = st.query_params.get("answer", "")
    with st.form("react"):
        fixed = st.radio(_("Is the problem gone?"), [N_("Fixed"), N_("Not fixed")], horizontal=True, format_func=_,
                         index={"fixed": 0, "not_fixed": 1}.get(answer))  # fmt: skip
        emoji = st.radio(_("How do you feel about it?"), list(REACTIONS), horizontal=True, index=None,
                         format_func=lambda e: f"{e} {_(REACTIONS[e])}")  # fmt: skip
        note = st.text_area(_("Anything the crew should know? (optional)"), max_chars=2000)
        if st.form_submit_button(_("Send my answer"), type="primary"):
            act(lambda s: oneclick.react_through_link(s, token, emoji, None if fixed is None else fixed == "Fixed",
                                                      note), done_key)  # fmt: skip
    if st.session_state.get(done_key):
        st.rerun()
elif link.purpose == Purpose.RESET_PASSWORD:
    st.title(_("Choose a new password"))
    st.caption(_("For the account **{username}**. Every browser signed in to it will be signed out.")
               .format(username=link.username))

    with st.form("reset"):
        password = st.text_input(_("New password"), type="password")
        again = st.text_input(_("New password again"), type="password")
        if st.form_submit_button(_("Set the new password"), type="primary"):
            act(lambda s: oneclick.reset_password(s, token, password, again), done_key)
    if st.session_state.get(done_key):
        st.rerun()
