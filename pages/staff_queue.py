"""Staff queue: the open reports to work on, oldest first."""

import streamlit as st

from portal.permissions import Action
from portal.queue import open_reports, queue_departments
from portal.ui.auth import require_page
from portal.ui.resources import read_session

actor = require_page(Action.WORK_QUEUE)

st.title("Staff queue")
with read_session() as session:
    departments = st.multiselect("Department", queue_departments(session, actor), placeholder="All departments")
    queue = open_reports(session, actor, tuple(departments))
if queue.empty:
    st.info("No open reports. Nice work.")
else:
    st.caption(f"{len(queue):,} open reports, oldest first.")
    st.dataframe(
        queue,
        hide_index=True,
        column_config={
            "opened": st.column_config.DatetimeColumn("Opened", timezone="America/New_York"),
            "target": st.column_config.DatetimeColumn("Target", timezone="America/New_York"),
        },
    )
