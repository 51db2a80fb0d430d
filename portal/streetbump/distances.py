"""Distances in metres between points given in degrees, for the few spot-sized questions Street Bump asks.

Over a city a flat projection centred on Boston is accurate to well under a metre, so a point is
projected once and then compared with plain Euclidean distances; an STRtree finds the pairs within a
radius without comparing every point with every other.
"""

from __future__ import annotations

import numpy as np
import shapely
from shapely import STRtree

EARTH_RADIUS_M = 6_371_000.0
BOSTON_LATITUDE = 42.32


def to_metres(lats: np.ndarray, lons: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """East and north metres from (0°, 0°) on a projection true to scale at Boston's latitude."""
    north = np.radians(np.asarray(lats, dtype=float)) * EARTH_RADIUS_M
    east = np.radians(np.asarray(lons, dtype=float)) * EARTH_RADIUS_M * np.cos(np.radians(BOSTON_LATITUDE))
    return east, north


def to_degrees(east: np.ndarray, north: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Latitudes and longitudes of points given by `to_metres`."""
    lats = np.degrees(np.asarray(north, dtype=float) / EARTH_RADIUS_M)
    lons = np.degrees(np.asarray(east, dtype=float) / (EARTH_RADIUS_M * np.cos(np.radians(BOSTON_LATITUDE))))
    return lats, lons


def pairs_within(
    lats: np.ndarray, lons: np.ndarray, other_lats: np.ndarray, other_lons: np.ndarray, metres: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every (i, j, distance) with point i of the first set within `metres` of point j of the second."""
    if len(lats) == 0 or len(other_lats) == 0:
        empty = np.array([], dtype=np.int64)
        return empty, empty, np.array([], dtype=float)
    points = shapely.points(*to_metres(lats, lons))
    others = shapely.points(*to_metres(other_lats, other_lons))
    i, j = STRtree(others).query(points, predicate="dwithin", distance=metres)
    return i, j, shapely.distance(points[i], others[j])


def nearest_within(
    lats: np.ndarray, lons: np.ndarray, other_lats: np.ndarray, other_lons: np.ndarray, metres: float
) -> np.ndarray:
    """For each point of the first set, the index of the nearest one of the second within `metres`, or -1."""
    nearest = np.full(len(lats), -1, dtype=np.int64)
    i, j, distance = pairs_within(lats, lons, other_lats, other_lons, metres)
    order = np.lexsort((distance, i))  # per point, the closest first
    first = np.unique(i[order], return_index=True)[1]
    nearest[i[order][first]] = j[order][first]
    return nearest
