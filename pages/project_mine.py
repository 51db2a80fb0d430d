"""My projects (proposer): where each one stands, its history, the coach's words, and the conversation."""

import pandas as pd
import streamlit as st

from portal.accounts.permissions import Action
from portal.display import boston_time, escape_markdown
from portal.i18n import _
from portal.projects.detail import project_detail
from portal.projects.intake import my_projects
from portal.projects.models import ProjectStatus
from portal.ui.auth import require_page
from portal.ui.project_widgets import budget, conversation, history, project_choices, proposal
from portal.ui.resources import read_session

actor = require_page(Action.PROPOSE_PROJECT)

st.title(_("My projects"))
with read_session() as session:
    rows = my_projects(session, actor)
if not rows:
    st.info(_("You have not proposed a project yet."))
    st.page_link("pages/project_intake.py", label=_("Propose a third-spaces project"), icon="🌱")
    st.stop()
st.dataframe(pd.DataFrame([{_("Project"): r.title, _("Status"): r.status_label, _("Coach"): r.coach or "—",
                            _("Last change"): boston_time(r.updated_at)} for r in rows]),
             hide_index=True, width="stretch")  # fmt: skip

titles = project_choices(rows)
project_id = st.selectbox(_("Open a project"), list(titles), format_func=titles.get, key="mine_project")
with read_session() as session:
    d = project_detail(session, actor, project_id)

st.subheader(_("Status: {status}").format(status=_(d.status_label)))
if d.last_decision:
    box = st.warning if d.status == ProjectStatus.NEEDS_CHANGES else st.error
    box(_("Your coach wrote: {words}").format(words=escape_markdown(d.last_decision)))
if d.status in (ProjectStatus.DRAFT, ProjectStatus.NEEDS_CHANGES) and st.button(
    _("Edit this project"), type="primary"
):
    st.session_state["intake_project"] = d.id
    st.switch_page("pages/project_intake.py")
if d.status == ProjectStatus.READY_TO_FUNDRAISE:
    st.success(_("Approved for fundraising: it is in the public gallery."))

history_tab, proposal_tab, budget_tab, talk_tab = st.tabs([_("History"), _("Proposal"), _("Budget"), _("Conversation")])
with history_tab:
    history(d.history)
with proposal_tab:
    proposal(d)
with budget_tab:
    budget(d.title, d.budget, key=f"mine_{d.id}")
with talk_tab:
    if d.coach:
        st.caption(_("Your coach: {coach}").format(coach=escape_markdown(d.coach)))
    conversation(actor, d.id)
