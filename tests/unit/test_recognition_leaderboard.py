"""Leaderboards: periods in Boston time (month and week starts, DST), scopes, opt-in names, standing."""

from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal.accounts.models import User
from portal.config import BOSTON_TZ
from portal.db import utc_now
from portal.recognition import rules
from portal.recognition.leaderboard import LeaderRow, Period, Standing, leaderboard, period_start, standing
from portal.recognition.ledger import award
from portal.recognition.periods import period_key
from tests.unit.recognition_fixtures import add_report, add_type, add_user

UTC = timezone.utc


def boston(*args) -> datetime:
    return datetime(*args, tzinfo=BOSTON_TZ)


@pytest.mark.parametrize(
    ("period", "now", "start"),
    [
        (Period.ALL_TIME, boston(2025, 3, 9, 12), None),
        # March 2025 starts in winter time (UTC-5); DST begins Sunday March 9 at 02:00.
        (Period.MONTH, boston(2025, 3, 31, 23, 59), datetime(2025, 3, 1, 5, tzinfo=UTC)),
        (Period.MONTH, boston(2025, 4, 1, 0, 0), datetime(2025, 4, 1, 4, tzinfo=UTC)),
        # 03:59 UTC on April 1 is still March 31 in Boston.
        (Period.MONTH, datetime(2025, 4, 1, 3, 59, tzinfo=UTC), datetime(2025, 3, 1, 5, tzinfo=UTC)),
        # November 2025: DST ends Sunday November 2.
        (Period.MONTH, boston(2025, 11, 30, 12), datetime(2025, 11, 1, 4, tzinfo=UTC)),
        (Period.WEEK, boston(2025, 3, 9, 23, 30), datetime(2025, 3, 3, 5, tzinfo=UTC)),  # Sunday of the DST change
        (Period.WEEK, boston(2025, 3, 10, 0, 0), datetime(2025, 3, 10, 4, tzinfo=UTC)),
        (Period.WEEK, boston(2025, 11, 2, 1, 30), datetime(2025, 10, 27, 4, tzinfo=UTC)),
        (Period.WEEK, boston(2025, 11, 5, 9), datetime(2025, 11, 3, 5, tzinfo=UTC)),
        (Period.WEEK, boston(2025, 12, 31, 22), datetime(2025, 12, 29, 5, tzinfo=UTC)),  # ISO week 1 of 2026
    ],
)
def test_period_start_in_boston_time(period, now, start):
    assert period_start(period, now) == start


@given(now=st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2040, 1, 1), timezones=st.just(UTC)),
       period=st.sampled_from([Period.MONTH, Period.WEEK]))  # fmt: skip
def test_a_period_starts_at_local_midnight_and_names_the_same_totals(now, period):
    start = period_start(period, now)
    local = start.astimezone(BOSTON_TZ)
    assert (local.hour, local.minute) == (0, 0) and start <= now
    assert local.weekday() == 0 if period is Period.WEEK else local.day == 1
    assert period_key(period, start) == period_key(period, now)
    assert period_key(period, start - timedelta(seconds=1)) != period_key(period, now)


@pytest.fixture
def town(session):
    """Three residents (Ann public, Bo and Cy private), points in two neighborhoods and departments."""
    ann, bo, cy = (add_user(session, name, public=name == "ann") for name in ("ann", "bo", "cy"))
    pothole, graffiti = add_type(session, "Pothole", "PWDx"), add_type(session, "Graffiti", "PROP")
    sunday_night = boston(2025, 3, 9, 23, 30)  # in UTC already Monday: still last week here
    for user, type_id, where, at in [
        (ann, pothole, "Dorchester", sunday_night),
        (ann, pothole, "Dorchester", boston(2025, 2, 10, 12)),
        (bo, graffiti, "Roxbury", boston(2025, 3, 10, 9)),
        (cy, pothole, "Roxbury", boston(2025, 3, 10, 10)),
    ]:
        report = add_report(session, user.id, type_id, at, where)
        award(session, user.id, rules.REPORT_FIXED, report_id=report.id, at=at)
    return ann, bo, cy


NOW = boston(2025, 3, 12, 12)


def names(rows: list[LeaderRow]) -> list[tuple[int, str, int]]:
    return [(r.rank, r.name, r.points) for r in rows]


@pytest.mark.parametrize(
    ("period", "scope", "expected"),
    [
        (Period.ALL_TIME, {}, [(1, "Ann", 20), (2, "a resident", 10), (2, "a resident", 10)]),
        (Period.MONTH, {}, [(1, "a resident", 10), (1, "a resident", 10), (1, "Ann", 10)]),
        (Period.WEEK, {}, [(1, "a resident", 10), (1, "a resident", 10)]),
        (Period.ALL_TIME, {"neighborhood": "Roxbury"}, [(1, "a resident", 10), (1, "a resident", 10)]),
        (Period.ALL_TIME, {"department": "PWDx"}, [(1, "Ann", 20), (2, "a resident", 10)]),
        (Period.WEEK, {"department": "PROP"}, [(1, "a resident", 10)]),
        (Period.WEEK, {"neighborhood": "Dorchester"}, []),
    ],
)
def test_boards_by_period_and_scope(session, town, period, scope, expected):
    assert names(leaderboard(session, period, now=NOW, **scope)) == expected


def test_people_who_opted_in_appear_by_name_and_the_others_can_be_left_out(session, town):
    _, bo, _ = town
    rows = leaderboard(session, Period.ALL_TIME, now=NOW, hide_private=True)
    assert [(r.name, r.public) for r in rows] == [("Ann", True)]
    session.get(User, bo.id).show_name_publicly = True  # one click on the profile: at once
    assert [r.name for r in leaderboard(session, Period.ALL_TIME, now=NOW, hide_private=True)] == ["Ann", "Bo"]


def test_deactivated_and_deleted_accounts_are_left_out(session, town):
    ann, bo, cy = town
    session.get(User, bo.id).active = False
    session.get(User, cy.id).deleted_at = utc_now()
    assert [r.user_id for r in leaderboard(session, Period.ALL_TIME, now=NOW)] == [ann.id]
    assert standing(session, ann.id, Period.ALL_TIME, now=NOW) == Standing(20, 1, 1)


def test_standing(session, town):
    ann, bo, _ = town
    assert standing(session, bo.id, Period.ALL_TIME, now=NOW) == Standing(10, 2, 3)
    assert standing(session, ann.id, Period.WEEK, now=NOW) == Standing(0, None, 2)
    assert standing(session, ann.id, Period.MONTH, now=NOW) == Standing(10, 1, 3)


def test_a_standing_leaves_out_hidden_accounts_ahead_and_has_no_rank_for_them(session, town):
    ann, bo, cy = town
    session.get(User, ann.id).active = False  # the only one ahead of Bo and Cy
    assert standing(session, bo.id, Period.ALL_TIME, now=NOW) == Standing(10, 1, 2)
    assert standing(session, ann.id, Period.ALL_TIME, now=NOW) == Standing(20, None, 2)
    session.get(User, cy.id).deleted_at = utc_now()  # tied with Bo
    assert standing(session, bo.id, Period.ALL_TIME, now=NOW) == Standing(10, 1, 1)


def test_limit_and_one_scope_at_a_time(session, town):
    assert len(leaderboard(session, Period.ALL_TIME, now=NOW, limit=1)) == 1
    with pytest.raises(ValueError):
        leaderboard(session, Period.ALL_TIME, neighborhood="Roxbury", department="PWDx")
