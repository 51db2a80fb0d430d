"""Who is using this page: sign-in through streamlit-authenticator, re-checked against the database.

streamlit-authenticator draws the sign-in form and keeps the remember-me cookie; it is fed from the
database (`portal.accounts.users.authenticator_credentials`) whenever it has to check someone, and what it
learns (a success, a failed attempt) is written back to the audit log. On every run the signed-in
username is looked up again (`portal.accounts.users.current_actor`), so a role change, a deactivation or a
password change takes effect at once, whatever the cookie says.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import streamlit as st
import streamlit_authenticator as stauth
from streamlit_authenticator.utilities import LoginError

from portal.accounts.permissions import ANONYMOUS, Action, Actor, can
from portal.accounts.users import (
    THROTTLE_FAILURES,
    THROTTLE_WINDOW,
    authenticator_credentials,
    current_actor,
    record_sign_in,
    record_sign_out,
)
from portal.config import load_settings
from portal.db import transaction, utc_now
from portal.ui.resources import engine, read_session

COOKIE_NAME = "civic_portal_session"
COOKIE_DAYS = 7
SIGNED_IN_AT = "portal_signed_in_at"
ACTOR = "portal_actor"
AUTHENTICATOR = "portal_authenticator"


def _authenticator(credentials: dict) -> stauth.Authenticate:
    """The session's authenticator, fed `credentials` fresh from the database.

    Built once per browser session: building one draws a cookie component with a fixed key, so a
    second one in the same run would clash. No pre-login pause: the cookie is read from the request.
    """
    authenticator = st.session_state.get(AUTHENTICATOR)
    if authenticator is None:
        authenticator = stauth.Authenticate(credentials, COOKIE_NAME, load_settings().cookie_key, COOKIE_DAYS,
                                            auto_hash=False, login_sleep_time=0)  # fmt: skip
        st.session_state[AUTHENTICATOR] = authenticator
    else:
        authenticator.authentication_controller.authentication_model.credentials = credentials
    return authenticator


def identify() -> Actor:
    """Sign in from a remember-me cookie if there is one, then check the sign-in against the database."""
    state = st.session_state
    engine()
    if not state.get("authentication_status") and COOKIE_NAME in st.context.cookies:
        with read_session() as session:
            authenticator = _authenticator(authenticator_credentials(session))
        authenticator.login(location="unrendered")
        token = authenticator.cookie_controller.get_cookie()
        if state.get("authentication_status") and token:
            issued = token["exp_date"] - timedelta(days=COOKIE_DAYS).total_seconds()
            state[SIGNED_IN_AT] = datetime.fromtimestamp(issued, timezone.utc)
    actor = ANONYMOUS
    if state.get("authentication_status") and state.get(SIGNED_IN_AT):
        with read_session() as session:
            actor = current_actor(session, state["username"], state[SIGNED_IN_AT]) or ANONYMOUS
        if not actor.signed_in:
            _forget_sign_in()
            st.toast("You were signed out: your account changed. Please sign in again.")
    state[ACTOR] = actor
    return actor


def page_actor() -> Actor:
    """The person on this page, checked afresh: a page served directly by its URL never trusts the menu."""
    return identify()


def require_page(action: Action) -> Actor:
    """Stop the page, showing nothing of its content, unless the visitor may do `action`."""
    actor = page_actor()
    if not can(actor, action):
        if actor.signed_in:
            st.error(f"Your account ({actor.role}) cannot {action.value}.")
        else:
            st.warning(f"Please sign in to {action.value}.")
        st.stop()
    return actor


def sign_in_form() -> None:
    """The sign-in form; records the outcome and throttles repeated failures per username."""
    with read_session() as session:
        credentials = authenticator_credentials(session)
    failures_before = {name: entry["failed_login_attempts"] for name, entry in credentials["usernames"].items()}
    authenticator = _authenticator(credentials)
    try:
        authenticator.login(
            location="main", max_login_attempts=THROTTLE_FAILURES,
            fields={"Form name": "Sign in", "Username": "Username", "Password": "Password", "Login": "Sign in"},
        )  # fmt: skip
    except LoginError:
        minutes = int(THROTTLE_WINDOW.total_seconds() // 60)
        st.error(f"Too many failed sign-ins for this username. Please wait {minutes} minutes and try again.")
        return
    state = st.session_state
    with transaction(engine()) as session:
        for name, entry in credentials["usernames"].items():
            if entry.get("failed_login_attempts", 0) > failures_before[name]:
                record_sign_in(session, name, succeeded=False)
        if state.get("authentication_status") and not state.get(SIGNED_IN_AT):
            record_sign_in(session, state["username"], succeeded=True)
            state[SIGNED_IN_AT] = utc_now()
            state.pop(ACTOR, None)
    if state.get(SIGNED_IN_AT) and state.get("authentication_status"):
        st.rerun()
    if state.get("authentication_status") is False:
        st.error("The username or password is not right.")


def sign_out_button() -> None:
    actor = page_actor()
    if actor.signed_in and st.sidebar.button("Sign out", key="sign_out"):
        with transaction(engine()) as session:
            record_sign_out(session, actor)
        _forget_sign_in()
        st.rerun()


def _forget_sign_in() -> None:
    state = st.session_state
    if state.get("authentication_status"):
        _authenticator({"usernames": {}}).logout(location="unrendered")
    for key in (SIGNED_IN_AT, ACTOR):
        state.pop(key, None)
