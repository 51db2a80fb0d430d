"""Who may see or touch one project: the per-object rules on top of the role table.

A proposer reaches only their own projects, a coach only the projects assigned to them, an admin
(the programme lead) every project. Each function raises `PermissionDenied` with a message fit for
a page, so a crafted call or deep link gets nowhere.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from portal.accounts.models import Role
from portal.accounts.permissions import Action, Actor, PermissionDenied, require
from portal.i18n import _
from portal.projects.errors import ProjectError
from portal.projects.models import Project, ProjectStatus

EDITABLE = (ProjectStatus.DRAFT, ProjectStatus.NEEDS_CHANGES)


class ProjectNotFound(ProjectError, LookupError):
    """No such project (or it is not one this person may know about)."""


def get_project(session: Session, project_id: int) -> Project:
    project = session.get(Project, project_id)
    if project is None:
        raise ProjectNotFound(_("Project {id} does not exist. Pick a project from the list.").format(id=project_id))
    return project


def own_project(session: Session, actor: Actor, project_id: int) -> Project:
    """The actor's own project, as its proposer."""
    require(actor, Action.PROPOSE_PROJECT)
    project = get_project(session, project_id)
    if project.proposer_id != actor.id:
        raise PermissionDenied(_("This project belongs to someone else: you can only open your own."))
    return project


def editable_project(session: Session, actor: Actor, project_id: int) -> Project:
    project = own_project(session, actor, project_id)
    if project.status not in EDITABLE:
        raise PermissionDenied(
            _("This project cannot be edited while it is with the coaching team. "
            "You can edit it again if your coach asks for changes.")
        )
    return project


def coached_project(session: Session, actor: Actor, project_id: int) -> Project:
    """A project assigned to the acting coach; the programme lead (admin) may act on any."""
    require(actor, Action.REVIEW_PROJECT)
    project = get_project(session, project_id)
    if actor.role != Role.ADMIN and project.coach_id != actor.id:
        raise PermissionDenied(_("This project is not assigned to you: coaches act only on their own projects."))
    return project


def involved_project(session: Session, actor: Actor, project_id: int) -> Project:
    """A project the actor takes part in: as its proposer, its coach, or the programme lead."""
    project = get_project(session, project_id)
    if not actor.signed_in or (
        actor.role != Role.ADMIN and actor.id not in (project.proposer_id, project.coach_id)
    ):
        raise PermissionDenied(_("Only the proposer and the coach of this project can see its conversation."))
    return project
