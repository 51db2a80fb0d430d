"""Finding the stored photos of reports (the files themselves live in the photo store)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models import ReportPhoto


def thumbnails_for(session: Session, report_ids: list[int], kind: str | None = None) -> dict[int, str]:
    """Report id -> the thumbnail key of its first photo (of `kind`, if given), for lists and feeds."""
    if not report_ids:
        return {}
    query = select(ReportPhoto.report_id, ReportPhoto.thumbnail_key).where(ReportPhoto.report_id.in_(report_ids))
    if kind:
        query = query.where(ReportPhoto.kind == kind)
    thumbnails: dict[int, str] = {}
    for report_id, key in session.execute(query.order_by(ReportPhoto.id)):
        thumbnails.setdefault(report_id, key)
    return thumbnails
