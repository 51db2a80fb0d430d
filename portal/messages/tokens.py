"""One-click links: signed, single-use, expiring, stored hashed.

A link carries `RANDOM.SIGNATURE`: 16 random bytes and an HMAC of them under the install's key (derived
from the cookie key, `config.cookie_key`), so a tampered or made-up link is refused before any lookup.
The table keeps only the SHA-256 of the whole token, its purpose, what it is about and when it dies;
spending it is one conditional UPDATE, so two clicks at once act once.

The manage/unsubscribe link is different: it must keep working for as long as mail arrives, so it is
not stored at all; it carries the address and a signature over it (`manage_token`).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from datetime import datetime, timedelta
from functools import cache

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from portal.config import cookie_key
from portal.db import utc_now
from portal.i18n import _
from portal.messages.models import MessageToken


class Purpose:
    CONFIRM_ADDRESS = "confirm_address"  # an anonymous reporter's or follower's address, or a new account's
    REACT = "react"  # the reporter's "fixed" / "not fixed" on one closure
    RESET_PASSWORD = "reset_password"


LIFETIMES = {
    Purpose.CONFIRM_ADDRESS: timedelta(days=7),
    Purpose.REACT: timedelta(days=30),
    Purpose.RESET_PASSWORD: timedelta(hours=1),
}


class TokenError(ValueError):
    """The link cannot be used; the message says why and what to do instead."""


@cache
def _key(secret: str) -> bytes:
    """The messages' own key, derived from the install's cookie key: one secret to keep, two uses kept apart."""
    return hmac.new(secret.encode(), b"portal messages", hashlib.sha256).digest()


def _sign(text: str) -> str:
    digest = hmac.new(_key(cookie_key()), text.encode(), hashlib.sha256).digest()[:16]
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def issue(session: Session, purpose: str, *, email: str = "", user_id: int | None = None,
          report_id: int | None = None, ref: str = "", now: datetime | None = None) -> str:  # fmt: skip
    """A new link token for `purpose`; the caller puts it in the message, the table keeps its hash."""
    now = now or utc_now()
    random_part = secrets.token_urlsafe(16)
    token = f"{random_part}.{_sign(random_part)}"
    session.add(MessageToken(token_hash=_hash(token), purpose=purpose, email=email, user_id=user_id,
                             report_id=report_id, ref=ref, created_at=now, expires_at=now + LIFETIMES[purpose]))  # fmt: skip
    return token


def check(session: Session, token: str, now: datetime | None = None) -> MessageToken:
    """The live token row for a followed link, or TokenError (tampered, unknown, expired, used)."""
    random_part, _dot, signature = token.strip().partition(".")
    if not random_part or not hmac.compare_digest(_sign(random_part), signature):
        raise TokenError(_("This link is not valid. Please copy the whole link from the email."))
    row = session.scalar(select(MessageToken).where(MessageToken.token_hash == _hash(token.strip())))
    if row is None:
        raise TokenError(_("This link is not valid any more. Please ask for a new email."))
    if row.used_at is not None:
        raise TokenError(_("This link was already used; each link works once."))
    if row.expires_at <= (now or utc_now()):
        raise TokenError(_("This link has expired. Please ask for a new email."))
    return row


def spend(session: Session, row: MessageToken, now: datetime | None = None) -> None:
    """Mark the token used, once: a second click (or a second tab) racing this one gets TokenError."""
    spent = session.execute(
        update(MessageToken).where(MessageToken.id == row.id, MessageToken.used_at.is_(None))
        .values(used_at=now or utc_now()).execution_options(synchronize_session=False)
    ).rowcount  # fmt: skip
    if spent != 1:
        raise TokenError(_("This link was already used; each link works once."))


def manage_token(address: str) -> str:
    """The signed, lasting token of an address's manage/unsubscribe link."""
    encoded = base64.urlsafe_b64encode(address.encode()).decode().rstrip("=")
    return f"{encoded}.{_sign('manage:' + address)}"


def managed_address(token: str) -> str | None:
    """The address a manage link was made for, or None when it is not one of ours."""
    encoded, _, signature = token.strip().partition(".")
    try:
        address = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)).decode()
    except (ValueError, UnicodeDecodeError):
        return None
    return address if hmac.compare_digest(_sign("manage:" + address), signature) else None


def linked_address(token: str) -> str:
    """The manage link's address, the permission to change what it receives; `TokenError` for any other text."""
    address = managed_address(token)
    if address is None:
        raise TokenError(_("This link is not valid. Please copy the whole link from the bottom of one of our emails."))
    return address
