"""The live map's Streamlit pieces: the filter sidebar, the cached query, the watch for new reports and
the details panel.

An open map does not redraw on a clock. Every `REFRESH_SECONDS` a small fragment compares the reports'
version (`portal.reports.version`, cached for every visitor at once in `ui.resources`) with the one the map was drawn
at, and only when it moved does the page run again, with the map's data read afresh. An idle tab costs
the server one cached lookup per check, and the browser never receives the same deck twice.
"""

from __future__ import annotations

from datetime import date, timedelta

import streamlit as st

from portal.display import boston_time, escape_markdown
from portal.i18n import _, format_decimal, ngettext
from portal.maps.mapdata import MapData, MapFilter, map_data
from portal.reports.details import (
    ReportDetail,
    neighborhood_choices,
    opened_range,
    report_detail,
    service_type_choices,
    source_choices,
)
from portal.reports.models import ReportStatus
from portal.reports.public_page import request_path
from portal.reports.version import ReportsVersion
from portal.reports.wording import status_label
from portal.ui.resources import read_session, reports_version_now

REFRESH_SECONDS = 10
DEFAULT_DAYS = 90
DRAWN_VERSION = "map_drawn_version"  # session state: the reports' version the map shows


# New types or neighborhoods are rare, and the newest day moves once a day: five minutes is fresh enough.
@st.cache_data(ttl=300, show_spinner=False)
def _choices() -> tuple[dict[int, str], list[str], list[str], tuple | None]:
    with read_session() as session:
        return (
            service_type_choices(session),
            neighborhood_choices(session),
            source_choices(session),
            opened_range(session),
        )


# Keyed by the filters and the version: people looking at the same filters share one query, and a
# new version (a new or changed report) is a new entry, so nothing stale is ever shown.
@st.cache_data(ttl=600, show_spinner=False, max_entries=200)
def cached_map_data(f: MapFilter, version: ReportsVersion) -> MapData:
    with read_session() as session:
        return map_data(session, f)


def drawn_version() -> ReportsVersion:
    """The version this run draws the map at, remembered for `redraw_on_new_reports`."""
    version = reports_version_now()
    st.session_state[DRAWN_VERSION] = version
    return version


@st.fragment(run_every=REFRESH_SECONDS)
def redraw_on_new_reports() -> None:
    """Run the page again when the reports changed since the map was drawn; otherwise do nothing."""
    if st.session_state.get(DRAWN_VERSION) != reports_version_now():
        st.rerun()


def default_days(days: tuple[date, date]) -> tuple[date, date]:
    first, last = days
    return max(first, last - timedelta(days=DEFAULT_DAYS - 1)), last


def filter_sidebar() -> MapFilter:
    types, neighborhoods, sources, days = _choices()
    with st.sidebar:
        st.header(_("Filters"))
        text = st.text_input(_("Search"), placeholder=_("Words, address or report id"), max_chars=100)
        type_ids = st.multiselect(
            _("Request type"), options=list(types), format_func=types.get, placeholder=_("All types")
        )
        statuses = st.multiselect(
            _("Status"), options=[s.value for s in ReportStatus], format_func=status_label,
            placeholder=_("Open and closed"),
        )  # fmt: skip
        places = st.multiselect(_("Neighborhood"), options=neighborhoods, placeholder=_("All of Boston"))
        channels = st.multiselect(_("Reported via"), options=sources, placeholder=_("Any channel"))
        opened = st.date_input(
            _("Opened between"), value=default_days(days), min_value=days[0] if days else None,
            max_value=days[1] if days else None, format="YYYY-MM-DD",
            help=_("Starts at the last 90 days of reports: what is happening now, and fast on a big city."),
        ) if days else ()  # fmt: skip
    first, last = (tuple(opened) + (None, None))[:2]
    return MapFilter(
        type_ids=tuple(type_ids), statuses=tuple(statuses), neighborhoods=tuple(places),
        sources=tuple(channels), opened_from=first, opened_to=last, text=text,
    )  # fmt: skip


def map_caption(data: MapData) -> str:
    """What the map is showing, and what it leaves out, in a sentence or two."""
    if data.mode == "cells":
        shown = ngettext("{count} report shown as a hexagon; narrow the filters to see single reports.",
                         "{count} reports shown as hexagons, darker where there are more; "
                         "narrow the filters to see single reports.", data.located)  # fmt: skip
    elif data.mode == "points":
        shown = ngettext("{count} report: open ones are larger orange dots with a dark ring, closed ones "
                         "smaller purple dots; the list under the map gives them as text.",
                         "{count} reports: open ones are larger orange dots with a dark ring, closed ones "
                         "smaller purple dots; the list under the map gives them as text.", data.located)  # fmt: skip
    else:
        shown = _("None of these reports has a map location.")
    unlocated = data.counts.total - data.located
    shown = shown.format(count=format_decimal(data.located))
    if not unlocated:
        return shown
    return shown + " " + ngettext("{count} without a location is not on the map.",
                                  "{count} without a location are not on the map.",
                                  unlocated).format(count=format_decimal(unlocated))  # fmt: skip


def selected_object(state) -> tuple[str, dict] | None:
    """(layer id, picked object) from the chart's selection state, if something is selected."""
    objects = (state or {}).get("selection", {}).get("objects", {})
    for layer_id, picked in objects.items():
        if picked:
            return layer_id, picked[0]
    return None


def details_panel(selection: tuple[str, dict] | None, linked_id: str | None = None) -> None:
    """The selected report, else the one named in the link (`/map?report=ID`), else a hint."""
    if selection is None and linked_id:
        selection = ("reports-linked", {"id": linked_id.strip().upper()})
    if selection is None:
        st.caption(_("Select a report on the map to see its details here."))
        return
    layer_id, picked = selection
    if layer_id == "report-cells":
        st.markdown(_("**{what}** in this area.").format(what=escape_markdown(picked.get("tip", ""))))
        st.caption(_("Narrow the filters (a neighborhood, a type or fewer days) to see single reports."))
        return
    with read_session() as session:
        detail = report_detail(session, picked.get("id", ""))
    if detail is None:
        st.warning(_("That report is no longer available."))
        return
    show_detail(detail)


def show_detail(d: ReportDetail) -> None:
    st.subheader(escape_markdown(d.title))
    st.markdown(f"**{escape_markdown(_(d.type_name))}** · {escape_markdown(d.department)}")
    badge = ":orange-badge[{}]".format(_("Open")) if d.status != ReportStatus.CLOSED else \
        ":violet-badge[{}]".format(_("Closed"))  # fmt: skip
    st.markdown(_("{badge} · report `{number}`").format(badge=badge, number=d.public_id))
    st.markdown(_("Opened {time}").format(time=boston_time(d.opened_at)))
    if d.closed_at:
        st.markdown(_("Closed {time}").format(time=boston_time(d.closed_at)))
    if d.closure_reason and d.status == ReportStatus.CLOSED:  # a reopened report's old closure is not news
        st.caption(escape_markdown(d.closure_reason))
    place = ", ".join(escape_markdown(p) for p in (d.address, d.neighborhood or "") if p)
    st.markdown(place or _("No address given"))
    st.caption(_("Reported via {channel}").format(channel=escape_markdown(_(d.source))))
    st.markdown(_("[Its page: status, history and photos]({link})").format(link=request_path(d.public_id)))

