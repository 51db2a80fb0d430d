"""The recognition pieces people see: the leaderboards page's parts, points on the profile, and the admin's
reversal form.

Leaderboards and standings are read fresh on every run (they are one indexed read each), so an opt-in
or opt-out shows at once. The summary refresh, the monthly trend (read from the summary) and the
fairness figures are cached by the reports' version (the fairness figures for a minute at most: they hold
points).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from portal.accounts.permissions import Actor, PermissionDenied
from portal.analytics.summary import refresh_now
from portal.config import leaderboard_shows_private
from portal.db import transaction
from portal.display import boston_time, escape_markdown
from portal.i18n import N_, _, ngettext
from portal.recognition import activity, fairness
from portal.recognition.badges import badges_for
from portal.recognition.leaderboard import Period, leaderboard, standing
from portal.recognition.ledger import LedgerRow, RecognitionError, balance, ledger_for, reverse_user_points
from portal.recognition.rules import how_points_work
from portal.reports.queue import all_departments
from portal.reports.version import ReportsVersion
from portal.ui import recognition_charts as charts
from portal.ui.dashboard_charts import data_behind, show
from portal.ui.resources import engine, read_session, reports_version_now

PERIODS = {Period.ALL_TIME: N_("All time"), Period.MONTH: N_("This month"), Period.WEEK: N_("This week")}
CITY, NEIGHBORHOOD, DEPARTMENT = "city", "neighborhood", "department"
SCOPES = {CITY: N_("City-wide"), NEIGHBORHOOD: N_("A neighborhood"), DEPARTMENT: N_("A department")}
# Whole sentences per period (and with or without a place), so each language words them its own way.
NO_POINTS = {Period.ALL_TIME: N_("No points yet."), Period.MONTH: N_("No points yet this month."),
             Period.WEEK: N_("No points yet this week.")}  # fmt: skip
NO_POINTS_IN = {Period.ALL_TIME: N_("No points yet in {place}."),
                Period.MONTH: N_("No points yet this month in {place}."),
                Period.WEEK: N_("No points yet this week in {place}.")}  # fmt: skip
NONE_OF_YOURS = {
    Period.ALL_TIME: N_("You have no points yet. See how points work below."),
    Period.MONTH: N_("You have no points yet this month. See how points work below."),
    Period.WEEK: N_("You have no points yet this week. See how points work below."),
}
YOUR_POINTS = {Period.ALL_TIME: N_("Your points"), Period.MONTH: N_("Your points this month"),
               Period.WEEK: N_("Your points this week")}  # fmt: skip
NO_NAMED = {
    Period.ALL_TIME: N_("No contributor who shows their name has points yet."),
    Period.MONTH: N_("No contributor who shows their name has points yet this month."),
    Period.WEEK: N_("No contributor who shows their name has points yet this week."),
}
NO_NAMED_IN = {
    Period.ALL_TIME: N_("No contributor who shows their name has points yet in {place}."),
    Period.MONTH: N_("No contributor who shows their name has points yet this month in {place}."),
    Period.WEEK: N_("No contributor who shows their name has points yet this week in {place}."),
}
PER_THOUSAND = {Period.ALL_TIME: N_("Per 1,000 residents"), Period.MONTH: N_("Per 1,000 residents this month"),
                Period.WEEK: N_("Per 1,000 residents this week")}  # fmt: skip
TREND_LABELS = {"fixed": N_("fixed"), "closed otherwise": N_("closed otherwise"), "still open": N_("still open")}
MEASURES = {"reports": N_("Reports per 1,000"), "contributors": N_("Contributors per 1,000"),
            "points": N_("Points per 1,000")}  # fmt: skip
# The fairness table's other columns (`fairness.COLUMNS`), as the data behind its charts is headed.
FAIRNESS_COLUMNS = {"neighborhood": N_("Neighborhood"), "residents": N_("Residents"), "reports": N_("Reports"),
                    "contributors": N_("Contributors"), "points": N_("Points")}  # fmt: skip
LEDGER_COLUMNS = {"when": N_("When"), "for": N_("For"), "points": N_("Points"), "why": N_("Why"),
                  "report": N_("Report"), "reversed": N_("Reversed")}  # fmt: skip


@dataclass(frozen=True)
class Board:
    """Which leaderboard: a period, and the city, one neighborhood or one department."""

    period: Period
    neighborhood: str | None = None
    department: str | None = None

    @property
    def place(self) -> str | None:
        """The neighborhood or department the board is about; None for the city."""
        return self.neighborhood or self.department

    def sentence(self, city: dict[Period, str], in_place: dict[Period, str]) -> str:
        """The period's sentence of `city` for the city-wide board, of `in_place` (with its place) otherwise."""
        return _(in_place[self.period]).format(place=self.place) if self.place else _(city[self.period])


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
    period = st.radio(_("Period"), list(PERIODS), format_func=lambda p: _(PERIODS[p]), horizontal=True,
                      key="leaders_period")  # fmt: skip
    scope = st.radio(_("Where"), list(SCOPES), format_func=lambda s: _(SCOPES[s]), horizontal=True,
                     key="leaders_scope")  # fmt: skip
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
        [{"rank": r.rank, "name": r.name, "points": r.points, "you": _("← you") if r.user_id == actor.id else ""}
         for r in rows],
        columns=["rank", "name", "points", "you"],
    )  # fmt: skip


def leaders_table(board: Board, actor: Actor) -> None:
    table = leaders(board, actor)
    if table.empty:
        st.info(board.sentence(NO_POINTS, NO_POINTS_IN))
        return
    headers = {"rank": _("Rank"), "name": _("Name"), "points": _("Points"), "you": ""}
    st.table(table.rename(columns=headers).set_index(headers["rank"]))  # plain HTML: read out by screen readers
    st.caption(_("People who did not choose to show their name are left out; their points count all the same.")
               if not leaderboard_shows_private() else
               _("People who did not choose to show their name appear as “a resident”; their points count all the "
                 "same."))  # fmt: skip


def own_standing(board: Board, actor: Actor) -> None:
    """The signed-in person's place on the city-wide board of the period."""
    if not actor.signed_in:
        st.caption(_("Sign in to see your own points and place."))
        return
    with read_session() as session:
        mine = standing(session, actor.id, board.period)
    if mine.rank is None:
        st.info(_(NONE_OF_YOURS[board.period]))
    else:
        st.metric(_(YOUR_POINTS[board.period]), mine.points)
        st.markdown(ngettext("City-wide you are **number {rank}** of {count} person with points.",
                             "City-wide you are **number {rank}** of {count} people with points.",
                             mine.of).format(rank=mine.rank, count=mine.of))  # fmt: skip


def points_rules() -> None:
    """How points work, from the rules table itself, so the page can never disagree with the ledger."""
    with st.expander(_("How points work")):
        st.markdown(_("Points reward what helps the city fix things, not how much anyone reports. A report "
                    "closed as a duplicate, spam or invalid earns nothing, and points it had earned are taken back."))  # fmt: skip
        table = pd.DataFrame(
            [{"for": _(r.title), "points": r.points, "when": _(r.explanation)} for r in how_points_work()]
        )
        labels = {"for": _("For"), "points": _("Points"), "when": _("When")}
        st.dataframe(table, hide_index=True, width="stretch", column_config=labels)


def activity_chart(actor: Actor, board: Board) -> None:
    """One contributor's points per week: yours, or a leader who shows their name."""
    with read_session() as session:
        named = {r.name: r.user_id for r in leaderboard(session, board.period, neighborhood=board.neighborhood,
                                                         department=board.department, hide_private=True)}  # fmt: skip
    people = ({_("You"): actor.id} if actor.signed_in else {}) | named
    if not people:
        st.info(board.sentence(NO_NAMED, NO_NAMED_IN))
        return
    who = st.selectbox(_("Whose activity"), list(people), key="leaders_activity_of")
    with read_session() as session:
        weeks = activity.points_per_week(session, people[who])
    title = _("Points per week: {name}").format(name=who)
    st.markdown(f"**{escape_markdown(title)}**")
    show(charts.points_per_week(weeks, _("Week starting (Monday)"), _("Points")), weeks, "points-per-week")


@st.cache_data(ttl=600, show_spinner=False)
def _trend(neighborhood: str | None, version: ReportsVersion) -> pd.DataFrame:
    _fresh_counts(version)
    with read_session() as session:
        return activity.fixed_vs_open(session, neighborhood)


def trend_chart(board: Board) -> None:
    """The board's neighborhood (or the city) month by month: reports opened, by where they stand now."""
    with st.spinner(_("Counting reports…")):
        trend = _trend(board.neighborhood, reports_version_now())
    place = board.neighborhood or _("the whole city")
    shown = trend.rename(columns={key: _(label) for key, label in TREND_LABELS.items()})
    long = shown.melt(id_vars="month", var_name="now", value_name="reports")
    title = _("Reports opened per month in {place}, by where they stand now").format(place=place)
    st.markdown(f"**{escape_markdown(title)}**")
    month = _("Month opened")
    show(charts.reports_by_month(long, month, _("Reports")), shown.rename(columns={"month": month}), "fixed-vs-open")
    if not trend[activity.TREND_COLUMNS[1:]].any().any():
        st.caption(ngettext("No reports opened in {place} in the last month.",
                            "No reports opened in {place} in the last {count} months.",
                            activity.MONTHS).format(place=place, count=activity.MONTHS))  # fmt: skip


@st.cache_data(ttl=60, show_spinner=False)
def _fairness(period: Period, version: ReportsVersion) -> pd.DataFrame:
    _fresh_counts(version)
    with read_session() as session:
        return fairness.fairness(session, period)


def fairness_view(board: Board) -> None:
    """Contributors and their points per 1,000 residents next to reports per 1,000, per neighborhood."""
    with st.spinner(_("Counting reports and contributors…")):
        table = _fairness(board.period, reports_version_now())
    st.subheader(_(PER_THOUSAND[board.period]))
    # Side by side on a wide screen, one under another on a phone; each measure on its own scale.
    for column, name in zip(st.columns(len(fairness.COUNTED)), fairness.COUNTED):
        with column:
            st.altair_chart(charts.per_neighborhood(table, f"{name} per 1,000", _(MEASURES[name])),
                            use_container_width=True)  # fmt: skip
    headings = {key: _(label) for key, label in FAIRNESS_COLUMNS.items()}
    data_behind(table.rename(columns=headings | {f"{name} per 1,000": _(MEASURES[name]) for name in MEASURES}),
                f"fairness-{board.period}")  # fmt: skip
    st.caption(_(fairness.SOURCE))
    st.warning(_(fairness.CAVEAT))


def _ledger_table(rows: list[LedgerRow]) -> pd.DataFrame:
    return pd.DataFrame(
        [{"when": boston_time(r.created_at), "for": r.title, "points": r.points, "why": r.reason,
          "report": r.report_public_id or "", "reversed": _("yes") if r.reversed else ""} for r in rows],
        columns=["when", "for", "points", "why", "report", "reversed"],
    )  # fmt: skip


def _ledger_labels() -> dict[str, str]:
    return {key: _(label) for key, label in LEDGER_COLUMNS.items()}


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
                                   for b in badges]), hide_index=True, width="stretch",
                     column_config={"badge": _("Badge"), "for": _("For"), "earned": _("Earned")})  # fmt: skip
    else:
        st.caption(_("No badges yet. Your first comes with your first report."))
    if rows:
        st.dataframe(_ledger_table(rows), hide_index=True, width="stretch", column_config=_ledger_labels())
    else:
        st.caption(_("No points yet: they come when staff acknowledge or fix what you report."))


def reverse_points_form(actor: Actor, user_id: int, username: str) -> None:
    """For an admin: reversing chosen entries of a person's ledger with a reason they will read, then the
    ledger itself (read after the change, so it shows the reversal)."""
    with read_session() as session:
        rows = ledger_for(session, actor, user_id)
    open_rows = {_entry_label(r): r.id for r in rows if r.points > 0 and not r.reversed}
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
        st.dataframe(_ledger_table(rows), hide_index=True, width="stretch", column_config=_ledger_labels())
    else:
        st.caption(_("{name} has no points.").format(name=username))


def _entry_label(row: LedgerRow) -> str:
    return ngettext("{when} · {title} · {points} point (#{id})", "{when} · {title} · {points} points (#{id})",
                    row.points).format(when=boston_time(row.created_at), title=row.title, points=row.points, id=row.id)


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
    st.success(ngettext("Reversed {count} entry of {name}'s points.", "Reversed {count} entries of {name}'s points.",
                        count).format(count=count, name=username))
    return True
