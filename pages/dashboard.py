"""City dashboard: how many reports come in by which channel, how fast they are closed, and where."""

from datetime import timedelta

import streamlit as st

from portal.analytics import dashboard
from portal.analytics.summary import refresh_now
from portal.db import utc_now
from portal.i18n import _
from portal.maps.population import POPULATION_SOURCE
from portal.reports.version import ReportsVersion
from portal.ui.auth import page_actor
from portal.ui.dashboard_charts import (
    MAP_MEASURES,
    area_map,
    backlog_chart,
    close_time_chart,
    labelled,
    show,
    volume_chart,
)
from portal.ui.resources import engine, read_session, reports_version_now

page_actor()  # public page
st.title(_("City dashboard"))


# Keyed by the reports' version: a new or changed report (an import, a closure) means fresh figures on
# the next visit, and until then visits are served from here (ten minutes at most: the backlog ages).
@st.cache_data(ttl=600, show_spinner=False, max_entries=50)
def figures(first, last, version: ReportsVersion) -> dict:
    """Brings the daily counts up to date and reads every table of the page."""
    refresh_now(engine())
    period = dashboard.Period(first, last)
    with read_session() as session:
        volume = dashboard.channel_volume(session, period)
        backlog = dashboard.backlog(session, utc_now())
        return {"volume": volume, "shares": dashboard.channel_shares(volume),
                "types": dashboard.by_type(session, period), "areas": dashboard.by_area(session, period, backlog),
                "ages": dashboard.backlog_by_age(backlog)}  # fmt: skip


with read_session() as session:
    default = dashboard.default_period(session)
if default is None:
    st.info(_("There are no reports yet."))
    st.stop()
chosen = st.date_input(_("Reports opened between"), (default.first, default.last),
                       min_value=default.last - timedelta(days=3650), max_value=default.last)  # fmt: skip
if len(chosen) != 2:
    st.info(_("Pick the last day of the period too."))
    st.stop()
with st.spinner(_("Counting reports…")):
    data = figures(*chosen, reports_version_now())

st.header(_("Where reports come from"))
show(volume_chart(data["volume"]), labelled(data["volume"]), "reports-by-channel-per-week")
st.dataframe(data["shares"].assign(channel=data["shares"]["channel"].map(_)), hide_index=True,
             column_config={"channel": _("Channel"), "reports": _("Reports"), "share %": _("Share (%)")})
st.caption(_("Channels from each report's source: phone (calls), app (Citizens Connect/BOS:311 and apps using our "
           "Open311 API), web (the city's and our forms), Street Bump, employee (crews and staff)."))

st.header(_("How fast reports are closed"))
st.caption(_("Days from opening to closing for reports opened in the period and closed since. On time: closed by "
           "the target date the city set (reports without a target are left out of that share). Medians and "
           "90th percentiles are read from time-to-close buckets, so they are within an hour of the exact "
           "figure under 3 days, 6 hours under 2 weeks, a day under 90 days and a week beyond."))
show(close_time_chart(data["types"], "type", _("Busiest request types")), labelled(data["types"]),
     "time-to-close-by-type")
show(close_time_chart(data["areas"], "area", _("Neighborhoods")), labelled(data["areas"]),
     "time-to-close-by-neighborhood")
show(backlog_chart(data["ages"]), labelled(data["ages"]), "open-backlog-by-age")

st.header(_("Neighborhood map"))
measure = st.radio(_("Colour by"), list(MAP_MEASURES), format_func=lambda m: _(MAP_MEASURES[m]), horizontal=True)
st.warning(_("These are reports, not needs: crowdsourced reports reflect who reports (who has the app, time and "
           "trust to call) as much as where problems are. A quiet neighborhood is not necessarily a fine one."))
show(area_map(data["areas"], measure), labelled(dashboard.map_table(data["areas"], measure)),
     f"map-{measure.replace(' ', '-').replace(',', '')}")
st.caption(_("Per 1,000 residents counts the reports of the period against the people who live there: areas "
             "many people work in or visit (downtown, the Fenway) report far more per resident. An area without "
             "a population figure shows “{no_figure}”.").format(no_figure=_(dashboard.NO_FIGURE)) + " "
           + _(POPULATION_SOURCE))
