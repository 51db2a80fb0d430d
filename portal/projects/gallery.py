"""The public gallery: projects approved for fundraising, with what the public may see of them."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.accounts.users import public_name
from portal.projects.budget import Summary, project_summary
from portal.projects.choices import SPACE_TYPES
from portal.projects.models import Project, ProjectStatus


@dataclass(frozen=True)
class GalleryEntry:
    id: int
    title: str
    summary: str
    space: str
    space_type: str
    neighborhood: str
    latitude: float | None
    longitude: float | None
    proposer: str  # the public name: only people who opted in are named
    budget: Summary
    fundraising_url: str


def gallery(session: Session, neighborhood: str | None = None) -> list[GalleryEntry]:
    """Projects ready to fundraise, newest first; open to everyone, so nothing private goes in."""
    query = select(Project).where(Project.status == ProjectStatus.READY_TO_FUNDRAISE)
    if neighborhood:
        query = query.where(Project.neighborhood == neighborhood)
    return [
        GalleryEntry(p.id, p.title, p.summary, p.space_name, SPACE_TYPES.get(p.space_type, "Other"),
                     p.neighborhood or "", p.latitude, p.longitude, public_name(p.proposer), project_summary(p),
                     p.fundraising_url)
        for p in session.scalars(query.order_by(Project.updated_at.desc(), Project.id.desc()))
    ]  # fmt: skip
