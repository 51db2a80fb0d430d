"""Why a ledger entry was written, as "My points" reads it: stored as a key and its parameter, worded in the
reader's language when shown.

An award stores no sentence: its rule and its report or project say it all. A reversal the portal makes
stores a `reason_key` from `SENTENCES` and, where the sentence needs one, its parameter in `reason` (the
report a duplicate belonged to, an admin's own words, kept as typed). Anything else in `reason` is shown as
stored: words given with an award, or an older sentence migration 0021 did not recognise.
"""

from __future__ import annotations

from portal.i18n import N_, _
from portal.recognition.rules import POINTS_RULES, ClosureOutcome

ADMIN = "admin"  # `reason`: the admin's words
NOT_FIXED_AFTER_ALL = "not_fixed_after_all"
CLOSED_AS = {ClosureOutcome.DUPLICATE: "closed_duplicate", ClosureOutcome.SPAM: "closed_spam",
             ClosureOutcome.INVALID: "closed_invalid"}  # fmt: skip
DUPLICATE_OF = "duplicate_of"  # `reason`: the report it duplicated
KNOWN_FEATURE = "known_feature"

SENTENCES = {
    ADMIN: N_("Reversed by an admin: {reason}"),
    NOT_FIXED_AFTER_ALL: N_("Report {report} was not fixed after all: staff acknowledged it again."),
    CLOSED_AS[ClosureOutcome.DUPLICATE]: N_("Report {report} was closed as a duplicate."),
    CLOSED_AS[ClosureOutcome.SPAM]: N_("Report {report} was closed as spam."),
    CLOSED_AS[ClosureOutcome.INVALID]: N_("Report {report} was closed as invalid."),
    DUPLICATE_OF: N_("Report {report} was a duplicate of {reason}."),
    KNOWN_FEATURE: N_("Staff marked the spot as a known speed bump or manhole, not a pothole."),
}


def worded(rule: str, reason_key: str, reason: str, report: str | None, project: str | None) -> str:
    """The entry's reason in the current language; `report` is its report's number, `project` its project's
    title (None when it has none)."""
    if reason_key in SENTENCES:
        return _(SENTENCES[reason_key]).format(reason=reason, report=report or "")
    if reason:
        return reason
    title = _(POINTS_RULES[rule].title) if rule in POINTS_RULES else rule
    if report is not None:
        return _("{rule}: report {report}.").format(rule=title, report=report)
    if project is not None:
        return _("{rule}: project “{title}”.").format(rule=title, title=project)
    return _("{rule}.").format(rule=title)
