"""Coach review: the coach's queue, a project beside its budget and surroundings, the rubric and the decision."""

import pandas as pd
import streamlit as st

from portal.accounts.permissions import Action
from portal.display import boston_time, escape_markdown
from portal.i18n import _
from portal.projects.detail import project_detail
from portal.projects.matching import accept_match, decline_match
from portal.projects.models import ProjectStatus
from portal.projects.review import (
    RATINGS,
    RUBRIC,
    approve,
    decline,
    queue,
    request_changes,
    rubric,
    save_rubric,
)
from portal.projects.statuses import LABELS, label
from portal.projects.surroundings import reports_around
from portal.ui.auth import require_page
from portal.ui.project_widgets import area_map, budget, conversation, history, proposal, reports_table, run
from portal.ui.resources import read_session

actor = require_page(Action.REVIEW_PROJECT)

st.title(_("Coach review"))
waiting = [ProjectStatus.MATCHED, ProjectStatus.IN_COACHING, ProjectStatus.NEEDS_CHANGES]
statuses = st.sidebar.multiselect(_("Status"), [s for s in LABELS if s != ProjectStatus.DRAFT], default=waiting,
                                  format_func=label, placeholder=_("Every status"))  # fmt: skip
with read_session() as session:
    rows = queue(session, actor, statuses)
neighborhoods = sorted({r.neighborhood for r in rows if r.neighborhood})
place = st.sidebar.selectbox(_("Neighborhood"), neighborhoods, index=None, placeholder=_("All neighborhoods"))
rows = [r for r in rows if not place or r.neighborhood == place]
if not rows:
    st.info(_("No project assigned to you matches these filters."))
    st.stop()
st.dataframe(pd.DataFrame([{_("Project"): r.title, _("Status"): r.status_label, _("Neighborhood"): r.neighborhood,
                            _("Proposer"): r.proposer, _("Last change"): boston_time(r.updated_at)} for r in rows]),
             hide_index=True, width="stretch")  # fmt: skip
titles = {r.id: f"{r.title} · {r.status_label}" for r in rows}
project_id = st.selectbox(_("Open a project"), list(titles), format_func=titles.get, key="review_project")
with read_session() as session:
    d = project_detail(session, actor, project_id)
    around = reports_around(session, d.latitude, d.longitude)
    scores = rubric(session, actor, project_id)

proposal_column, budget_column, area_column = st.columns(3)
with proposal_column:
    proposal(d)
with budget_column:
    st.markdown(_("**Budget**"))
    budget(d.title, d.budget, key=f"review_{d.id}")
with area_column:
    st.markdown(_("**Around the space**"))
    area_map(d.latitude, d.longitude, around, key=f"review_map_{d.id}")
    reports_table(around)

if d.status == ProjectStatus.MATCHED:
    st.subheader(_("You were matched with this project"))
    reason = st.text_input(_("If you decline: why (the programme lead will read it)"), max_chars=500)
    accept_column, decline_column = st.columns(2)
    if accept_column.button(_("Accept"), type="primary") and run(lambda s: accept_match(s, actor, d.id)):
        st.rerun()
    if decline_column.button(_("Decline the match")) and run(lambda s: decline_match(s, actor, d.id, reason)):
        st.rerun()
elif d.status == ProjectStatus.IN_COACHING:
    st.subheader(_("Rubric"))
    with st.form(f"rubric_{d.id}"):
        new_scores = {}
        for criterion, name in RUBRIC.items():
            rating_column, note_column = st.columns([1, 3])
            rating = rating_column.selectbox(_(name), list(RATINGS), list(RATINGS).index(scores[criterion][0]),
                                             format_func=lambda r: _(RATINGS[r]))  # fmt: skip
            note = note_column.text_input(_("Notes on {criterion}").format(criterion=_(name).lower()),
                                          scores[criterion][1], max_chars=1000)  # fmt: skip
            new_scores[criterion] = (rating, note)
        if st.form_submit_button(_("Save rubric")):
            run(lambda s: save_rubric(s, actor, d.id, new_scores), _("Rubric saved."))
    st.subheader(_("Decision"))
    words = st.text_area(_("What to change, or why you decline (the proposer reads this)"), max_chars=4000)
    link = st.text_input(_("Fundraising page link (optional, https://…)"), max_chars=300)
    changes_column, approve_column, decline_column = st.columns(3)
    if changes_column.button(_("Request changes")) and run(lambda s: request_changes(s, actor, d.id, words)):
        st.rerun()
    if approve_column.button(_("Approve for fundraising"), type="primary") and run(
        lambda s: approve(s, actor, d.id, link)
    ):
        st.rerun()
    if decline_column.button(_("Decline the project")) and run(lambda s: decline(s, actor, d.id, words)):
        st.rerun()
else:
    st.info(_("This project is “{status}”: nothing to decide now.").format(status=_(d.status_label)))

history_tab, talk_tab = st.tabs([_("History"), _("Conversation with {name}").format(name=escape_markdown(d.proposer))])
with history_tab:
    history(d.history)
with talk_tab:
    conversation(actor, d.id)
