"""The leaderboards page's charts, drawn with Streamlit's own Vega-Lite charts (Altair) rather than plotly.

Measured in Chromium at a million reports (`bench/browser_bench.py`): the page with two plotly charts
was ready in 1.77× the sign-in page's time, with these 1.25×; plotly's script alone costs a visitor
about a second of the browser's main thread. Each builder takes the plain table and the words to show
and returns the chart; `dashboard_charts.show` puts it on the page with its data and CSV.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

# Fixed, closed otherwise, still open: each at least 3:1 against the white page (WCAG 1.4.11), and told
# apart by the legend and the tooltip's words too.
WHERE_THEY_STAND = ["#1d6b3a", "#6e6e6e", "#b3261e"]
ROW_PIXELS = 26  # one neighborhood's bar with its name beside it, every name shown


def _bar(frame: pd.DataFrame, title: str | None = None) -> alt.Chart:
    """Bars; a long title goes above the chart on the page instead (a chart's own title never wraps)."""
    return alt.Chart(frame, title=alt.TitleParams(title, anchor="start") if title else alt.Undefined).mark_bar()


def points_per_week(weeks: pd.DataFrame, week: str, points: str) -> alt.Chart:
    """Columns week, points: one bar a week."""
    return _bar(weeks).encode(
        x=alt.X("week:T", title=week, timeUnit="yearmonthdate"),
        y=alt.Y("points:Q", title=points),
        tooltip=[alt.Tooltip("week:T", title=week), alt.Tooltip("points:Q", title=points)],
    )


def reports_by_month(long: pd.DataFrame, month: str, reports: str) -> alt.Chart:
    """Columns month, now (where the reports stand, already translated), reports: stacked bars a month."""
    return _bar(long).encode(
        x=alt.X("month:T", title=month, timeUnit="yearmonth"),
        y=alt.Y("reports:Q", title=reports, stack=True),
        color=alt.Color("now:N", title=None, sort=None, legend=alt.Legend(orient="bottom"),
                        scale=alt.Scale(range=WHERE_THEY_STAND)),
        tooltip=[alt.Tooltip("month:T", title=month, timeUnit="yearmonth"), alt.Tooltip("now:N", title=""),
                 alt.Tooltip("reports:Q", title=reports)],
    )  # fmt: skip


def per_neighborhood(table: pd.DataFrame, column: str, title: str) -> alt.Chart:
    """One measure per neighborhood as horizontal bars, in the table's order (neighborhoods without a
    figure left out)."""
    shown = table[["neighborhood", column]].dropna().rename(columns={column: "value"})
    return _bar(shown, title).encode(
        x=alt.X("value:Q", title=None, axis=alt.Axis(format=",.4~g", tickCount=3)),
        y=alt.Y("neighborhood:N", title=None, sort=None, axis=alt.Axis(labelOverlap=False, labelLimit=110)),
        tooltip=[alt.Tooltip("neighborhood:N", title=""), alt.Tooltip("value:Q", title=title, format=",.2f")],
    ).properties(height=max(300, ROW_PIXELS * len(shown)))
