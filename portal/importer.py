"""Loading Boston 311 CSVs into the database: in bulk, in one transaction, idempotent on the case id.

A re-import of the same file adds nothing; a newer export of the same cases updates what changed
(status, closed time, closure reason) and records that change in each report's history.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from h3.api import basic_int as h3
import pandas as pd
from sqlalchemy import Engine, insert, select, update
from sqlalchemy.orm import Session

from portal.boston311 import Chunk, Reject, read_chunks, write_rejects
from portal.db import transaction
from portal.geo import Neighborhoods, boston
from portal.models import Report, ReportEvent, ServiceType, utc_now

Progress = Callable[[int, int], None]
PUBLIC_ID_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O or 1/I to misread over the phone
# SQLite allows at most 32,766 bound parameters in one statement.
LOOKUP_BATCH = 10_000


@dataclass
class ImportSummary:
    read: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    not_geocoded: int = 0

    def lines(self) -> list[str]:
        return [
            f"rows read:     {self.read}",
            f"inserted:      {self.inserted}",
            f"updated:       {self.updated}",
            f"unchanged:     {self.unchanged}",
            f"rejected:      {self.rejected}",
            f"not geocoded:  {self.not_geocoded}",
        ]


def new_public_id() -> str:
    return "".join(secrets.choice(PUBLIC_ID_ALPHABET) for _ in range(10))


def import_311(
    engine: Engine,
    path: Path,
    rejects_path: Path | None = None,
    progress: Progress | None = None,
    neighborhoods: Neighborhoods | None = None,
) -> ImportSummary:
    """Import a Boston 311 CSV (.csv or .csv.gz); all of it or, on a malformed file, none of it."""
    summary = ImportSummary()
    rejects: list[Reject] = []
    with transaction(engine) as session:
        types = _ServiceTypes(session)
        for chunk, done, total in read_chunks(path, neighborhoods or boston()):
            _store_chunk(session, types, chunk, summary)
            rejects.extend(chunk.rejects)
            if progress:
                progress(done, total)
    summary.rejected = len(rejects)
    summary.read = summary.inserted + summary.updated + summary.unchanged + summary.rejected
    if rejects_path is not None:
        write_rejects(rejects_path, rejects)
    return summary


class _ServiceTypes:
    """Finds or creates service types by (subject, reason, type), one query per new batch."""

    def __init__(self, session: Session) -> None:
        self.session = session
        rows = session.execute(
            select(ServiceType.subject, ServiceType.reason, ServiceType.name, ServiceType.id)
        )
        self.ids = {(s, r, n): i for s, r, n, i in rows}

    def ids_for(self, frame: pd.DataFrame) -> pd.Series:
        keys = list(zip(frame["subject"], frame["reason"], frame["type"]))
        departments = dict(zip(keys, frame["department"]))
        new = [key for key in dict.fromkeys(keys) if key not in self.ids]
        if new:
            inserted = self.session.scalars(
                insert(ServiceType).returning(ServiceType.id, sort_by_parameter_order=True),
                [
                    {"subject": s, "reason": r, "name": n, "department": departments[(s, r, n)]}
                    for s, r, n in new
                ],
            )
            self.ids.update(zip(new, inserted))
        return pd.Series([self.ids[key] for key in keys], index=frame.index)


def _store_chunk(session: Session, types: _ServiceTypes, chunk: Chunk, summary: ImportSummary) -> None:
    frame = chunk.records
    if frame.empty:
        return
    frame = frame.assign(service_type_id=types.ids_for(frame))
    existing = _existing(session, frame["case_id"].tolist())
    is_new = ~frame["case_id"].isin(existing.keys())
    fresh = frame[is_new]
    summary.not_geocoded += int(fresh["lat"].isna().sum())
    if not fresh.empty:
        session.execute(insert(Report), _report_rows(fresh))
        summary.inserted += len(fresh)
    _update_changed(session, frame[~is_new], existing, summary)


def _existing(session: Session, case_ids: list[str]) -> dict[str, tuple]:
    """Case id -> (report id, status, closed_at, closure_reason) for the cases already stored."""
    found = {}
    for start in range(0, len(case_ids), LOOKUP_BATCH):
        batch = case_ids[start : start + LOOKUP_BATCH]
        rows = session.execute(
            select(Report.external_case_id, Report.id, Report.status, Report.closed_at,
                   Report.closure_reason)
            .where(Report.external_case_id.in_(batch))
        )  # fmt: skip
        found.update((case_id, tuple(rest)) for case_id, *rest in rows)
    return found


def _update_changed(
    session: Session, seen: pd.DataFrame, existing: dict[str, tuple], summary: ImportSummary
) -> None:
    updates, events = [], []
    now = utc_now()
    for row in seen.itertuples():
        report_id, *old = existing[row.case_id]
        closed_at = None if pd.isna(row.closed) else row.closed.to_pydatetime()
        if old == [row.status, closed_at, row.closure_reason]:
            summary.unchanged += 1
            continue
        updates.append({"id": report_id, "status": row.status, "closed_at": closed_at,
                        "closure_reason": row.closure_reason, "updated_at": now})  # fmt: skip
        events.append({"report_id": report_id, "at": now, "kind": "imported_update",
                       "from_status": old[0], "to_status": row.status,
                       "note": "Updated from the city's open-data export."})  # fmt: skip
    if updates:
        session.execute(update(Report), updates)
        session.execute(insert(ReportEvent), events)
        summary.updated += len(updates)


def _h3_cells(lat: float, lon: float, located: bool) -> dict[str, int | None]:
    if not located:
        return {"h3_r8": None, "h3_r9": None}
    cell = h3.latlng_to_cell(lat, lon, 9)
    return {"h3_r8": h3.cell_to_parent(cell, 8), "h3_r9": cell}


def _report_rows(frame: pd.DataFrame) -> list[dict]:
    now = utc_now()
    rows = []
    for r in frame.itertuples():
        located = not pd.isna(r.lat)
        rows.append(
            {
                "public_id": new_public_id(),
                "external_case_id": r.case_id,
                "service_type_id": int(r.service_type_id),
                "title": r.title,
                "status": r.status,
                "closure_reason": r.closure_reason,
                "opened_at": r.opened.to_pydatetime(),
                "target_at": None if pd.isna(r.target) else r.target.to_pydatetime(),
                "closed_at": None if pd.isna(r.closed) else r.closed.to_pydatetime(),
                "latitude": float(r.lat) if located else None,
                "longitude": float(r.lon) if located else None,
                **_h3_cells(r.lat, r.lon, located),
                "neighborhood": None if pd.isna(r.neighborhood) else r.neighborhood,
                "address": r.address,
                "source": r.source,
                "description": "",
                "updated_at": now,
            }
        )
    return rows
