"""Whose phones an upload's jolts count as: Street Bump's K is distinct contributors, not strings in a file.

A resident's device ids are whatever they typed, so every upload from one account is one device
(`user:<id>`) and, at any one spot, one pass however often it claims to have driven by. Only data the
city vouches for keeps the file's device ids and counts repeated drives: uploads by staff or admins,
the command line (which runs as the system), and uploads carrying a device token an admin registered
for a fleet phone or vehicle. Tokens are shown once; only their SHA-256 is stored.
"""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.accounts.models import Role
from portal.accounts.permissions import Action, Actor, require
from portal.db import utc_now
from portal.display import clean_text
from portal.i18n import _
from portal.streetbump.models import DeviceToken

RESIDENT_DEVICE_PREFIX = "user:"
LABEL_LIMIT = 120
_FLEET_ROLES = frozenset({Role.STAFF, Role.ADMIN})


class UploadRefused(ValueError):
    """The upload was not stored; the message says why and what to do."""


class DeviceTokenError(ValueError):
    """A device token cannot be registered or revoked as asked; the message says why."""


def _digest(token: str) -> str:
    return hashlib.sha256(token.strip().encode()).hexdigest()


def register_device_token(session: Session, actor: Actor, label: str) -> str:
    """A new token for one fleet device; returns it in plain text, the only time anyone sees it."""
    require(actor, Action.MANAGE_USERS)
    label = clean_text(label)
    if not label:
        raise DeviceTokenError(_("Please name the device (say, “Public Works truck 12”) so its token can be revoked."))
    token = secrets.token_urlsafe(32)
    session.add(DeviceToken(label=label[:LABEL_LIMIT], token_hash=_digest(token), created_by=actor.id))
    session.flush()
    return token


def revoke_device_token(session: Session, actor: Actor, token_id: int) -> None:
    require(actor, Action.MANAGE_USERS)
    device = session.get(DeviceToken, token_id)
    if device is None:
        raise DeviceTokenError(f"There is no device token {token_id}.")
    device.revoked_at = device.revoked_at or utc_now()


def is_registered_device(session: Session, token: str) -> bool:
    if not token.strip():
        return False
    active = select(DeviceToken.revoked_at.is_(None)).where(DeviceToken.token_hash == _digest(token))
    return bool(session.scalar(active))


def contributing_device(session: Session, actor: Actor, device_token: str = "") -> str | None:
    """The one device id an upload's rows count as, or None to keep the file's own (fleet data)."""
    if device_token.strip() and not is_registered_device(session, device_token):
        raise UploadRefused(
            _("That device token is not registered, or it was revoked. Check it with the admin who issued it, "
              "or upload without a token.")
        )
    if actor.role in _FLEET_ROLES or device_token.strip():
        return None
    return f"{RESIDENT_DEVICE_PREFIX}{actor.id}"
