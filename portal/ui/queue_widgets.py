"""The staff queue page's parts: the filters (a `QueueFilter`), the page of reports with its paging,
"new since I last looked" with its "mark all as seen", and the small map of the filtered queue.

Changing any filter goes back to page 1; the page number is kept in the session, so a reload after an
action stays on the page the staff member was working.
"""

from __future__ import annotations

import streamlit as st

from portal.accounts.permissions import Actor
from portal.db import transaction
from portal.display import boston_time
from portal.i18n import N_, _, format_decimal, ngettext
from portal.maps.geo import boston
from portal.reports.queue import (
    QueueChoice,
    QueueChoices,
    QueueFilter,
    QueueOrder,
    QueuePage,
    QueueStatus,
    mark_seen,
    queue_points,
)
from portal.reports.queue_map import queue_deck
from portal.reports.wording import status_label
from portal.ui.list_view import list_view
from portal.ui.resources import engine, read_session

PAGE_KEY = "queue_page_number"
# The queue table's headings by `QUEUE_COLUMNS` key ("opened" and "target" are date columns of their own).
HEADINGS = {"report": N_("Report"), "overdue": N_("Overdue"), "reopened": N_("Reopened"), "type": N_("Type"),
            "department": N_("Department"), "status": N_("Status"), "supporters": N_("Supporters"),
            "assignee": N_("Assigned to"), "address": N_("Address"), "neighborhood": N_("Neighborhood"),
            "source": N_("Source"), "reporter": N_("Reporter"), "reporter email": N_("Reporter's email")}  # fmt: skip


def _first_page() -> None:
    st.session_state[PAGE_KEY] = 1


def _label(choice: QueueChoice) -> str:
    return _(choice.label)


def queue_filter(mine: list[str], departments: list[str], choices: QueueChoices) -> QueueFilter:
    """The sidebar's filters; the staff member's own departments are chosen at first."""
    side = st.sidebar
    side.header(_("Filter the queue"))
    on = {"on_change": _first_page}
    only_new = side.toggle(_("Only new since I last looked"), key="queue_only_new", **on)
    status = side.selectbox(_("Status"), list(QueueStatus), format_func=_label, key="queue_status", **on)
    order = side.selectbox(_("Order"), list(QueueOrder), format_func=_label, key="queue_order", **on)
    chosen = side.multiselect(_("Department"), departments, default=[d for d in mine if d in departments],
                              placeholder=_("All departments"), key="queue_departments", **on)  # fmt: skip
    types = side.multiselect(_("Type"), list(choices.types), format_func=choices.types.get, placeholder=_("All types"),
                             key="queue_types", **on)  # fmt: skip
    areas = side.multiselect(_("Neighborhood"), choices.neighborhoods, placeholder=_("All neighborhoods"),
                             key="queue_neighborhoods", **on)  # fmt: skip
    sources = side.multiselect(_("Source"), choices.sources, placeholder=_("All sources"), key="queue_sources", **on)
    overdue = side.toggle(_("Only overdue"), key="queue_overdue", **on)
    opened = side.date_input(_("Opened between"), value=(), format="YYYY-MM-DD", key="queue_opened", **on)
    first, last = (tuple(opened) + (None, None))[:2] if opened else (None, None)
    return QueueFilter(status=status, type_ids=tuple(types), departments=tuple(chosen), neighborhoods=tuple(areas),
                       sources=tuple(sources), overdue=overdue, opened_from=first, opened_to=last or first,
                       only_new=only_new, order=order)  # fmt: skip


def wanted_page() -> int:
    return int(st.session_state.get(PAGE_KEY, 1))


def new_since(page: QueuePage, actor: Actor) -> None:
    """How many reports are new to this staff member, and the button that marks them all seen."""
    left, right = st.columns([3, 1])
    looked = _("You last marked the queue seen {time}.").format(time=boston_time(page.last_looked)) \
        if page.last_looked else _("You have not marked the queue seen yet.")  # fmt: skip
    new = ngettext("**{count} new** since you last looked.", "**{count} new** since you last looked.",
                   page.new_total).format(count=format_decimal(page.new_total))  # fmt: skip
    left.markdown(f"{new} {looked}")
    if right.button(_("Mark all as seen"), key="queue_mark_seen"):
        with transaction(engine()) as session:
            mark_seen(session, actor)
        st.rerun()


def queue_table(page: QueuePage) -> None:
    rows = page.rows.assign(overdue=page.rows["overdue"].map({True: "⚠️", False: ""}),
                            reopened=page.rows["reopened"].map({True: _("↩️ reopened"), False: ""}),
                            type=page.rows["type"].map(_), status=page.rows["status"].map(status_label))  # fmt: skip
    st.caption(_("{shown}. ⚠️ past its target date; ↩️ the reporter said it was not fixed.").format(
        shown=page.caption()))
    headings = {key: _(label) for key, label in HEADINGS.items()}
    st.dataframe(rows, hide_index=True, key="queue_table", column_config=headings | {
        "opened": st.column_config.DatetimeColumn(_("Opened"), timezone="America/New_York"),
        "target": st.column_config.DatetimeColumn(_("Target"), timezone="America/New_York"),
    })  # fmt: skip


def page_controls(page: QueuePage) -> None:
    """First, previous, a page number, next and last; the number box also jumps to any page."""
    st.session_state[PAGE_KEY] = page.page

    def go(number: int):
        return lambda: st.session_state.update({PAGE_KEY: number})

    first, back, number, ahead, last = st.columns([1, 1, 2, 1, 1])
    first.button(_("« First"), on_click=go(1), disabled=page.page == 1, key="queue_first")
    back.button(_("‹ Previous"), on_click=go(page.page - 1), disabled=page.page == 1, key="queue_previous")
    number.number_input(_("Page (of {pages})").format(pages=format_decimal(page.pages)), min_value=1, max_value=page.pages, step=1, key=PAGE_KEY)
    ahead.button(_("Next ›"), on_click=go(page.page + 1), disabled=page.page == page.pages, key="queue_next")
    last.button(_("Last »"), on_click=go(page.pages), disabled=page.page == page.pages, key="queue_last")


def queue_map(actor: Actor, current: QueueFilter) -> None:
    with read_session() as session:
        points = queue_points(session, actor, current)
    title = ngettext("Map of the filtered queue (the newest {count} with a location)",
                     "Map of the filtered queue (the newest {count} with a location)",
                     len(points)).format(count=format_decimal(len(points)))  # fmt: skip
    with st.expander(title, expanded=False):
        st.pydeck_chart(queue_deck(points, boston(), current.neighborhoods), height=320, key="queue_map")
    overdue = points.assign(overdue=points["overdue"].map({True: _("past its target"), False: _("in time")}))
    list_view(_("List of the mapped reports"), overdue, {"id": _("Report"), "type": _("Type"), "overdue": _("Target")},
              link_columns=("id",))  # fmt: skip
