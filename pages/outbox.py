"""Admins: the outbox — what waits, what was sent, what failed and why."""

import pandas as pd
import streamlit as st

from portal.accounts.permissions import Action
from portal.i18n import _
from portal.messages.outbox_view import outbox_overview
from portal.ui.auth import require_page
from portal.ui.resources import read_session

actor = require_page(Action.MANAGE_USERS)
with read_session() as session:
    overview = outbox_overview(session, actor)
st.title(_("Outbox"))
if not overview.sending:
    st.warning(_("PORTAL_SMTP_URL is not set: nothing is sent. Messages wait here until it is and "
               "`python -m portal outbox run` delivers them."))  # fmt: skip
for column, (status, count) in zip(st.columns(len(overview.counts)), overview.counts.items(), strict=True):
    column.metric(status, count)
st.dataframe(pd.DataFrame(overview.rows), hide_index=True, width="stretch")
