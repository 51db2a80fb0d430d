"""Following an area: a neighborhood, or a radius around an address (geocoded), for new reports and/or
fixes, by email (immediate or in the daily digest) and as an Atom feed at the follow's own address.

Anyone may follow, signed in or not. Email goes only to a confirmed address (the first email is the
confirmation link), so nobody can sign up someone else; the feed works at once, since it sends nothing.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from portal.accounts.models import User
from portal.accounts.permissions import Action, Actor, require
from portal.i18n import N_, _
from portal.maps.geo import boston
from portal.maps.geocode import geocode
from portal.messages import notify
from portal.messages.addresses import AddressError, address_key, checked_address
from portal.messages.follows import MAX_RADIUS_M, around, place_name
from portal.messages.links import feed_link
from portal.messages.models import AreaFollow
from portal.messages.tokens import linked_address

MIN_RADIUS_M = 50
FOLLOWS_PER_ADDRESS = 20
FREQUENCIES = ("immediate", "daily")
FREQUENCY_LABELS = {"daily": N_("One daily digest"), "immediate": N_("At once")}


class FollowError(ValueError):
    """The follow cannot be made as asked; the message says what to change."""


@dataclass(frozen=True)
class FollowRow:
    id: int
    place: str
    new_reports: bool
    fixes: bool
    frequency: str
    feed_url: str


def follow_area(session: Session, actor: Actor, email: str, *, neighborhood: str | None = None,
                address: str = "", radius_m: int = 500, new_reports: bool = True, fixes: bool = True,
                frequency: str = "daily") -> AreaFollow:  # fmt: skip
    """A new follow of a neighborhood (by name; "" when none was chosen) or, when `neighborhood` is None, of
    `radius_m` around a typed Boston address."""
    require(actor, Action.VIEW_PUBLIC)
    try:
        email = checked_address(email)
    except AddressError as error:
        raise FollowError(str(error)) from error
    if not (new_reports or fixes):
        raise FollowError(_("Choose new reports, fixes, or both."))
    if frequency not in FREQUENCIES:
        raise FollowError(_("Choose immediate emails or one daily digest."))
    key = address_key(email)
    if len(list(session.scalars(select(AreaFollow.id).where(AreaFollow.email == key)))) >= FOLLOWS_PER_ADDRESS:
        raise FollowError(_("One address can follow at most {count} areas; stop one first.")
                          .format(count=FOLLOWS_PER_ADDRESS))
    follow = AreaFollow(email=key, user_id=actor.id, new_reports=new_reports, fixes=fixes, frequency=frequency,
                        feed_token=secrets.token_urlsafe(24))  # fmt: skip
    if neighborhood is not None:
        if neighborhood not in boston().names:
            raise FollowError(_("Choose a neighborhood from the list."))
        follow.place, follow.neighborhood = neighborhood, neighborhood
    else:
        if not MIN_RADIUS_M <= radius_m <= MAX_RADIUS_M:
            raise FollowError(_("Choose a radius between {least} and {most} metres.")
                              .format(least=MIN_RADIUS_M, most=MAX_RADIUS_M))

        found = geocode(address) if address.strip() else None
        if found is None:
            raise FollowError(_("We could not find that address in Boston; try a house number and street."))
        follow.place = around(radius_m, found.address)
        follow.latitude, follow.longitude, follow.radius_m = found.lat, found.lon, radius_m
    session.add(follow)
    session.flush()
    if not notify.is_confirmed(session, email, account=_is_own_account(session, actor, key)):
        notify.ask_to_confirm(session, email, _("You asked for alerts about {place}.").format(
            place=place_name(follow.place)), user_id=actor.id, ref=f"follow:{follow.id}")  # fmt: skip
    return follow


def _is_own_account(session: Session, actor: Actor, key: str) -> bool:
    user = session.get(User, actor.id) if actor.signed_in else None
    return user is not None and address_key(user.email) == key


def _rows(follows) -> list[FollowRow]:
    return [FollowRow(f.id, place_name(f.place), f.new_reports, f.fixes, f.frequency, feed_link(f.feed_token))
            for f in follows]


def linked_follows(session: Session, manage: str) -> list[FollowRow]:
    """The follows of the address a manage link was made for (the link is the permission)."""
    return _rows(session.scalars(select(AreaFollow).where(AreaFollow.email == address_key(linked_address(manage)))
                                 .order_by(AreaFollow.id)))  # fmt: skip


def my_follows(session: Session, actor: Actor) -> list[FollowRow]:
    require(actor, Action.VIEW_OWN_ACCOUNT)
    return _rows(session.scalars(select(AreaFollow).where(AreaFollow.user_id == actor.id).order_by(AreaFollow.id)))


def follow_start(session: Session, actor: Actor) -> tuple[str, list[FollowRow]]:
    """What the alerts page opens with: a signed-in person's own address and follows; nothing for a visitor."""
    require(actor, Action.VIEW_PUBLIC)
    if not actor.signed_in:
        return "", []
    return session.get(User, actor.id).email, my_follows(session, actor)


def follow_summary(follow: FollowRow) -> str:
    """One follow as a Markdown line: the place, what it hears about, how often, and its feed."""
    what = {(True, True): _("new reports and fixes"), (True, False): _("new reports"),
            (False, True): _("fixes"), (False, False): ""}[(bool(follow.new_reports), bool(follow.fixes))]  # fmt: skip
    how = _(FREQUENCY_LABELS[follow.frequency]) if follow.frequency in FREQUENCY_LABELS else follow.frequency
    return f"**{follow.place}** · {what} · {how} · " + _("[Atom feed]({link})").format(link=follow.feed_url)


def stop_follow(session: Session, follow_id: int, *, manage: str = "", actor: Actor | None = None) -> None:
    """Stop one follow: its owner signed in, or whoever holds the address's manage link."""
    if actor is not None and actor.signed_in:
        owner = AreaFollow.user_id == actor.id
    else:
        owner = AreaFollow.email == address_key(linked_address(manage))
    session.execute(delete(AreaFollow).where(AreaFollow.id == follow_id, owner))
