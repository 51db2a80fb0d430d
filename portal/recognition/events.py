"""What the existing flows call when something that earns (or loses) points happens: one line each in
casework, follow-up, filing, Street Bump and projects, inside their own transaction.

The rules themselves (and what "agreeing with staff" means) are in `rules`; this module only maps a
flow's event onto them.
"""

from __future__ import annotations

import math

from h3.api import basic_int as h3
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.projects.models import Project, ProjectStatus
from portal.recognition import badges, ledger, reasons, rules
from portal.recognition.models import PointsEntry
from portal.recognition.rules import ClosureOutcome
from portal.reports.models import Report, ReportReaction
from portal.streetbump.coverage import RESOLUTION
from portal.streetbump.models import BumpSpot, JoltEvent

METRES_PER_DEGREE = 111_320.0
_PROJECT_MILESTONES = {ProjectStatus.SUBMITTED: rules.PROJECT_SUBMITTED,
                       ProjectStatus.READY_TO_FUNDRAISE: rules.PROJECT_READY}  # fmt: skip


def on_filed(session: Session, report: Report) -> None:
    """Filing earns no points (volume is not rewarded), but a first report earns its badge."""
    if report.reporter_id is not None:
        badges.check(session, report.reporter_id, report.opened_at)


def on_acknowledged(session: Session, report: Report) -> None:
    """Points for the reporter; and a "not fixed" that re-opened the report now agrees with staff, so
    the points for the fix it denied go back."""
    if report.reporter_id is not None:
        ledger.award(session, report.reporter_id, rules.REPORT_ACKNOWLEDGED, report_id=report.id)
    latest = session.scalar(
        select(ReportReaction).where(ReportReaction.report_id == report.id)
        .order_by(ReportReaction.created_at.desc(), ReportReaction.id.desc()).limit(1)
    )  # fmt: skip
    if latest is not None and not latest.fixed:
        ledger.award(session, latest.user_id, rules.VERIFICATION_AGREED, report_id=report.id,
                     subject_key=f"reaction:{latest.id}")  # fmt: skip
        ledger.reverse_for_subject(session, rules.REPORT_FIXED, _fix_subject(session, report.id),
                                   reason_key=reasons.NOT_FIXED_AFTER_ALL)  # fmt: skip


def on_closed(session: Session, report: Report, outcome: ClosureOutcome) -> None:
    """A fix earns the reporter points; any other outcome takes back everything the report earned."""
    if outcome is not ClosureOutcome.FIXED:
        ledger.reverse_for_report(session, report.id, reason_key=reasons.CLOSED_AS[outcome])
    elif report.reporter_id is not None:
        ledger.award(session, report.reporter_id, rules.REPORT_FIXED, report_id=report.id,
                     subject_key=_fix_subject(session, report.id))  # fmt: skip


def _fix_subject(session: Session, report_id: int) -> str:
    """What a report's fix points are for: "report:<id>" at first; once a confirmed "not fixed" took them
    back, a new subject, so the real fix that follows earns them again (and a repeated closure does not)."""
    taken_back = session.scalar(
        select(func.count()).where(PointsEntry.report_id == report_id, PointsEntry.rule == rules.REPORT_FIXED,
                                   PointsEntry.reverses_id.is_not(None))
    )  # fmt: skip
    return f"report:{report_id}" if taken_back == 0 else f"report:{report_id}:fix:{taken_back + 1}"


def on_merged(session: Session, report: Report, into_public_id: str) -> None:
    ledger.reverse_for_report(session, report.id, into_public_id, reasons.DUPLICATE_OF)


def on_me_too(session: Session, report: Report, user_id: int) -> None:
    """Backing someone else's open report; backing your own earns nothing."""
    if user_id != report.reporter_id:
        ledger.award(session, user_id, rules.ME_TOO, report_id=report.id)


def on_reaction(session: Session, report: Report, reaction: ReportReaction) -> None:
    """Answering a closure earns a point; a "fixed" after a fixed closure agrees with staff."""
    session.flush()
    ledger.award(session, reaction.user_id, rules.CLOSURE_REACTION, report_id=report.id,
                 subject_key=f"closure:{reaction.closure_event_id}", at=reaction.created_at)  # fmt: skip
    if reaction.fixed and _closed_as_fixed(session, report.id):
        ledger.award(session, reaction.user_id, rules.VERIFICATION_AGREED, report_id=report.id,
                     subject_key=f"reaction:{reaction.id}", at=reaction.created_at)  # fmt: skip


def _closed_as_fixed(session: Session, report_id: int) -> bool:
    """Staff's finding was "fixed": the report's fix points stand (a non-fix closure reverses them)."""
    return bool(ledger.unreversed_ids(session, report_id, rules.REPORT_FIXED))


def on_bump_spot(session: Session, spot: BumpSpot, metres: float) -> None:
    """Everyone signed in whose uploaded jolts lie within `metres` (well under a cell) of a spot that opened
    or backed a report. The spot's resolution-10 cell and its neighbours find the jolts by index."""
    half_lat = metres / METRES_PER_DEGREE
    half_lon = half_lat / math.cos(math.radians(spot.latitude))
    cells = h3.grid_disk(h3.latlng_to_cell(spot.latitude, spot.longitude, RESOLUTION), 1)
    uploaders = session.scalars(
        select(JoltEvent.uploaded_by).distinct()
        .where(JoltEvent.h3_r10.in_(cells), JoltEvent.uploaded_by.is_not(None),
               JoltEvent.latitude.between(spot.latitude - half_lat, spot.latitude + half_lat),
               JoltEvent.longitude.between(spot.longitude - half_lon, spot.longitude + half_lon))
    )  # fmt: skip
    for user_id in uploaders:
        ledger.award(session, user_id, rules.STREET_BUMP, report_id=spot.report_id, subject_key=f"spot:{spot.id}")


def on_known_feature(session: Session, spot: BumpSpot) -> None:
    """Staff say a spot was a speed bump or manhole: its finders' points go back."""
    ledger.reverse_for_subject(session, rules.STREET_BUMP, f"spot:{spot.id}", reason_key=reasons.KNOWN_FEATURE)


def on_project_moved(session: Session, project: Project, status: str) -> None:
    """Project milestones earn the proposer points, once per project each."""
    if status in _PROJECT_MILESTONES:
        ledger.award(session, project.proposer_id, _PROJECT_MILESTONES[status], project_id=project.id)
