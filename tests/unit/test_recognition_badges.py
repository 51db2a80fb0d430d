"""Badges: clear thresholds, awarded once with the date of the award that earned them."""

from datetime import datetime, timedelta

import pytest

from portal.config import BOSTON_TZ
from portal.i18n import language
from portal.recognition import badges, rules
from portal.recognition.badges import BADGES, badges_for
from portal.recognition.ledger import award, ledger_for, reverse_for_report
from tests.unit.recognition_fixtures import add_report, people, pothole  # noqa: F401

DAY = datetime(2025, 6, 2, 12, tzinfo=BOSTON_TZ)  # a Monday


def earn(session, user_id, type_id, rule, count, at=DAY, step=timedelta(hours=1), neighborhood="Dorchester"):
    """`count` awards of `rule`, one per new report, `step` apart; returns the reports."""
    reports = []
    for i in range(count):
        report = add_report(session, None, type_id, at, neighborhood)
        award(session, user_id, rule, report_id=report.id, subject_key=f"test:{report.id}", at=at + i * step)
        reports.append(report)
    return reports


def codes(session, user_id) -> list[str]:
    return [b.code for b in badges_for(session, user_id)]


def test_every_badge_has_a_check_and_a_description():
    assert set(BADGES) == set(badges._EARNED)
    assert all(b.title and b.description for b in BADGES.values())


def test_ten_fixes_is_awarded_once_with_the_date_of_the_tenth(session, people, pothole):
    reports = earn(session, people.reporter.id, pothole, rules.REPORT_FIXED, 11)
    rows = {b.code: b for b in badges_for(session, people.reporter.id)}
    assert rows["first_fix"].awarded_at == DAY
    assert rows["ten_fixes"].awarded_at == DAY + timedelta(hours=9)
    reverse_for_report(session, reports[0].id, "spam")
    earn(session, people.reporter.id, pothole, rules.REPORT_FIXED, 1, at=DAY + timedelta(days=1))
    assert codes(session, people.reporter.id).count("ten_fixes") == 1  # kept, and not given twice


def test_badges_and_ledger_titles_are_read_in_the_current_language(session, people, pothole):
    earn(session, people.reporter.id, pothole, rules.REPORT_FIXED, 10)
    with language("es"):
        rows = {b.code: b for b in badges_for(session, people.reporter.id)}
        entry = ledger_for(session, people.reporter, people.reporter.id)[0]
    assert (rows["first_fix"].title, rows["ten_fixes"].description) == (
        "Primer arreglo", "10 reportes que usted presentó fueron arreglados.")
    assert (entry.title, entry.reason) == ("Reporte arreglado", f"Reporte arreglado: reporte {entry.report_public_id}.")
    assert {b.title for b in badges_for(session, people.reporter.id)} == {"First fix", "Ten fixes"}


def test_reversed_fixes_do_not_count_towards_the_next_badge(session, people, pothole):
    reports = earn(session, people.reporter.id, pothole, rules.REPORT_FIXED, 9)
    reverse_for_report(session, reports[0].id, "duplicate")
    earn(session, people.reporter.id, pothole, rules.REPORT_FIXED, 1)
    assert "ten_fixes" not in codes(session, people.reporter.id)


@pytest.mark.parametrize(
    ("hour", "night"), [(21, False), (22, True), (23, True), (0, True), (4, True), (5, False), (12, False)]
)
def test_night_owl_verifications_between_ten_pm_and_five_am_boston_time(session, people, pothole, hour, night):
    at = DAY.replace(hour=hour)
    earn(session, people.reporter.id, pothole, rules.CLOSURE_REACTION, 3, at=at, step=timedelta(days=1))
    assert ("night_owl" in codes(session, people.reporter.id)) is night


def test_neighborhood_regular_needs_four_weeks_in_one_neighborhood(session, people, pothole):
    earn(session, people.reporter.id, pothole, rules.ME_TOO, 3, step=timedelta(weeks=1))
    elsewhere = DAY + timedelta(weeks=3)
    earn(session, people.reporter.id, pothole, rules.ME_TOO, 1, at=elsewhere, neighborhood="Roxbury")
    assert "neighborhood_regular" not in codes(session, people.reporter.id)
    earn(session, people.reporter.id, pothole, rules.ME_TOO, 1, at=DAY + timedelta(weeks=5))
    assert "neighborhood_regular" in codes(session, people.reporter.id)


def test_street_bump_driver(session, people, pothole):
    earn(session, people.neighbor.id, pothole, rules.STREET_BUMP, badges.DRIVER_SPOTS - 1)
    assert codes(session, people.neighbor.id) == []
    earn(session, people.neighbor.id, pothole, rules.STREET_BUMP, 1)
    assert codes(session, people.neighbor.id) == ["street_bump_driver"]
