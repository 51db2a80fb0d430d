"""What the portal itself writes into a report and its history, worded in the reader's language when shown.

The database keeps what happened, not a sentence in one language: an event's kind says what happened
(assigned, type changed, merged…) and its note holds only the parameter (the assignee's name, the new type,
the other report's number) or a person's own words, kept as typed. A few notes that never vary ("Filed in
the portal.") are stored as their English sentence, which is their key. Street Bump's automatic report keeps
its English title and description, because the Open311 API, exports and the city's system read them as they
are; `report_title` and `report_description` word them for a page or an email, from the counts the
description holds. So do the closure reasons the portal writes (a merge's, Street Bump's, an upstream
closure's) and the outcome staff chose leading their own words ("Spam: …"), which the fix counts and the
API read: `closure_reason` words them. A report's status is an English key; `status_label` names it.
Migration 0021 brought older history rows to this form.
"""

from __future__ import annotations

import re

from portal.i18n import N_, _, format_decimal, ngettext
from portal.recognition.rules import ClosureOutcome, outcome_prefix
from portal.reports.models import ReportStatus

FILED_HERE = N_("Filed in the portal.")
OPENED_BY_STREET_BUMP = N_("Opened by Street Bump.")
FILED_THROUGH_API = N_("Filed through the Open311 API.")
UPDATED_FROM_EXPORT = N_("Updated from the city's open-data export.")
_FIXED_NOTES = frozenset({FILED_HERE, OPENED_BY_STREET_BUMP, FILED_THROUGH_API, UPDATED_FROM_EXPORT})
# A reaction's note is "{emoji} {verdict}. {the reporter's words}": the verdict is one of these English keys.
VERDICTS = {True: N_("Fixed"), False: N_("Not fixed")}

# Closure reasons the portal writes (staff's own are kept as typed): a merge's, an upstream closure's that came
# without notes, and Street Bump's when staff mark a spot as a known feature, by `KnownFeatureKind`. Their
# English is what the fix counts (`closure_outcome`) and the Open311 API's status_notes read.
_MERGED_REASON = re.compile(r"Duplicate of ([A-Z0-9]+)")
_UPSTREAM_REASON = re.compile(r"Closed in (.+) \(([^()]+)\)\.")
KNOWN_FEATURE_REASONS = {"speed_bump": N_("Not a pothole: a known speed bump (marked by staff)."),
                         "manhole": N_("Not a pothole: a known manhole (marked by staff).")}  # fmt: skip
# The outcome staff chose, stored in English before their words when those did not say it
# (`recognition.rules.stated_reason`).
STATED_OUTCOMES = {
    # TRANSLATORS: {reason} is what staff typed when closing a report, shown as typed.
    ClosureOutcome.FIXED: N_("Fixed: {reason}"),
    # TRANSLATORS: {reason} is what staff typed when closing a report, shown as typed.
    ClosureOutcome.DUPLICATE: N_("Duplicate: {reason}"),
    # TRANSLATORS: {reason} is what staff typed when closing a report, shown as typed.
    ClosureOutcome.SPAM: N_("Spam: {reason}"),
    # TRANSLATORS: {reason} is what staff typed when closing a report, shown as typed.
    ClosureOutcome.INVALID: N_("Invalid: {reason}"),
}
STATUS_LABELS = {ReportStatus.OPEN: N_("Open"), ReportStatus.ACKNOWLEDGED: N_("Acknowledged"),
                 ReportStatus.CLOSED: N_("Closed")}  # fmt: skip

STREET_BUMP_SOURCE = "Street Bump"
STREET_BUMP_TITLE = N_("Pothole found by Street Bump")
_STREET_BUMP_COUNTS = re.compile(r"(\d+) passes by phones jolted here \((\d+) jolts in all\)\.")


def reaction_note(emoji: str, fixed: bool, words: str) -> str:
    """The stored note of a reporter's reaction (English verdict key, their words as typed)."""
    return f"{emoji} {VERDICTS[fixed]}. {words}".strip()


def event_note(kind: str, note: str) -> str:
    """The note of a `ReportEvent` of `kind` as its reader reads it, in the current language."""
    if kind == "assigned":
        return _("Assigned to {name}.").format(name=note) if note else _("Assigned to nobody.")
    if kind == "recategorised":
        return _("Moved to {type}.").format(type=_(note))
    if kind == "duplicate_merged":
        return _("Report {id} was merged into this one.").format(id=note)
    if kind == "merged":
        return _("Duplicate of {id}.").format(id=note)
    if kind == "reopened":
        return (_("The reporter says it is not fixed: {note}").format(note=note) if note
                else _("The reporter says the problem is not fixed."))  # fmt: skip
    if kind == "reaction":
        return _reaction(note)
    if kind == "closed":
        return closure_reason(note)
    return _(note) if note in _FIXED_NOTES else note


def merged_reason(into_public_id: str) -> str:
    """The stored (English) closure reason of a report merged into another."""
    return f"Duplicate of {into_public_id}"


def upstream_reason(system: str, request_id: str) -> str:
    """The stored (English) closure reason of a report the city's system closed without a note."""
    return f"Closed in {system} ({request_id})."


def closure_reason(reason: str) -> str:
    """A closure reason as its reader reads it: the portal's own in the current language, staff's as typed."""
    if reason in KNOWN_FEATURE_REASONS.values():
        return _(reason)
    if merged := _MERGED_REASON.fullmatch(reason):
        return _("Duplicate of {id}.").format(id=merged.group(1))
    if upstream := _UPSTREAM_REASON.fullmatch(reason):
        return _("Closed in {system} ({id}).").format(system=upstream.group(1), id=upstream.group(2))
    for outcome, template in STATED_OUTCOMES.items():
        words = reason.removeprefix(f"{outcome_prefix(outcome)} ")
        if words != reason:
            return _(template).format(reason=words)
    return reason


def status_label(status: str) -> str:
    """A report's status (an English key) as its reader reads it; any other value as it is."""
    return _(STATUS_LABELS[status]) if status in STATUS_LABELS else status


def _reaction(note: str) -> str:
    emoji, _space, rest = note.partition(" ")
    for verdict in (VERDICTS[False], VERDICTS[True]):  # "Not fixed" first: it does not start with "Fixed"
        if rest == f"{verdict}." or rest.startswith(f"{verdict}. "):
            words = rest[len(verdict) + 1:].strip()
            return f"{emoji} {_(verdict)}. {words}".strip()
    return note


def street_bump_description(devices: int, hits: int) -> str:
    """The stored (English) description of Street Bump's automatic report; `report_description` reads it back."""
    return f"{devices} passes by phones jolted here ({hits} jolts in all)."


def report_title(source: str, title: str) -> str:
    """A report's title as its reader reads it: Street Bump's own title translated, a person's as typed."""
    return _(STREET_BUMP_TITLE) if source == STREET_BUMP_SOURCE and title == STREET_BUMP_TITLE else title


def report_description(source: str, description: str) -> str:
    """A report's description as its reader reads it: Street Bump's counts worded in the current language."""
    counts = _STREET_BUMP_COUNTS.fullmatch(description) if source == STREET_BUMP_SOURCE else None
    if counts is None:
        return description
    devices, hits = (int(number) for number in counts.groups())
    passes = ngettext("Phones jolted here on {count} pass.", "Phones jolted here on {count} passes.", devices)
    jolts = ngettext("{count} jolt in all.", "{count} jolts in all.", hits)
    return f"{passes.format(count=format_decimal(devices))} {jolts.format(count=format_decimal(hits))}"
