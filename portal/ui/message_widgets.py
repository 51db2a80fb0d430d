"""Which emails a person gets: the choices form and the area follows, on My account and behind the manage
link at the bottom of every email (the same form, so both ways of choosing read and behave alike)."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st
from sqlalchemy.orm import Session

from portal.accounts.permissions import Actor
from portal.db import transaction
from portal.i18n import _, ngettext
from portal.messages.alerts import FollowRow, linked_follows, my_follows, stop_follow
from portal.messages.preferences import (
    CATEGORIES,
    Preferences,
    linked_preferences,
    my_preferences,
    save_linked_preferences,
    save_my_preferences,
)
from portal.ui.resources import engine, read_session

Save = Callable[[Session, set[str], bool], None]


def preferences_form(key: str, chosen: Preferences, save: Save, submit: str, saved: str) -> None:
    """One checkbox per category and the digest toggle; `save` gets the categories turned off."""
    with st.form(key):
        wanted = {name: st.checkbox(_(label), value=name not in chosen.muted) for name, label in CATEGORIES.items()}
        digest = st.toggle(_("One daily digest instead of separate emails"), value=chosen.digest)
        if st.form_submit_button(submit):
            with transaction(engine()) as session:
                save(session, {n for n, on in wanted.items() if not on}, digest)
            st.success(saved)


def follow_rows(follows: list[FollowRow], line: Callable[[FollowRow], str], stop: Callable[[Session, int], None]) -> None:
    """Each follow as a line with its own Stop button."""
    for follow in follows:
        left, right = st.columns([5, 1])
        left.markdown(line(follow))
        if right.button(_("Stop"), key=f"stop-{follow.id}"):
            with transaction(engine()) as session:
                stop(session, follow.id)
            st.rerun()


def my_emails(actor: Actor) -> None:
    """My account's "Emails" part."""
    with read_session() as session:
        chosen, follows = my_preferences(session, actor), my_follows(session, actor)
    preferences_form("my-emails", chosen, lambda s, muted, digest: save_my_preferences(s, actor, muted, digest),
                     _("Save my email choices"),
                     _("Saved. Emails about your account itself (confirmations, password resets, a changed "
                       "password or role) always come."))  # fmt: skip
    st.caption(ngettext("You follow {count} area; change it on [Area alerts](/alerts).",
                        "You follow {count} areas; change them on [Area alerts](/alerts).",
                        len(follows)).format(count=len(follows)))


def linked_emails(manage: str, address: str) -> None:
    """What the manage link lets anyone holding it change: the address's choices and its follows."""
    with read_session() as session:
        chosen, follows = linked_preferences(session, manage), linked_follows(session, manage)
    st.markdown(_("What we send to **{address}**.").format(address=address))
    preferences_form("preferences", chosen, lambda s, muted, digest: save_linked_preferences(s, manage, muted, digest),
                     _("Save"), _("Saved. Emails about your account (confirmations, password resets) always come."))
    follow_rows(follows, lambda f: _("Following **{place}** · [Atom feed]({link})").format(place=f.place,
                                                                                         link=f.feed_url),
                lambda s, follow_id: stop_follow(s, follow_id, manage=manage))  # fmt: skip
