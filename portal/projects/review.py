"""The coach's side: their queue, the rubric, and the decision (changes, fundraising, or decline).

A coach reaches only the projects assigned to them (`access.coached_project`); the programme lead
(admin) sees every submitted project. A decline or a request for changes needs words for the proposer.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.accounts.models import Role
from portal.accounts.permissions import Action, Actor, require
from portal.i18n import N_, _, format_decimal
from portal.projects.access import coached_project
from portal.projects.errors import ProjectError
from portal.projects.models import Project, ProjectStatus, RubricScore
from portal.projects.statuses import APPROVED, label, move

RUBRIC = {
    "clear_goal": N_("Clear goal"),
    "community_support": N_("Community support"),
    "feasible_budget": N_("Feasible budget"),
    "host_agreement": N_("Host agreement"),
}
RATINGS = {"not_rated": N_("Not rated"), "not_yet": N_("Not yet"), "partly": N_("Partly"), "yes": N_("Yes")}
MIN_REASON = 5
MAX_NOTE = 4000


@dataclass(frozen=True)
class QueueRow:
    id: int
    title: str
    status: str
    status_label: str
    neighborhood: str
    proposer: str
    updated_at: datetime


def queue(session: Session, actor: Actor, statuses: Iterable[str] = (), neighborhood: str | None = None
          ) -> list[QueueRow]:  # fmt: skip
    """The coach's assigned projects (every non-draft one for the programme lead), oldest change first."""
    require(actor, Action.REVIEW_PROJECT)
    query = (
        select(Project).where(Project.status != ProjectStatus.DRAFT).order_by(Project.updated_at, Project.id)
    )
    if actor.role != Role.ADMIN:
        query = query.where(Project.coach_id == actor.id)
    if statuses := tuple(statuses):
        query = query.where(Project.status.in_(statuses))
    if neighborhood:
        query = query.where(Project.neighborhood == neighborhood)
    return [QueueRow(p.id, p.title, p.status, label(p.status), p.neighborhood or "", p.proposer.display_name,
                     p.updated_at) for p in session.scalars(query)]  # fmt: skip


def rubric(session: Session, actor: Actor, project_id: int) -> dict[str, tuple[str, str]]:
    """criterion → (rating, note) for every criterion, "not_rated" where nothing was said yet."""
    coached_project(session, actor, project_id)
    saved = {s.criterion: (s.rating, s.note)
             for s in session.scalars(select(RubricScore).where(RubricScore.project_id == project_id))}  # fmt: skip
    return {key: saved.get(key, ("not_rated", "")) for key in RUBRIC}


def save_rubric(
    session: Session, actor: Actor, project_id: int, scores: Mapping[str, tuple[str, str]]
) -> None:
    coached_project(session, actor, project_id)
    existing = {
        s.criterion: s
        for s in session.scalars(select(RubricScore).where(RubricScore.project_id == project_id))
    }
    for criterion, (rating, note) in scores.items():
        if criterion not in RUBRIC or rating not in RATINGS:
            raise ProjectError(_("Rate each criterion with one of the options."))
        if len(note) > MAX_NOTE:
            raise ProjectError(_("Rubric notes can be at most {count} characters.").format(count=format_decimal(MAX_NOTE)))

        score = existing.get(criterion) or RubricScore(project_id=project_id, criterion=criterion)
        score.rating, score.note, score.updated_by = rating, note.strip(), actor.id
        session.add(score)
    session.flush()


def _reason(text: str, why: str) -> str:
    text = text.strip()
    if len(text) < MIN_REASON or len(text) > MAX_NOTE:
        raise ProjectError(why)
    return text


def request_changes(session: Session, actor: Actor, project_id: int, what: str) -> None:
    project = coached_project(session, actor, project_id)
    note = _reason(what, _("Say what the proposer should change: they will read it."))
    move(session, project, actor, ProjectStatus.NEEDS_CHANGES, "coach", note=note)


def approve(session: Session, actor: Actor, project_id: int, fundraising_url: str = "") -> None:
    """Ready to fundraise; the link to the fundraising page (https) can be given now or left empty."""
    project = coached_project(session, actor, project_id)
    url = fundraising_url.strip()
    if url and (not url.startswith("https://") or len(url) > 300 or any(c.isspace() for c in url)):
        raise ProjectError(_("The fundraising link must be a web address starting with https://."))
    project.fundraising_url = url
    move(session, project, actor, ProjectStatus.READY_TO_FUNDRAISE, "coach", note=APPROVED)


def decline(session: Session, actor: Actor, project_id: int, reason: str) -> None:
    project = coached_project(session, actor, project_id)
    note = _reason(reason, _("Declining needs a reason: the proposer will read it."))
    move(session, project, actor, ProjectStatus.DECLINED, "coach", note=note)
