"""People and a complete project for the project tests (imported by the test_projects_* modules)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from portal.accounts.models import Role, User
from portal.accounts.permissions import Actor
from portal.projects.budget import save_budget, template_lines
from portal.projects.coaches import save_profile
from portal.projects.intake import set_location, start_draft, update_field

FIELDS = {
    "title": "Benches for Ronan Park",
    "summary": "Paint the old benches and add two new ones near the playground.",
    "serves": "Families and seniors of the neighborhood",
    "goals": "A shady place to sit and talk",
    "space_name": "Ronan Park",
    "space_type": "park",
    "timeline": "May to July",
    "team": "Five neighbors, twenty volunteers",
    "language": "Spanish",
    "host_agreement": "yes",
    "skills_wanted": ["fundraising", "permits"],
}
RONAN_PARK = (42.3045, -71.0645)  # Dorchester


@dataclass(frozen=True)
class People:
    proposer: Actor
    other_resident: Actor
    coach: Actor
    other_coach: Actor
    admin: Actor


def _user(session, username: str, role: str) -> Actor:
    user = User(username=username, email=f"{username}@example.org", display_name=username.title(), role=role)
    session.add(user)
    session.flush()
    return Actor(user.id, username, role)


@pytest.fixture
def people(session) -> People:
    """Two residents, two coaches with profiles (Ana speaks Spanish and works in Dorchester), an admin."""
    p = People(_user(session, "rosa", Role.RESIDENT), _user(session, "sam", Role.RESIDENT),
               _user(session, "ana", Role.COACH), _user(session, "bob", Role.COACH), _user(session, "lead", Role.ADMIN))  # fmt: skip
    save_profile(
        session, p.admin, p.coach.id, ["parks", "fundraising"], ["Dorchester"], ["English", "Spanish"], 2
    )
    save_profile(session, p.admin, p.other_coach.id, ["arts"], ["Allston"], ["English"], 3)
    session.commit()
    return p


def complete_draft(session, actor: Actor) -> int:
    """A draft with every step filled in, ready to submit."""
    project_id = start_draft(session, actor)
    for field, value in FIELDS.items():
        update_field(session, actor, project_id, field, value)
    set_location(session, actor, project_id, *RONAN_PARK)
    save_budget(session, actor, project_id, template_lines("park"), 10, "ioby")
    session.commit()
    return project_id
