"""Each points rule through the real flows: casework, follow-up, filing, Street Bump and projects."""

from datetime import datetime, timezone

import pandas as pd
import pytest
from h3.api import basic_int as h3
from sqlalchemy import func, select

from portal.accounts.permissions import SYSTEM
from portal.projects.intake import submit
from portal.projects.matching import accept_match, confirm_match
from portal.projects.review import approve
from portal.recognition import events, rules
from portal.recognition.badges import badges_for
from portal.recognition.ledger import award, balance, ledger_for
from portal.recognition.models import PointsEntry
from portal.recognition.rules import ClosureOutcome, closure_outcome, how_points_work, stated_reason
from portal.reports import casework, followup
from portal.reports.models import Report
from portal.streetbump.models import BumpSpot, JoltEvent, KnownFeatureKind
from portal.streetbump.spots import mark_known_feature, refresh_spots
from tests.unit.project_fixtures import complete_draft
from tests.unit.project_fixtures import people as project_people  # noqa: F401  (fixture)
from tests.unit.recognition_fixtures import TREMONT, file_report, people, pothole, store  # noqa: F401

POINTS = {code: rule.points for code, rule in rules.POINTS_RULES.items()}


def rules_of(session, user_id: int) -> list[str]:
    """The user's ledger as rule codes, reversals prefixed with a minus, oldest first."""
    entries = session.scalars(select(PointsEntry).where(PointsEntry.user_id == user_id).order_by(PointsEntry.id))
    return [("-" if e.points < 0 else "") + e.rule for e in entries]


def close(session, actor, report, reason="Filled the pothole.", outcome=None):
    return casework.close(session, actor, report.public_id, report.version, reason, [], None, outcome=outcome)


@pytest.fixture
def filed(session, people, pothole, store) -> Report:
    return file_report(session, people.reporter, pothole, store)


def test_the_rules_live_in_one_table_shown_on_the_page():
    assert [rule.code for rule in how_points_work()] == list(rules.POINTS_RULES)
    assert all(rule.points > 0 and rule.explanation for rule in how_points_work())


def test_filing_earns_no_points_but_the_first_report_badge(session, people, filed):
    assert balance(session, people.reporter.id) == 0
    assert [b.code for b in badges_for(session, people.reporter.id)] == ["first_report"]


def test_acknowledged_then_fixed(session, people, filed):
    report = casework.acknowledge(session, people.staff, filed.public_id, filed.version)
    close(session, people.staff, report)
    assert rules_of(session, people.reporter.id) == [rules.REPORT_ACKNOWLEDGED, rules.REPORT_FIXED]
    assert balance(session, people.reporter.id) == POINTS[rules.REPORT_ACKNOWLEDGED] + POINTS[rules.REPORT_FIXED]
    assert "first_fix" in {b.code for b in badges_for(session, people.reporter.id)}


def test_awards_are_idempotent(session, people, filed):
    first = award(session, people.reporter.id, rules.REPORT_ACKNOWLEDGED, report_id=filed.id)
    assert first is not None
    assert award(session, people.reporter.id, rules.REPORT_ACKNOWLEDGED, report_id=filed.id) is None
    events.on_acknowledged(session, filed)
    assert balance(session, people.reporter.id) == POINTS[rules.REPORT_ACKNOWLEDGED]


@pytest.mark.parametrize("reason", ["Spam", "Case Invalid", "Duplicate of another case"])
def test_a_spam_or_invalid_closure_takes_back_everything_the_report_earned(session, people, filed, reason):
    followup.me_too(session, people.neighbor, filed.public_id)
    report = casework.acknowledge(session, people.staff, filed.public_id, filed.version)
    close(session, people.staff, report, reason=reason)
    assert rules_of(session, people.reporter.id) == [rules.REPORT_ACKNOWLEDGED, "-" + rules.REPORT_ACKNOWLEDGED]
    assert rules_of(session, people.neighbor.id) == [rules.ME_TOO, "-" + rules.ME_TOO]
    assert balance(session, people.reporter.id) == balance(session, people.neighbor.id) == 0
    rows = ledger_for(session, people.reporter, people.reporter.id)
    assert [(r.points, r.reversed, r.report_public_id) for r in rows] == [
        (-POINTS[rules.REPORT_ACKNOWLEDGED], False, filed.public_id),
        (POINTS[rules.REPORT_ACKNOWLEDGED], True, filed.public_id),
    ]
    assert rows[0].title.startswith("Reversed") and "closed as" in rows[0].reason


def test_an_explicit_outcome_wins_over_the_reason(session, people, filed):
    report = casework.acknowledge(session, people.staff, filed.public_id, filed.version)
    closed = close(session, people.staff, report, reason="Closed.", outcome=ClosureOutcome.SPAM)
    assert balance(session, people.reporter.id) == 0
    assert closed.closure_reason == "Spam: Closed."  # the reporter, and every count of fixes, read the outcome


def test_a_merged_duplicate_is_reversed(session, people, pothole, store, filed):
    other = file_report(session, people.neighbor, pothole, store, token="t2")
    report = casework.acknowledge(session, people.staff, filed.public_id, filed.version)
    casework.merge(session, people.staff, report.public_id, report.version, other.public_id)
    assert balance(session, people.reporter.id) == 0
    assert rules_of(session, people.reporter.id) == [rules.REPORT_ACKNOWLEDGED, "-" + rules.REPORT_ACKNOWLEDGED]
    assert casework.acknowledge(session, people.staff, other.public_id, other.version)  # the other one still earns
    assert balance(session, people.neighbor.id) == POINTS[rules.REPORT_ACKNOWLEDGED]


def test_me_too_counts_once_and_not_on_your_own_report(session, people, filed):
    for _ in range(3):
        followup.me_too(session, people.neighbor, filed.public_id)
    with pytest.raises(followup.FollowUpError, match="your own report"):
        followup.me_too(session, people.reporter, filed.public_id)
    assert rules_of(session, people.neighbor.id) == [rules.ME_TOO]
    assert balance(session, people.reporter.id) == 0


def test_a_fixed_verdict_after_a_fixed_closure_agrees(session, people, filed):
    close(session, people.staff, filed)
    followup.react(session, people.reporter, filed.public_id, "🎉", fixed=True)
    assert rules_of(session, people.reporter.id) == [rules.REPORT_FIXED, rules.CLOSURE_REACTION,
                                                     rules.VERIFICATION_AGREED]  # fmt: skip


def test_a_fixed_verdict_after_an_invalid_closure_does_not_agree(session, people, filed):
    close(session, people.staff, filed, reason="Invalid: private property.")
    followup.react(session, people.reporter, filed.public_id, "👍", fixed=True)
    assert rules_of(session, people.reporter.id) == [rules.CLOSURE_REACTION]


def test_not_fixed_agrees_only_when_staff_then_acknowledge(session, people, filed):
    report = close(session, people.staff, filed)
    followup.react(session, people.reporter, report.public_id, "👎", fixed=False)
    assert rules_of(session, people.reporter.id) == [rules.REPORT_FIXED, rules.CLOSURE_REACTION]
    session.refresh(report)
    casework.acknowledge(session, people.staff, report.public_id, report.version)
    assert rules_of(session, people.reporter.id)[-3:] == [rules.REPORT_ACKNOWLEDGED, rules.VERIFICATION_AGREED,
                                                          f"-{rules.REPORT_FIXED}"]  # the fix it denied goes back


def test_not_fixed_then_closed_again_without_acknowledging_does_not_agree(session, people, filed):
    report = close(session, people.staff, filed)
    followup.react(session, people.reporter, report.public_id, "👎", fixed=False)
    session.refresh(report)
    close(session, people.staff, report, reason="Checked again: it is filled.")
    assert rules.VERIFICATION_AGREED not in rules_of(session, people.reporter.id)


@pytest.mark.parametrize(
    ("reason", "outcome"),
    [
        ("Filled the pothole.", ClosureOutcome.FIXED),
        ("Case Resolved", ClosureOutcome.FIXED),
        ("Case Invalid", ClosureOutcome.INVALID),
        ("Not a pothole: a known speed bump (marked by staff).", ClosureOutcome.INVALID),
        ("Duplicate of 8F3A21", ClosureOutcome.DUPLICATE),
        ("SPAM, ignore", ClosureOutcome.SPAM),
        ("Invalidated by spammy words", ClosureOutcome.FIXED),  # whole words only
        ("Fixed: the duplicate sign was removed", ClosureOutcome.FIXED),  # staff said so
    ],
)
def test_closure_outcome_from_the_reason(reason, outcome):
    assert closure_outcome(reason) is outcome


@pytest.mark.parametrize(
    ("reason", "outcome", "stated"),
    [
        ("Filled.", None, "Filled."),
        ("Filled.", ClosureOutcome.FIXED, "Filled."),
        ("Removed the duplicate sign.", ClosureOutcome.FIXED, "Fixed: Removed the duplicate sign."),
        ("Closed.", ClosureOutcome.INVALID, "Invalid: Closed."),
        ("Case Invalid", ClosureOutcome.INVALID, "Case Invalid"),
        ("Already reported.", ClosureOutcome.DUPLICATE, "Duplicate: Already reported."),
    ],
)
def test_the_stored_reason_states_the_chosen_outcome(reason, outcome, stated):
    assert stated_reason(reason, outcome) == stated
    assert closure_outcome(stated) is (outcome or closure_outcome(reason))


def _jolts_at(session, user_id, count=3):
    lat, lon = 42.3467, -71.0972
    session.add_all(
        JoltEvent(device_id=f"phone-{i}", at=datetime(2026, 3, 1, 10, i, tzinfo=timezone.utc), latitude=lat,
                  longitude=lon + i * 1e-5, magnitude=4.5, speed=9, gps_accuracy=4,
                  h3_r10=h3.latlng_to_cell(lat, lon + i * 1e-5, 10), uploaded_by=user_id)
        for i in range(count)
    )  # fmt: skip
    session.flush()
    return pd.DataFrame({"lat": [lat], "lon": [lon], "hits": [count], "devices": [count]})


def test_street_bump_uploaders_earn_when_their_jolts_open_a_report(session, people):
    detected = _jolts_at(session, people.neighbor.id)
    refresh_spots(session, detected, people.neighbor)
    assert rules_of(session, people.neighbor.id) == [rules.STREET_BUMP]
    spot = session.scalars(select(BumpSpot)).one()
    mark_known_feature(session, people.staff, spot.id, KnownFeatureKind.SPEED_BUMP)
    assert rules_of(session, people.neighbor.id) == [rules.STREET_BUMP, "-" + rules.STREET_BUMP]


def test_anonymous_uploads_earn_nothing(session, people):
    refresh_spots(session, _jolts_at(session, None), SYSTEM)
    assert session.scalar(select(func.count()).select_from(PointsEntry)) == 0
    assert session.scalar(select(func.count()).select_from(Report)) == 1


def test_project_milestones(session, project_people):  # noqa: F811
    p = project_people
    project_id = complete_draft(session, p.proposer)
    submit(session, p.proposer, project_id)
    confirm_match(session, p.admin, project_id, p.coach.id)
    accept_match(session, p.coach, project_id)
    approve(session, p.coach, project_id)
    assert rules_of(session, p.proposer.id) == [rules.PROJECT_SUBMITTED, rules.PROJECT_READY]
    assert "project_starter" in {b.code for b in badges_for(session, p.proposer.id)}
