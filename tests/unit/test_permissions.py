"""The role × action table: every cell, so a change to a rule is a visible change to this table."""

import pytest

from portal.accounts.permissions import ANONYMOUS, Action, Actor, PermissionDenied, can, require

A, R, S, C, AD = None, "resident", "staff", "coach", "admin"
ALLOWED = {
    Action.VIEW_PUBLIC: {A, R, S, C, AD},
    Action.FILE_REPORT: {A, R, S, C, AD},
    Action.VIEW_OWN_ACCOUNT: {R, S, C, AD},
    Action.WORK_QUEUE: {S, AD},
    Action.SEE_REPORTER_CONTACT: {S, AD},
    Action.UPLOAD_STREETBUMP: {R, S, C, AD},
    Action.MARK_KNOWN_FEATURE: {S, AD},
    Action.PROPOSE_PROJECT: {R, AD},
    Action.REVIEW_PROJECT: {C, AD},
    Action.CONFIRM_MATCH: {AD},
    Action.MANAGE_USERS: {AD},
    Action.READ_AUDIT_LOG: {AD},
    Action.MANAGE_API_KEYS: {AD},
    Action.VIEW_LEADERBOARD: {A, R, S, C, AD},
    Action.VIEW_OWN_POINTS: {R, S, C, AD},
    Action.REVERSE_POINTS: {AD},
}


def actor(role):
    return ANONYMOUS if role is None else Actor(1, f"someone-{role}", role)


def test_the_table_covers_every_action():
    assert set(ALLOWED) == set(Action)


@pytest.mark.parametrize("role", [A, R, S, C, AD])
@pytest.mark.parametrize("action", list(Action))
def test_rule(role, action):
    assert can(actor(role), action) is (role in ALLOWED[action])
    if role in ALLOWED[action]:
        require(actor(role), action)
    else:
        with pytest.raises(PermissionDenied):
            require(actor(role), action)


def test_messages_say_what_to_do():
    with pytest.raises(PermissionDenied, match="You need to sign in to work the staff queue"):
        require(ANONYMOUS, Action.WORK_QUEUE)
    with pytest.raises(PermissionDenied, match="A resident account cannot manage accounts"):
        require(actor(R), Action.MANAGE_USERS)
