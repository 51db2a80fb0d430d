"""Accounts: registering, creating, changing and closing them, with the audit trail admins read.

Every function that changes an account takes the acting person (`Actor`) and checks the rule in
`portal.permissions` itself. Signing in is `portal.accounts.sessions`; this module records the outcome,
counts the failures that throttle it (`recent_failures`) and decides on every run whether a sign-in
still counts (`current_actor`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.accounts.models import AuditEntry, Role, User
from portal.accounts.passwords import check_new_password, hash_password, verify_password
from portal.accounts.permissions import ROLE_NAMES, SYSTEM, Action, Actor, require
from portal.db import utc_now
from portal.display import clean_text
from portal.i18n import LANGUAGES, N_, _
from portal.messages import notify

USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{2,39}$")
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
THROTTLE_FAILURES = 5
THROTTLE_WINDOW = timedelta(minutes=15)
ANONYMOUS_NAME = "a resident"


class AccountError(ValueError):
    """A request about an account that cannot be done; the message is fit to show."""


@dataclass(frozen=True)
class UserRow:
    id: int
    username: str
    display_name: str
    email: str
    role: str
    active: bool
    created_at: datetime


@dataclass(frozen=True)
class AuditRow:
    at: datetime
    action: str
    actor: str
    subject: str
    detail: str


def audit(session: Session, action: str, actor: Actor, subject: User | None = None,
          username: str = "", detail: str = "") -> None:  # fmt: skip
    session.add(AuditEntry(action=action, actor_id=actor.id, subject_id=subject.id if subject else None,
                           username=username or (subject.username if subject else ""), detail=detail))  # fmt: skip


def normalise_username(username: str) -> str:
    return username.strip().lower()


def _validate_identity(session: Session, username: str, email: str, display_name: str) -> None:
    if not USERNAME_PATTERN.match(username):
        raise AccountError(
            _("A username is 3 to 40 characters: lower-case letters, digits, dots, dashes or underscores.")
        )
    if not EMAIL_PATTERN.match(email):
        raise AccountError(_("Please give a valid email address, such as name@example.org."))
    if not 1 <= len(display_name.strip()) <= 80:
        raise AccountError(_("Please give a display name of at most 80 characters."))
    if session.scalar(select(User.id).where(User.username == username)):
        raise AccountError(_("The username “{username}” is taken. Please choose another.").format(username=username))



def _new_user(session: Session, actor: Actor, username: str, email: str, display_name: str,
              role: Role, password: str) -> User:  # fmt: skip
    username, display_name = normalise_username(username), clean_text(display_name)
    _validate_identity(session, username, email.strip(), display_name)
    check_new_password(password, (username, email, display_name))
    user = User(username=username, email=email.strip(), display_name=display_name,
                role=role, password_hash=hash_password(password))  # fmt: skip
    session.add(user)
    session.flush()
    audit(session, "user_created", actor, user, detail=f"role {role}")
    return user


def register_resident(session: Session, username: str, email: str, display_name: str,
                      password: str) -> User:  # fmt: skip
    """Self-service sign-up: always a resident account."""
    user = _new_user(session, SYSTEM, username, email, display_name, Role.RESIDENT, password)
    audit(session, "registered", Actor(user.id, user.username, user.role), user)
    notify.on_registered(session, user)
    return user


def create_user(session: Session, actor: Actor, username: str, email: str, display_name: str,
                role: str, password: str) -> User:  # fmt: skip
    """An admin (or the command line) creates an account of any role."""
    require(actor, Action.MANAGE_USERS)
    return _new_user(session, actor, username, email, display_name, Role(role), password)


def existing_account(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None or user.deleted_at is not None:
        raise AccountError(_("That account does not exist."))
    return user


def set_role(session: Session, actor: Actor, user_id: int, role: str) -> None:
    require(actor, Action.MANAGE_USERS)
    user = existing_account(session, user_id)
    if user.id == actor.id and role != Role.ADMIN:
        raise AccountError(_("You cannot remove your own admin role; ask another admin."))
    old, user.role = user.role, Role(role)
    user.sessions_valid_after = utc_now()
    audit(session, "role_changed", actor, user, detail=f"{old} → {role}")
    notify.on_security_change(session, user, N_("Your role changed from {old} to {new}"), old=ROLE_NAMES[old],
                              new=ROLE_NAMES[user.role])


def set_active(session: Session, actor: Actor, user_id: int, active: bool) -> None:
    """Deactivate or reactivate; accounts are never deleted by admins, so reports keep their history."""
    require(actor, Action.MANAGE_USERS)
    user = existing_account(session, user_id)
    if user.id == actor.id:
        raise AccountError(_("You cannot deactivate your own account."))
    user.active = active
    user.sessions_valid_after = utc_now()
    audit(session, "reactivated" if active else "deactivated", actor, user)


def reset_password(session: Session, actor: Actor, user_id: int, new_password: str) -> None:
    require(actor, Action.MANAGE_USERS)
    user = existing_account(session, user_id)
    _replace_password(session, user, new_password, actor, "password_reset",
                      N_("An admin reset your password"))  # fmt: skip


def set_password_by_link(session: Session, user_id: int, new_password: str) -> None:
    """The emailed reset link was followed (`portal.messages.oneclick` spent it, which is the permission):
    a new password, and every browser signed in before now is signed out."""
    user = existing_account(session, user_id)
    if not user.active:
        raise AccountError(_("This account is deactivated; ask the city to reactivate it."))
    _replace_password(session, user, new_password, Actor(user.id, user.username, user.role),
                      "password_reset_by_email", N_("Your password was reset through an emailed link"))  # fmt: skip


def change_password(session: Session, actor: Actor, old_password: str, new_password: str) -> None:
    require(actor, Action.VIEW_OWN_ACCOUNT)
    user = existing_account(session, actor.id)
    if not verify_password(old_password, user.password_hash):
        raise AccountError(_("Your current password is not right."))
    _replace_password(session, user, new_password, actor, "password_changed", N_("Your password was changed"))


def _replace_password(session: Session, user: User, new_password: str, actor: Actor, event: str,
                      notice: str) -> None:  # fmt: skip
    """The one way a password changes: checked, hashed, every browser signed in before now signed out,
    audited, and the owner told by email (`notice`, marked for translation)."""
    check_new_password(new_password, (user.username, user.email, user.display_name))
    user.password_hash = hash_password(new_password)
    user.sessions_valid_after = utc_now()
    audit(session, event, actor, user)
    notify.on_security_change(session, user, notice)


def set_public_name(session: Session, actor: Actor, show: bool) -> None:
    require(actor, Action.VIEW_OWN_ACCOUNT)
    existing_account(session, actor.id).show_name_publicly = show


def set_language(session: Session, actor: Actor, code: str) -> None:
    """Remember the language this person chose, for their next visit and for the emails sent to them."""
    require(actor, Action.VIEW_OWN_ACCOUNT)
    if code not in LANGUAGES:
        raise ValueError(f"unknown language {code!r}")
    existing_account(session, actor.id).language = code


def saved_language(session: Session, user_id: int) -> str | None:
    """The language a person chose on an earlier visit, if any."""
    return session.scalar(select(User.language).where(User.id == user_id))


def public_name(user: User | None) -> str:
    """The name the public sees: the display name only for people who opted in."""
    if user is None or not user.show_name_publicly or user.deleted_at is not None:
        return ANONYMOUS_NAME
    return user.display_name


def recent_failures(session: Session, now: datetime | None = None) -> dict[str, int]:
    """Per username: failed sign-ins in the throttle window since that username's last success."""
    now = now or utc_now()
    rows = session.execute(
        select(AuditEntry.username, AuditEntry.action)
        .where(AuditEntry.action.in_(("sign_in", "sign_in_failed")), AuditEntry.at > now - THROTTLE_WINDOW)
        .order_by(AuditEntry.at, AuditEntry.id)
    )  # fmt: skip
    failures: dict[str, int] = {}
    for username, action in rows:
        failures[username] = failures.get(username, 0) + 1 if action == "sign_in_failed" else 0
    return failures


def record_sign_in(session: Session, username: str, succeeded: bool) -> None:
    user = session.scalar(select(User).where(User.username == username))
    actor = Actor(user.id, user.username, user.role) if user else Actor(None, username, None)
    audit(session, "sign_in" if succeeded else "sign_in_failed", actor, user, username=username)


def record_sign_out(session: Session, actor: Actor) -> None:
    audit(session, "sign_out", actor, session.get(User, actor.id))


def current_actor(session: Session, username: str, signed_in_at: datetime) -> Actor | None:
    """The actor for a sign-in made at `signed_in_at`, or None if it no longer counts.

    Checked on every run: a deactivated account, or a sign-in older than the user's last password
    or role change (their session version), is signed out; the role always comes from the database.
    """
    user = session.scalar(select(User).where(User.username == username))
    if user is None or not user.active or user.deleted_at is not None:
        return None
    if signed_in_at < user.sessions_valid_after:
        return None
    return Actor(user.id, user.username, user.role)


def list_users(session: Session, actor: Actor) -> list[UserRow]:
    require(actor, Action.MANAGE_USERS)
    users = session.scalars(select(User).where(User.deleted_at.is_(None)).order_by(User.username))
    return [UserRow(u.id, u.username, u.display_name, u.email, u.role, u.active, u.created_at) for u in users]


def audit_log(session: Session, actor: Actor, limit: int = 200) -> list[AuditRow]:
    require(actor, Action.READ_AUDIT_LOG)
    entries = list(session.scalars(select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
                                   .limit(limit)))  # fmt: skip
    ids = {i for e in entries for i in (e.actor_id, e.subject_id) if i is not None}
    usernames = dict(session.execute(select(User.id, User.username).where(User.id.in_(ids))).all())
    return [
        AuditRow(e.at, e.action, usernames.get(e.actor_id, "system" if e.actor_id is None else "?"),
                 usernames.get(e.subject_id, e.username), e.detail)  # fmt: skip
        for e in entries
    ]
