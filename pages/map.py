"""Live map of Boston 311 reports: filters, counters, the map and the selected report's details."""

import streamlit as st

from portal.i18n import _
from portal.maps.geo import boston
from portal.maps.layers import build_deck
from portal.ui.export_buttons import download_buttons
from portal.ui.list_view import map_report_list
from portal.ui.map_widgets import (
    cached_map_data,
    details_panel,
    drawn_version,
    filter_sidebar,
    map_caption,
    redraw_on_new_reports,
    selected_object,
)
from portal.ui.resources import engine

engine()  # public page: no access check, but the database must be ready even on a direct visit

st.title(_("Boston 311 reports"))
st.caption(_("Non-emergency street problems reported by residents and city staff. Updates live."))
current_filter = filter_sidebar()
download_buttons(current_filter)
version = drawn_version()
redraw_on_new_reports()


# A fragment, so that selecting a report runs only the map and its panel again, not the whole page.
@st.fragment
def live_map() -> None:
    data = cached_map_data(current_filter, version)
    open_, closed, total = st.columns(3)
    open_.metric(_("Open"), f"{data.counts.open:,}")
    closed.metric(_("Closed"), f"{data.counts.closed:,}")
    total.metric(_("Total"), f"{data.counts.total:,}")
    if data.counts.total == 0:
        st.info(_("No reports match these filters. Try fewer filters or a wider date range."))
        return
    st.caption(map_caption(data))
    map_column, detail_column = st.columns([3, 1])
    with map_column:
        state = st.pydeck_chart(
            build_deck(data, boston(), current_filter.neighborhoods),
            on_select="rerun",
            selection_mode="single-object",
            key="report_map",
            height=560,
        )
    with detail_column:
        details_panel(selected_object(state), st.query_params.get("report"))
    map_report_list(current_filter, version, data.counts.total)


live_map()
