"""My reports: status, history, before/after photos, and "is it really fixed?" after a closure."""

import streamlit as st

from portal.accounts.permissions import Action, PermissionDenied
from portal.db import transaction
from portal.display import boston_time, escape_markdown, photo_alt
from portal.i18n import N_, _
from portal.reports.followup import EVENT_NAMES, REACTIONS, FollowUpError, my_reports, react
from portal.reports.public_page import request_path
from portal.reports.service_types import type_label
from portal.ui.auth import require_page
from portal.ui.resources import engine, photo_store, read_session

actor = require_page(Action.VIEW_OWN_ACCOUNT)
st.title(_("My reports"))
with read_session() as session:
    mine = my_reports(session, actor)
if not mine:
    st.info(_("You have not filed a report yet. Use “Report a problem” to file one."))

for report in mine:
    colour, status = {"closed": ("violet", _("Closed")), "acknowledged": ("blue", _("Acknowledged"))}.get(
        report.status, ("orange", _("Open")))
    with st.expander(f"{type_label(report.type_name)} · {report.public_id} · {status}",
                     expanded=report.awaiting_reaction):
        st.markdown(f":{colour}-badge[{status}] **{escape_markdown(report.title)}** — " + _(
            "opened {time} · [its public page]({link})").format(time=boston_time(report.opened_at),
                                                               link=request_path(report.public_id)))
        if report.closed_at:
            st.markdown(_("Closed {time}: {reason}").format(time=boston_time(report.closed_at),
                                                            reason=escape_markdown(report.closure_reason)))
        before = [p for p in report.photos if p.kind == "before"]
        after = [p for p in report.photos if p.kind == "after"]
        for label, photos, column in ((_("Before"), before, 0), (_("After"), after, 1)):
            if photos:
                st.columns(2)[column].image([photo_store().get(p.thumbnail_key) for p in photos], caption=[label] * len(photos),
                                            alt=[photo_alt(report.type_name, kind=label)] * len(photos))
        for entry in report.history:
            st.caption(f"{boston_time(entry.at)} · {_(EVENT_NAMES.get(entry.kind, entry.kind))} · {escape_markdown(entry.note)}")
        if report.awaiting_reaction:
            with st.form(f"react_{report.public_id}"):
                st.markdown(_("**Is it really fixed?**"))
                emoji = st.radio(_("How do you feel about the fix?"), list(REACTIONS), horizontal=True, index=None,
                                 format_func=lambda e: f"{e} {_(REACTIONS[e])}")  # fmt: skip
                gone = st.radio(_("Is the problem gone?"), [N_("Fixed"), N_("Not fixed")], horizontal=True, index=None,
                                format_func=_)
                fixed = None if gone is None else gone == "Fixed"
                note = st.text_input(_("Anything staff should know? (optional)"), max_chars=500)
                if st.form_submit_button(_("Send")):
                    try:
                        with transaction(engine()) as session:
                            react(session, actor, report.public_id, emoji, fixed, note)
                        st.toast(_("Thank you.") if fixed else _("Thank you. The report is open again for staff."))

                        st.rerun()
                    except (FollowUpError, PermissionDenied) as error:
                        st.error(str(error))
