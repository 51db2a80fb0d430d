"""The staff queue's small map: the filtered queue's newest reports, overdue ones in red, over the
neighborhood outlines and names from `maps.layers`.

It has no basemap at all: the outlines and names are the geography, so the map reads the same with
or without a tile server, and the staff page makes no request outside the portal.
"""

from __future__ import annotations

import pandas as pd
import pydeck as pdk

from portal.i18n import _
from portal.maps.geo import Neighborhoods
from portal.maps.layers import CompactDeck, label_layer, outline_layers, view_for

# Red for past its target, blue for within it: a diverging pair that colour-blind readers tell apart.
OVERDUE_COLOR = [202, 0, 32]
ON_TIME_COLOR = [5, 113, 176]


def queue_points_layer(points: pd.DataFrame) -> pdk.Layer:
    """One dot per report (`id`, `lat`, `lon`, `type`, `overdue`), its number and type as the tooltip."""
    data = pd.DataFrame({
        "lat": points["lat"], "lon": points["lon"],
        "tip": [_("{id} · {type} · overdue").format(id=i, type=_(t)) if late else f"{i} · {_(t)}"
                for i, t, late in zip(points["id"], points["type"], points["overdue"])],
        "color": [OVERDUE_COLOR if late else ON_TIME_COLOR for late in points["overdue"]],
    })  # fmt: skip
    return pdk.Layer("ScatterplotLayer", id="queue-reports", data=data, get_position=["lon", "lat"],
                     get_fill_color="color", get_radius=30, radius_min_pixels=3, radius_max_pixels=9,
                     pickable=True)  # fmt: skip


def queue_deck(points: pd.DataFrame, neighborhoods: Neighborhoods, focus: tuple[str, ...] = ()) -> pdk.Deck:
    layers = [*outline_layers(neighborhoods), label_layer(neighborhoods)]
    if len(points):
        layers.insert(-1, queue_points_layer(points))  # over the outlines, under the names
    return CompactDeck(layers=layers, initial_view_state=view_for(neighborhoods, focus), map_style=None,
                       tooltip={"text": "{tip}"})  # fmt: skip
