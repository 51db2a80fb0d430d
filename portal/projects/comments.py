"""The conversation between a proposer and their coach (the programme lead may join)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.accounts.permissions import Actor
from portal.i18n import _, format_decimal
from portal.projects.access import involved_project
from portal.projects.errors import ProjectError
from portal.projects.models import ProjectComment

MAX_COMMENT = 4000


@dataclass(frozen=True)
class CommentRow:
    at: datetime
    author: str
    role: str
    body: str


def add_comment(session: Session, actor: Actor, project_id: int, body: str) -> None:
    involved_project(session, actor, project_id)
    body = body.strip()
    if not body or len(body) > MAX_COMMENT:
        raise ProjectError(_("Write a message of 1 to {count} characters.").format(count=format_decimal(MAX_COMMENT)))

    session.add(ProjectComment(project_id=project_id, author_id=actor.id, body=body))
    session.flush()


def thread(session: Session, actor: Actor, project_id: int) -> list[CommentRow]:
    """The messages, oldest first."""
    project = involved_project(session, actor, project_id)
    comments = session.scalars(select(ProjectComment).where(ProjectComment.project_id == project_id)
                               .order_by(ProjectComment.at, ProjectComment.id))  # fmt: skip
    return [CommentRow(c.at, c.author.display_name, "proposer" if c.author_id == project.proposer_id else c.author.role,
                       c.body) for c in comments]  # fmt: skip
