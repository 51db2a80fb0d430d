"""The Street Bump map in pydeck: outlines, where phones drove, jolts, spots and their reports.

Layers go from the broadest to the most specific, so a spot is never hidden under the hexagons of
jolts around it; neighborhood names stay on top as on the live map. Tooltips are in the reader's language.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import pydeck as pdk
from h3.api import basic_int as h3

from portal.i18n import _, format_decimal, ngettext
from portal.maps.geo import Neighborhoods
from portal.maps.layers import BOSTON_VIEW, CompactDeck, label_layer, outline_layers
from portal.reports.wording import status_label
from portal.streetbump.view import StreetBumpView, spot_label

COVERAGE_COLOR = [49, 130, 189]  # blue: measured streets
JOLT_COLOR = [230, 97, 1]  # orange, as open reports on the live map
SPOT_COLORS = {"reported": [178, 24, 43], "supporting": [239, 138, 98], "suppressed": [120, 120, 120]}
REPORT_RING = [40, 40, 40]


def drives_tip(count: int) -> str:
    return ngettext("{count} drive measured here", "{count} drives measured here", count).format(
        count=format_decimal(count))


def jolts_tip(count: int) -> str:
    return ngettext("{count} jolt", "{count} jolts", count).format(count=format_decimal(count))


def hex_layer(layer_id: str, cells: pd.DataFrame, color: list[int], tip: Callable[[int], str],
              strongest: int) -> pdk.Layer:  # fmt: skip
    """Hexagons shaded by count (square-root scale, so a few busy cells don't wash out the rest), each
    with `tip(count)`."""
    share = (cells["count"] / max(int(cells["count"].max()), 1)) ** 0.5 if len(cells) else cells["count"]
    frame = pd.DataFrame({
        "hex": [h3.int_to_str(int(c)) for c in cells["cell"]],
        "tip": [tip(int(count)) for count in cells["count"]],
        "alpha": (25 + (strongest - 25) * share).round().astype(int),
    })  # fmt: skip
    return pdk.Layer(
        "H3HexagonLayer", id=layer_id, data=frame, get_hexagon="hex",
        get_fill_color=f"[{color[0]}, {color[1]}, {color[2]}, alpha]", extruded=False, stroked=False,
        pickable=True,
    )  # fmt: skip


def spot_layer(spots: pd.DataFrame) -> pdk.Layer:
    frame = spots.assign(
        tip=[spot_label(spot) for _index, spot in spots.iterrows()],
        color=spots["status"].map(SPOT_COLORS),
    )[["lat", "lon", "tip", "color", "devices"]]  # fmt: skip
    return pdk.Layer(
        "ScatterplotLayer", id="spots", data=frame, get_position=["lon", "lat"], get_fill_color="color",
        get_radius="8 + 2 * devices", radius_min_pixels=5, radius_max_pixels=18, stroked=True,
        get_line_color=[255, 255, 255], line_width_min_pixels=1, pickable=True,
    )  # fmt: skip


def report_layer(spots: pd.DataFrame) -> pdk.Layer:
    """Rings at the reports the spots opened or support (a supported report may stand a few metres off)."""
    linked = spots[spots["report"].notna()].drop_duplicates("report")
    frame = pd.DataFrame({
        "lat": linked["report_lat"], "lon": linked["report_lon"],
        "tip": [_("Report {id} · {status}").format(id=report, status=status_label(status))
                for report, status in zip(linked["report"], linked["report_status"])],
    })  # fmt: skip
    return pdk.Layer(
        "ScatterplotLayer", id="reports", data=frame, get_position=["lon", "lat"], filled=False,
        stroked=True, get_line_color=REPORT_RING, get_radius=30, radius_min_pixels=9, line_width_min_pixels=2,
        pickable=True,
    )  # fmt: skip


def build_deck(view: StreetBumpView, neighborhoods: Neighborhoods) -> pdk.Deck:
    return CompactDeck(
        layers=[
            *outline_layers(neighborhoods),
            hex_layer("coverage", view.coverage_cells, COVERAGE_COLOR, drives_tip, 120),
            hex_layer("jolts", view.jolt_cells, JOLT_COLOR, jolts_tip, 200),
            report_layer(view.spots),
            spot_layer(view.spots),
            label_layer(neighborhoods),
        ],
        initial_view_state=BOSTON_VIEW,
        map_style="light",
        tooltip={"text": "{tip}"},
    )
