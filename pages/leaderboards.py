"""Leaderboards: who helped the city fix things, all time, this month and this week; and who takes part."""

import streamlit as st

from portal.accounts.permissions import Action
from portal.i18n import _
from portal.ui import recognition_widgets as recognition
from portal.ui.auth import require_page

actor = require_page(Action.VIEW_LEADERBOARD)

st.title(_("Leaderboards"))
st.caption(
    _("Points for reports that staff acknowledge and fix, checks that agree with staff, “me too”s, Street Bump "
    "finds and third-spaces projects. Show your name here from My account.")
)
board = recognition.board_choice()
recognition.leaders_table(board, actor)
recognition.own_standing(board, actor)
recognition.points_rules()

st.header(_("Activity"))
recognition.activity_chart(actor, board)
recognition.trend_chart(board)

st.header(_("Who takes part"))
st.markdown(
    _("Contributors and their points per 1,000 residents, next to all reports per 1,000 residents. Where "
    "reports are many and contributors few, the portal hears from few of the people who live there.")
)
recognition.fairness_view(board)
