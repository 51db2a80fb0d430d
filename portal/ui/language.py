"""The language menu on every page, and the language of each run.

The first visit speaks the browser's language (`st.context.locale`) when the portal has it; a choice in the
menu holds for the session and, for a signed-in person, is saved on their account, which wins again at
their next sign-in. `portal.i18n` asks this module for the language wherever no context set one, so every
run of this session speaks it: the entrypoint's, a page served by its URL, a fragment run again alone.
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from portal.accounts.permissions import Actor
from portal.accounts.users import saved_language, set_language
from portal.db import transaction
from portal.i18n import COMPLETE, DEFAULT, LANGUAGES, _, negotiate, set_language_source, text_direction
from portal.ui.resources import engine, read_session

LANGUAGE = "portal_language"
LANGUAGE_OF = "portal_language_of"  # whose account the session's language was last read from
RTL_STYLE = "<style>.stApp, [data-testid='stSidebar'] { direction: rtl; text-align: right; }</style>"


def session_language() -> str:
    """The session's language (English before the menu first ran, and outside a Streamlit run)."""
    if get_script_run_ctx() is None:
        return DEFAULT
    return st.session_state.get(LANGUAGE, DEFAULT)


set_language_source(session_language)


def _first_language(actor: Actor) -> str:
    if actor.signed_in:
        with read_session() as session:
            if (saved := saved_language(session, actor.id)) in COMPLETE:
                return saved
    return st.session_state.get(LANGUAGE) or negotiate(st.context.locale)


def _remember(actor: Actor) -> None:
    if actor.signed_in:
        with transaction(engine()) as session:
            set_language(session, actor, st.session_state[LANGUAGE])


def language_menu(actor: Actor) -> None:
    """The sidebar's language menu, each language named in itself."""
    state = st.session_state
    if LANGUAGE_OF not in state or state[LANGUAGE_OF] != actor.id:  # a new session, or a sign-in or out

        state[LANGUAGE_OF] = actor.id
        state[LANGUAGE] = _first_language(actor)
    if state.get(LANGUAGE) not in COMPLETE:
        state[LANGUAGE] = DEFAULT
    st.sidebar.selectbox("🌐 " + _("Language"),
 COMPLETE, format_func=LANGUAGES.__getitem__, key=LANGUAGE,
                         on_change=_remember, args=(actor,))  # fmt: skip
    if text_direction() == "rtl":
        st.html(RTL_STYLE)
