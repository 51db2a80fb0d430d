"""Streamlit pieces shared by the project pages: running an action, the proposal, budget, surroundings, thread."""

from __future__ import annotations

from collections.abc import Callable

import folium
import pandas as pd
import streamlit as st
from sqlalchemy.orm import Session
from streamlit_folium import st_folium

from portal.accounts.permissions import Actor, PermissionDenied
from portal.db import transaction
from portal.display import boston_time, escape_markdown
from portal.i18n import _, ngettext
from portal.maps.basemap import base_map
from portal.maps.geo import OutsideCityError
from portal.projects.budget import Summary, breakdown
from portal.projects.budget_chart import budget_figure
from portal.projects.budget_export import budget_csv, budget_html
from portal.projects.comments import add_comment, thread
from portal.projects.detail import ProjectDetail
from portal.projects.errors import ProjectError
from portal.projects.fees import explain
from portal.projects.intake import ProjectRow
from portal.projects.money import format_money
from portal.projects.statuses import HistoryRow
from portal.projects.surroundings import RADIUS_M, ReportAround
from portal.reports.wording import status_label
from portal.ui.resources import engine, read_session

BOSTON_CENTER = (42.3601, -71.0589)


def project_choices(rows: list[ProjectRow]) -> dict[int, str]:
    """Id → the label a project picker shows: title, status in the reader's language, and its number.

    Streamlit's selectbox hands back the chosen label, not the id, and takes the last option with that
    label: two drafts both "Untitled project" would be mixed up without the number.
    """
    return {r.id: f"{r.title} · {_(r.status_label)} · #{r.id}" for r in rows}


def run(action: Callable[[Session], object], success: str = "") -> bool:
    """Do `action` in one transaction; show what went wrong in words, never a traceback."""
    try:
        with transaction(engine()) as session:
            action(session)
    except (ProjectError, PermissionDenied, OutsideCityError) as error:
        for message in getattr(error, "messages", None) or [str(error)]:
            st.error(message)
        return False
    if success:
        st.success(success)
    return True


def proposal(d: ProjectDetail) -> None:
    st.subheader(escape_markdown(d.title))
    st.caption(_("{space} · {space_type} · {neighborhood} · proposed by {proposer}").format(
        space=escape_markdown(d.space_name or _("Space not named yet")), space_type=_(d.space_type_label),
        neighborhood=escape_markdown(d.neighborhood or _("not placed yet")), proposer=escape_markdown(d.proposer)))  # fmt: skip
    for heading, text in ((_("What"), d.summary), (_("Who it serves"), d.serves), (_("Goals"), d.goals),
                          (_("Timeline"), d.timeline), (_("Team and volunteers"), d.team)):  # fmt: skip
        st.markdown(f"**{heading}:** {escape_markdown(text) or '—'}")
    skills = ", ".join(_(s) for s in d.skills_wanted) or _("none named")
    st.markdown(_("**Coach skills wanted:** {skills} · **Language:** {language} · **Host:** {host}").format(
        skills=skills, language=_(d.language) if d.language else "—", host=_(d.host_agreement_label)))  # fmt: skip


def budget(title: str, summary: Summary, key: str) -> None:
    """The breakdown from items to goal, the formula, the chart by category, and the two exports."""
    rows = breakdown(summary)
    st.dataframe(pd.DataFrame({"": [name for name, _c in rows], _("Amount"): [format_money(c) for _n, c in rows]}),
                 hide_index=True, width="stretch")  # fmt: skip
    st.caption(_("{goal} In-kind, not fundraised: {in_kind}.").format(
        goal=escape_markdown(explain(summary.goal)), in_kind=escape_markdown(format_money(summary.in_kind_cents))))  # fmt: skip
    if summary.lines:
        st.plotly_chart(budget_figure(summary), width="stretch", key=f"chart_{key}")
    csv_column, html_column = st.columns(2)
    csv_column.download_button(
        _("Budget as CSV"), budget_csv(summary), "budget.csv", "text/csv", key=f"csv_{key}"
    )
    html_column.download_button(_("Printable budget (HTML)"), budget_html(title, summary), "budget.html",
                                "text/html", key=f"html_{key}")  # fmt: skip


def area_map(lat: float | None, lon: float | None, reports: list[ReportAround], key: str) -> tuple | None:
    """The space, a 200 m ring and the reports around it; returns a newly clicked (lat, lon), if any."""
    center = (lat, lon) if lat is not None and lon is not None else BOSTON_CENTER
    area = base_map(center, 17 if lat is not None else 12)
    if lat is not None:
        folium.Marker(center, tooltip=_("The space")).add_to(area)
        folium.Circle(center, radius=RADIUS_M, color="#1b6ca8", fill=False).add_to(area)
    for r in reports:
        folium.CircleMarker((r.latitude, r.longitude), radius=5, color="#e66101" if r.status != "closed" else "#5e3c99",
                            tooltip=f"{r.type_name} ({r.status}, {r.metres} m)").add_to(area)  # fmt: skip
    state = st_folium(area, height=340, key=key, returned_objects=["last_clicked"], use_container_width=True)
    clicked = (state or {}).get("last_clicked")
    if clicked and (clicked["lat"], clicked["lng"]) != st.session_state.get(f"{key}_last"):
        st.session_state[f"{key}_last"] = (clicked["lat"], clicked["lng"])
        return clicked["lat"], clicked["lng"]
    return None


def reports_table(reports: list[ReportAround]) -> None:
    if not reports:
        st.caption(_("No open or recent 311 reports within {radius} m.").format(radius=RADIUS_M))
        return
    st.caption(ngettext("{count} open or recent 311 report within {radius} m: needs to build on.",
                        "{count} open or recent 311 reports within {radius} m: needs to build on.",
                        len(reports)).format(count=len(reports), radius=RADIUS_M))  # fmt: skip
    st.dataframe(pd.DataFrame([{_("Type"): _(r.type_name), _("Status"): status_label(r.status),
                                _("Opened"): boston_time(r.opened_at), _("Distance (m)"): r.metres,
                                _("Report"): r.public_id} for r in reports]),
                 hide_index=True, width="stretch", height=220)  # fmt: skip


def history(rows: tuple[HistoryRow, ...]) -> None:
    st.dataframe(pd.DataFrame([{_("When"): boston_time(h.at), _("Who"): h.who, _("Change"): h.change,
                                _("Note"): h.note}
                               for h in rows]), hide_index=True, width="stretch")  # fmt: skip


def conversation(actor: Actor, project_id: int) -> None:
    """The thread with the other side, and a box to add to it."""
    with read_session() as session:
        messages = thread(session, actor, project_id)
    for m in messages:
        with st.chat_message("user" if m.role == "proposer" else "assistant"):
            st.caption(_("{author} ({role}) · {time}").format(author=escape_markdown(m.author), role=_(m.role),
                                                               time=boston_time(m.at)))
            st.markdown(escape_markdown(m.body))
    if not messages:
        st.caption(_("No messages yet."))
    key = f"comment_body_{project_id}"
    with st.form(f"comment_{project_id}"):
        st.text_area(_("Message"), max_chars=4000, key=key)
        st.form_submit_button(_("Send message"), on_click=_send, args=(actor, project_id, key))


def _send(actor: Actor, project_id: int, key: str) -> None:
    """Empties the box only once the message is saved: a refused message stays to be fixed."""
    if run(lambda s: add_comment(s, actor, project_id, st.session_state[key])):
        st.session_state[key] = ""
