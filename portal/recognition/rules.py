"""What earns points, and how many: the one table the ledger awards from and the page explains.

Points reward what helps the city fix things, never volume: filing a report earns nothing by itself
(it earns when staff acknowledge it or fix it), and a report closed as a duplicate, spam or invalid
loses everything it and its supporters earned, by new ledger entries that reverse the old ones.

Verification agreement, precisely. A reporter answers a closure with "fixed" or "not fixed":
- "fixed" agrees with staff when the closure it answers was a fixed closure (not spam, invalid or a
  duplicate); the points are given at once.
- "not fixed" re-opens the report; it agrees with staff when staff then acknowledge the re-opened
  report (they accept there is still work to do). Closing it again without acknowledging means staff
  stand by their finding: no points.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from portal.i18n import N_


@dataclass(frozen=True)
class PointsRule:
    code: str
    points: int
    title: str
    explanation: str


REPORT_ACKNOWLEDGED = "report_acknowledged"
REPORT_FIXED = "report_fixed"
VERIFICATION_AGREED = "verification_agreed"
ME_TOO = "me_too"
STREET_BUMP = "street_bump"
CLOSURE_REACTION = "closure_reaction"
PROJECT_SUBMITTED = "project_submitted"
PROJECT_READY = "project_ready_to_fundraise"

_RULES = [
    PointsRule(REPORT_ACKNOWLEDGED, 5, N_("Report acknowledged"),
               N_("Staff acknowledged a report you filed: it was real and in the right place.")),
    PointsRule(REPORT_FIXED, 10, N_("Report fixed"),
               N_("A report you filed was closed as fixed (not as a duplicate, spam or invalid).")),
    PointsRule(VERIFICATION_AGREED, 5, N_("Verification agreed with staff"),
               N_("You said whether a closed report was really fixed, and staff's finding agreed: a "
               "“fixed” after a fixed closure, or a “not fixed” that staff then acknowledged.")),
    PointsRule(ME_TOO, 2, N_("Me too"),
               N_("You backed someone else's open report instead of filing a duplicate (once per report).")),
    PointsRule(STREET_BUMP, 3, N_("Street Bump find"),
               N_("Jolts you uploaded while signed in helped open or back a pothole report (once per spot).")),
    PointsRule(CLOSURE_REACTION, 1, N_("Closure answered"),
               N_("You told staff how a closure of your report went (once per closure).")),
    PointsRule(PROJECT_SUBMITTED, 5, N_("Project submitted"),
               N_("You completed and submitted a third-spaces project proposal.")),
    PointsRule(PROJECT_READY, 25, N_("Project ready to fundraise"),
               N_("Your third-spaces project was approved by its coach for fundraising.")),
]  # fmt: skip
POINTS_RULES: dict[str, PointsRule] = {rule.code: rule for rule in _RULES}


def how_points_work() -> list[PointsRule]:
    """The rules in the order the page lists them."""
    return list(_RULES)


class ClosureOutcome(StrEnum):
    """What staff found when they closed a report; only FIXED earns, the others reverse."""

    FIXED = "fixed"
    DUPLICATE = "duplicate"
    SPAM = "spam"
    INVALID = "invalid"


# The closing form's choices, translated where shown.
OUTCOME_LABELS = {
    ClosureOutcome.FIXED: N_("Fixed"),
    ClosureOutcome.DUPLICATE: N_("Duplicate"),
    ClosureOutcome.SPAM: N_("Spam"),
    ClosureOutcome.INVALID: N_("Invalid (not a problem for the city)"),
}

# The words that make a closure reason "not a fix" (Boston's own "Case Invalid", "Duplicate of …", Street
# Bump's "Not a pothole: …"); the neighborhood trend chart counts fixes with the same words, in SQL.
NOT_A_FIX_WORDS = {
    ClosureOutcome.DUPLICATE: ("duplicate",),
    ClosureOutcome.SPAM: ("spam",),
    ClosureOutcome.INVALID: ("invalid", "not a pothole"),
}
_NOT_FIXED = [(re.compile(rf"\b({'|'.join(words)})\b", re.IGNORECASE), outcome)
              for outcome, words in NOT_A_FIX_WORDS.items()]  # fmt: skip


def outcome_prefix(outcome: ClosureOutcome) -> str:
    """The stored English that leads a closure reason with the outcome staff chose ("Spam:")."""
    return f"{outcome.value.capitalize()}:"


FIXED_PREFIX = outcome_prefix(ClosureOutcome.FIXED)


def closure_outcome(reason: str) -> ClosureOutcome:
    """The outcome a closure reason states: a leading "Fixed:" wins, then the not-a-fix words, else fixed."""
    if reason.startswith(FIXED_PREFIX):
        return ClosureOutcome.FIXED
    for pattern, outcome in _NOT_FIXED:
        if pattern.search(reason):
            return outcome
    return ClosureOutcome.FIXED


def stated_reason(reason: str, outcome: ClosureOutcome | None) -> str:
    """The closure reason, led by the outcome staff chose when the reason does not already say it.

    The reason is what the reporter reads and what every count of fixes reads, so it must state the outcome.
    """
    if outcome is None or closure_outcome(reason) == outcome:
        return reason
    return f"{outcome_prefix(outcome)} {reason}"
