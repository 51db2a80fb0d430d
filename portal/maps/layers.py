"""Turning `MapData` into a pydeck map: the land underneath, reports and neighborhood lines on top.

The land, the neighborhood lines and their labels are drawn by deck.gl itself, with no basemap, so the
map is readable where tiles cannot load (offline, in tests, behind a city firewall), and a browser
without a GPU does not compile a basemap's dozens of shader programs. Every layer is one of a few cheap
programs: polygons without strokes (the land, the H3 cells), straight segments (the lines), circles (the
reports) and text (the labels). Strokes are segments, not deck.gl's PathLayer: with no GPU its program
cost a visitor about 1.5 s of a 5 s map (measured in Chromium, `bench/browser_bench.py`). Labels are
chosen here so that none overlaps another at the city view, and the map does not zoom out beyond that
view (labels are sized in pixels: zooming in only moves them apart).
"""

from __future__ import annotations

import itertools
import json
import math
from dataclasses import dataclass
from functools import cache

import pandas as pd
import pydeck as pdk
import shapely
from h3.api import basic_int as h3

from portal.i18n import N_, _, ngettext
from portal.maps.geo import Neighborhoods
from portal.maps.mapdata import MapData

STATUS_COLORS = {"open": [230, 97, 1], "closed": [94, 60, 153]}  # orange / purple: colour-blind safe
# Open and closed differ in size and ring as well, so the map never relies on colour alone (WCAG 1.4.1).
STATUS_RINGS = {"open": [33, 33, 33], "closed": [255, 255, 255]}
STATUS_MIN_PIXELS = {"open": 5, "closed": 3}
STATUS_WORDS = {"open": N_("open"), "acknowledged": N_("acknowledged"), "closed": N_("closed")}  # the tooltip's
CITY_ZOOM = 10.9
BOSTON_VIEW = pdk.ViewState(latitude=42.318, longitude=-71.085, zoom=CITY_ZOOM, min_zoom=CITY_ZOOM)
OUTLINE_COLOR = [90, 90, 90]
LAND_COLOR = [240, 240, 235]
OUTLINE_TOLERANCE_DEG = 0.0001  # about 10 m: finer than a pixel at the closest zoom anyone reads outlines
LABEL_PIXELS = 12
# A label's box in pixels: an average glyph of the sans-serif font is a little over half its size wide.
GLYPH_WIDTH = 0.6
LABEL_PADDING = 3
# pydeck's "no map style" value: Streamlit then draws no basemap (any other empty style gets its default
# CARTO tiles, which need a key and, without a GPU, seconds of shader compiling).
NO_BASEMAP = "__MAP_STYLE__"


@dataclass(frozen=True)
class Label:
    name: str
    lat: float
    lon: float


def view_for(neighborhoods: Neighborhoods, focus: tuple[str, ...]) -> pdk.ViewState:
    """Centre on the one neighborhood chosen, else show the whole city."""
    known = [name for name in focus if name in neighborhoods.names]
    if len(known) != 1:
        return BOSTON_VIEW
    lat, lon = neighborhoods.centroid(known[0])
    return pdk.ViewState(latitude=lat, longitude=lon, zoom=13, min_zoom=CITY_ZOOM)


@cache
def simplified_outlines(geometries: tuple[shapely.Geometry, ...]) -> tuple[shapely.Geometry, ...]:
    """The outlines simplified to `OUTLINE_TOLERANCE_DEG` and rounded to 5 decimals (a metre)."""
    return tuple(shapely.set_precision(shapely.simplify(geometries, OUTLINE_TOLERANCE_DEG), 1e-5))


@cache
def _land(geometries: tuple[shapely.Geometry, ...]) -> dict:
    """The city as one GeoJSON shape: the land is one colour, so the neighborhoods' shared edges need not be sent."""
    land = shapely.set_precision(shapely.union_all(simplified_outlines(geometries)), 1e-5)
    return {"type": "Feature", "geometry": json.loads(shapely.to_geojson(land))}


Segment = tuple[float, float, float, float]


@cache
def boundary_segments(geometries: tuple[shapely.Geometry, ...]) -> tuple[Segment, ...]:
    """Every ring of the simplified outlines as straight segments (x1, y1, x2, y2)."""
    rings = shapely.get_parts(shapely.boundary(simplified_outlines(geometries)))
    return tuple(
        (x1, y1, x2, y2)
        for ring in rings
        for (x1, y1), (x2, y2) in itertools.pairwise(shapely.get_coordinates(ring).tolist())
    )


def land_layer(neighborhoods: Neighborhoods) -> pdk.Layer:
    return pdk.Layer("GeoJsonLayer", id="land", data=_land(neighborhoods.geometries), stroked=False, filled=True,
                     get_fill_color=LAND_COLOR)  # fmt: skip


def boundary_layer(neighborhoods: Neighborhoods) -> pdk.Layer:
    """The neighborhoods' outlines, one pixel wide, as straight segments."""
    return pdk.Layer(
        "LineLayer",
        id="neighborhood-lines",
        data=[list(segment) for segment in boundary_segments(neighborhoods.geometries)],
        get_source_position="[this[0], this[1]]",
        get_target_position="[this[2], this[3]]",
        get_color=OUTLINE_COLOR,
        get_width=1,
    )


def outline_layers(neighborhoods: Neighborhoods) -> list[pdk.Layer]:
    """The land with the neighborhoods' lines on it, for maps that draw their own layers above both."""
    return [land_layer(neighborhoods), boundary_layer(neighborhoods)]


def _pixel(lat: float, lon: float, zoom: float) -> tuple[float, float]:
    """Web Mercator pixel coordinates at `zoom` (deck.gl's 512-pixel world)."""
    scale = 512 * 2**zoom
    x = (lon + 180) / 360 * scale
    y = (1 - math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) / math.pi) / 2 * scale
    return x, y


def _box(label: Label, zoom: float, size: int) -> tuple[float, float, float, float]:
    x, y = _pixel(label.lat, label.lon, zoom)
    half_w = len(label.name) * size * GLYPH_WIDTH / 2 + LABEL_PADDING
    half_h = size / 2 + LABEL_PADDING
    return x - half_w, y - half_h, x + half_w, y + half_h


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def labels(neighborhoods: Neighborhoods, zoom: float = CITY_ZOOM, size: int = LABEL_PIXELS) -> list[Label]:
    """One label per neighborhood at a point inside it, the largest first; a label that would overlap one
    already placed (at `zoom`, `size` pixels high) is left out."""
    by_area = sorted(zip(neighborhoods.names, neighborhoods.geometries), key=lambda item: -item[1].area)
    placed: list[tuple[Label, tuple[float, ...]]] = []
    for name, geometry in by_area:
        point = geometry.representative_point()
        label = Label(name, round(point.y, 5), round(point.x, 5))
        box = _box(label, zoom, size)
        if not any(_overlap(box, other) for _label, other in placed):
            placed.append((label, box))
    return [label for label, _box in placed]


def label_layer(neighborhoods: Neighborhoods) -> pdk.Layer:
    """Neighborhood names, drawn last so that reports never hide them."""
    shown = labels(neighborhoods)
    return pdk.Layer(
        "TextLayer",
        id="neighborhood-names",
        data=pd.DataFrame([(lb.name, lb.lat, lb.lon) for lb in shown], columns=["name", "lat", "lon"]),
        get_position=["lon", "lat"],
        get_text="name",
        get_size=LABEL_PIXELS,
        get_color=[40, 40, 40],
        outline_width=2,
        outline_color=[255, 255, 255, 220],
        font_family="'Helvetica, Arial, sans-serif'",  # quoted: pydeck reads other strings as expressions
        font_settings={"sdf": True},
        # Only the letters the names use go into the font atlas, not the whole of ASCII.
        character_set="'" + "".join(sorted(set("".join(label.name for label in shown)))) + "'",
    )


def _tips(types: pd.Series, status: str) -> pd.Series:
    """"Street Light Outages · closed" in the reader's language: each type name translated once, not per point."""
    names = {name: _(name) for name in types.unique()}
    return types.map(names) + " · " + (_(STATUS_WORDS[status]) if status in STATUS_WORDS else status)


def point_layers(data: MapData) -> list[pdk.Layer]:
    """One layer of circles per status when the map shows single reports, else none."""
    if data.mode != "points":
        return []
    return [
        pdk.Layer(
            "ScatterplotLayer",
            id=f"reports-{status}",
            data=rows.assign(tip=_tips(rows["type"], status))[["id", "lat", "lon", "tip"]],
            get_position=["lon", "lat"],
            get_fill_color=STATUS_COLORS.get(status, [120, 120, 120]),
            get_radius=25,
            radius_min_pixels=STATUS_MIN_PIXELS.get(status, 4),
            radius_max_pixels=12,
            stroked=True,
            get_line_color=STATUS_RINGS.get(status, [255, 255, 255]),
            line_width_min_pixels=1,
            opacity=0.9,
            pickable=True,
        )
        for status, rows in data.frame.groupby("status")
    ]


def _cell_tip(count: int, still_open: int) -> str:
    return ngettext("{count} report, {open} open", "{count} reports, {open} open", count).format(
        count=count, open=still_open
    )


def cell_layer(cells: pd.DataFrame) -> pdk.Layer:
    """Hexagons shaded by report count (square-root scale, so a few busy cells don't wash out the rest).

    High precision draws each cell as a polygon, with the land's own program, instead of a separate
    instanced-column program; the cells are not stroked (see the module's docstring).
    """
    share = (cells["reports"] / cells["reports"].max()) ** 0.5
    frame = pd.DataFrame(
        {
            "hex": [h3.int_to_str(int(c)) for c in cells["cell"]],
            "tip": [_cell_tip(int(count), int(still_open)) for count, still_open in zip(cells["reports"], cells["open"])],
            "alpha": (40 + 170 * share).round().astype(int),
        }
    )
    return pdk.Layer(
        "H3HexagonLayer",
        id="report-cells",
        data=frame,
        get_hexagon="hex",
        get_fill_color="[230, 97, 1, alpha]",
        opacity=0.8,
        stroked=False,
        extruded=False,
        high_precision=True,
        pickable=True,
    )


class CompactDeck(pdk.Deck):
    """A Deck whose JSON has no indentation: pydeck indents by default, a third more bytes to send."""

    def to_json(self) -> str:
        return json.dumps(json.loads(super().to_json()), separators=(",", ":"))


def build_deck(data: MapData, neighborhoods: Neighborhoods, focus: tuple[str, ...] = ()) -> pdk.Deck:
    """Land, then the cells (the lines stay visible across them), the lines, the reports' circles (above
    the lines) and the labels."""
    cells = [cell_layer(data.frame)] if data.mode == "cells" else []
    lines, names = boundary_layer(neighborhoods), label_layer(neighborhoods)
    return CompactDeck(
        layers=[land_layer(neighborhoods), *cells, lines, *point_layers(data), names],
        initial_view_state=view_for(neighborhoods, focus),
        map_style=NO_BASEMAP,
        map_provider=None,
        tooltip={"text": "{tip}"},
    )
