"""The stored photos of reports: their rows, and files that live exactly as long as their rows.

The files live in the photo store, outside the database transaction, so a photo written before a
failed commit would otherwise stay behind with no row pointing at it.
"""

from __future__ import annotations

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from portal.reports.models import ReportPhoto
from portal.reports.photostore import PhotoStore

_WRITTEN = "photo_files_written"


def put_with_rollback(session: Session, store: PhotoStore, key: str, data: bytes, content_type: str) -> None:
    """Store a file now and delete it again if `session`'s transaction rolls back instead of committing."""
    if _WRITTEN not in session.info:
        session.info[_WRITTEN] = []
        event.listen(session, "after_commit", _forget_written)
        event.listen(session, "after_rollback", _delete_written)
    store.put(key, data, content_type)
    session.info[_WRITTEN].append((store, key))


def _forget_written(session: Session) -> None:
    session.info[_WRITTEN].clear()


def _delete_written(session: Session) -> None:
    for store, key in session.info[_WRITTEN]:
        store.delete(key)
    session.info[_WRITTEN].clear()


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
