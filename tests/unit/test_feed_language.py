"""The Atom feeds' own words: a follow's feed in its follower's language, the public feed in English."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from portal.accounts.models import User
from portal.i18n import language
from portal.messages.feeds import follow_feed
from portal.messages.models import AreaFollow
from portal.reports.feed import atom_feed, feed_entries
from tests.unit import recognition_fixtures
from tests.unit.recognition_fixtures import add_report, add_user

pothole = recognition_fixtures.pothole

OPENED = datetime(2026, 6, 1, 12, tzinfo=UTC)


def follow(session, token: str, user_id: int | None = None) -> None:
    session.add(AreaFollow(email=f"{token}@example.org", user_id=user_id, place="Dorchester",
                           neighborhood="Dorchester", feed_token=token))  # fmt: skip
    session.flush()


@pytest.mark.parametrize(("code", "title", "tag", "headline"), [
    ("es", "Boston 311: lo reportado y lo arreglado", 'xml:lang="es"', "Nuevo: "),
    ("zh_Hant", "波士頓 311：報告與修復", 'xml:lang="zh-Hant"', "（報告 "),
])  # fmt: skip
def test_a_follow_feed_speaks_its_followers_language(session, pothole, code, title, tag, headline):
    follower = add_user(session, "lucia")
    session.get(User, follower.id).language = code
    add_report(session, None, pothole, OPENED)
    follow(session, "mine", follower.id)
    atom = follow_feed(session, "mine").decode()
    assert f"<title>{title}</title>" in atom and tag in atom and headline in atom
    assert "reported and fixed" not in atom


def test_a_follow_by_address_alone_and_the_public_feed_are_english(session, pothole):
    add_report(session, None, pothole, OPENED)
    follow(session, "anyone")
    with language("es"):  # whatever the page around it speaks
        by_address = follow_feed(session, "anyone").decode()
    public = atom_feed(feed_entries(session), "https://portal.example").decode()
    for atom in (by_address, public):
        assert "<title>Boston 311: reported and fixed</title>" in atom and 'xml:lang="en"' in atom
        assert "— Dorchester (report " in atom
