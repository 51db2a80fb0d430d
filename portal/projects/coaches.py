"""Coach profiles: what each coach offers (tags, neighborhoods, languages) and how many projects they can take."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.accounts.models import Role, User
from portal.accounts.permissions import Action, Actor, require
from portal.i18n import N_, _
from portal.maps.geo import boston
from portal.projects.choices import EXPERTISE_TAGS, LANGUAGES
from portal.projects.errors import ProjectError
from portal.projects.models import CoachProfile, Project
from portal.projects.statuses import ACTIVE

MAX_CAPACITY = 20
# Demo coaches' profiles: username → (expertise, neighborhoods, languages, capacity); the accounts are
# `portal.accounts.demo`'s. Only demo-coach knows parks in Dorchester in English, which the e2e project needs.
DEMO_COACH_PROFILES = {
    "demo-coach": (("parks", "gardening", "fundraising"), ("Dorchester", "Roxbury", "Jamaica Plain"),
                   ("English", "Spanish"), 5),
    "demo-coach-thanh": (("food", "events", "outreach", "permits"), ("Dorchester", "South Boston"),
                         ("Vietnamese", "English"), 4),
    "demo-coach-marie": (("youth", "arts", "events"), ("Mattapan", "Hyde Park", "Dorchester"),
                         ("Haitian Creole", "English"), 3),
    "demo-coach-ana": (("construction", "accessibility", "permits", "parks"), ("East Boston", "Roxbury"),
                       ("Portuguese", "Cape Verdean Creole", "Spanish"), 4),
    "demo-coach-wei": (("seniors", "accessibility", "fundraising", "arts"), ("Chinatown", "South End"),
                       ("Chinese", "English"), 3),
}  # fmt: skip


class CoachError(ProjectError):
    """A profile that cannot be saved as given; the message says what to change."""


@dataclass(frozen=True)
class Coach:
    user_id: int
    username: str
    name: str
    expertise: tuple[str, ...]
    neighborhoods: tuple[str, ...]
    languages: tuple[str, ...]
    capacity: int
    active: int  # projects matched, in coaching or waiting for changes

    @property
    def free(self) -> int:
        return max(self.capacity - self.active, 0)


def coach_accounts(session: Session, actor: Actor) -> dict[int, str]:
    """Active coach accounts by id, as "username · name", for choosing whose profile to edit."""
    require(actor, Action.CONFIRM_MATCH)
    rows = session.execute(select(User.id, User.username, User.display_name)
                           .where(User.role == Role.COACH, User.active).order_by(User.username))  # fmt: skip
    return {uid: f"{username} · {name}" for uid, username, name in rows}


def coaches(session: Session) -> list[Coach]:
    """Every active coach with a profile, with their count of active projects."""
    active = dict(session.execute(select(Project.coach_id, func.count(Project.id))
                                  .where(Project.status.in_(ACTIVE)).group_by(Project.coach_id)).all())  # fmt: skip
    rows = session.execute(select(CoachProfile, User).join(User, CoachProfile.user_id == User.id)
                           .where(User.role == Role.COACH, User.active).order_by(User.username))  # fmt: skip
    return [Coach(u.id, u.username, u.display_name, tuple(p.expertise), tuple(p.neighborhoods),
                  tuple(p.languages), p.capacity, active.get(u.id, 0)) for p, u in rows]  # fmt: skip


def coach(session: Session, user_id: int) -> Coach | None:
    return next((c for c in coaches(session) if c.user_id == user_id), None)


def _known(values, allowed, what: str) -> list[str]:
    """The chosen `values` in the list's order; `what` (marked with `N_`) names the list in the refusal."""
    unknown = sorted(set(values) - set(allowed))
    if unknown:
        raise CoachError(_("Unknown {what}: {values}. Choose from the list.").format(what=_(what),
                                                                                   values=", ".join(unknown)))
    return [v for v in allowed if v in set(values)]


def save_profile(session: Session, actor: Actor, user_id: int, expertise, neighborhoods, languages,
                 capacity: int) -> None:  # fmt: skip
    """Create or replace a coach's profile (the programme lead keeps these)."""
    require(actor, Action.CONFIRM_MATCH)
    user = session.get(User, user_id)
    if user is None or user.role != Role.COACH or not user.active:
        raise CoachError(_("Only an active coach account can have a coach profile."))
    if not 1 <= capacity <= MAX_CAPACITY:
        raise CoachError(_("Capacity must be between 1 and {most} active projects.").format(most=MAX_CAPACITY))

    if not languages:
        raise CoachError(_("Choose at least one language the coach speaks."))
    profile = session.scalar(select(CoachProfile).where(CoachProfile.user_id == user_id))
    if profile is None:
        profile = CoachProfile(user_id=user_id)
        session.add(profile)
    profile.expertise = _known(expertise, EXPERTISE_TAGS, N_("expertise"))
    profile.neighborhoods = _known(neighborhoods, boston().names, N_("neighborhoods"))
    profile.languages = _known(languages, LANGUAGES, N_("languages"))
    profile.capacity = capacity
    session.flush()


def ensure_demo_coaches(session: Session) -> None:
    """Demo mode: give each demo coach a profile (once), so the matcher ranks several coaches with
    explanations that differ: by language first, then skills and neighborhoods."""
    accounts = select(User.username, User.id).where(User.username.in_(DEMO_COACH_PROFILES))
    users = dict(session.execute(accounts).all())
    profiled = set(session.scalars(select(CoachProfile.user_id)))
    for username, (expertise, neighborhoods, languages, capacity) in DEMO_COACH_PROFILES.items():
        if username in users and users[username] not in profiled:
            session.add(CoachProfile(user_id=users[username], expertise=list(expertise),
                                     neighborhoods=list(neighborhoods), languages=list(languages),
                                     capacity=capacity))  # fmt: skip
    session.flush()
