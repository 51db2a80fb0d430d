"""Server-side sign-in sessions: sign-in, the one-time code, the cookie's token, expiry, revocation."""

import base64
import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.accounts import personal_data, sessions
from portal.accounts import users as accounts
from portal.accounts.models import AuditEntry, Role, SignInSession, User
from portal.accounts.permissions import SYSTEM, Actor
from portal.db import utc_now

GOOD = "Tremont-Lamp-Owl-2931"


def make(session, username, role=Role.RESIDENT, password=GOOD) -> Actor:
    user = accounts.create_user(session, SYSTEM, username, f"{username}@example.org", username.title(), role,
                                password)  # fmt: skip
    session.flush()
    return Actor(user.id, user.username, user.role)


def signed_in(session, username="maria") -> sessions.SignInOutcome:
    outcome = sessions.sign_in(session, username, GOOD, "Mozilla/5.0 test")
    assert outcome.refusal == ""
    return outcome


def with_cookie(session, username="maria") -> str:
    """Sign in and exchange the code, as the browser does; the cookie's token."""
    token = sessions.exchange(session, sessions.handoff_code(signed_in(session, username).session_id))
    assert token is not None
    return token.value


def jwt(header: dict, claims: dict, signature: str = "") -> str:
    part = lambda value: base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()  # noqa: E731
    return f"{part(header)}.{part(claims)}.{signature}"


def test_a_sign_in_opens_a_session_that_the_exchanged_cookie_finds(session):
    maria = make(session, "maria")
    outcome = signed_in(session)
    assert outcome.actor == maria
    assert sessions.live(session, outcome.session_id) == sessions.LiveSession(outcome.session_id, maria, False)
    token = sessions.exchange(session, sessions.handoff_code(outcome.session_id))
    assert sessions.from_token(session, token.value) == sessions.LiveSession(outcome.session_id, maria, True)
    assert token.expires_at - utc_now() > sessions.SESSION_LIFETIME - timedelta(minutes=1)


def test_only_the_tokens_hash_is_stored(session):
    make(session, "maria")
    token = with_cookie(session)
    row = session.scalar(select(SignInSession))
    assert row.token_hash == sessions.token_hash(token) and len(row.token_hash) == 64
    assert token not in (row.token_hash, row.user_agent) and row.user_agent == "Mozilla/5.0 test"


def test_a_code_works_once(session):
    make(session, "maria")
    code = sessions.handoff_code(signed_in(session).session_id)
    assert sessions.exchange(session, code) is not None
    assert sessions.exchange(session, code) is None


@pytest.mark.parametrize(
    "tamper",
    [
        lambda code, other: "",
        lambda code, other: "garbage",
        lambda code, other: code + "x",
        lambda code, other: code.replace(code.split(".")[0], str(other), 1),  # someone else's session
        lambda code, other: ".".join(code.split(".")[:2]) + ".",
        lambda code, other: "١٢." + code.partition(".")[2],  # Arabic-Indic digits are digits to isdigit()
        lambda code, other: code * 50,
    ],
)
def test_a_tampered_code_is_refused(session, tamper):
    make(session, "maria")
    make(session, "joe")
    mine = signed_in(session, "maria").session_id
    other = signed_in(session, "joe").session_id
    assert sessions.exchange(session, tamper(sessions.handoff_code(mine), other)) is None
    assert not sessions.live(session, other).has_cookie


def test_an_expired_code_is_refused(session):
    make(session, "maria")
    outcome = signed_in(session)
    code = sessions.handoff_code(outcome.session_id)
    later = utc_now() + sessions.HANDOFF_LIFETIME + timedelta(seconds=2)
    assert sessions.exchange(session, code, now=later) is None


@pytest.mark.parametrize(
    "cookie",
    [
        "",
        "garbage",
        "x" * 43,  # the right shape, but no session's
        "é" * 43,
        "a" * 5000,
        jwt({"alg": "none", "typ": "JWT"}, {"username": "demo-admin", "exp_date": 4102444800}),
        jwt({"alg": "HS256", "typ": "JWT"}, {"username": "demo-admin"}, "c2lnbmF0dXJl"),
    ],
)
def test_a_cookie_that_is_no_sessions_token_is_ignored(session, cookie):
    make(session, "maria")
    with_cookie(session)
    assert sessions.from_token(session, cookie) is None


def test_a_changed_token_is_ignored(session):
    make(session, "maria")
    token = with_cookie(session)
    changed = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert sessions.from_token(session, changed) is None
    assert sessions.from_token(session, token) is not None


def test_an_expired_session_is_not_found_and_is_deleted(session):
    make(session, "maria")
    token = with_cookie(session)
    later = utc_now() + sessions.SESSION_LIFETIME + timedelta(seconds=1)
    assert sessions.from_token(session, token, now=later) is None
    session.flush()
    assert session.scalar(select(SignInSession)) is None


def test_signing_out_deletes_the_session(session):
    maria = make(session, "maria")
    token = with_cookie(session)
    found = sessions.from_token(session, token)
    sessions.sign_out(session, found.id, maria)
    assert sessions.from_token(session, token) is None
    assert sessions.live(session, found.id) is None
    assert session.scalar(select(AuditEntry.action).order_by(AuditEntry.id.desc())) == "sign_out"


@pytest.mark.parametrize(
    "change",
    [
        lambda session, admin, maria: accounts.set_role(session, admin, maria.id, Role.STAFF),
        lambda session, admin, maria: accounts.set_active(session, admin, maria.id, False),
        lambda session, admin, maria: accounts.reset_password(session, admin, maria.id, "Beacon-Hill-Kite-77"),
        lambda session, admin, maria: accounts.change_password(session, maria, GOOD, "Beacon-Hill-Kite-77"),
    ],
)
def test_an_account_change_ends_its_sessions_at_once(session, change):
    admin = make(session, "ada", Role.ADMIN)
    maria = make(session, "maria")
    token = with_cookie(session)
    pending = signed_in(session).session_id  # a second browser, before its cookie
    change(session, admin, maria)
    session.flush()
    assert sessions.from_token(session, token) is None
    assert sessions.live(session, pending) is None


def test_last_seen_is_written_only_now_and_then(session):
    make(session, "maria")
    outcome = signed_in(session)
    row = session.get(SignInSession, outcome.session_id)
    first = row.last_seen_at
    sessions.live(session, outcome.session_id, now=first + timedelta(seconds=30))
    assert row.last_seen_at == first
    later = first + sessions.TOUCH_EVERY
    sessions.live(session, outcome.session_id, now=later)
    assert row.last_seen_at == later


@pytest.mark.parametrize(
    ("username", "password"),
    [("maria", "not-the-password"), ("nobody", GOOD), ("maria", f" {GOOD}"), ("maria", "")],
)
def test_a_wrong_sign_in_is_refused_and_counted(session, username, password):
    make(session, "maria")
    outcome = sessions.sign_in(session, username, password)
    assert (outcome.session_id, outcome.refusal) == (None, sessions.WRONG)
    session.flush()
    assert accounts.recent_failures(session) == {username: 1}
    assert session.scalar(select(SignInSession)) is None


def test_five_failures_throttle_the_username_even_with_the_right_password(session):
    make(session, "maria")
    for _ in range(accounts.THROTTLE_FAILURES):
        sessions.sign_in(session, "maria", "not-the-password")
    session.flush()
    assert "Please wait 15 minutes" in sessions.sign_in(session, "Maria ", GOOD).refusal
    later = utc_now() + accounts.THROTTLE_WINDOW + timedelta(seconds=1)
    assert sessions.sign_in(session, "maria", GOOD, now=later).refusal == ""


@pytest.mark.parametrize("password", [f"  {GOOD}", f"{GOOD} ", f" {GOOD} "])
def test_a_password_with_spaces_signs_in_exactly_as_registered(session, password):
    accounts.register_resident(session, "maria", "maria@example.org", "Maria", password)
    session.flush()
    assert sessions.sign_in(session, "maria", password).refusal == ""
    assert sessions.sign_in(session, "maria", password.strip()).refusal == sessions.WRONG


def test_a_deleted_account_cannot_sign_in(session):
    maria = make(session, "maria")
    personal_data.delete_my_account(session, maria, GOOD)
    session.flush()
    assert session.get(User, maria.id).deleted_at is not None
    for username in ("maria", personal_data.deleted_label(maria.id)):
        assert sessions.sign_in(session, username, GOOD).refusal == sessions.WRONG
