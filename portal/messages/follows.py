"""Which area follows a report concerns: a followed neighborhood it lies in, or a followed radius it
falls inside. Radius follows are found on the indexed latitude band first, then by distance.

A follow's place is stored as a neighborhood's name or, for a radius, as English ("500 m around 1 City Hall
Sq"); `place_name` words it for its reader on the page and in emails."""

from __future__ import annotations

import re

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from portal.i18n import _, format_decimal
from portal.messages.models import AreaFollow
from portal.reports.models import Report
from portal.reports.nearby import distance_m

MAX_RADIUS_M = 2_000
METRES_PER_DEGREE_LAT = 111_000
PLACE_LIMIT = 200
_AROUND = re.compile(r"(\d+) m around (.+)", re.DOTALL)


def around(radius_m: int, address: str) -> str:
    """The stored (English) place of a radius follow."""
    return f"{radius_m} m around {address}"[:PLACE_LIMIT]


def place_name(place: str) -> str:
    """A follow's place as its reader reads it: a radius around an address in the current language."""
    if found := _AROUND.fullmatch(place):
        radius, address = found.groups()
        return _("{radius} m around {address}").format(radius=format_decimal(int(radius)), address=address)
    return place


def matching(session: Session, report: Report, what: str) -> list[AreaFollow]:
    """Follows that want `what` ("new" or "fixed") about this report's place."""
    wanted = AreaFollow.new_reports if what == "new" else AreaFollow.fixes
    places = []
    if report.neighborhood:
        places.append(AreaFollow.neighborhood == report.neighborhood)
    if report.latitude is not None and report.longitude is not None:
        band = MAX_RADIUS_M / METRES_PER_DEGREE_LAT
        places.append(and_(AreaFollow.radius_m.is_not(None),
                           AreaFollow.latitude.between(report.latitude - band, report.latitude + band)))  # fmt: skip
    if not places:
        return []
    found = session.scalars(select(AreaFollow).where(wanted, or_(*places)).order_by(AreaFollow.id))
    return [f for f in found if f.radius_m is None
            or distance_m(f.latitude, f.longitude, report.latitude, report.longitude) <= f.radius_m]  # fmt: skip


def within(follow: AreaFollow, latitude: float | None, longitude: float | None, neighborhood: str | None) -> bool:
    """Does a point (or its neighborhood) lie in the followed area? The feed filters with this."""
    if follow.radius_m is None:
        return neighborhood == follow.neighborhood
    return latitude is not None and distance_m(follow.latitude, follow.longitude, latitude, longitude) <= follow.radius_m
