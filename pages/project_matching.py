"""Coach matching (programme lead): ranked coaches for each submitted project, confirm or override; coach profiles."""

import pandas as pd
import streamlit as st

from portal.accounts.permissions import Action
from portal.i18n import _, ngettext
from portal.maps.geo import boston
from portal.projects.choices import EXPERTISE_TAGS, LANGUAGES
from portal.projects.coaches import coach, coach_accounts, coaches, save_profile
from portal.projects.detail import project_detail
from portal.projects.matching import confirm_match, suggestions, waiting_for_match
from portal.ui.auth import require_page
from portal.ui.project_widgets import proposal, run
from portal.ui.resources import read_session

actor = require_page(Action.CONFIRM_MATCH)

st.title(_("Coach matching"))
with read_session() as session:
    waiting = waiting_for_match(session, actor)
    team = coaches(session)
if not waiting:
    st.info(_("No submitted project is waiting for a coach."))
else:
    project_id = st.selectbox(_("Project waiting for a coach"), list(waiting), format_func=waiting.get)
    with read_session() as session:
        d = project_detail(session, actor, project_id)
        ranked = suggestions(session, actor, project_id)
    with st.expander(_("The proposal"), expanded=False):
        proposal(d)
    if not ranked:
        st.warning(_("No coach has a free place (or every coach declined this one). "
                   "Raise a coach's capacity or add a coach profile below."))  # fmt: skip
    else:
        st.dataframe(pd.DataFrame([{_("Rank"): n, _("Coach"): m.name, _("Score"): m.score, _("Why"): m.explanation}
                                   for n, m in enumerate(ranked, start=1)]), hide_index=True,
                     width="stretch")  # fmt: skip
        names = {m.user_id: ngettext("{name} ({score} point)", "{name} ({score} points)", m.score).format(
            name=m.name, score=m.score) for m in ranked}  # fmt: skip
        chosen = st.selectbox(_("Coach"), list(names), format_func=names.get,
                              help=_("The top suggestion is chosen; pick another to override it."))  # fmt: skip
        if st.button(_("Confirm match"), type="primary"):
            if run(
                lambda s: confirm_match(s, actor, project_id, chosen), _("Matched; the coach can now accept.")
            ):
                st.rerun()

st.header(_("Coaches"))
if team:
    st.dataframe(pd.DataFrame([{_("Coach"): c.name, _("Expertise"): ", ".join(_(t) for t in c.expertise),
                                _("Neighborhoods"): ", ".join(c.neighborhoods),
                                _("Languages"): ", ".join(_(name) for name in c.languages),
                                _("Active projects"): _("{active} of {capacity}").format(active=c.active,
                                                                                         capacity=c.capacity)}
                               for c in team]),
                 hide_index=True, width="stretch")  # fmt: skip
with st.expander(_("Add or change a coach profile"), expanded=not team):
    with read_session() as session:
        accounts = coach_accounts(session, actor)
    if not accounts:
        st.info(_("No coach accounts yet: create one with the role coach on the Accounts page."))
        st.stop()
    user_id = st.selectbox(_("Coach account"), list(accounts), format_func=accounts.get)
    with read_session() as session:
        current = coach(session, user_id)
    with st.form(f"coach_{user_id}"):
        expertise = st.multiselect(_("Expertise"), EXPERTISE_TAGS, list(current.expertise) if current else [], format_func=_)
        places = st.multiselect(
            _("Neighborhoods"), sorted(boston().names), list(current.neighborhoods) if current else []
        )
        languages = st.multiselect(
            _("Languages"), LANGUAGES, list(current.languages) if current else ["English"], format_func=_
        )
        capacity = st.number_input(
            _("Capacity (active projects at most)"), 1, 20, current.capacity if current else 3
        )
        if st.form_submit_button(_("Save profile")):
            if run(lambda s: save_profile(s, actor, user_id, expertise, places, languages, int(capacity))):
                st.rerun()
