"""The dashboard's charts (plotly) and the table and CSV download that go with each one."""

from __future__ import annotations

import json
from functools import cache

import altair as alt
import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
import streamlit as st

from portal.analytics.areas import area_of_outline
from portal.analytics.dashboard import NO_FIGURE, PER_THOUSAND, map_table
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


def labels() -> dict[str, str]:
    return {key: _(label) for key, label in LABELS.items()}


def labelled(table: pd.DataFrame) -> pd.DataFrame:
    """`table` for a reader: translated headings, type and channel names and "no figure"."""
    shown = table.replace({NO_FIGURE: _(NO_FIGURE)})
    for column in ("type", "channel", "age"):
        if column in shown:
            shown[column] = shown[column].map(_)
    return shown.rename(columns=labels())


def show(figure: go.Figure | alt.TopLevelMixin, table: pd.DataFrame, name: str) -> None:
    """A chart (plotly, or Altair on the leaderboards: `recognition_charts`), the data behind it, and that
    data as CSV."""
    if isinstance(figure, go.Figure):
        st.plotly_chart(figure, use_container_width=True)
    else:
        st.altair_chart(figure, use_container_width=True)
    data_behind(table, name)


def data_behind(table: pd.DataFrame, name: str) -> None:
    """The table a chart (or charts) drew, folded away, with its CSV."""
    with st.expander(_("Data behind this chart")):
        st.dataframe(table, hide_index=True, use_container_width=True)
        st.download_button(_("Download CSV"), table.to_csv(index=False).encode(), file_name=f"{name}.csv",
                           mime="text/csv", key=f"csv-{name}")  # fmt: skip


def volume_chart(volume: pd.DataFrame) -> go.Figure:
    figure = px.area(volume.assign(channel=volume["channel"].map(_)), x="week", y="reports", color="channel",
                     title=_("Reports opened per week, by channel"), labels=labels())  # fmt: skip
    return figure.update_layout(legend_title_text="", xaxis_title="")


def close_time_chart(frame: pd.DataFrame, key: str, title: str) -> go.Figure:
    names = labels()
    shown = frame.assign(type=frame["type"].map(_)) if "type" in frame else frame
    long = shown.rename(columns={m: names[m] for m in ("median days", "p90 days")}).melt(
        id_vars=[key], value_vars=[names["median days"], names["p90 days"]], var_name="measure", value_name="days")
    figure = px.bar(long, x="days", y=key, color="measure", barmode="group", orientation="h", title=title,
                    labels=names)  # fmt: skip
    return figure.update_layout(yaxis={"autorange": "reversed", "title": ""}, legend_title_text="",
                                height=max(350, 28 * len(frame)))  # fmt: skip


def backlog_chart(ages: pd.DataFrame) -> go.Figure:
    return px.bar(ages.assign(age=ages["age"].map(_)), x="age", y="open reports", title=_("Open reports by age"),
                  labels=labels())


@cache
def _outlines() -> dict:
    return json.loads(load_settings().neighborhoods_path.read_text())


def area_map(areas: pd.DataFrame, measure: str) -> go.Figure:
    """Each outline coloured by its area's value (uncoloured without one, its hover saying "no figure");
    no map tiles, so it works without a tile server."""
    outline_areas = pd.DataFrame(list(area_of_outline().items()), columns=["outline", "area"])
    shown = map_table(areas, measure).rename(columns={measure: "shown"})
    shaded = outline_areas.merge(areas[["area", measure]], on="area", how="left").merge(shown, on="area", how="left")
    figure = px.choropleth(shaded, geojson=_outlines(), locations="outline", featureidkey="properties.name",
                           color=measure, hover_name="area",
                           hover_data={"outline": False, measure: False, "shown": True},
                           color_continuous_scale="Oranges",
                           labels={measure: _(MAP_MEASURES[measure]), "shown": _(MAP_MEASURES[measure])})  # fmt: skip
    figure.update_geos(fitbounds="locations", visible=False)
    return figure.update_layout(margin={"l": 0, "r": 0, "t": 0, "b": 0}, height=520)
