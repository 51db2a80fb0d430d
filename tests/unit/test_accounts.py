"""Accounts: creation rules, passwords, role changes, sessions, throttling, privacy."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.accounts import sessions
from portal.accounts import users as accounts
from portal.accounts.models import Role, User
from portal.accounts.passwords import WeakPasswordError, verify_password
from portal.accounts.permissions import SYSTEM, Actor, PermissionDenied
from portal.accounts.users import AccountError
from portal.db import utc_now

GOOD = "Tremont-Lamp-Owl-2931"


def make(session, username, role=Role.RESIDENT):
    user = accounts.create_user(session, SYSTEM, username, f"{username}@example.org", username.title(), role, GOOD)
    session.flush()
    return Actor(user.id, user.username, user.role)


@pytest.fixture
def admin(session):
    return make(session, "ada", Role.ADMIN)


def test_register_makes_a_resident_with_a_bcrypt_hash(session):
    user = accounts.register_resident(session, "  Maria ", "maria@example.org", "Maria", GOOD)
    assert (user.username, user.role) == ("maria", Role.RESIDENT)
    assert user.password_hash.startswith("$2b$") and GOOD not in user.password_hash
    assert verify_password(GOOD, user.password_hash)


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short", "at least 10 characters"),
        ("password123", "too weak"),
        ("é" * 40, "longer than 72 bytes"),  # 80 bytes in UTF-8, only 40 characters
        ("maria-maria-maria", "too weak"),  # built from the username
    ],
)
def test_weak_or_too_long_passwords_are_refused_with_a_reason(session, password, message):
    with pytest.raises(WeakPasswordError, match=message):
        accounts.register_resident(session, "maria", "maria@example.org", "Maria", password)
    assert session.scalar(select(User).where(User.username == "maria")) is None


@pytest.mark.parametrize(
    ("username", "email", "message"),
    [("x", "x@example.org", "3 to 40 characters"), ("bad name", "x@example.org", "3 to 40"),
     ("okname", "not-an-email", "valid email")],
)  # fmt: skip
def test_bad_identity_is_refused(session, username, email, message):
    with pytest.raises(AccountError, match=message):
        accounts.register_resident(session, username, email, "Name", GOOD)


def test_usernames_are_unique(session):
    make(session, "maria")
    with pytest.raises(AccountError, match="taken"):
        accounts.register_resident(session, "MARIA", "m2@example.org", "Maria 2", GOOD)


@pytest.mark.parametrize("role", [Role.RESIDENT, Role.STAFF, Role.COACH])
def test_only_admins_create_accounts_or_change_roles(session, role):
    someone = make(session, f"p-{role.value}", role)
    target = make(session, "target")
    with pytest.raises(PermissionDenied):
        accounts.create_user(session, someone, "newbie", "n@example.org", "N", Role.STAFF, GOOD)
    with pytest.raises(PermissionDenied):
        accounts.set_role(session, someone, target.id, Role.ADMIN)
    with pytest.raises(PermissionDenied):
        accounts.set_active(session, someone, target.id, False)
    with pytest.raises(PermissionDenied):
        accounts.reset_password(session, someone, target.id, GOOD + "x")


def test_a_role_change_ends_older_sign_ins_and_is_audited(session, admin):
    staff = make(session, "sam", Role.STAFF)
    signed_in_at = utc_now()
    assert accounts.current_actor(session, "sam", signed_in_at) == staff
    accounts.set_role(session, admin, staff.id, Role.RESIDENT)
    session.flush()
    assert accounts.current_actor(session, "sam", signed_in_at) is None
    fresh = accounts.current_actor(session, "sam", utc_now())
    assert fresh.role == Role.RESIDENT
    log = accounts.audit_log(session, admin)
    assert any(row.action == "role_changed" and row.detail == "staff → resident" for row in log)


def test_a_password_change_ends_older_sign_ins(session):
    maria = make(session, "maria")
    before = utc_now()
    assert accounts.current_actor(session, "maria", before) == maria
    with pytest.raises(AccountError, match="current password"):
        accounts.change_password(session, maria, "wrong-password", GOOD + "!")
    accounts.change_password(session, maria, GOOD, "Beacon-Hill-Kite-77")
    session.flush()
    assert accounts.current_actor(session, "maria", before) is None


def test_a_sign_in_from_before_the_account_existed_does_not_count(session):
    make(session, "maria")
    assert accounts.current_actor(session, "maria", utc_now() - timedelta(seconds=5)) is None


def test_deactivated_accounts_cannot_sign_in_and_admins_cannot_lock_themselves_out(session, admin):
    maria = make(session, "maria")
    accounts.set_active(session, admin, maria.id, False)
    session.flush()
    assert sessions.sign_in(session, "maria", GOOD).refusal == sessions.WRONG
    assert accounts.current_actor(session, "maria", utc_now()) is None
    with pytest.raises(AccountError, match="your own"):
        accounts.set_active(session, admin, admin.id, False)
    with pytest.raises(AccountError, match="your own admin role"):
        accounts.set_role(session, admin, admin.id, Role.STAFF)


def test_failed_sign_ins_are_throttled_per_username_until_a_success(session):
    make(session, "maria")
    make(session, "joe")
    for _ in range(3):
        accounts.record_sign_in(session, "maria", succeeded=False)
    accounts.record_sign_in(session, "joe", succeeded=False)
    session.flush()
    assert accounts.recent_failures(session) == {"maria": 3, "joe": 1}
    accounts.record_sign_in(session, "maria", succeeded=True)
    session.flush()
    assert accounts.recent_failures(session).get("maria") == 0
    later = utc_now() + accounts.THROTTLE_WINDOW + timedelta(minutes=1)
    assert accounts.recent_failures(session, later) == {}


def test_public_name_needs_opt_in(session):
    maria = make(session, "maria")
    user = session.get(User, maria.id)
    assert accounts.public_name(user) == "a resident"
    accounts.set_public_name(session, maria, True)
    assert accounts.public_name(user) == "Maria"
