"""The recognition pieces people see: the leaderboards page's parts, points on the profile, and the admin's
reversal form.

Leaderboards and standings are read fresh on every run (they are one indexed read each), so an opt-in
or opt-out shows at once. The summary refresh and the fairness figures are cached by the reports'
version (the fairness figures for a minute at most: they hold points), the monthly trend for ten minutes.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd
import plotly.express as px
import streamlit as st

from portal.accounts.permissions import Actor, PermissionDenied
from portal.analytics.summary import refresh_now
from portal.config import leaderboard_shows_private
from portal.db import transaction
from portal.display import boston_time
from portal.i18n import _
from portal.recognition import activity, fairness
from portal.recognition.badges import badges_for
from portal.recognition.leaderboard import Period, leaderboard, standing
from portal.recognition.ledger import LedgerRow, RecognitionError, balance, ledger_for, reverse_user_points
from portal.recognition.rules import how_points_work
from portal.reports.queue import all_departments
from portal.reports.version import ReportsVersion
from portal.ui.dashboard_charts import show
from portal.ui.resources import engine, read_session, reports_version_now

PERIODS = {Period.ALL_TIME: "All time", Period.MONTH: "This month", Period.WEEK: "This week"}
IN_PERIOD = {Period.ALL_TIME: "", Period.MONTH: " this month", Period.WEEK: " this week"}
CITY, NEIGHBORHOOD, DEPARTMENT = "City-wide", "A neighborhood", "A department"


@dataclass(frozen=True)
class Board:
    """Which leaderboard: a period, and the city, one neighborhood or one department."""

    period: Period
    neighborhood: str | None = None
    department: str | None = None

    @property
    def where(self) -> str:
        """The words that finish a sentence about the board: " in Dorchester", " in PWDx", none for the city."""
        place = self.neighborhood or self.department
        return f" in {place}" if place else ""


@st.cache_data(ttl=600, show_spinner=False)
def _fresh_counts(version: ReportsVersion) -> None:
    """Bring the daily report counts up to date when the reports changed (the fairness view reads them)."""
    refresh_now(engine())


@st.cache_data(ttl=300, show_spinner=False)
def _choices() -> tuple[list[str], list[str]]:
    _fresh_counts(reports_version_now())
    with read_session() as session:
        return activity.neighborhoods(session), all_departments(session)


def board_choice() -> Board:
    """The period tabs-as-radio and the scope, as the visitor set them."""
    period = st.radio(_("Period"), list(PERIODS), format_func=PERIODS.get, horizontal=True, key="leaders_period")
    scope = st.radio(_("Where"), [CITY, NEIGHBORHOOD, DEPARTMENT], horizontal=True, key="leaders_scope")
    neighborhoods, departments = _choices()
    if scope == NEIGHBORHOOD:
        return Board(
            period, neighborhood=st.selectbox(_("Neighborhood"), neighborhoods, key="leaders_neighborhood")
        )
    if scope == DEPARTMENT:
        return Board(period, department=st.selectbox(_("Department"), departments, key="leaders_department"))
    return Board(period)


def leaders(board: Board, actor: Actor) -> pd.DataFrame:
    """The board's table: rank, name ("a resident" unless they opted in), points, and which row is you."""
    with read_session() as session:
        rows = leaderboard(session, board.period, neighborhood=board.neighborhood, department=board.department,
                           hide_private=not leaderboard_shows_private())  # fmt: skip
    return pd.DataFrame(
        [{"rank": r.rank, "name": r.name, "points": r.points, "you": "← you" if r.user_id == actor.id else ""}
         for r in rows],
        columns=["rank", "name", "points", "you"],
    )  # fmt: skip


def leaders_table(board: Board, actor: Actor) -> None:
    table = leaders(board, actor)
    if table.empty:
        st.info(f"No points yet{IN_PERIOD[board.period]}{board.where}.")
        return
    st.table(table.set_index("rank"))  # a plain HTML table: read out by screen readers, and short
    hidden = "are left out" if not leaderboard_shows_private() else "appear as “a resident”"
    st.caption(f"People who did not choose to show their name {hidden}; their points count all the same.")


def own_standing(board: Board, actor: Actor) -> None:
    """The signed-in person's place on the city-wide board of the period."""
    if not actor.signed_in:
        st.caption(_("Sign in to see your own points and place."))
        return
    with read_session() as session:
        mine = standing(session, actor.id, board.period)
    if mine.rank is None:
        st.info(f"You have no points yet{IN_PERIOD[board.period]}. See how points work below.")
    else:
        st.metric(f"Your points{IN_PERIOD[board.period]}", mine.points)
        st.markdown(f"City-wide you are **number {mine.rank}** of {mine.of} people with points.")


def points_rules() -> None:
    """How points work, from the rules table itself, so the page can never disagree with the ledger."""
    with st.expander(_("How points work")):
        st.markdown(_("Points reward what helps the city fix things, not how much anyone reports. A report "
                    "closed as a duplicate, spam or invalid earns nothing, and points it had earned are taken back."))  # fmt: skip
        table = pd.DataFrame(
            [{"for": r.title, "points": r.points, "when": r.explanation} for r in how_points_work()]
        )
        st.dataframe(table, hide_index=True, width="stretch")


def activity_chart(actor: Actor, board: Board) -> None:
    """One contributor's points per week: yours, or a leader who shows their name."""
    with read_session() as session:
        named = {r.name: r.user_id for r in leaderboard(session, board.period, neighborhood=board.neighborhood,
                                                         department=board.department, hide_private=True)}  # fmt: skip
    people = ({"You": actor.id} if actor.signed_in else {}) | named
    if not people:
        st.info(f"No contributor who shows their name has points yet{IN_PERIOD[board.period]}{board.where}.")
        return
    who = st.selectbox(_("Whose activity"), list(people), key="leaders_activity_of")
    with read_session() as session:
        weeks = activity.points_per_week(session, people[who])
    figure = px.bar(weeks, x="week", y="points", title=f"Points per week: {html.escape(who)}",
                    labels={"week": "Week starting (Monday)", "points": "Points"})  # fmt: skip
    show(figure, weeks, "points-per-week")


# Not keyed by the reports' version: a year of reports takes seconds to read at a million, and a monthly
# chart ten minutes old is still right; recounting it after every new report would not be.
@st.cache_data(ttl=600, show_spinner="Counting reports…")
def _trend(neighborhood: str | None) -> pd.DataFrame:
    with read_session() as session:
        return activity.fixed_vs_open(session, neighborhood)


def trend_chart(board: Board) -> None:
    """The board's neighborhood (or the city) month by month: reports opened, by where they stand now."""
    trend = _trend(board.neighborhood)
    place = board.neighborhood or "the whole city"
    long = trend.melt(id_vars="month", var_name="now", value_name="reports")
    figure = px.bar(long, x="month", y="reports", color="now", title=f"Reports opened per month in {place}, by "
                    "where they stand now", labels={"month": "Month opened", "now": ""})  # fmt: skip
    show(figure, trend, "fixed-vs-open")
    if not trend[activity.TREND_COLUMNS[1:]].any().any():
        st.caption(f"No reports opened in {place} in the last {activity.MONTHS} months.")


@st.cache_data(ttl=60, show_spinner="Counting reports and contributors…")
def _fairness(period: Period, version: ReportsVersion) -> pd.DataFrame:
    _fresh_counts(version)
    with read_session() as session:
        return fairness.fairness(session, period)


def fairness_view(board: Board) -> None:
    """Contributors and their points per 1,000 residents next to reports per 1,000, per neighborhood."""
    table = _fairness(board.period, reports_version_now())
    rates = [f"{name} per 1,000" for name in fairness.COUNTED]
    long = table.melt(
        id_vars="neighborhood", value_vars=rates, var_name="measure", value_name="per 1,000 residents"
    )
    figure = px.bar(long.dropna(), x="per 1,000 residents", y="neighborhood", facet_col="measure", orientation="h",
                    title=f"Per 1,000 residents{IN_PERIOD[board.period]}", height=max(420, 24 * len(table)))  # fmt: skip
    figure.update_xaxes(matches=None).update_yaxes(autorange="reversed", title="")
    show(figure, table, f"fairness-{board.period}")
    st.caption(fairness.SOURCE)
    st.warning(fairness.CAVEAT)


def _ledger_table(rows: list[LedgerRow]) -> pd.DataFrame:
    return pd.DataFrame(
        [{"when": boston_time(r.created_at), "for": r.title, "points": r.points, "why": r.reason,
          "report": r.report_public_id or "", "reversed": "yes" if r.reversed else ""} for r in rows],
        columns=["when", "for", "points", "why", "report", "reversed"],
    )  # fmt: skip


def my_points(actor: Actor) -> None:
    """On the profile: balance, badges with their dates, and every ledger entry with its reason."""
    with read_session() as session:
        points, badges, rows = (
            balance(session, actor.id),
            badges_for(session, actor.id),
            ledger_for(session, actor, actor.id),
        )
    st.metric(_("Your points"), points)
    if badges:
        st.dataframe(pd.DataFrame([{"badge": b.title, "for": b.description, "earned": boston_time(b.awarded_at)}
                                   for b in badges]), hide_index=True, width="stretch")  # fmt: skip
    else:
        st.caption(_("No badges yet. Your first comes with your first report."))
    if rows:
        st.dataframe(_ledger_table(rows), hide_index=True, width="stretch")
    else:
        st.caption(_("No points yet: they come when staff acknowledge or fix what you report."))


def reverse_points_form(actor: Actor, user_id: int, username: str) -> None:
    """For an admin: reversing chosen entries of a person's ledger with a reason they will read, then the
    ledger itself (read after the change, so it shows the reversal)."""
    with read_session() as session:
        rows = ledger_for(session, actor, user_id)
    open_rows = {f"{boston_time(r.created_at)} · {r.title} · {r.points} points (#{r.id})": r.id
                 for r in rows if r.points > 0 and not r.reversed}  # fmt: skip
    if open_rows:
        with st.form(f"reverse_points_{user_id}", clear_on_submit=True):
            chosen = st.multiselect(_("Entries to reverse"), list(open_rows))
            reason = st.text_input(_("Reason (the person sees it)"), max_chars=500)
            reversed_now = st.form_submit_button(_("Reverse chosen points")) and _reverse(
                actor, user_id, username, reason, [open_rows[label] for label in chosen])
        if reversed_now:
            with read_session() as session:
                rows = ledger_for(session, actor, user_id)
    if rows:
        st.dataframe(_ledger_table(rows), hide_index=True, width="stretch")
    else:
        st.caption(f"{username} has no points.")


def _reverse(actor: Actor, user_id: int, username: str, reason: str, entry_ids: list[int]) -> bool:
    """Reverse the chosen entries; True when something changed (so the ledger is read again)."""
    if not entry_ids:
        st.error(_("Please choose at least one entry to reverse."))
        return False
    try:
        with transaction(engine()) as session:
            count = reverse_user_points(session, actor, user_id, reason, entry_ids)
    except (RecognitionError, PermissionDenied) as error:
        st.error(str(error))
        return False
    st.success(f"Reversed {count} {'entry' if count == 1 else 'entries'} of {username}'s points.")
    return True
