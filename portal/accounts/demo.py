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


def ensure_demo_accounts(session: Session) -> None:
    existing = set(session.scalars(select(User.username).where(User.username.in_(DEMO_USERNAMES.values()))))
    for role, username in DEMO_USERNAMES.items():
        if username not in existing:
            session.add(
                User(username=username, email=f"{username}@example.org", role=role,
                     display_name=f"Demo {role.value}", password_hash=hash_password(DEMO_PASSWORD))
            )  # fmt: skip


def active_demo_accounts(session: Session) -> list[str]:
    query = select(User.username).where(User.username.in_(DEMO_USERNAMES.values()), User.active)
    return sorted(session.scalars(query))
