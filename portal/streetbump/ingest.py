"""Running a Street Bump upload through detection, with or without the database.

`detect` is the dry run behind `python -m portal bump-detect`; `ingest` stores the jolts and where
the phones drove, then re-detects spots around the upload and acts on them (see `spots`). Storing is
keyed on (device, time), so the same file uploaded twice adds nothing the second time. Whose device a
row counts as is decided first (see `devices`), and each account may upload only so often an hour.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import Insert, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from portal.accounts.limits import next_hour, take_hourly_slot
from portal.accounts.permissions import Action, Actor, require
from portal.config import bump_uploads_per_hour
from portal.db import utc_now
from portal.i18n import _, format_time, ngettext
from portal.streetbump.clustering import Rules, spots_from_jolts
from portal.streetbump.coverage import cells_r10, drive_cells
from portal.streetbump.devices import UploadRefused, contributing_device
from portal.streetbump.formats import JOLTS, Upload
from portal.streetbump.jolts import JOLT_COLUMNS, assign_trips, detect_jolts
from portal.streetbump.models import DriveCoverage, JoltEvent
from portal.streetbump.spots import SpotOutcome, refresh_spots

Progress = Callable[[float, str], None]
# Spots are re-detected from the stored jolts in the upload's bounding box plus this margin (about
# 200 m), wide enough that no spot at the edge is cut in two.
AREA_MARGIN_DEG = 0.002
INSERT_BATCH = 5_000


@dataclass
class IngestSummary:
    format: str
    rows_read: int
    rejected: int
    jolts_found: int
    jolts_new: int = 0
    spots: SpotOutcome = field(default_factory=SpotOutcome)

    def lines(self) -> list[str]:
        return [
            f"format:             {self.format}",
            f"rows read:          {self.rows_read}",
            f"rejected:           {self.rejected}",
            f"jolts found:        {self.jolts_found}",
            f"jolts new:          {self.jolts_new}",
            f"reports opened:     {self.spots.opened}",
            f"reports supported:  {self.spots.supported}",
            f"known features:     {self.spots.suppressed}",
            f"spots updated:      {self.spots.updated}",
        ]


def jolts_and_drives(upload: Upload) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The jolt events in an upload, and the points the phones drove through (for coverage)."""
    if upload.format is JOLTS:
        jolts = upload.frame.drop_duplicates(["device_id", "time"]).sort_values("time", kind="stable")
        return jolts[JOLT_COLUMNS], jolts
    drives = assign_trips(upload.frame)
    return detect_jolts(drives), drives


def detect(upload: Upload, rules: Rules) -> pd.DataFrame:
    """Candidate spots in this upload alone: no database, no known features, no reports."""
    return spots_from_jolts(jolts_and_drives(upload)[0], rules)


def ingest(
    session: Session,
    actor: Actor,
    upload: Upload,
    rules: Rules,
    progress: Progress | None = None,
    device_token: str = "",
) -> IngestSummary:
    """Store an upload's jolts and coverage, then open or support reports for the spots around it.

    Raises `UploadRefused` (nothing stored) for an unknown device token or an account over its hourly limit.
    """
    require(actor, Action.UPLOAD_STREETBUMP)
    device = contributing_device(session, actor, device_token)
    take_upload_slot(session, actor)
    report = progress or (lambda _share, _step: None)
    report(0.1, _("Finding jolts"))
    jolts, drives = jolts_and_drives(upload)
    if device is not None:
        jolts, drives = as_device(jolts, device), as_device(drives, device)
    summary = IngestSummary(upload.format.name, upload.rows_read, len(upload.rejects), len(jolts))
    report(0.3, _("Storing jolts"))
    summary.jolts_new = store_jolts(session, jolts, actor)
    report(0.5, _("Recording where the phones drove"))
    _insert_ignoring_repeats(session, DriveCoverage, drive_cells(drives).to_dict("records"))
    report(0.7, _("Detecting spots"))
    if summary.jolts_new:  # nothing new cannot change a spot: a re-upload stops here
        around = stored_jolts(session, jolts, rules)
        summary.spots = refresh_spots(session, spots_from_jolts(around, rules), actor)
    report(1.0, _("Done"))
    return summary


def take_upload_slot(session: Session, actor: Actor) -> None:
    """Count the upload against the account's hourly limit; the system (the command line) has none."""
    if not actor.signed_in:
        return
    now, limit = utc_now(), bump_uploads_per_hour()
    if not take_hourly_slot(session, f"bump:user:{actor.id}", limit, now):
        raise UploadRefused(
            ngettext("You have uploaded Street Bump data {count} time this hour, the most we take from one "
                     "account. Please upload again after {time}, or put the drives into one file.",
                     "You have uploaded Street Bump data {count} times this hour, the most we take from one "
                     "account. Please upload again after {time}, or put the drives into one file.",
                     limit).format(count=limit, time=format_time(next_hour(now)))
        )


def as_device(frame: pd.DataFrame, device: str) -> pd.DataFrame:
    """Every row as the one contributing device; rows that then repeat a (device, time) count once."""
    return frame.assign(device_id=device).drop_duplicates(["device_id", "time"])


def store_jolts(session: Session, jolts: pd.DataFrame, actor: Actor) -> int:
    """Insert the jolts not stored yet; returns how many were new."""
    rows = pd.DataFrame({
        "device_id": jolts["device_id"], "at": jolts["time"],
        "latitude": jolts["lat"], "longitude": jolts["lon"], "magnitude": jolts["magnitude"],
        "speed": jolts["speed"], "gps_accuracy": jolts["gps_accuracy"],
        "h3_r10": cells_r10(jolts["lat"], jolts["lon"]), "uploaded_by": actor.id,
    }).to_dict("records")  # fmt: skip
    return _insert_ignoring_repeats(session, JoltEvent, rows)


def stored_jolts(session: Session, near: pd.DataFrame, rules: Rules) -> pd.DataFrame:
    """The stored jolts in the window before the newest, within the box around `near`'s jolts."""
    newest = session.scalar(select(func.max(JoltEvent.at)))
    margin = AREA_MARGIN_DEG
    query = (
        select(JoltEvent.device_id, JoltEvent.at, JoltEvent.latitude, JoltEvent.longitude,
               JoltEvent.gps_accuracy)
        .where(JoltEvent.at >= newest - pd.Timedelta(days=rules.window_days).to_pytimedelta(),
               JoltEvent.latitude.between(near["lat"].min() - margin, near["lat"].max() + margin),
               JoltEvent.longitude.between(near["lon"].min() - margin, near["lon"].max() + margin))
        .order_by(JoltEvent.at)
    )  # fmt: skip
    columns = ["device_id", "time", "lat", "lon", "gps_accuracy"]
    frame = pd.DataFrame(session.execute(query).all(), columns=columns)
    frame["time"] = pd.to_datetime(frame["time"], utc=True)
    return frame


def _insert_ignoring_repeats(session: Session, model: type, rows: list[dict]) -> int:
    """Insert rows, skipping those that break the table's unique key; returns how many went in."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    added = 0
    for start in range(0, len(rows), INSERT_BATCH):
        statement: Insert = dialect.insert(model).on_conflict_do_nothing().returning(model.id)
        added += len(session.scalars(statement, rows[start : start + INSERT_BATCH]).all())
    return added
