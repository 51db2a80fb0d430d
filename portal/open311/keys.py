"""Open311 API keys: an admin issues one to an account; a POST with it files reports as that account.

Only the key's SHA-256 is stored, so a copy of the database gives no working key; the key itself is
shown once, when it is issued. A plain hash is enough (no bcrypt): the key is 256 random bits, not a
password a person chose, so there is nothing to guess. Revoking a key, or deactivating its account,
stops it at once.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.accounts.models import User
from portal.accounts.permissions import Action, Actor, require
from portal.db import utc_now
from portal.i18n import _
from portal.open311.models import ApiKey

LABEL_LIMIT = 80


class ApiKeyError(ValueError):
    """The key cannot be issued or revoked as asked; the message says why."""


@dataclass(frozen=True)
class KeyRow:
    id: int
    label: str
    owner: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


@dataclass(frozen=True)
class KeyHolder:
    key_id: int
    actor: Actor


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def issue_key(session: Session, actor: Actor, owner_id: int, label: str) -> str:
    """A new key for `owner_id`'s account, returned once and never stored."""
    require(actor, Action.MANAGE_API_KEYS)
    label = label.strip()
    if not label or len(label) > LABEL_LIMIT:
        raise ApiKeyError(_("Name the key (who uses it, e.g. the app's name) in 1 to {limit} characters.")
                          .format(limit=LABEL_LIMIT))  # fmt: skip
    owner = session.get(User, owner_id)
    if owner is None or not owner.active or owner.deleted_at is not None:
        raise ApiKeyError(_("Choose an active account to own the key."))
    key = secrets.token_urlsafe(32)
    session.add(ApiKey(key_hash=hash_key(key), label=label, owner_id=owner.id, issued_by=actor.id))
    session.flush()
    return key


def owner_named(session: Session, username: str) -> int:
    """The account a key is issued to, by username: the command line names accounts that way."""
    owner_id = session.scalar(select(User.id).where(User.username == username.strip().lower()))
    if owner_id is None:
        raise ApiKeyError(f"There is no account {username!r}: check the username, or create the account first "
                          "(python -m portal create-user).")  # fmt: skip
    return owner_id


def revoke_key(session: Session, actor: Actor, key_id: int) -> None:
    require(actor, Action.MANAGE_API_KEYS)
    api_key = session.get(ApiKey, key_id)
    if api_key is None:
        raise ApiKeyError(_("There is no such key."))
    api_key.revoked_at = api_key.revoked_at or utc_now()


def list_keys(session: Session, actor: Actor) -> list[KeyRow]:
    require(actor, Action.MANAGE_API_KEYS)
    query = select(ApiKey, User.username).join(User, ApiKey.owner_id == User.id).order_by(ApiKey.id)
    rows = session.execute(query)
    return [KeyRow(k.id, k.label, username, k.created_at, k.last_used_at, k.revoked_at) for k, username in rows]


def owner_choices(session: Session, actor: Actor) -> dict[int, str]:
    """Active accounts that may own a key: id -> "username (role)"."""
    require(actor, Action.MANAGE_API_KEYS)
    rows = session.execute(
        select(User.id, User.username, User.role)
        .where(User.active.is_(True), User.deleted_at.is_(None)).order_by(User.username)
    )  # fmt: skip
    return {user_id: f"{username} ({role})" for user_id, username, role in rows}


def key_holder(session: Session, key: str) -> KeyHolder | None:
    """Who a presented key acts for, or None when it is unknown, revoked or its account is inactive."""
    if not key:
        return None
    row = session.execute(
        select(ApiKey, User).join(User, ApiKey.owner_id == User.id).where(ApiKey.key_hash == hash_key(key))
    ).one_or_none()
    if row is None:
        return None
    api_key, owner = row
    if api_key.revoked_at is not None or not owner.active or owner.deleted_at is not None:
        return None
    api_key.last_used_at = utc_now()
    return KeyHolder(api_key.id, Actor(owner.id, owner.username, owner.role))
