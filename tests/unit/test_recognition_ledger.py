"""The ledger: admin reversals (reason, audit, permission), who may read a ledger, and the running totals
always equal to a recount from the ledger alone (property-based)."""

from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.accounts.models import AuditEntry
from portal.accounts.permissions import PermissionDenied
from portal.recognition import rules, totals
from portal.recognition.ledger import (
    RecognitionError,
    award,
    balance,
    ledger_for,
    recompute_balances,
    reverse_for_report,
    reverse_user_points,
)
from tests.unit.recognition_fixtures import add_report, add_type, add_user, people, pothole  # noqa: F401

START = datetime(2025, 2, 20, tzinfo=timezone.utc)  # the examples run over month, week and DST boundaries


@pytest.fixture
def earned(session, people, pothole):
    """Rosa earned points for two reports."""
    reports = [add_report(session, people.reporter.id, pothole, START) for _ in range(2)]
    return [award(session, people.reporter.id, rules.REPORT_FIXED, report_id=r.id) for r in reports]


def test_an_admin_reverses_points_with_a_reason_in_the_audit_log(session, people, earned):
    assert reverse_user_points(session, people.admin, people.reporter.id, "  Gaming the system  ") == 2
    assert balance(session, people.reporter.id) == 0
    audit = session.scalars(select(AuditEntry).where(AuditEntry.action == "points_reversed")).one()
    assert (audit.actor_id, audit.subject_id) == (people.admin.id, people.reporter.id)
    assert audit.detail == "2 entries, 20 points: Gaming the system"
    rows = ledger_for(session, people.admin, people.reporter.id)
    assert [r.reason for r in rows if r.points < 0] == ["Reversed by an admin: Gaming the system"] * 2
    assert reverse_user_points(session, people.admin, people.reporter.id, "again") == 0


def test_an_admin_may_reverse_chosen_entries(session, people, earned):
    assert reverse_user_points(session, people.admin, people.reporter.id, "one was wrong", [earned[0]]) == 1
    assert balance(session, people.reporter.id) == rules.POINTS_RULES[rules.REPORT_FIXED].points
    with pytest.raises(RecognitionError, match="already reversed"):
        reverse_user_points(session, people.admin, people.reporter.id, "twice", [earned[0]])


@pytest.mark.parametrize("who", ["reporter", "neighbor", "staff"])
def test_only_admins_reverse_points(session, people, earned, who):
    with pytest.raises(PermissionDenied):
        reverse_user_points(session, getattr(people, who), people.reporter.id, "no")
    assert balance(session, people.reporter.id) == 20


def test_a_reversal_needs_a_reason(session, people, earned):
    with pytest.raises(RecognitionError, match="reason"):
        reverse_user_points(session, people.admin, people.reporter.id, "   ")


def test_a_ledger_is_for_its_owner_and_admins(session, people, earned):
    assert len(ledger_for(session, people.reporter, people.reporter.id)) == 2
    assert len(ledger_for(session, people.admin, people.reporter.id)) == 2
    for who in (people.neighbor, people.staff):
        with pytest.raises(PermissionDenied):
            ledger_for(session, who, people.reporter.id)


# One step: (user, report, rule) awards; (user, report, None) reverses that report's points.
STEPS = st.lists(
    st.tuples(st.integers(0, 2), st.integers(0, 3), st.sampled_from([*rules.POINTS_RULES, None]),
              st.integers(0, 24 * 60)),
    min_size=1, max_size=25,
)  # fmt: skip


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=STEPS)
def test_running_totals_equal_a_recount_from_the_ledger(engine, steps):
    with Session(engine) as session:
        users = [add_user(session, f"user{i}").id for i in range(3)]
        types = [add_type(session, "Pothole", "PWDx"), add_type(session, "Graffiti", "PROP")]
        reports = [add_report(session, None, types[i % 2], START, ["Dorchester", None, "Roxbury", "Dorchester"][i])
                   for i in range(4)]  # fmt: skip
        for user, report, rule, hours in steps:
            at = START + timedelta(hours=hours)  # up to 60 days: Feb→Mar→Apr, DST on March 9
            if rule is None:
                reverse_for_report(session, reports[report].id, "closed as spam")
            else:
                award(session, users[user], rule, report_id=reports[report].id, at=at)
        incremental = totals.all_totals(session)
        assert recompute_balances(session) == {u: balance(session, u) for u in recompute_balances(session)}
        totals.rebuild(session)
        assert totals.all_totals(session) == incremental
        session.rollback()
