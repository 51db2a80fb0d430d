"""Boston's geography: the neighborhood outlines, where a point falls, and what counts as "in the city".

The outlines are the BPDA "Boston Neighborhoods" layer shipped in `data/` (simplified to about 5 m,
see `data/README.md`). Lookups go through a shapely STRtree, so assigning a neighborhood to a
million points costs one vectorised query, not a million polygon scans.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import shapely
from shapely import STRtree
from shapely.geometry import shape

from portal.config import CITY_HALL_PLACEHOLDER, DATA_DIR
from portal.i18n import _

# Geocoders put some addresses on the harbour side of the shoreline or a street outside the
# border; 0.002° (about 170 m) keeps those and still refuses a point in a neighbouring town.
CITY_TOLERANCE_DEG = 0.002


class OutsideCityError(ValueError):
    """A coordinate that is not in Boston."""


@dataclass(frozen=True)
class Neighborhoods:
    names: tuple[str, ...]
    geometries: tuple[shapely.Geometry, ...]
    tree: STRtree
    city: shapely.Geometry
    geojson: dict

    def name_at(self, lat: float, lon: float) -> str | None:
        return self.names_at(np.array([lat]), np.array([lon]))[0]

    def names_at(self, lats: np.ndarray, lons: np.ndarray) -> list[str | None]:
        """The neighborhood of each point; points within the tolerance of the border get the nearest one."""
        points = shapely.points(lons, lats)
        result: list[str | None] = [None] * len(points)
        point_idx, geom_idx = self.tree.query(points, predicate="within")
        for p, g in zip(point_idx, geom_idx):
            result[p] = self.names[g]
        missing = [i for i, name in enumerate(result) if name is None]
        if missing:
            near_points, near_geoms = self.tree.query_nearest(
                points[missing], max_distance=CITY_TOLERANCE_DEG, all_matches=False
            )
            for p, g in zip(near_points, near_geoms):
                result[missing[p]] = self.names[g]
        return result

    def in_city(self, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
        """Inside the city or within the tolerance of its border.

        Testing coordinates needs no point objects, and building them cost more than the test: only the
        few points outside the outline are built, to measure their distance to it.
        """
        inside = shapely.contains_xy(self.city, lons, lats)
        outside = np.flatnonzero(~inside)
        if outside.size:
            points = shapely.points(np.asarray(lons)[outside], np.asarray(lats)[outside])
            inside[outside] = shapely.dwithin(self.city, points, CITY_TOLERANCE_DEG)
        return inside

    def centroid(self, name: str) -> tuple[float, float]:
        point = self.geometries[self.names.index(name)].representative_point()
        return point.y, point.x


def load_neighborhoods(path: Path) -> Neighborhoods:
    geojson = json.loads(path.read_text())
    names = tuple(f["properties"]["name"] for f in geojson["features"])
    geometries = tuple(shape(f["geometry"]) for f in geojson["features"])
    city = shapely.union_all(geometries)
    shapely.prepare(city)
    return Neighborhoods(names, geometries, STRtree(geometries), city, geojson)


@cache
def boston() -> Neighborhoods:
    """The shipped outlines, loaded once per process."""
    return load_neighborhoods(DATA_DIR / "boston_neighborhoods.geojson")


def is_placeholder(lat: float, lon: float) -> bool:
    """True for Boston 311's "not geocoded" marker at City Hall."""
    return round(lat, 4) == CITY_HALL_PLACEHOLDER[0] and round(lon, 4) == CITY_HALL_PLACEHOLDER[1]


def check_in_city(lat: float, lon: float) -> None:
    """Raise `OutsideCityError` with a message a resident can act on."""
    if not boston().in_city(np.array([lat]), np.array([lon]))[0]:
        raise OutsideCityError(_(
            "The point {lat}, {lon} is outside Boston. Pick a place inside the city limits shown on the map."
        ).format(lat=f"{lat:.5f}", lon=f"{lon:.5f}"))

