"""The budget by category as a plotly bar chart, in the reader's language: cash and in-kind stacked, in dollars."""

from __future__ import annotations

import plotly.graph_objects as go

from portal.i18n import _
from portal.projects.budget import CATEGORIES, Summary

CASH_COLOR, IN_KIND_COLOR = "#1b6ca8", "#9ccbe8"


def budget_figure(summary: Summary) -> go.Figure:
    """Dollars for display only: the amounts themselves stay integer cents everywhere else."""
    used = [key for key in CATEGORIES if summary.cash_by_category[key] or summary.in_kind_by_category[key]]
    labels = [_(CATEGORIES[key]) for key in used]
    figure = go.Figure()
    for name, values, color in ((_("Cash"), summary.cash_by_category, CASH_COLOR),
                                (_("In-kind"), summary.in_kind_by_category, IN_KIND_COLOR)):  # fmt: skip
        figure.add_bar(name=name, y=labels, x=[values[key] / 100 for key in used], orientation="h",
                       marker_color=color, hovertemplate="%{y}: $%{x:,.2f}<extra>" + name + "</extra>")  # fmt: skip
    figure.update_layout(barmode="stack", height=80 + 40 * max(len(used), 1),
                         margin={"l": 0, "r": 0, "t": 10, "b": 0}, xaxis={"title": _("US dollars"), "tickprefix": "$"},
                         yaxis={"autorange": "reversed"}, legend={"orientation": "h"})  # fmt: skip
    return figure
