"""The list beside every map: what a map draws on its canvas, as a table a keyboard and a screen reader
can use. Each report number is a real link to the report's public page (Tab reaches it, Enter opens
it), the table has header cells, and the caption says how many of how many rows it shows.

A Markdown table rather than `st.dataframe`: the data grid draws on a canvas too, and its cells are
not links.
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import streamlit as st

from portal.display import boston_time, escape_markdown
from portal.i18n import N_, _, format_decimal, ngettext
from portal.maps.mapdata import MapFilter
from portal.maps.report_list import report_list
from portal.reports.public_page import request_path
from portal.reports.version import ReportsVersion
from portal.ui.resources import read_session

# Marked for the template, shown with `_()`.
REPORT_HEADERS = {"report": N_("Report"), "type": N_("Type"), "status": N_("Status"),
                  "neighborhood": N_("Neighborhood"), "address": N_("Address"), "opened": N_("Opened")}  # fmt: skip


def _cell(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "—"
    if isinstance(value, datetime):
        return boston_time(value)
    return escape_markdown(" ".join(str(value).split()))  # a line break would end the table's row


def _link(public_id: object) -> str:
    if public_id is None or (not isinstance(public_id, str) and pd.isna(public_id)):
        return "—"
    return f"[{escape_markdown(str(public_id))}]({request_path(str(public_id))})"


def markdown_table(
    rows: pd.DataFrame, headers: dict[str, str], link_columns: tuple[str, ...] = ("report",)
) -> str:
    """`rows` as a Markdown table with `headers` (column → heading, in order); values of `link_columns`
    are report numbers and become links to their public pages."""
    lines = ["| " + " | ".join(headers.values()) + " |", "|" + " --- |" * len(headers)]
    for row in rows.itertuples(index=False):
        values = row._asdict()
        cells = [_link(values[c]) if c in link_columns else _cell(values[c]) for c in headers]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def list_view(title: str, rows: pd.DataFrame, headers: dict[str, str], total: int | None = None,
              link_columns: tuple[str, ...] = ("report",), expanded: bool = False) -> None:  # fmt: skip
    """An expander `title` holding the table of `rows`; `total` is how many there are in all when `rows`
    is only the first of them."""
    with st.expander(title, expanded=expanded):
        if rows.empty:
            st.caption(_("Nothing to list."))
            return
        shown = len(rows)
        if total is None or total <= shown:
            count = ngettext("All {count}.", "All {count}.", shown).format(count=format_decimal(shown))
        else:
            count = ngettext("The newest {shown} of {total}; narrow the filters to list others.",
                             "The newest {shown} of {total}; narrow the filters to list others.",
                             total).format(shown=format_decimal(shown), total=format_decimal(total))  # fmt: skip
        links = _("Report numbers open the report's page in a new tab.") if link_columns else ""
        st.caption(f"{count} {links}".strip())
        st.markdown(markdown_table(rows, headers, link_columns))


# Keyed by the filters and the reports' version, like the map's own data (`map_widgets.cached_map_data`).
@st.cache_data(ttl=600, show_spinner=False, max_entries=200)
def _cached_report_list(f: MapFilter, version: ReportsVersion) -> pd.DataFrame:
    with read_session() as session:
        return report_list(session, f)


def map_report_list(f: MapFilter, version: ReportsVersion, total: int) -> None:
    """The live map's reports as a list: the same filter, newest first, located or not."""
    rows = _cached_report_list(f, version)
    shown = rows.assign(type=rows["type"].map(_), status=rows["status"].map(_)) if not rows.empty else rows
    list_view(_("List of these reports"), shown, {k: _(v) for k, v in REPORT_HEADERS.items()}, total)
