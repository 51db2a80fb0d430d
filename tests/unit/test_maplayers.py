"""The pydeck map as the browser receives it: layers, compact JSON and a plain-text tooltip."""

import itertools
import json

import pandas as pd
import pytest
import shapely
from h3.api import basic_int as h3

from portal.i18n import language
from portal.maps.geo import boston
from portal.maps.layers import (
    BOSTON_VIEW,
    CITY_ZOOM,
    LABEL_PIXELS,
    NO_BASEMAP,
    Label,
    _box,
    _overlap,
    boundary_segments,
    build_deck,
    labels,
    simplified_outlines,
    view_for,
)
from portal.maps.mapdata import MapData, StatusCounts

POINTS = MapData(
    "points",
    pd.DataFrame(
        {
            "id": ["AAAAAAAAAA", "BBBBBBBBBB", "CCCCCCCCCC"],
            "lat": [42.34671, 42.3474, 42.3103],
            "lon": [-71.09723, -71.0944, -71.0728],
            "status": ["open", "closed", "open"],
            "type": ["Street Light Outages", "Street Light Outages", "<b>Sign Repair</b>"],
        }
    ),
    StatusCounts(open=2, closed=1),
    located=3,
)
FENWAY_CELL = h3.latlng_to_cell(42.3467, -71.0972, 8)
DORCHESTER_CELL = h3.latlng_to_cell(42.3103, -71.0728, 8)
CELLS = MapData(
    "cells",
    pd.DataFrame({"cell": [FENWAY_CELL, DORCHESTER_CELL], "reports": [40, 10], "open": [25, 1]}),
    StatusCounts(open=26, closed=24),
    located=50,
    resolution=8,
)
EMPTY = MapData("empty", pd.DataFrame(), StatusCounts(open=0, closed=0), located=0)


def deck_json(data: MapData, focus: tuple[str, ...] = ()) -> tuple[str, dict]:
    text = build_deck(data, boston(), focus).to_json()
    return text, json.loads(text)


def layers_by_id(spec: dict) -> dict[str, dict]:
    return {layer["id"]: layer for layer in spec["layers"]}


@pytest.mark.parametrize("data", [POINTS, CELLS, EMPTY], ids=["points", "cells", "empty"])
def test_the_neighborhood_outlines_are_always_drawn(data):
    _text, spec = deck_json(data)
    layers = layers_by_id(spec)
    assert layers["land"]["@@type"] == "GeoJsonLayer"
    assert shapely.from_geojson(json.dumps(layers["land"]["data"])).covers(shapely.Point(-71.0589, 42.3601))
    assert layers["neighborhood-lines"]["@@type"] == "LineLayer"
    assert len(layers["neighborhood-lines"]["data"]) == len(boundary_segments(boston().geometries))
    assert layers["neighborhood-names"]["@@type"] == "TextLayer"


@pytest.mark.parametrize("data", [POINTS, CELLS, EMPTY], ids=["points", "cells", "empty"])
def test_nothing_is_stroked_by_deck_gls_path_program(data):
    # With no GPU, PathLayer's program cost a visitor ~1.5 s of the map: strokes are LineLayer segments.
    _text, spec = deck_json(data)
    assert not [
        layer["id"]
        for layer in spec["layers"]
        if layer.get("stroked") and layer["@@type"] != "ScatterplotLayer"
    ]
    assert "PathLayer" not in {layer["@@type"] for layer in spec["layers"]}


def test_the_lines_trace_every_neighborhood_and_sit_above_the_cells_below_the_reports():
    segments = shapely.multilinestrings(
        [[(x1, y1), (x2, y2)] for x1, y1, x2, y2 in boundary_segments(boston().geometries)]
    )
    for outline in simplified_outlines(boston().geometries):
        assert segments.buffer(1e-7).covers(outline.boundary)
    order = [layer["id"] for layer in deck_json(CELLS)[1]["layers"]]
    assert order.index("report-cells") < order.index("neighborhood-lines") < order.index("neighborhood-names")
    order = [layer["id"] for layer in deck_json(POINTS)[1]["layers"]]
    assert order.index("neighborhood-lines") < order.index("reports-open")


def test_points_get_one_layer_per_status():
    _text, spec = deck_json(POINTS)
    scatter = {layer["id"]: layer for layer in spec["layers"] if layer["@@type"] == "ScatterplotLayer"}

    assert set(scatter) == {"reports-open", "reports-closed"}
    assert len(scatter["reports-open"]["data"]) == 2
    assert scatter["reports-open"]["getFillColor"] != scatter["reports-closed"]["getFillColor"]
    assert scatter["reports-closed"]["data"] == [
        {"id": "BBBBBBBBBB", "lat": 42.3474, "lon": -71.0944, "tip": "Street Light Outages · closed"}
    ]
    assert not any(layer["@@type"] == "H3HexagonLayer" for layer in spec["layers"])


def test_tooltips_speak_the_readers_language():
    with language("es"):
        _text, points = deck_json(POINTS)
        _text, cells = deck_json(CELLS)
    closed = layers_by_id(points)["reports-closed"]["data"][0]["tip"]
    assert closed == "Farolas apagadas · cerrado"
    tips = {row["hex"]: row["tip"] for row in layers_by_id(cells)["report-cells"]["data"]}
    assert tips[h3.int_to_str(FENWAY_CELL)] == "40 reportes, 25 abiertos"


def test_cells_are_one_hexagon_layer():
    _text, spec = deck_json(CELLS)
    hexagons = [layer for layer in spec["layers"] if layer["@@type"] == "H3HexagonLayer"]

    assert len(hexagons) == 1
    rows = {row["hex"]: row for row in hexagons[0]["data"]}
    assert set(rows) == {h3.int_to_str(FENWAY_CELL), h3.int_to_str(DORCHESTER_CELL)}
    assert rows[h3.int_to_str(FENWAY_CELL)]["tip"] == "40 reports, 25 open"
    # The busiest cell is the most opaque.
    assert rows[h3.int_to_str(FENWAY_CELL)]["alpha"] > rows[h3.int_to_str(DORCHESTER_CELL)]["alpha"]
    assert not any(layer["@@type"] == "ScatterplotLayer" for layer in spec["layers"])


def test_nothing_to_show_draws_only_the_outlines():
    _text, spec = deck_json(EMPTY)
    assert set(layers_by_id(spec)) == {"land", "neighborhood-lines", "neighborhood-names"}


@pytest.mark.parametrize("data", [POINTS, CELLS], ids=["points", "cells"])
def test_the_json_is_compact(data):
    text, spec = deck_json(data)
    assert "\n" not in text
    assert text == json.dumps(spec, separators=(",", ":"))


def test_the_tooltip_is_plain_text():
    # Type names come from the city's file; as HTML they could inject markup into the page.
    deck = build_deck(POINTS, boston())
    assert deck._tooltip == {"text": "{tip}"}  # where pydeck (and st.pydeck_chart) keep it


@pytest.mark.parametrize(
    ("focus", "centred_on"),
    [
        ((), None),
        (("Dorchester",), "Dorchester"),
        (("Dorchester", "Roxbury"), None),
        (("Fenway / Kenmore / Audubon Circle / Longwood",), None),  # a 311 name, not an outline
    ],
)
def test_the_view_centres_on_one_chosen_neighborhood(focus, centred_on):
    view = view_for(boston(), focus)
    if centred_on is None:
        assert view is BOSTON_VIEW
    else:
        assert boston().name_at(view.latitude, view.longitude) == centred_on
        assert view.zoom > BOSTON_VIEW.zoom


def test_no_basemap_and_the_city_view_is_as_far_out_as_the_map_goes():
    _text, spec = deck_json(CELLS)
    assert spec["mapStyle"] == NO_BASEMAP  # Streamlit then loads no tiles and compiles no basemap shaders
    assert spec["initialViewState"]["minZoom"] == CITY_ZOOM == spec["initialViewState"]["zoom"]
    assert layers_by_id(spec)["report-cells"]["highPrecision"]  # drawn as polygons, like the outlines


def test_outlines_are_simplified_and_rounded():
    drawn = simplified_outlines(boston().geometries)
    coordinates = [point for shape in drawn for point in shapely.get_coordinates(shape)]
    original = sum(shapely.get_num_coordinates(g) for g in boston().geometries)
    assert len(drawn) == 23 and len(coordinates) < original
    assert all(round(value, 5) == value for point in coordinates for value in point)


def box(label: Label, zoom: float = CITY_ZOOM) -> tuple[float, ...]:
    return _box(label, zoom, LABEL_PIXELS)


def test_labels_never_overlap_at_the_city_view_and_the_largest_areas_keep_theirs():
    shown = labels(boston())
    assert not any(_overlap(box(a), box(b)) for a, b in itertools.combinations(shown, 2))
    names = {label.name for label in shown}
    assert {"Dorchester", "West Roxbury", "East Boston", "Hyde Park"} <= names < set(boston().names)
    for label in shown:  # each at a point inside its own neighborhood
        geometry = boston().geometries[boston().names.index(label.name)]
        assert geometry.buffer(1e-5).contains(shapely.Point(label.lon, label.lat))


@pytest.mark.parametrize(
    ("first", "second", "overlap"),
    [
        # Same latitude, about 700 m apart: a few pixels at the city view, far apart close up.
        (Label("Long name one", 42.3, -71.07), Label("Long name two", 42.3, -71.0615), True),
        (Label("A", 42.3, -71.07), Label("B", 42.3, -71.0), False),
        (Label("Long name one", 42.3, -71.07), Label("Long name two", 42.25, -71.07), False),
    ],
)
def test_label_boxes_overlap_when_their_text_would(first, second, overlap):
    assert _overlap(box(first), box(second)) is overlap
    assert not _overlap(box(first, zoom=16), box(second, zoom=16))  # zooming in only moves labels apart


def test_the_font_atlas_holds_only_the_letters_of_the_labels():
    _text, spec = deck_json(EMPTY)
    text_layer = layers_by_id(spec)["neighborhood-names"]
    letters = set("".join(row["name"] for row in text_layer["data"]))
    assert set(text_layer["characterSet"]) == letters and len(letters) < 60
