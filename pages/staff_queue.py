"""Staff queue: every report not closed, filtered and paged, what is new since I last looked, a map of
the filtered queue, and the selected case with its actions."""

import streamlit as st

from portal.accounts.permissions import Action
from portal.i18n import _
from portal.reports.followup import reaction_counts
from portal.reports.queue import (
    all_departments,
    case,
    my_departments,
    queue_choices,
    queue_page,
    staff_choices,
)
from portal.reports.service_types import type_labels
from portal.ui.auth import require_page
from portal.ui.case_widgets import case_actions, show_case, show_flash
from portal.ui.queue_widgets import (
    new_since,
    page_controls,
    queue_filter,
    queue_map,
    queue_table,
    wanted_page,
)
from portal.ui.resources import read_session

actor = require_page(Action.WORK_QUEUE)

st.title(_("Staff queue"))
show_flash()
with read_session() as session:
    mine, everything, choices = my_departments(session, actor), all_departments(session), queue_choices(session, actor)
current = queue_filter(mine, everything, choices)
with read_session() as session:
    page = queue_page(session, actor, current, wanted_page())
new_since(page, actor)
if page.matching == 0:
    st.info(_("No reports match these filters.") if page.open_total else _("No open reports. Nice work."))
else:
    queue_table(page)
    page_controls(page)
    queue_map(actor, current)
with st.expander(_("How reporters rated our fixes, by department and type")):
    with read_session() as session:
        reactions = reaction_counts(session)
    if reactions.empty:
        st.caption(_("No reactions yet."))
    else:
        st.dataframe(reactions.assign(type=reactions["type"].map(_)), hide_index=True,
                     column_config={"department": _("Department"), "type": _("Type"), "said fixed": _("Said fixed")})

rows = page.rows
labels = dict(zip(rows["report"], rows["report"] + " · " + rows["type"].map(_) + " · " + rows["address"].fillna("")))
pick, jump = st.columns([3, 1])
chosen = pick.selectbox(_("Work on report"), list(labels), format_func=labels.get, index=None, key="queue_case",
                        placeholder=_("Choose a report of this page (type to search by number, type or street)"))  # fmt: skip
typed = jump.text_input(_("Or open report number"), max_chars=16, key="queue_jump").strip().upper()
chosen = typed or chosen
if chosen:
    with read_session() as session:
        current_case = case(session, actor, chosen)
        staff, types = staff_choices(session, actor), type_labels(session)
    if current_case is None:
        st.warning(_("There is no report with that number; check it, or pick one from the list."))
    else:
        show_case(current_case, actor)
        case_actions(current_case, actor, staff, types)
