"""Turning `MapData` into a pydeck map: neighborhood outlines underneath, reports on top.

The outlines and their labels are drawn by deck.gl itself, so the map stays readable where the
basemap tiles cannot load (offline, in tests, behind a city firewall).
"""

from __future__ import annotations

import json

import pandas as pd
import pydeck as pdk
from h3.api import basic_int as h3

from portal.maps.geo import Neighborhoods
from portal.maps.mapdata import MapData

STATUS_COLORS = {"open": [230, 97, 1], "closed": [94, 60, 153]}  # orange / purple: colour-blind safe
BOSTON_VIEW = pdk.ViewState(latitude=42.318, longitude=-71.085, zoom=10.9)
OUTLINE_COLOR = [90, 90, 90]


def view_for(neighborhoods: Neighborhoods, focus: tuple[str, ...]) -> pdk.ViewState:
    """Centre on the one neighborhood chosen, else show the whole city."""
    known = [name for name in focus if name in neighborhoods.names]
    if len(known) != 1:
        return BOSTON_VIEW
    lat, lon = neighborhoods.centroid(known[0])
    return pdk.ViewState(latitude=lat, longitude=lon, zoom=13)


def outline_layer(neighborhoods: Neighborhoods) -> pdk.Layer:
    return pdk.Layer(
        "GeoJsonLayer",
        id="neighborhoods",
        data=neighborhoods.geojson,
        stroked=True,
        filled=True,
        get_fill_color=[240, 240, 235, 120],
        get_line_color=OUTLINE_COLOR,
        line_width_min_pixels=1,
    )


def label_layer(neighborhoods: Neighborhoods) -> pdk.Layer:
    """Neighborhood names, drawn last so that reports never hide them."""
    labels = pd.DataFrame(
        [(name, *neighborhoods.centroid(name)) for name in neighborhoods.names],
        columns=["name", "lat", "lon"],
    )
    return pdk.Layer(
        "TextLayer",
        id="neighborhood-names",
        data=labels,
        get_position=["lon", "lat"],
        get_text="name",
        get_size=12,
        get_color=[40, 40, 40],
        outline_width=2,
        outline_color=[255, 255, 255, 220],
        font_settings={"sdf": True},
    )


def report_layers(data: MapData) -> list[pdk.Layer]:
    if data.mode == "points":
        return [
            pdk.Layer(
                "ScatterplotLayer",
                id=f"reports-{status}",
                data=rows.assign(tip=rows["type"] + " · " + status)[["id", "lat", "lon", "tip"]],
                get_position=["lon", "lat"],
                get_fill_color=STATUS_COLORS.get(status, [120, 120, 120]),
                get_radius=25,
                radius_min_pixels=4,
                radius_max_pixels=12,
                stroked=True,
                get_line_color=[255, 255, 255],
                line_width_min_pixels=1,
                opacity=0.9,
                pickable=True,
            )
            for status, rows in data.frame.groupby("status")
        ]
    if data.mode == "cells":
        return [cell_layer(data.frame)]
    return []


def cell_layer(cells: pd.DataFrame) -> pdk.Layer:
    """Hexagons shaded by report count (square-root scale, so a few busy cells don't wash out the rest)."""
    share = (cells["reports"] / cells["reports"].max()) ** 0.5
    frame = pd.DataFrame(
        {
            "hex": [h3.int_to_str(int(c)) for c in cells["cell"]],
            "tip": cells["reports"].astype(str) + " reports, " + cells["open"].astype(str) + " open",
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
        get_line_color=[255, 255, 255],
        line_width_min_pixels=1,
        extruded=False,
        pickable=True,
    )


class CompactDeck(pdk.Deck):
    """A Deck whose JSON has no indentation: pydeck indents by default, a third more bytes to send."""

    def to_json(self) -> str:
        return json.dumps(json.loads(super().to_json()), separators=(",", ":"))


def build_deck(data: MapData, neighborhoods: Neighborhoods, focus: tuple[str, ...] = ()) -> pdk.Deck:
    return CompactDeck(
        layers=[outline_layer(neighborhoods), *report_layers(data), label_layer(neighborhoods)],
        initial_view_state=view_for(neighborhoods, focus),
        map_style="light",
        tooltip={"text": "{tip}"},
    )
