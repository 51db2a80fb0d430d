"""Which closed reports were fixed, as a SQL condition: the rule `recognition.rules.closure_outcome` applies
to one closure reason, over every report at once, for the summary's `fixed` counts."""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, func, not_, or_

from portal.recognition.rules import FIXED_PREFIX, NOT_A_FIX_WORDS
from portal.reports.models import Report, ReportStatus

# Closures that are not a fix: merged duplicates, and the words `closure_outcome` reads in a closure reason.
NOT_A_FIX = tuple(word for words in NOT_A_FIX_WORDS.values() for word in words)


def fixed_condition() -> ColumnElement[bool]:
    """A report closed as fixed: closed, not merged, and not closed for one of the `NOT_A_FIX` reasons."""
    reason = func.lower(Report.closure_reason)
    not_a_fix = or_(*(reason.contains(word, autoescape=True) for word in NOT_A_FIX))
    return and_(
        Report.status == ReportStatus.CLOSED,
        Report.merged_into_id.is_(None),
        or_(reason.startswith(FIXED_PREFIX.lower(), autoescape=True), not_(not_a_fix)),
    )
