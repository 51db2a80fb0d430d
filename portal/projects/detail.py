"""One project as plain values for the pages: the proposal, its budget, its history."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from portal.accounts.permissions import Actor
from portal.projects.access import editable_project, involved_project
from portal.projects.budget import Summary, project_summary
from portal.projects.choices import HOST_AGREEMENT, SPACE_TYPES
from portal.projects.models import Project, ProjectStatus
from portal.projects.statuses import HistoryRow, history, label


@dataclass(frozen=True)
class ProjectDetail:
    id: int
    status: str
    status_label: str
    title: str
    summary: str
    serves: str
    goals: str
    timeline: str
    team: str
    space_name: str
    space_type: str
    latitude: float | None
    longitude: float | None
    neighborhood: str | None
    skills_wanted: tuple[str, ...]
    language: str
    host_agreement: str
    contingency_percent: int
    platform: str
    fundraising_url: str
    proposer: str
    coach: str
    budget: Summary
    history: tuple[HistoryRow, ...]

    @property
    def space_type_label(self) -> str:
        return SPACE_TYPES.get(self.space_type, "—")

    @property
    def host_agreement_label(self) -> str:
        return HOST_AGREEMENT.get(self.host_agreement, "—")

    @property
    def last_decision(self) -> str:
        """What the coach said with the latest request for changes or decline, for the proposer to read."""
        if self.status in (ProjectStatus.NEEDS_CHANGES, ProjectStatus.DECLINED) and self.history:
            return self.history[-1].note
        return ""


def detail_of(project: Project) -> ProjectDetail:
    return ProjectDetail(
        project.id, project.status, label(project.status), project.title, project.summary, project.serves,
        project.goals, project.timeline, project.team, project.space_name, project.space_type, project.latitude,
        project.longitude, project.neighborhood, tuple(project.skills_wanted), project.language,
        project.host_agreement, project.contingency_percent, project.platform, project.fundraising_url,
        project.proposer.display_name, project.coach.display_name if project.coach else "",
        project_summary(project), tuple(history(project)),
    )  # fmt: skip


def project_detail(session: Session, actor: Actor, project_id: int) -> ProjectDetail:
    """For the proposer, the assigned coach or the programme lead only."""
    return detail_of(involved_project(session, actor, project_id))


def draft_detail(session: Session, actor: Actor, project_id: int) -> ProjectDetail:
    """For the intake form: the proposer's own project, while it may be edited."""
    return detail_of(editable_project(session, actor, project_id))
