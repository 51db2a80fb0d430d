"""The dashboard's Altair charts: the map's areas without a figure, names in the table's order, heights."""

from __future__ import annotations

from datetime import date

import pandas as pd

from portal.analytics.areas import NO_AREA, area_of_outline
from portal.analytics.dashboard import PER_THOUSAND
from portal.i18n import language
from portal.ui.dashboard_charts import (
    NO_FIGURE_GREY,
    ROW_PIXELS,
    area_map,
    close_time_chart,
    shaded_outlines,
    volume_chart,
)

AREAS = pd.DataFrame({"area": ["Allston / Brighton", "Dorchester", "Roxbury", NO_AREA],
                      PER_THOUSAND: [12.5, 1234.0, None, 99.0]})  # fmt: skip


def test_each_outline_carries_its_areas_figure_and_one_without_says_no_figure_in_the_readers_language():
    with language("es"):
        outlines = shaded_outlines(AREAS, PER_THOUSAND)
    shown = {(o["properties"]["area"], o["properties"]["value"], o["properties"]["shown"]) for o in outlines}
    assert ("Allston / Brighton", 12.5, "12.5") in shown  # both its outlines, Allston and Brighton
    assert ("Dorchester", 1234.0, "1,234") in shown
    assert ("Roxbury", None, "sin cifra") in shown  # no population figure
    assert ("South End", None, "sin cifra") in shown  # no reports in the period: no row at all
    assert len(outlines) == len(area_of_outline()) and NO_AREA not in {area for area, _v, _s in shown}


def test_the_map_draws_every_outline_grey_colours_those_with_a_figure_and_titles_its_legend_by_the_measure():
    with language("es"):
        grey, shaded = area_map(AREAS, PER_THOUSAND).to_dict()["layer"]
    assert grey["mark"]["fill"] == NO_FIGURE_GREY  # every outline, under the coloured ones
    assert "transform" not in grey and "color" not in grey["encoding"]
    assert shaded["transform"] == [{"filter": "isValid(datum.properties.value)"}]
    assert shaded["encoding"]["color"]["title"] == "Reportes por cada 1.000 residentes"
    tooltip = {t["title"] for t in grey["encoding"]["tooltip"]}
    assert tooltip == {"Barrio", "Reportes por cada 1.000 residentes"}


def test_close_times_keep_the_tables_order_and_grow_a_row_per_name():
    names = [f"Type {n}" for n in range(20)]
    frame = pd.DataFrame({"type": names, "median days": 2.0, "p90 days": 9.0})
    chart = close_time_chart(frame, "type", "Busiest request types").to_dict()
    assert chart["encoding"]["y"]["sort"] is None and chart["height"] == ROW_PIXELS * 20
    values = next(iter(chart["datasets"].values()))
    assert [v["type"] for v in values[:20]] == names
    assert close_time_chart(frame.head(2), "type", "").to_dict()["height"] == 350  # never squashed


def test_channels_stack_and_are_coloured_in_the_documented_order_whatever_the_language():
    volume = pd.DataFrame({"week": [date(2024, 1, 1)] * 2, "channel": ["web", "phone"], "reports": [3, 4]})
    with language("es"):
        chart = volume_chart(volume).to_dict()
    values = next(iter(chart["datasets"].values()))
    assert {(v["channel"], v["order"]) for v in values} == {("teléfono", 0), ("web", 2)}
    assert chart["encoding"]["color"]["scale"]["domain"][0] == "teléfono"
