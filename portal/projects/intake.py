"""The proposer's side: drafts saved field by field, the steps of the form, validation, submission.

Every field is saved as soon as it is typed, valid or not, so leaving the page or a failed step
loses nothing; validation runs when the proposer moves on and again on submission.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.accounts.permissions import Action, Actor, PermissionDenied, require
from portal.display import strip_bidi_controls
from portal.i18n import N_, _, format_decimal, ngettext
from portal.maps.geo import boston, check_in_city
from portal.projects.access import EDITABLE, editable_project
from portal.projects.budget import project_lines
from portal.projects.choices import EXPERTISE_TAGS, HOST_AGREEMENT, LANGUAGES, SPACE_TYPES
from portal.projects.errors import ProjectError
from portal.projects.models import Project, ProjectEvent, ProjectStatus
from portal.projects.statuses import BACK_TO_COACH, label, move

# field → (label, fewest characters, most characters)
TEXT_FIELDS = {
    "title": (N_("Project title"), 3, 120),
    "summary": (N_("What the project is"), 20, 4000),
    "serves": (N_("Who it serves"), 10, 2000),
    "goals": (N_("Goals"), 10, 2000),
    "space_name": (N_("Name of the space"), 2, 120),
    "timeline": (N_("Timeline"), 5, 2000),
    "team": (N_("Team and volunteers"), 5, 2000),
}
CHOICE_FIELDS = {"space_type": SPACE_TYPES, "language": LANGUAGES, "host_agreement": HOST_AGREEMENT}
# Marked for the template, shown with `_()`.
STEPS = (N_("The idea"), N_("The space"), N_("People and plan"), N_("Budget"), N_("Review and submit"))
STEP_FIELDS = (("title", "summary", "serves", "goals"), ("space_name",), ("timeline", "team"), (), ())
MAX_OPEN_DRAFTS = 10


class IntakeError(ProjectError):
    """What still stops a submission, as messages a proposer can act on."""


@dataclass(frozen=True)
class ProjectRow:
    id: int
    title: str
    status: str
    status_label: str
    coach: str
    updated_at: datetime
    editable: bool


def start_draft(session: Session, actor: Actor) -> int:
    require(actor, Action.PROPOSE_PROJECT)
    drafts = session.scalar(select(func.count(Project.id)).where(
        Project.proposer_id == actor.id, Project.status == ProjectStatus.DRAFT))  # fmt: skip
    if drafts >= MAX_OPEN_DRAFTS:
        raise PermissionDenied(ngettext(
            "You already have {count} draft. Finish or submit it before starting another.",
            "You already have {count} drafts. Finish or submit one before starting another.", drafts
        ).format(count=drafts))
    project = Project(proposer_id=actor.id, title="Untitled project")
    project.events.append(ProjectEvent(kind="created", actor_id=actor.id, to_status=ProjectStatus.DRAFT))
    session.add(project)
    session.flush()
    return project.id


def my_projects(session: Session, actor: Actor) -> list[ProjectRow]:
    """The actor's own projects, newest change first: a proposer never sees anyone else's drafts."""
    require(actor, Action.PROPOSE_PROJECT)
    projects = session.scalars(
        select(Project)
        .where(Project.proposer_id == actor.id)
        .order_by(Project.updated_at.desc(), Project.id.desc())
    )
    return [ProjectRow(p.id, p.title, p.status, label(p.status), p.coach.display_name if p.coach else "",
                       p.updated_at, p.status in EDITABLE) for p in projects]  # fmt: skip


def update_field(session: Session, actor: Actor, project_id: int, field: str, value) -> None:
    """Save one field of the form as typed; only shape and length are checked here."""
    project = editable_project(session, actor, project_id)
    if field in TEXT_FIELDS:
        name, _least, most = TEXT_FIELDS[field]
        value = strip_bidi_controls(str(value or ""))
        if len(value) > most:
            raise IntakeError(_("{field} can be at most {count} characters.").format(field=_(name),
                                                                                      count=format_decimal(most)))
    elif field in CHOICE_FIELDS:
        if value not in CHOICE_FIELDS[field]:
            raise IntakeError(_("Choose one of the options in the list."))
    elif field == "skills_wanted":
        value = [tag for tag in EXPERTISE_TAGS if tag in set(value or ())]
    else:
        raise IntakeError(f"There is no field called {field!r}.")
    setattr(project, field, value)
    session.flush()


def set_location(session: Session, actor: Actor, project_id: int, lat: float, lon: float) -> str | None:
    """Place the space; a point outside Boston is refused. Returns the neighborhood found there."""
    project = editable_project(session, actor, project_id)
    check_in_city(lat, lon)
    project.latitude, project.longitude = round(lat, 6), round(lon, 6)
    project.neighborhood = boston().name_at(lat, lon)
    session.flush()
    return project.neighborhood


def step_errors(project: Project, step: int) -> list[str]:
    """What is missing or wrong in one step of the form (0-based), in the order of its fields."""
    errors = []
    for field in STEP_FIELDS[step]:
        name, fewest, most = TEXT_FIELDS[field]
        if not fewest <= len(getattr(project, field).strip()) <= most:
            errors.append(_("{field}: write between {fewest} and {most} characters.").format(
                field=_(name), fewest=fewest, most=format_decimal(most)))
    if step == 1:
        if project.space_type not in SPACE_TYPES:
            errors.append(_("Type of space: choose one."))
        if project.latitude is None or project.longitude is None:
            errors.append(_("Location: enter where the space is (latitude and longitude inside Boston)."))
    if step == 3 and not any(not line.in_kind for line in project_lines(project.items)):
        errors.append(_("Budget: add at least one cash line, or start from a template."))
    return errors


def all_errors(project: Project) -> list[str]:
    return [f"{_(STEPS[step])} · {error}" for step in range(len(STEPS)) for error in step_errors(project, step)]


def submit(session: Session, actor: Actor, project_id: int) -> ProjectStatus:
    """Send a complete draft to matching, or the requested changes back to the coach."""
    project = editable_project(session, actor, project_id)
    if errors := all_errors(project):
        raise IntakeError(*errors)
    if project.status == ProjectStatus.DRAFT:
        move(session, project, actor, ProjectStatus.SUBMITTED, "proposer")
    else:
        move(
            session,
            project,
            actor,
            ProjectStatus.IN_COACHING,
            "proposer",
            note=BACK_TO_COACH,
        )
    return ProjectStatus(project.status)
