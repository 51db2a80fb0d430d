"""A report's public page at `/request?id=ID`: what and where, its status and history, photos, "me too"."""

import streamlit as st

from portal.db import transaction
from portal.display import boston_time, escape_markdown, photo_alt
from portal.i18n import _, format_decimal, ngettext
from portal.reports.followup import FollowUpError, me_too
from portal.reports.public_page import EVENT_LABELS, MeToo, normalised_id, public_report, request_path
from portal.reports.service_types import type_label
from portal.ui.auth import page_actor
from portal.ui.resources import engine, photo_store, read_session

actor = page_actor()  # public page: anyone with the link
asked = normalised_id(st.query_params.get("id", ""))
with read_session() as session:
    report = public_report(session, asked, actor) if asked else None
if report is None:
    st.title(_("Report not found"))
    missing = (_("No report with number **{number}**.").format(number=escape_markdown(asked)) if asked
               else _("No report number in the link."))
    st.warning(f"{missing} " + _("Check the number in your confirmation, or find the report on the [live map](/map)."))
    st.stop()

st.title(escape_markdown(report.title))
st.markdown(_(":{colour}-badge[{status}] since {time} · report `{number}`").format(
    colour=report.status_colour, status=escape_markdown(_(report.status_label)), time=boston_time(report.status_since),
    number=report.public_id))
st.markdown(f"**{escape_markdown(type_label(report.type_name))}** · {escape_markdown(report.department)}")
st.markdown("📍 " + (escape_markdown(report.place) or _("No address given")))

if report.closure_reason:
    st.markdown(_("**How it was resolved:** {reason}").format(reason=escape_markdown(report.closure_reason)))
if report.merged_into:
    st.info(_("This report was merged into [report {number}]({link}).").format(
        number=report.merged_into, link=request_path(report.merged_into)))
if report.description:
    st.markdown(escape_markdown(report.description))
st.caption(_("Reported via {channel}").format(channel=escape_markdown(report.source)))

for label, photos in ((_("Before"), report.before), (_("After"), report.after)):
    if photos:
        st.header(label)
        st.image([photo_store().get(p.key) for p in photos], caption=[label] * len(photos), width=320,
                 alt=[photo_alt(report.type_name, report.address or report.neighborhood, label)] * len(photos))

st.header(_("History"))
for entry in report.timeline:
    note = f" — {escape_markdown(entry.note)}" if entry.note else ""
    st.markdown(f"{boston_time(entry.at)} · **{escape_markdown(_(EVENT_LABELS[entry.kind]))}**{note}")

st.header(_("Me too"))
st.markdown(ngettext("{count} person says “me too”.", "{count} people say “me too”.", report.supporters)
            .format(count=format_decimal(report.supporters)))
if report.me_too != MeToo.CAN:
    why_not = {
        MeToo.REPORTER: _("This is your report; follow it under My reports."),
        MeToo.SUPPORTS: _("You said “me too” to this report."),
        MeToo.CLOSED: _("This report is closed. If the problem is back, please file a new report."),
        MeToo.SIGN_IN: _("Sign in to say “me too”: it tells the city more people are affected."),
    }
    st.caption(why_not[report.me_too])
elif st.button(_("Me too: this affects me as well"), type="primary"):
    try:
        with transaction(engine()) as session:
            count = me_too(session, actor, report.public_id)
        st.toast(ngettext("Thank you: {count} supporter now.", "Thank you: {count} supporters now.", count)
                 .format(count=format_decimal(count)))

        st.rerun()
    except FollowUpError as error:
        st.error(str(error))
