"""Staff queue: open reports of my departments, and the selected case with its actions."""

import streamlit as st

from portal.accounts.permissions import Action
from portal.reports.followup import reaction_counts
from portal.reports.queue import SORTS, all_departments, case, my_departments, open_reports, staff_choices
from portal.reports.service_types import type_labels
from portal.ui.auth import require_page
from portal.ui.case_widgets import case_actions, show_case, show_flash
from portal.ui.resources import read_session

actor = require_page(Action.WORK_QUEUE)

st.title("Staff queue")
show_flash()
with read_session() as session:
    mine, everything = my_departments(session, actor), all_departments(session)
left, right = st.columns([3, 1])
departments = left.multiselect("Department", everything, default=mine, placeholder="All departments")
sort = right.selectbox("Order", list(SORTS))
with read_session() as session:
    queue = open_reports(session, actor, tuple(departments), SORTS[sort])
with st.expander("How reporters rated our fixes, by department and type"):
    with read_session() as session:
        reactions = reaction_counts(session)
    if reactions.empty:
        st.caption("No reactions yet.")
    else:
        st.dataframe(reactions, hide_index=True)
if queue.empty:
    st.info("No open reports here. Nice work.")
    st.stop()

st.caption(f"{len(queue):,} open reports. ⚠️ marks reports past their target date.")
st.dataframe(
    queue.assign(overdue=queue["overdue"].map({True: "⚠️", False: ""})), hide_index=True,
    column_config={
        "opened": st.column_config.DatetimeColumn("Opened", timezone="America/New_York"),
        "target": st.column_config.DatetimeColumn("Target", timezone="America/New_York"),
    },
)  # fmt: skip
labels = dict(zip(queue["report"], queue["report"] + " · " + queue["type"] + " · " + queue["address"].fillna("")))
pick, jump = st.columns([3, 1])
chosen = pick.selectbox("Work on report", list(labels), format_func=labels.get, index=None, key="queue_case",
                        placeholder="Choose a report (type to search by number, type or street)")  # fmt: skip
typed = jump.text_input("Or open report number", max_chars=16, key="queue_jump").strip().upper()
chosen = typed or chosen
if chosen:
    with read_session() as session:
        current = case(session, actor, chosen)
        staff, types = staff_choices(session, actor), type_labels(session)
    if current is None:
        st.warning("That report is gone; reload the queue.")
    else:
        show_case(current)
        case_actions(current, actor, staff, types)
