"""What the Street Bump page shows, as plain frames: counted cells and spots, never raw jolts.

Jolts and coverage are counted per H3 cell by the database (`GROUP BY h3_r10`), so ten million
jolts reach the browser as at most a few thousand hexagons.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.i18n import N_, _
from portal.reports.models import Report
from portal.reports.wording import status_label
from portal.streetbump.models import BumpSpot, DriveCoverage, JoltEvent

SPOT_VIEW_COLUMNS = ["id", "lat", "lon", "hits", "devices", "status", "report", "report_status",
                     "report_lat", "report_lon"]  # fmt: skip


@dataclass(frozen=True)
class StreetBumpView:
    jolt_cells: pd.DataFrame  # cell, count
    coverage_cells: pd.DataFrame  # cell, count (distinct devices or trips that drove through)
    spots: pd.DataFrame  # SPOT_VIEW_COLUMNS

    @property
    def jolts(self) -> int:
        return int(self.jolt_cells["count"].sum())


def street_bump_view(session: Session) -> StreetBumpView:
    jolts = select(JoltEvent.h3_r10, func.count()).group_by(JoltEvent.h3_r10)
    coverage = select(DriveCoverage.h3_r10, func.count()).group_by(DriveCoverage.h3_r10)
    spots = (
        select(BumpSpot.id, BumpSpot.latitude, BumpSpot.longitude, BumpSpot.hits, BumpSpot.devices,
               BumpSpot.status, Report.public_id, Report.status, Report.latitude, Report.longitude)
        .outerjoin(Report, BumpSpot.report_id == Report.id)
        .order_by(BumpSpot.devices.desc(), BumpSpot.id)
    )  # fmt: skip
    return StreetBumpView(
        pd.DataFrame(session.execute(jolts).all(), columns=["cell", "count"]),
        pd.DataFrame(session.execute(coverage).all(), columns=["cell", "count"]),
        pd.DataFrame(session.execute(spots).all(), columns=SPOT_VIEW_COLUMNS),
    )


SPOT_STATUSES = {"reported": N_("reported"), "supporting": N_("supporting"), "suppressed": N_("suppressed")}


def spot_status(status: str) -> str:
    """A spot's status (an English key) in the reader's language."""
    return _(SPOT_STATUSES[status]) if status in SPOT_STATUSES else status


def listed_spots(spots: pd.DataFrame) -> pd.DataFrame:
    """The spots as the list beside the map shows them: their statuses and their reports' in the reader's
    language."""
    return spots.assign(status=spots["status"].map(spot_status),
                        report_status=spots["report_status"].map(status_label))  # fmt: skip


def spot_label(spot: pd.Series) -> str:
    """One spot in the staff's choice list and on the map, in the reader's language."""
    words = {"id": spot["id"], "passes": spot["devices"], "jolts": spot["hits"], "report": spot["report"],
             "status": spot_status(spot["status"])}
    if spot["report"]:
        return _("Spot {id} · {passes} passes, {jolts} jolts · {status} · report {report}").format(**words)
    return _("Spot {id} · {passes} passes, {jolts} jolts · {status}").format(**words)
