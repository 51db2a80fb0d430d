"""My account's "Emails" part: which messages to get, at once or in one daily digest, and my area alerts."""

from __future__ import annotations

import streamlit as st

from portal.accounts.permissions import Actor
from portal.db import transaction
from portal.i18n import _
from portal.messages.alerts import my_follows
from portal.messages.preferences import CATEGORIES, my_preferences, save_my_preferences
from portal.ui.resources import engine, read_session


def my_emails(actor: Actor) -> None:
    with read_session() as session:
        chosen, follows = my_preferences(session, actor), my_follows(session, actor)
    with st.form("my-emails"):
        wanted = {name: st.checkbox(_(label), value=name not in chosen.muted) for name, label in CATEGORIES.items()}

        digest = st.toggle(_("One daily digest instead of separate emails"), value=chosen.digest)
        if st.form_submit_button(_("Save my email choices")):
            with transaction(engine()) as session:
                save_my_preferences(session, actor, {n for n, on in wanted.items() if not on}, digest)
            st.success(_("Saved. Emails about your account itself (confirmations, password resets, a changed "
                       "password or role) always come."))  # fmt: skip
    st.caption(f"You follow {len(follows)} area(s); change them on [Area alerts](/alerts).")
