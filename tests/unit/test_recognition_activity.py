"""Chart data: a person's points per Boston week, a neighborhood's reports per month by where they stand."""

from datetime import date, datetime, timedelta, timezone

import pytest

from portal.accounts.permissions import SYSTEM
from portal.analytics.summary import rebuild, refresh
from portal.recognition import activity
from portal.recognition.ledger import reverse_user_points
from portal.recognition.rules import ME_TOO, REPORT_ACKNOWLEDGED
from portal.reports.models import Report, ReportStatus
from tests.unit.recognition_view_fixtures import NOW, person, points, report


@pytest.mark.parametrize(
    ("now", "first", "last"),
    [
        (NOW, date(2024, 12, 23), date(2025, 6, 16)),
        # Monday 01:00 UTC is still Sunday evening in Boston: that week is the last one.
        (datetime(2025, 6, 23, 1, 0, tzinfo=timezone.utc), date(2024, 12, 23), date(2025, 6, 16)),
        (datetime(2025, 6, 23, 5, 0, tzinfo=timezone.utc), date(2024, 12, 30), date(2025, 6, 23)),
    ],
)
def test_week_starts_are_boston_mondays(now, first, last):
    starts = activity.week_starts(now)
    assert (starts[0], starts[-1], len(starts)) == (first, last, activity.WEEKS)
    assert all(day.weekday() == 0 for day in starts)


@pytest.mark.parametrize(
    ("now", "first", "last"),
    [
        (NOW, date(2024, 7, 1), date(2025, 6, 1)),
        (
            datetime(2025, 1, 1, 3, 0, tzinfo=timezone.utc),
            date(2024, 1, 1),
            date(2024, 12, 1),
        ),  # New Year's Eve in Boston
    ],
)
def test_month_starts_cross_the_year(now, first, last):
    starts = activity.month_starts(now)
    assert (starts[0], starts[-1], len(starts)) == (first, last, activity.MONTHS)


def test_points_per_week_net_of_reversals_with_empty_weeks(session):
    alice, bob = person(session, "alice"), person(session, "bob")
    where = report(session, "Roxbury")
    points(session, alice, REPORT_ACKNOWLEDGED, where)
    points(session, alice, ME_TOO, report(session, "Roxbury"), at=NOW - timedelta(weeks=2))
    points(session, bob, ME_TOO, where)
    old = points(session, alice, ME_TOO, report(session, "Roxbury"), at=NOW - timedelta(weeks=3))
    reverse_user_points(session, SYSTEM, alice, "a duplicate", [old])
    weeks = activity.points_per_week(session, alice, NOW)
    assert list(weeks.columns) == ["week", "points"] and len(weeks) == activity.WEEKS
    by_week = dict(zip(weeks["week"], weeks["points"]))
    assert by_week[date(2025, 6, 16)] == 5
    assert by_week[date(2025, 6, 2)] == 2
    assert by_week[date(2025, 5, 26)] == 0  # earned and reversed: the reversal counts in the week earned
    assert weeks["points"].sum() == 7


def test_points_per_week_of_someone_without_points_is_all_zero(session):
    weeks = activity.points_per_week(session, person(session, "nobody"), NOW)
    assert len(weeks) == activity.WEEKS and not weeks["points"].any()


def test_fixed_vs_open_by_month_of_opening(session):
    june, may = NOW, NOW - timedelta(days=31)
    report(session, "Allston", june, status=ReportStatus.CLOSED, reason="Case Resolved")
    report(session, "Allston / Brighton", june)  # another spelling of the same area
    report(session, "Brighton", june, status=ReportStatus.CLOSED, reason="Case Closed Case Invalid")
    report(session, "Brighton", may, status=ReportStatus.CLOSED, reason="Duplicate of R123")
    report(session, "Dorchester", june, status=ReportStatus.CLOSED, reason="Fixed it")
    report(session, "Allston", NOW - timedelta(days=400))  # before the twelve months
    rebuild(session, NOW)
    trend = activity.fixed_vs_open(session, "Brighton", NOW)
    assert list(trend.columns) == activity.TREND_COLUMNS and len(trend) == activity.MONTHS
    rows = trend.set_index("month")
    assert rows.loc[date(2025, 6, 1)].tolist() == [1, 1, 1]
    assert rows.loc[date(2025, 5, 1)].tolist() == [0, 1, 0]
    assert trend[["fixed", "closed otherwise", "still open"]].to_numpy().sum() == 4
    city = activity.fixed_vs_open(session, None, NOW).set_index("month")
    assert city.loc[date(2025, 6, 1)].tolist() == [2, 1, 1]


def test_empty_database(session):
    assert activity.neighborhoods(session) == []
    trend = activity.fixed_vs_open(session, "Roxbury", NOW)
    assert (
        len(trend) == activity.MONTHS and not trend[["fixed", "closed otherwise", "still open"]].any().any()
    )


def test_neighborhoods_come_from_the_daily_counts(session):
    report(session, "Roxbury")
    report(session, None)
    report(session, "Allston / Brighton")
    rebuild(session, NOW)
    assert activity.neighborhoods(session) == ["Allston / Brighton", "Roxbury"]


def test_without_a_date_the_trend_ends_with_the_newest_report(session):
    report(session, "Roxbury", datetime(2015, 3, 10, 15, tzinfo=timezone.utc))
    rebuild(session, NOW)
    trend = activity.fixed_vs_open(session, None)
    assert trend["month"].iloc[-1] == date(2015, 3, 1)
    assert trend["still open"].iloc[-1] == 1


def test_the_trend_follows_a_closure_after_the_summary_refreshes(session):
    """The chart reads the daily counts: a report closed as fixed moves from "still open" once they refresh."""
    opened = session.get(Report, report(session, "Roxbury", NOW))
    rebuild(session, NOW)
    assert activity.fixed_vs_open(session, "Roxbury", NOW).iloc[-1].tolist()[1:] == [0, 0, 1]
    opened.status, opened.closed_at, opened.closure_reason = ReportStatus.CLOSED, NOW, "Case Resolved"
    session.flush()
    refresh(session, NOW + timedelta(minutes=5))
    assert activity.fixed_vs_open(session, "Roxbury", NOW).iloc[-1].tolist()[1:] == [1, 0, 0]
