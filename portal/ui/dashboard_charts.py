"""The dashboard's charts, drawn with Streamlit's own Vega-Lite charts (Altair) rather than plotly, and the
table and CSV download that go with each one.

Measured in Chromium at a million reports with `bench/browser_bench.py`'s `visit` (ready when all five
charts are drawn and the main thread is free), the sign-in page and the warm dashboard in turns, five
visits each, median, plotly and Altair back to back, four times: with five plotly figures the dashboard
took 2.14–2.53× the sign-in page's time (medians 4.3–5.8 s; the browser's main thread busy 2.6–6.7 s a
visit), with these 1.29–1.41× (2.3–3.4 s; busy 1.5–4.3 s), at load averages of 1 to 11 from other work;
the last pair, with the map as drawn now, 2.19× against 1.29×. The choropleth is a `geoshape` of the
shipped outlines: no tiles, nothing fetched.
"""

from __future__ import annotations

import json
from functools import cache

import altair as alt
import pandas as pd
import streamlit as st

from portal.analytics.areas import area_of_outline
from portal.analytics.channels import CHANNELS
from portal.analytics.dashboard import NO_FIGURE, PER_THOUSAND
from portal.config import load_settings
from portal.i18n import N_, _

MAP_MEASURES = {"open backlog": N_("Open reports now"), "median days": N_("Median days to close"),
                PER_THOUSAND: N_("Reports per 1,000 residents")}  # fmt: skip
# The summary tables' plain keys (portal.analytics.dashboard) as the reader's words, on axes and tables.
LABELS = {"week": N_("Week"), "channel": N_("Channel"), "type": N_("Type"), "area": N_("Neighborhood"),
          "reports": N_("Reports"), "closed": N_("Closed"), "median days": N_("Median days to close"),
          "p90 days": N_("90th percentile, days"), "on-time %": N_("On time (%)"), "age": N_("Age"),
          "open reports": N_("Open reports now"), "open backlog": N_("Open reports now"), "days": N_("Days"),
          PER_THOUSAND: N_("Reports per 1,000 residents")}  # fmt: skip
# Each at least 4:1 against the white page (WCAG 1.4.11 asks 3:1), one per channel in CHANNELS' order;
# the legend and the tooltips name them too.
CHANNEL_COLOURS = ["#1f5f9e", "#c2410c", "#1d6b3a", "#7b3f99", "#8a5a00", "#6e6e6e"]
MEASURE_COLOURS = ["#1f5f9e", "#c2410c"]  # median, 90th percentile
NO_FIGURE_GREY = "#d9d9d9"  # an area without a figure; its dark outline (9.7:1) marks it out
EDGE = {"stroke": "#444444", "strokeWidth": 0.8}  # each outline's edge
ROW_PIXELS = 28  # one name with its two bars, every name shown


def labels() -> dict[str, str]:
    return {key: _(label) for key, label in LABELS.items()}


def labelled(table: pd.DataFrame) -> pd.DataFrame:
    """`table` for a reader: translated headings, type and channel names and "no figure"."""
    shown = table.replace({NO_FIGURE: _(NO_FIGURE)})
    for column in ("type", "channel", "age"):
        if column in shown:
            shown[column] = shown[column].map(_)
    return shown.rename(columns=labels())


def show(chart: alt.TopLevelMixin, table: pd.DataFrame, name: str) -> None:
    """A chart, the data behind it, and that data as CSV."""
    st.altair_chart(chart, width="stretch")
    data_behind(table, name)


def data_behind(table: pd.DataFrame, name: str) -> None:
    """The table a chart (or charts) drew, folded away, with its CSV."""
    with st.expander(_("Data behind this chart")):
        st.dataframe(table, hide_index=True, use_container_width=True)
        st.download_button(_("Download CSV"), table.to_csv(index=False).encode(), file_name=f"{name}.csv",
                           mime="text/csv", key=f"csv-{name}")  # fmt: skip


def _titled(frame: pd.DataFrame | alt.Data, title: str | None) -> alt.Chart:
    return alt.Chart(frame, title=alt.TitleParams(title, anchor="start") if title else alt.Undefined)


def volume_chart(volume: pd.DataFrame) -> alt.Chart:
    """Columns week (its Monday), channel, reports: a stacked bar a week, channels in CHANNELS' order."""
    names = labels()
    shown = volume.assign(week=pd.to_datetime(volume["week"]).dt.strftime("%Y-%m-%d"),
                          order=volume["channel"].map(CHANNELS.index),
                          channel=volume["channel"].map(_))  # fmt: skip
    return _titled(shown, _("Reports opened per week, by channel")).mark_bar().encode(
        # A band a week, dated by its Monday in digits (Vega would name the months in English).
        x=alt.X("week:O", title=None, axis=alt.Axis(labelAngle=0, labelOverlap=True)),
        y=alt.Y("reports:Q", title=names["reports"], stack=True),
        # Three names a row: the legend fits a phone.
        color=alt.Color("channel:N", title=None, legend=alt.Legend(orient="bottom", columns=3),
                        scale=alt.Scale(domain=[_(c) for c in CHANNELS], range=CHANNEL_COLOURS)),
        order=alt.Order("order:Q"),
        tooltip=[alt.Tooltip("week:O", title=names["week"]),
                 alt.Tooltip("channel:N", title=names["channel"]),
                 alt.Tooltip("reports:Q", title=names["reports"])],
    )  # fmt: skip


def close_time_chart(frame: pd.DataFrame, key: str, title: str) -> alt.Chart:
    """Median and 90th percentile days side by side for each `key` (type or area), in the table's order,
    every name shown: the chart grows with the rows."""
    names = labels()
    shown = frame.assign(type=frame["type"].map(_)) if "type" in frame else frame
    measures = [names["median days"], names["p90 days"]]
    long = shown.rename(columns={"median days": measures[0], "p90 days": measures[1]}).melt(
        id_vars=[key], value_vars=measures, var_name="measure", value_name="days"
    )
    return _titled(long, title).mark_bar().encode(
        x=alt.X("days:Q", title=names["days"]),
        y=alt.Y(f"{key}:N", title=None, sort=None, axis=alt.Axis(labelOverlap=False, labelLimit=160)),
        yOffset=alt.YOffset("measure:N", sort=measures),
        color=alt.Color("measure:N", title=None, legend=alt.Legend(orient="bottom", direction="vertical"),
                        scale=alt.Scale(domain=measures, range=MEASURE_COLOURS)),
        tooltip=[alt.Tooltip(f"{key}:N", title=names[key]), alt.Tooltip("measure:N", title=""),
                 alt.Tooltip("days:Q", title=names["days"])],
    ).properties(height=max(350, ROW_PIXELS * len(frame)))  # fmt: skip


def backlog_chart(ages: pd.DataFrame) -> alt.Chart:
    """Columns age (youngest first), open reports: one bar an age, lying down so every age is named on a
    phone too."""
    names = labels()
    shown = ages.assign(age=ages["age"].map(_))
    return _titled(shown, _("Open reports by age")).mark_bar(color=MEASURE_COLOURS[0]).encode(
        x=alt.X("open reports:Q", title=names["open reports"]),
        y=alt.Y("age:N", title=names["age"], sort=None, axis=alt.Axis(labelOverlap=False)),
        tooltip=[alt.Tooltip("age:N", title=names["age"]),
                 alt.Tooltip("open reports:Q", title=names["open reports"])],
    ).properties(height=2 * ROW_PIXELS * len(ages))  # fmt: skip


@cache
def _outlines() -> dict:
    return json.loads(load_settings().neighborhoods_path.read_text())


def shaded_outlines(areas: pd.DataFrame, measure: str) -> list[dict]:
    """Each neighborhood outline carrying its area, the area's `measure` (None without a figure) and that
    value as the tooltip says it ("no figure" in the reader's language)."""
    values = areas.set_index("area")[measure].dropna().to_dict()
    area_of = area_of_outline()
    shaded = []
    for feature in _outlines()["features"]:
        area = area_of[feature["properties"]["name"]]
        value = float(values[area]) if area in values else None
        shown = _(NO_FIGURE) if value is None else f"{value:,.10g}"
        shaded.append({**feature, "properties": {"area": area, "value": value, "shown": shown}})
    return shaded


def area_map(areas: pd.DataFrame, measure: str) -> alt.LayerChart:
    """Every outline grey, and over it those with a value coloured by it (Vega-Lite leaves out a shape whose
    colour field is empty, so the grey ones are a layer of their own); no map tiles, so it works without a
    tile server."""
    title = _(MAP_MEASURES[measure])
    tooltip = [alt.Tooltip("properties.area:N", title=_("Neighborhood")),
               alt.Tooltip("properties.shown:N", title=title)]  # fmt: skip
    outlines = alt.Chart().mark_geoshape(**EDGE, fill=NO_FIGURE_GREY).encode(tooltip=tooltip)
    colour = alt.Color("properties.value:Q", title=title, scale=alt.Scale(scheme="oranges"),
                       legend=alt.Legend(orient="bottom"))  # fmt: skip
    has_value = "isValid(datum.properties.value)"
    shaded = outlines.mark_geoshape(**EDGE).encode(color=colour).transform_filter(has_value)
    layers = alt.layer(outlines, shaded, data=alt.Data(values=shaded_outlines(areas, measure)))
    return layers.project("mercator").properties(height=520)
