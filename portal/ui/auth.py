"""Who is using this page: the sign-in form, the session behind it, and the page guards.

A sign-in opens a server-side session (`portal.accounts.sessions`) whose id this browser tab keeps in
its Streamlit session state; the browser gets the session's HttpOnly cookie through the routes in
`portal.ui.session_cookie`, so a reload or a new tab (which start a new Streamlit session) find it
again. Every run looks the session up in the database, so signing out, a role change, a deactivation
or a password change take effect at once. A cookie that names no live session, whatever it holds, is
ignored (and cleared).
"""

from __future__ import annotations

import streamlit as st

import portal.ui.language  # noqa: F401  (every page speaks the session's language from its first line)
from portal.accounts import sessions
from portal.accounts.permissions import ANONYMOUS, ROLE_NAMES, Action, Actor, can
from portal.db import transaction
from portal.i18n import _
from portal.ui.resources import engine
from portal.ui.session_cookie import COOKIE_NAME, clear_script, set_script

SESSION_ID = "portal_sign_in_session"
NEEDS_COOKIE = "portal_needs_cookie"
SIGNED_OUT = "portal_signed_out"
ACTOR = "portal_actor"


def identify() -> Actor:
    """The signed-in person: this tab's session if it still counts, else the browser's cookie."""
    state = st.session_state
    found = None
    with transaction(engine()) as session:
        if (session_id := state.get(SESSION_ID)) is not None:
            found = sessions.live(session, session_id)
            if found is None:
                _forget_sign_in()
                st.toast(_("You were signed out (elsewhere, or your account changed). Please sign in again."))
        elif token := _request_value(st.context.cookies, COOKIE_NAME):
            found = sessions.from_token(session, token)
    if found is not None:
        state[SESSION_ID] = found.id
        state[NEEDS_COOKIE] = not found.has_cookie
    state[ACTOR] = found.actor if found else ANONYMOUS
    return state[ACTOR]


def page_actor() -> Actor:
    """The person on this page, checked afresh: a page served directly by its URL never trusts the menu."""
    return identify()


def require_page(action: Action) -> Actor:
    """Stop the page, showing nothing of its content, unless the visitor may do `action`."""
    actor = page_actor()
    if not can(actor, action):
        if actor.signed_in:
            st.error(_("Your account ({role}) cannot {action}.").format(role=_(ROLE_NAMES[actor.role]), action=_(action.value)))
        else:
            st.warning(_("Please sign in to {action}.").format(action=_(action.value)))
        st.stop()
    return actor


def sync_cookie(actor: Actor) -> None:
    """Bring the browser's cookie in step with this tab: give a new session its cookie, and clear
    a cookie that no longer signs anyone in. Drawn by the entrypoint on every run (see
    `portal.ui.session_cookie` for why a script, and why every run)."""
    state = st.session_state
    if actor.signed_in and state.get(NEEDS_COOKIE):
        st.sidebar.html(set_script(sessions.handoff_code(state[SESSION_ID])), unsafe_allow_javascript=True)
    elif not actor.signed_in and (state.get(SIGNED_OUT) or _request_value(st.context.cookies, COOKIE_NAME)):
        st.sidebar.html(clear_script(), unsafe_allow_javascript=True)


def sign_in_form() -> None:
    """The sign-in form; the password is used exactly as typed (spaces included), as it was registered."""
    with st.form("sign_in"):
        username = st.text_input(_("Username"), max_chars=40, key="sign_in_username")
        password = st.text_input(_("Password"), type="password", key="sign_in_password")
        submitted = st.form_submit_button(_("Sign in"))
    if not submitted:
        return
    with transaction(engine()) as session:
        outcome = sessions.sign_in(session, username, password, _request_value(st.context.headers, "User-Agent"))
    if outcome.refusal:
        st.error(outcome.refusal)
        return
    state = st.session_state
    state[SESSION_ID], state[NEEDS_COOKIE], state[ACTOR] = outcome.session_id, True, outcome.actor
    state.pop(SIGNED_OUT, None)
    st.switch_page("pages/map.py")


def sign_out_button(actor: Actor) -> None:
    if st.sidebar.button(_("Sign out"), key="sign_out"):
        with transaction(engine()) as session:
            sessions.sign_out(session, st.session_state[SESSION_ID], actor)
        _forget_sign_in()
        st.session_state[SIGNED_OUT] = True
        st.rerun()


def _request_value(values, name: str) -> str:
    """A cookie or header of the request that opened this session, or "" (AppTest has a stand-in
    object where a real server has the request's values)."""
    value = values.get(name)
    return value if isinstance(value, str) else ""


def _forget_sign_in() -> None:
    for key in (SESSION_ID, NEEDS_COOKIE, ACTOR):
        st.session_state.pop(key, None)
