"""From detected spots to the city's work: each new candidate opens a pothole report, supports one
that is already open nearby, or is set aside as a known speed bump or manhole.

Spots are remembered, so detecting the same place again updates its counts instead of reporting it
twice. Staff can mark any spot "not a pothole": that records a known feature, which silences the
place for every later upload.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.accounts.permissions import Action, Actor, require
from portal.db import utc_now
from portal.maps.cells import h3_cells
from portal.maps.geo import boston
from portal.open311.routing import enqueue_send
from portal.recognition import events
from portal.recognition.rules import ClosureOutcome
from portal.reports.models import Report, ReportEvent, ReportStatus, ReportSupport, ServiceType
from portal.reports.nearby import reports_near
from portal.reports.public_ids import new_public_id
from portal.reports.service_targets import target_at
from portal.reports.service_types import find_or_create
from portal.reports.wording import (
    KNOWN_FEATURE_REASONS,
    OPENED_BY_STREET_BUMP,
    STREET_BUMP_SOURCE,
    STREET_BUMP_TITLE,
    street_bump_description,
)
from portal.streetbump.distances import nearest_within
from portal.streetbump.models import BumpSpot, KnownFeature, KnownFeatureKind, SpotStatus
from portal.triage.categories import portal_type

# The "same place": a detection this close to a spot, a report or another detection is it.
SAME_PLACE_M = 20.0
# Known features are marked where their jolts centred; a pothole 15 m further on is a different thing.
KNOWN_FEATURE_M = 15.0
POTHOLE_TYPE_NAME = "Request for Pothole Repair"
SOURCE = STREET_BUMP_SOURCE
SUPPORT_SOURCE = "street_bump"


@dataclass
class SpotOutcome:
    """What one detection run did. `spot_ids` are the spots touched, new or updated."""

    opened: int = 0
    supported: int = 0
    suppressed: int = 0
    updated: int = 0
    spot_ids: list[int] = field(default_factory=list)


def pothole_type_id(session: Session) -> int:
    """The id of Boston's "Request for Pothole Repair" type, created the first time it is needed."""
    pothole = portal_type(POTHOLE_TYPE_NAME)
    return find_or_create(session, pothole.subject, pothole.reason, pothole.name, pothole.department)


def refresh_spots(session: Session, detected: pd.DataFrame, actor: Actor) -> SpotOutcome:
    """Record `detected` spots (lat, lon, hits, devices) and act on the new ones."""
    outcome = SpotOutcome()
    if detected.empty:
        return outcome
    now = utc_now()
    # Plain Python numbers: the PostgreSQL driver does not take numpy's integers.
    detected = detected.astype({"lat": float, "lon": float, "hits": object, "devices": object})
    known = session.scalars(select(BumpSpot)).all()
    match = _nearest(detected, [(s.latitude, s.longitude) for s in known], SAME_PLACE_M)
    for row, at in zip(detected.itertuples(), match):
        if at >= 0:
            spot = known[at]
            spot.latitude, spot.longitude, spot.hits, spot.devices = row.lat, row.lon, row.hits, row.devices
            spot.last_detected_at = now
            outcome.updated += 1
            outcome.spot_ids.append(spot.id)
    fresh = detected[match < 0]
    if fresh.empty:
        return outcome
    features = session.execute(select(KnownFeature.id, KnownFeature.latitude, KnownFeature.longitude)).all()
    feature_at = _nearest(fresh, [(lat, lon) for _, lat, lon in features], KNOWN_FEATURE_M)
    pothole_types = _pothole_type_ids(session)
    for row, feature in zip(fresh.itertuples(), feature_at):
        spot = BumpSpot(latitude=row.lat, longitude=row.lon, hits=row.hits, devices=row.devices,
                        first_detected_at=now, last_detected_at=now)  # fmt: skip
        if feature >= 0:
            spot.status, spot.known_feature_id = SpotStatus.SUPPRESSED, features[feature][0]
            session.add(spot)
            outcome.suppressed += 1
        else:
            _report_or_support(session, spot, pothole_types, actor, now, outcome)
        session.flush()
        outcome.spot_ids.append(spot.id)
    return outcome


def _report_or_support(
    session: Session,
    spot: BumpSpot,
    pothole_types: tuple[int, ...],
    actor: Actor,
    now: datetime,
    outcome: SpotOutcome,
) -> None:
    """Support the open pothole report within `SAME_PLACE_M`, else open one; then add the spot.

    Reports this run opened are flushed already, so two new spots close together share one.
    """
    near = reports_near(session, spot.latitude, spot.longitude, SAME_PLACE_M, type_ids=pothole_types, limit=1)
    if near:
        spot.status, spot.report_id = SpotStatus.SUPPORTING, near[0].id
        session.add(spot)
        session.flush()
        session.add(
            ReportSupport(report_id=near[0].id, source=SUPPORT_SOURCE, spot_id=spot.id, created_at=now)
        )
        events.on_bump_spot(session, spot, SAME_PLACE_M)
        outcome.supported += 1
        return
    spot.status = SpotStatus.REPORTED
    spot.report = _open_report(session, spot, actor, now)
    session.add(spot)
    session.flush()
    events.on_bump_spot(session, spot, SAME_PLACE_M)
    outcome.opened += 1


def _open_report(session: Session, spot: BumpSpot, actor: Actor, now: datetime) -> Report:
    lat, lon = round(spot.latitude, 6), round(spot.longitude, 6)
    r8, r9 = h3_cells([lat], [lon])
    type_id = pothole_type_id(session)
    report = Report(
        public_id=new_public_id(),
        service_type_id=type_id,
        title=STREET_BUMP_TITLE,
        description=street_bump_description(spot.devices, spot.hits),
        status=ReportStatus.OPEN,
        opened_at=now,
        target_at=target_at(session, type_id, now),
        latitude=lat,
        longitude=lon,
        h3_r8=r8[0],
        h3_r9=r9[0],
        neighborhood=boston().name_at(lat, lon),
        source=SOURCE,
        updated_at=now,
    )
    session.add(report)
    session.flush()
    session.add(ReportEvent(report_id=report.id, at=now, kind="opened", actor_id=actor.id,
                            to_status=ReportStatus.OPEN, note=OPENED_BY_STREET_BUMP))  # fmt: skip
    enqueue_send(session, report.id, report.public_id)  # new to the city too: the routing table decides
    return report


def _pothole_type_ids(session: Session) -> tuple[int, ...]:
    """Every pothole type, Boston's own ("Pothole Repair (Internal)", "BWSC Pothole") and ours."""
    pothole_type_id(session)
    return tuple(session.scalars(select(ServiceType.id).where(ServiceType.name.icontains("pothole"))))


def _nearest(points: pd.DataFrame, places: list[tuple[float, float]], metres: float) -> np.ndarray:
    """For each point, the index of the nearest place within `metres`, else -1."""
    if not places:
        return np.full(len(points), -1, dtype=np.int64)
    lats, lons = np.array(places, dtype=float).T
    return nearest_within(points["lat"].to_numpy(float), points["lon"].to_numpy(float), lats, lons, metres)


def mark_known_feature(
    session: Session, actor: Actor, spot_id: int, kind: KnownFeatureKind, note: str = ""
) -> KnownFeature:
    """Staff say a spot is a speed bump or manhole: remember the feature and undo what the spot did."""
    require(actor, Action.MARK_KNOWN_FEATURE)
    spot = session.get(BumpSpot, spot_id)
    if spot is None:
        raise LookupError(f"There is no Street Bump spot {spot_id}.")
    feature = KnownFeature(kind=kind, latitude=spot.latitude, longitude=spot.longitude, note=note,
                           created_by=actor.id)  # fmt: skip
    session.add(feature)
    session.flush()
    if spot.status == SpotStatus.REPORTED and spot.report and spot.report.status == ReportStatus.OPEN:
        _close_as_known(session, spot.report, kind, actor)
    if spot.status == SpotStatus.SUPPORTING:
        support = session.scalar(select(ReportSupport).filter_by(report_id=spot.report_id, spot_id=spot.id))
        if support is not None:
            session.delete(support)
    events.on_known_feature(session, spot)
    spot.status, spot.known_feature_id = SpotStatus.SUPPRESSED, feature.id
    return feature


def _close_as_known(session: Session, report: Report, kind: KnownFeatureKind, actor: Actor) -> None:
    now = utc_now()
    reason = KNOWN_FEATURE_REASONS[kind]
    report.status, report.closed_at, report.closure_reason = ReportStatus.CLOSED, now, reason
    session.add(ReportEvent(report_id=report.id, at=now, kind="closed", actor_id=actor.id,
                            from_status=ReportStatus.OPEN, to_status=ReportStatus.CLOSED,
                            note=reason))  # fmt: skip
    events.on_closed(session, report, ClosureOutcome.INVALID)
