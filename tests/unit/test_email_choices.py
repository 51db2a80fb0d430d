"""Who may change which emails an address gets: its owner signed in, or whoever holds the address's manage
link; a made-up link changes nothing. And how a follow reads in the lists."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.accounts.models import Role, User
from portal.accounts.permissions import ANONYMOUS, Actor
from portal.db import session_factory, transaction
from portal.i18n import language
from portal.messages.alerts import (
    FollowError,
    FollowRow,
    follow_area,
    follow_start,
    follow_summary,
    linked_follows,
    stop_follow,
)
from portal.messages.models import AreaFollow, OutboxMessage
from portal.messages.preferences import linked_preferences, my_preferences, save_linked_preferences
from portal.messages.tokens import TokenError, linked_address, manage_token


@pytest.fixture
def rosa(engine) -> Actor:
    """A resident with one follow of her own; a stranger's follow beside it."""
    with transaction(engine) as session:
        user = User(username="rosa", email="rosa@example.org", display_name="Rosa", role=Role.RESIDENT)
        session.add(user)
        session.flush()
        session.add_all([AreaFollow(email="rosa@example.org", user_id=user.id, place="Fenway", feed_token="r"),
                         AreaFollow(email="x@example.org", place="Roxbury", feed_token="x")])  # fmt: skip
        return Actor(user.id, user.username, user.role)


def places(engine) -> list[str]:
    with session_factory(engine)() as session:
        return sorted(session.scalars(select(AreaFollow.place)))


def test_the_manage_link_reads_and_changes_its_own_address_only(engine, rosa):
    link = manage_token("rosa@example.org")
    assert linked_address(link) == "rosa@example.org"
    with transaction(engine) as session:
        save_linked_preferences(session, link, {"area_alerts"}, True)
    with session_factory(engine)() as session:
        chosen = linked_preferences(session, link)
        assert (chosen.muted, chosen.digest) == ({"area_alerts"}, True) and my_preferences(session, rosa) == chosen
        follows = linked_follows(session, link)
        stranger = session.scalar(select(AreaFollow.id).where(AreaFollow.place == "Roxbury"))
    assert [f.place for f in follows] == ["Fenway"]
    with transaction(engine) as session:
        stop_follow(session, stranger, manage=link)  # not this address's follow: nothing happens
        stop_follow(session, follows[0].id, manage=link)
    assert places(engine) == ["Roxbury"]


@pytest.mark.parametrize("link", ["", "garbage", manage_token("x@example.org").split(".")[0] + ".forged"])
def test_a_made_up_manage_link_is_refused(engine, rosa, link):
    with pytest.raises(TokenError), transaction(engine) as session:
        save_linked_preferences(session, link, set(), True)
    with pytest.raises(TokenError), session_factory(engine)() as session:
        linked_follows(session, link)
    with pytest.raises(TokenError), transaction(engine) as session:
        stop_follow(session, 1, manage=link)
    assert places(engine) == ["Fenway", "Roxbury"]


def test_the_alerts_page_starts_from_the_visitors_own_address_and_follows(engine, rosa):
    with session_factory(engine)() as session:
        assert follow_start(session, ANONYMOUS) == ("", [])
        address, mine = follow_start(session, rosa)
    assert address == "rosa@example.org" and [f.place for f in mine] == ["Fenway"]
    with transaction(engine) as session:
        stop_follow(session, mine[0].id, actor=rosa)
    assert places(engine) == ["Roxbury"]


@pytest.mark.parametrize(("new_reports", "fixes", "frequency", "expected"), [
    (True, True, "daily", "**Fenway** · new reports and fixes · One daily digest · [Atom feed](/f.atom)"),
    (True, False, "immediate", "**Fenway** · new reports · At once · [Atom feed](/f.atom)"),
    (False, True, "weekly", "**Fenway** · fixes · weekly · [Atom feed](/f.atom)"),
])  # fmt: skip
def test_a_follow_reads_as_one_line(new_reports, fixes, frequency, expected):
    assert follow_summary(FollowRow(1, "Fenway", new_reports, fixes, frequency, "/f.atom")) == expected


@pytest.mark.parametrize(("where", "message"), [
    ({"neighborhood": ""}, "Choose a neighborhood from the list"),
    ({"neighborhood": "Atlantis"}, "Choose a neighborhood from the list"),
    ({"address": "  "}, "could not find that address"),
    ({"address": "86 Annunciation Rd", "radius_m": 10}, "Choose a radius"),
])  # fmt: skip
def test_a_follow_needs_a_real_place(session, where, message):
    with pytest.raises(FollowError, match=message):
        follow_area(session, ANONYMOUS, "near@example.org", **where)


def test_a_follow_around_an_address_reads_in_the_followers_language_and_is_stored_in_english(engine):
    with transaction(engine) as session, language("es"):
        follow_area(session, ANONYMOUS, "near@example.org", address="86 Annunciation Rd", radius_m=1_000)
    with session_factory(engine)() as session:
        letter = session.scalar(select(OutboxMessage.text_body).where(OutboxMessage.kind == "confirm_address"))
        with language("es"):
            shown = [f.place for f in linked_follows(session, manage_token("near@example.org"))]
    assert places(engine) == ["1000 m around 86 Annunciation Rd, Mission Hill"]
    assert shown == ["1.000 m alrededor de 86 Annunciation Rd, Mission Hill"]
    assert "Pidió alertas sobre 1.000 m alrededor de 86 Annunciation Rd, Mission Hill." in letter
