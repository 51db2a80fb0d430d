"""Map speed: what the map page does for one filter, against the naive way of drawing every report.

Ours is `map_data` (counts in SQL, points only up to `POINT_LIMIT`, else H3 cells grouped by the
database) followed by `build_deck(...).to_json()`. The naive way reads every filtered, located report
into pandas with `pd.read_sql` and puts all of them in one pydeck ScatterplotLayer. Both are timed
warm: one untimed run first, then the median of the timed runs.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pandas as pd
import pydeck as pdk
from sqlalchemy import Engine, select

from bench.synthetic import YEAR_SECONDS, YEAR_START
from portal.db import session_factory
from portal.maps.geo import boston
from portal.maps.layers import BOSTON_VIEW, STATUS_COLORS, build_deck
from portal.maps.mapdata import MapFilter, conditions, map_data
from portal.reports.models import Report, ReportStatus, ServiceType

LAST_DAY = (YEAR_START + timedelta(seconds=YEAR_SECONDS - 1)).date()
# What staff look at most: the open reports of the last three months, every type.
FILTERED_VIEW = "open, last 90 days"
VIEWS = {
    FILTERED_VIEW: MapFilter(
        statuses=(ReportStatus.OPEN,), opened_from=LAST_DAY - timedelta(days=89), opened_to=LAST_DAY
    ),
    "whole city, no filter": MapFilter(),
}
TIMED_RUNS = 5
NAIVE_BUDGET_SECONDS = 20.0  # the naive build takes many seconds at a million reports; stop sooner


@dataclass(frozen=True)
class Timing:
    median_seconds: float
    runs: int
    json_bytes: int


@dataclass(frozen=True)
class MapFigures:
    view: str
    mode: str  # what ours drew: "points", "cells" or "empty"
    reports: int  # reports matching the filter
    ours: Timing
    naive: Timing

    @property
    def time_ratio(self) -> float:
        return self.ours.median_seconds / self.naive.median_seconds

    @property
    def bytes_ratio(self) -> float:
        return self.ours.json_bytes / self.naive.json_bytes


def measure_view(engine: Engine, view: str) -> MapFigures:
    f = VIEWS[view]
    with session_factory(engine)() as session:
        data = map_data(session, f)
    return MapFigures(
        view=view,
        mode=data.mode,
        reports=data.counts.total,
        ours=_timed(lambda: our_map_json(engine, f)),
        naive=_timed(lambda: naive_map_json(engine, f), budget=NAIVE_BUDGET_SECONDS),
    )


def our_map_json(engine: Engine, f: MapFilter) -> str:
    with session_factory(engine)() as session:
        data = map_data(session, f)
    return build_deck(data, boston(), f.neighborhoods).to_json()


def naive_map_json(engine: Engine, f: MapFilter) -> str:
    query = (
        select(Report.latitude.label("lat"), Report.longitude.label("lon"), Report.status,
               ServiceType.name.label("type"))
        .join(ServiceType)
        .where(Report.latitude.is_not(None), *conditions(f))
    )  # fmt: skip
    with engine.connect() as connection:
        frame = pd.read_sql(query, connection)
    layer = pdk.Layer(
        "ScatterplotLayer",
        data=frame,
        get_position=["lon", "lat"],
        get_fill_color=STATUS_COLORS[ReportStatus.OPEN],
        get_radius=25,
        pickable=True,
    )
    return pdk.Deck(layers=[layer], initial_view_state=BOSTON_VIEW, tooltip={"text": "{type}"}).to_json()


def _timed(build: Callable[[], str], budget: float = float("inf")) -> Timing:
    """Warm up once, then time up to `TIMED_RUNS` builds (fewer once `budget` seconds are spent)."""
    sent = len(build().encode())
    seconds: list[float] = []
    while len(seconds) < TIMED_RUNS and sum(seconds) < budget:
        start = time.perf_counter()
        build()
        seconds.append(time.perf_counter() - start)
    return Timing(statistics.median(seconds), len(seconds), sent)
