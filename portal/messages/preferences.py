"""What each person wants to receive: categories turned off, and everything at once or in one daily digest.

Keyed by address (`addresses.address_key`), so an anonymous reporter or a follower decides through the
manage link exactly as an account holder does on My account. Messages about the account itself
(confirmations, password reset, "your password changed") have no category: nobody can turn them off.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from portal.accounts.models import User
from portal.accounts.permissions import Action, Actor, require
from portal.db import utc_now
from portal.i18n import N_
from portal.messages.addresses import address_key
from portal.messages.models import MessagePreference
from portal.messages.tokens import linked_address
from portal.recognition.sql import insert_for

CATEGORIES = {
    "my_reports": N_("Updates on reports I filed (received, acknowledged, closed with the after photo, reopened)"),
    "supported": N_("When a report I said “me too” to is closed"),
    "area_alerts": N_("Alerts for the areas I follow"),
    "projects": N_("My third-spaces projects (a coach matched, changes requested, approved; coaches: a new project)"),
    "staff_digest": N_("Staff: the daily digest of my departments' new, overdue and reopened cases"),
}


@dataclass(frozen=True)
class Preferences:
    muted: frozenset[str]
    digest: bool  # True: everything with a category waits for one email a day


DEFAULT = Preferences(frozenset(), digest=False)


def preferences_of(session: Session, address: str) -> Preferences:
    row = session.get(MessagePreference, address_key(address))
    if row is None:
        return DEFAULT
    return Preferences(frozenset(name for name in row.muted.split(",") if name), row.digest)


def save_preferences(session: Session, address: str, muted: set[str], digest: bool,
                     user_id: int | None = None) -> None:  # fmt: skip
    unknown = set(muted) - CATEGORIES.keys()
    if unknown:
        raise ValueError(f"Unknown message categories: {', '.join(sorted(unknown))}.")
    values = {"muted": ",".join(sorted(muted)), "digest": digest, "user_id": user_id, "updated_at": utc_now()}
    statement = insert_for(session, MessagePreference).values(email=address_key(address), **values)
    session.execute(statement.on_conflict_do_update(index_elements=["email"], set_=values))


def my_preferences(session: Session, actor: Actor) -> Preferences:
    require(actor, Action.VIEW_OWN_ACCOUNT)
    return preferences_of(session, session.get(User, actor.id).email)


def save_my_preferences(session: Session, actor: Actor, muted: set[str], digest: bool) -> None:
    require(actor, Action.VIEW_OWN_ACCOUNT)
    save_preferences(session, session.get(User, actor.id).email, muted, digest, actor.id)



def linked_preferences(session: Session, manage: str) -> Preferences:
    """The choices of the address a manage link was made for: the link, not an account, is the permission."""
    return preferences_of(session, linked_address(manage))


def save_linked_preferences(session: Session, manage: str, muted: set[str], digest: bool) -> None:
    save_preferences(session, linked_address(manage), muted, digest)
