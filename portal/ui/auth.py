"""Who is using this page: the signed-in person as an `Actor`, and the guard every restricted page calls."""

from __future__ import annotations

import streamlit as st

from portal.permissions import ANONYMOUS, Action, Actor, can


def page_actor() -> Actor:
    """The person on this page, re-checked against the database on every run."""
    return st.session_state.get("portal_actor", ANONYMOUS)


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
