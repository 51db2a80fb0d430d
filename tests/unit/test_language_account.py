"""A person's language, saved on their account by the menu and read at their next sign-in."""

from __future__ import annotations

import pytest

from portal.accounts.permissions import ANONYMOUS, Actor, PermissionDenied
from portal.accounts.users import register_resident, saved_language, set_language


def test_language_is_saved_on_the_account(session):
    user = register_resident(session, "ana", "ana@example.org", "Ana", "correct horse battery staple")
    actor = Actor(user.id, user.username, user.role)
    assert saved_language(session, user.id) is None
    set_language(session, actor, "es")
    assert saved_language(session, user.id) == "es"


def test_unknown_language_and_anonymous_are_refused(session):
    user = register_resident(session, "bobo", "bo@example.org", "Bo", "correct horse battery staple")
    with pytest.raises(ValueError, match="unknown language"):
        set_language(session, Actor(user.id, user.username, user.role), "xx")
    with pytest.raises(PermissionDenied):
        set_language(session, ANONYMOUS, "es")
