"""Demo mode: one account per role so anyone can try every page. Never in production.

The demo password is published on the sign-in page on purpose; production mode refuses to start
while any demo account is active (`portal.startup.prepare`).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.accounts.models import Role, User
from portal.accounts.passwords import hash_password

DEMO_PASSWORD = "try-the-boston-demo"
DEMO_USERNAMES = {role: f"demo-{role.value}" for role in Role}
# More coaches beside demo-coach, so Coach matching has a real ranking to explain; their profiles
# (languages, neighborhoods, skills) are in `portal.projects.coaches.DEMO_COACH_PROFILES`.
DEMO_COACHES = {
    "demo-coach-thanh": "Thanh Nguyen (demo coach)",
    "demo-coach-marie": "Marie Joseph (demo coach)",
    "demo-coach-ana": "Ana Fontes (demo coach)",
    "demo-coach-wei": "Wei Chen (demo coach)",
}


def _demo_people() -> dict[str, tuple[Role, str]]:
    """Every demo account: username → (role, display name)."""
    people = {username: (role, f"Demo {role.value}") for role, username in DEMO_USERNAMES.items()}
    return people | {username: (Role.COACH, name) for username, name in DEMO_COACHES.items()}


def ensure_demo_accounts(session: Session) -> None:
    people = _demo_people()
    existing = set(session.scalars(select(User.username).where(User.username.in_(people))))
    missing = [username for username in people if username not in existing]
    # One bcrypt hash for them all: the password is public anyway, and each hash costs a quarter second.
    password_hash = hash_password(DEMO_PASSWORD) if missing else ""
    for username in missing:
        role, name = people[username]
        session.add(User(username=username, email=f"{username}@example.org", role=role, display_name=name,
                         password_hash=password_hash))  # fmt: skip


def active_demo_accounts(session: Session) -> list[str]:
    query = select(User.username).where(User.username.in_(_demo_people()), User.active)
    return sorted(session.scalars(query))
