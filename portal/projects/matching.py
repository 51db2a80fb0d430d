"""Ranking coaches for a submitted project, and the match's life: confirm, accept, decline.

The score is a sum of whole points, so ranking is exact and deterministic; ties go to the coach
with more free places, then by name and id. A coach with no free place, or who already declined
this project, is never proposed.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.accounts.permissions import Action, Actor, require
from portal.i18n import _, ngettext
from portal.projects.access import coached_project, get_project
from portal.projects.choices import SPACE_TYPE_TAGS
from portal.projects.coaches import Coach, coaches
from portal.projects.errors import ProjectError
from portal.projects.models import Project, ProjectEvent, ProjectStatus
from portal.projects.statuses import matched_note, move

LANGUAGE_POINTS = 100  # more than all the rest together: speaking the language comes first
NEIGHBORHOOD_POINTS = 25
SKILL_POINTS = 10  # per skill the proposer asked for, at most MAX_SKILLS of them
MAX_SKILLS = 3
SPACE_POINTS = 10  # knows this kind of space
FREE_POINTS = 5  # scaled by the share of places free: spreads the work
MIN_REASON = 5


@dataclass(frozen=True)
class Need:
    language: str
    skills: tuple[str, ...]
    neighborhood: str | None
    space_tag: str | None


@dataclass(frozen=True)
class Match:
    user_id: int
    name: str
    score: int
    explanation: str
    free: int


def need_of(project: Project) -> Need:
    return Need(project.language, tuple(project.skills_wanted), project.neighborhood,
                SPACE_TYPE_TAGS.get(project.space_type))  # fmt: skip


def score(need: Need, coach: Coach) -> Match:
    """Points and a plain explanation: "speaks Spanish · gardening · works in Dorchester · 2 of 5 places free"."""
    points, reasons = 0, []
    if need.language in coach.languages:
        points += LANGUAGE_POINTS
        reasons.append(_("speaks {language}").format(language=_(need.language)))
    else:
        reasons.append(_("does not speak {language}").format(language=_(need.language)))
    skills = [s for s in need.skills if s in coach.expertise][:MAX_SKILLS]
    points += SKILL_POINTS * len(skills)
    if need.space_tag and need.space_tag in coach.expertise:
        points += SPACE_POINTS
        if need.space_tag not in skills:
            skills.append(need.space_tag)
    reasons.extend(_(skill) for skill in skills)
    if need.neighborhood and need.neighborhood in coach.neighborhoods:
        points += NEIGHBORHOOD_POINTS
        reasons.append(_("works in {neighborhood}").format(neighborhood=need.neighborhood))
    points += FREE_POINTS * coach.free // coach.capacity
    reasons.append(ngettext("{free} of {count} place free", "{free} of {count} places free",
                            coach.capacity).format(free=coach.free, count=coach.capacity))
    return Match(coach.user_id, coach.name, points, " · ".join(reasons), coach.free)


def rank(need: Need, candidates: list[Coach], excluded: frozenset[int] = frozenset()) -> list[Match]:
    """Coaches with a free place, best first; `excluded` are those who declined this project."""
    matches = [score(need, c) for c in candidates if c.free > 0 and c.user_id not in excluded]
    return sorted(matches, key=lambda m: (-m.score, -m.free, m.name, m.user_id))


def _declined_by(session: Session, project_id: int) -> frozenset[int]:
    return frozenset(session.scalars(select(ProjectEvent.coach_id).where(
        ProjectEvent.project_id == project_id, ProjectEvent.kind == "match_declined")))  # fmt: skip


def waiting_for_match(session: Session, actor: Actor) -> dict[int, str]:
    """Submitted projects without a coach, oldest first, as id → "title (neighborhood)"."""
    require(actor, Action.CONFIRM_MATCH)
    projects = session.scalars(
        select(Project).where(Project.status == ProjectStatus.SUBMITTED).order_by(Project.id)
    )
    return {p.id: _("{title} ({neighborhood})").format(title=p.title, neighborhood=p.neighborhood or _("no neighborhood"))
            for p in projects}


def suggestions(session: Session, actor: Actor, project_id: int) -> list[Match]:
    require(actor, Action.CONFIRM_MATCH)
    project = get_project(session, project_id)
    return rank(need_of(project), coaches(session), _declined_by(session, project_id))


def confirm_match(session: Session, actor: Actor, project_id: int, coach_id: int) -> Match:
    """The programme lead confirms the top suggestion or overrides it with another free coach."""
    ranked = suggestions(session, actor, project_id)
    chosen = next((m for m in ranked if m.user_id == coach_id), None)
    if chosen is None:
        raise ProjectError(_("That coach has no free place or declined this project; choose one from the list."))
    project = get_project(session, project_id)
    project.coach_id = coach_id
    note = matched_note(chosen.name, chosen.explanation, ranked[0].name if chosen != ranked[0] else None)
    move(session, project, actor, ProjectStatus.MATCHED, "lead", note=note, kind="match")
    return chosen


def accept_match(session: Session, actor: Actor, project_id: int) -> None:
    project = coached_project(session, actor, project_id)
    move(session, project, actor, ProjectStatus.IN_COACHING, "coach", kind="match_accepted")


def decline_match(session: Session, actor: Actor, project_id: int, reason: str) -> None:
    """The coach turns the project down; it goes back to matching and they are not proposed again."""
    project = coached_project(session, actor, project_id)
    if len(reason.strip()) < MIN_REASON:
        raise ProjectError(_("Say briefly why you decline, so the programme lead can find a better match."))
    move(
        session, project, actor, ProjectStatus.SUBMITTED, "coach", note=reason.strip(), kind="match_declined"
    )
    project.coach_id = None
    session.flush()
