"""Third-spaces gallery (public): projects ready to fundraise, on a map and in a list, with their budgets."""

import pydeck as pdk
import streamlit as st

from portal.display import escape_markdown
from portal.i18n import _
from portal.maps.geo import boston
from portal.maps.layers import BOSTON_VIEW, outline_layers
from portal.projects.budget_chart import budget_figure
from portal.projects.gallery import gallery
from portal.projects.money import format_money
from portal.ui.auth import page_actor
from portal.ui.resources import read_session

page_actor()

st.title(_("Third-spaces gallery"))
st.caption(_("Neighbors' projects to make parks, cafés, libraries and gardens more welcoming, "
           "scoped with a coach and ready for your support."))  # fmt: skip
place = st.selectbox(_("Neighborhood"), sorted(boston().names), index=None, placeholder=_("All of Boston"))
with read_session() as session:
    entries = gallery(session, place)
if not entries:
    st.info(_("No project is fundraising here yet. Have an idea? Sign in and propose one."))
    st.stop()

points = [{"lat": e.latitude, "lon": e.longitude, "tip": _("{title}: goal {goal}").format(title=e.title, goal=format_money(e.budget.goal.goal_cents))}
          for e in entries if e.latitude is not None]  # fmt: skip
st.pydeck_chart(pdk.Deck(
    layers=[*outline_layers(boston()),
            pdk.Layer("ScatterplotLayer", id="projects", data=points, get_position=["lon", "lat"],
                      get_radius=120, get_fill_color=[27, 108, 168, 220], pickable=True)],
    initial_view_state=BOSTON_VIEW, map_style="light", tooltip={"text": "{tip}"},
), height=420)  # fmt: skip

for e in entries:
    with st.container(border=True):
        text_column, chart_column = st.columns([3, 2])
        with text_column:
            st.subheader(escape_markdown(e.title))
            st.caption(_("{space} · {space_type} · {neighborhood} · proposed by {proposer}").format(
                space=escape_markdown(e.space), space_type=_(e.space_type), neighborhood=escape_markdown(e.neighborhood),
                proposer=escape_markdown(e.proposer)))  # fmt: skip
            st.markdown(escape_markdown(e.summary))
            st.metric(_("Fundraising goal"), format_money(e.budget.goal.goal_cents))
            if e.fundraising_url:
                st.link_button(_("Support this project"), e.fundraising_url)
            else:
                st.caption(_("The fundraising page opens soon."))
        with chart_column:
            st.plotly_chart(budget_figure(e.budget), width="stretch", key=f"gallery_chart_{e.id}")
