"""Server-side sign-in sessions: who is signed in, in which browser, until when.

A sign-in (password checked with bcrypt, failures throttled per username, every attempt in the audit
log) creates a row in `sessions`. The browser then trades a one-time code (`handoff_code`, signed with
the cookie key, valid two minutes) for an opaque random token (`exchange`), which it keeps in an
HttpOnly cookie; the row keeps only the token's SHA-256. Later page loads present the token
(`from_token`) and every script run checks its row again (`live`), so signing out (the row is deleted),
a role or password change and a deactivation (the account's `sessions_valid_after`, as
`users.current_actor` reads it) end the session at once.

Anything that is not a live session's token is simply not found: garbage, a JWT (`alg: none` or any
other, such as streamlit-authenticator's old cookies), an expired or revoked token. Nothing here
raises on what a browser sends.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from portal.accounts.models import SignInSession, User
from portal.accounts.passwords import hash_password, verify_password
from portal.accounts.permissions import ANONYMOUS, Actor
from portal.accounts.users import (
    THROTTLE_FAILURES,
    THROTTLE_WINDOW,
    current_actor,
    normalise_username,
    recent_failures,
    record_sign_in,
    record_sign_out,
)
from portal.config import cookie_key
from portal.i18n import ngettext
from portal.db import utc_now

SESSION_LIFETIME = timedelta(days=7)
HANDOFF_LIFETIME = timedelta(minutes=2)
# A session's "last seen" is written at most this often, so an ordinary script run only reads.
TOUCH_EVERY = timedelta(minutes=5)
TOKEN_BYTES = 32
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{43}$")  # what secrets.token_urlsafe(TOKEN_BYTES) returns
WRONG = "The username or password is not right."


@dataclass(frozen=True)
class SignInOutcome:
    """A sign-in attempt: the new session, or why it was refused (a message fit to show)."""

    session_id: int | None = None
    actor: Actor = ANONYMOUS
    refusal: str = ""


@dataclass(frozen=True)
class LiveSession:
    id: int
    actor: Actor
    has_cookie: bool  # False until the browser has exchanged its one-time code for the cookie


@dataclass(frozen=True)
class Token:
    value: str
    expires_at: datetime


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


@cache
def _decoy_hash() -> str:
    """A hash to check unknown usernames against, so they take as long as known ones."""
    return hash_password(secrets.token_urlsafe(16))


def sign_in(session: Session, username: str, password: str, user_agent: str = "",
            now: datetime | None = None) -> SignInOutcome:  # fmt: skip
    """Check a username and password (exactly as typed) and open a session.

    Returns the refusal rather than raising it, so the caller's transaction keeps the audit entry
    of the failed attempt that the throttle counts.
    """
    now = now or utc_now()
    username = normalise_username(username)
    if recent_failures(session, now).get(username, 0) >= THROTTLE_FAILURES:
        minutes = int(THROTTLE_WINDOW.total_seconds() // 60)
        return SignInOutcome(refusal=ngettext("Too many failed sign-ins for this username. Please wait {count} "
                                              "minute and try again.",
                                              "Too many failed sign-ins for this username. Please wait {count} "
                                              "minutes and try again.", minutes).format(count=minutes))  # fmt: skip
    user = session.scalar(select(User).where(User.username == username, User.active, User.deleted_at.is_(None)))
    if not verify_password(password, user.password_hash if user else _decoy_hash()) or user is None:
        record_sign_in(session, username, succeeded=False)
        return SignInOutcome(refusal=WRONG)
    record_sign_in(session, username, succeeded=True)
    row = SignInSession(user_id=user.id, created_at=now, last_seen_at=now, expires_at=now + SESSION_LIFETIME,
                        user_agent=user_agent[:300])  # fmt: skip
    session.add(row)
    session.execute(delete(SignInSession).where(SignInSession.expires_at <= now))
    session.flush()
    return SignInOutcome(row.id, Actor(user.id, user.username, user.role))


def sign_out(session: Session, session_id: int, actor: Actor) -> None:
    session.execute(delete(SignInSession).where(SignInSession.id == session_id))
    record_sign_out(session, actor)


def live(session: Session, session_id: int, now: datetime | None = None) -> LiveSession | None:
    """This session if it still counts; a dead one (expired, or its account changed) is deleted."""
    row = session.get(SignInSession, session_id)
    return _checked(session, row, now or utc_now()) if row else None


def from_token(session: Session, token: str, now: datetime | None = None) -> LiveSession | None:
    """The live session a cookie's token belongs to, or None for anything else a browser may send."""
    if not TOKEN_PATTERN.match(token):
        return None
    row = session.scalar(select(SignInSession).where(SignInSession.token_hash == token_hash(token)))
    return _checked(session, row, now or utc_now()) if row else None


def _checked(session: Session, row: SignInSession, now: datetime) -> LiveSession | None:
    user = session.get(User, row.user_id)
    actor = current_actor(session, user.username, row.created_at) if user and row.expires_at > now else None
    if actor is None:
        session.delete(row)
        return None
    if now - row.last_seen_at >= TOUCH_EVERY:
        row.last_seen_at = now
    return LiveSession(row.id, actor, row.token_hash is not None)


def handoff_code(session_id: int, now: datetime | None = None) -> str:
    """The one-time code a browser trades for this session's cookie: id and expiry, signed."""
    expires = int(((now or utc_now()) + HANDOFF_LIFETIME).timestamp())
    payload = f"{session_id}.{expires}"
    return f"{payload}.{_signature(payload)}"


def _signature(payload: str) -> str:
    digest = hmac.new(cookie_key().encode(), payload.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def exchange(session: Session, code: str, now: datetime | None = None) -> Token | None:
    """The cookie's token for a valid, unexpired, unused code of a live session; None otherwise.

    A code works once: the token is stored only where none is yet, in one UPDATE, so two
    simultaneous exchanges cannot both hand out a token.
    """
    now = now or utc_now()
    session_id, _, rest = code.partition(".")
    expires, _, signature = rest.partition(".")
    if not (session_id.isascii() and session_id.isdigit() and expires.isascii() and expires.isdigit()):
        return None
    if not hmac.compare_digest(signature.encode(), _signature(f"{session_id}.{expires}").encode()):
        return None
    current = live(session, int(session_id), now)
    if int(expires) < now.timestamp() or current is None or current.has_cookie:
        return None
    token = secrets.token_urlsafe(TOKEN_BYTES)
    stored = session.execute(
        update(SignInSession)
        .where(SignInSession.id == current.id, SignInSession.token_hash.is_(None))
        .values(token_hash=token_hash(token))
    )  # fmt: skip
    if stored.rowcount != 1:
        return None
    return Token(token, session.get(SignInSession, current.id).expires_at)
