"""Case-history notes and points reasons the portal wrote as English sentences become keys and parameters
(points_entries.reason_key), so every reader sees them in their own language (portal.reports.wording,
portal.recognition.reasons)

Old rows are converted where the sentence is recognised: "Assigned to Dana." keeps "Dana" (the kind says
the rest), an award's "Report fixed: report ABC." keeps nothing (its rule and report say it), a reversal's
"Report ABC was a duplicate of XYZ." becomes the key duplicate_of with "XYZ". Anything else stays as it was
and is shown as stored. The downgrade writes the English sentences back.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-01 23:45:00
"""

import re

import sqlalchemy as sa
from alembic import op

revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None

# kind: (the sentence with the parameter as (.*), what an empty parameter was written as)
EVENT_NOTES = {
    'assigned': (r'Assigned to (.*)\.', 'nobody'),
    'recategorised': (r'Moved to (.*)\.', None),
    'duplicate_merged': (r'Report (.*) was merged into this one\.', None),
    'merged': (r'Duplicate of (.*)\.', None),
    'reopened': (r'The reporter says it is not fixed: (.*)', 'no note'),
}
# The rules' titles as the ledger wrote them into an award's reason (portal.recognition.rules at 0020).
RULE_TITLES = {
    'report_acknowledged': 'Report acknowledged', 'report_fixed': 'Report fixed',
    'verification_agreed': 'Verification agreed with staff', 'me_too': 'Me too', 'street_bump': 'Street Bump find',
    'closure_reaction': 'Closure answered', 'project_submitted': 'Project submitted',
    'project_ready_to_fundraise': 'Project ready to fundraise',
}
# reason_key: the reversal's sentence, with {reason} where its parameter goes
REVERSALS = {
    'admin': 'Reversed by an admin: {reason}',
    'not_fixed_after_all': 'Report {report} was not fixed after all: staff acknowledged it again.',
    'closed_duplicate': 'Report {report} was closed as duplicate.',
    'closed_spam': 'Report {report} was closed as spam.',
    'closed_invalid': 'Report {report} was closed as invalid.',
    'duplicate_of': 'Report {report} was a duplicate of {reason}.',
    'known_feature': 'Staff marked the spot as a known speed bump or manhole, not a pothole.',
}


def _pattern(sentence: str) -> re.Pattern[str]:
    escaped = re.escape(sentence).replace(r'\{report\}', r'\S+').replace(r'\{reason\}', '(?P<reason>.*)')
    return re.compile(escaped, re.DOTALL)


def event_note(kind: str, note: str) -> str | None:
    """The parameter an old note of `kind` holds, or None when the note is not the portal's sentence."""
    sentence, empty = EVENT_NOTES[kind]
    found = re.fullmatch(sentence, note, re.DOTALL)
    if found is None:
        return None
    return '' if found.group(1) == empty else found.group(1)


def points_reason(rule: str, reversal: bool, reason: str) -> tuple[str, str] | None:
    """(reason_key, reason) for an old entry's reason, or None when it is not a sentence the portal wrote."""
    if not reversal:
        title = re.escape(RULE_TITLES.get(rule, '\0'))
        return ('', '') if re.fullmatch(rf'{title}(: report \S+|: project “.*”)?\.', reason, re.DOTALL) else None
    for key, sentence in REVERSALS.items():
        found = _pattern(sentence).fullmatch(reason)
        if found is not None:
            return key, found.groupdict().get('reason') or ''
    return None


def upgrade() -> None:
    with op.batch_alter_table('points_entries') as batch:
        batch.add_column(sa.Column('reason_key', sa.String(length=30), nullable=False, server_default=''))
    connection = op.get_bind()
    events = connection.execute(sa.text('SELECT id, kind, note FROM report_events WHERE kind IN '
                                        "('assigned', 'recategorised', 'duplicate_merged', 'merged', 'reopened')"))
    notes = [{'id': i, 'note': new} for i, kind, note in events if (new := event_note(kind, note)) is not None]
    if notes:
        connection.execute(sa.text('UPDATE report_events SET note = :note WHERE id = :id'), notes)
    entries = connection.execute(sa.text('SELECT id, rule, reverses_id, reason FROM points_entries'))
    reasons = [{'id': i, 'key': found[0], 'reason': found[1]} for i, rule, reverses, reason in entries
               if (found := points_reason(rule, reverses is not None, reason)) is not None]
    if reasons:
        connection.execute(sa.text('UPDATE points_entries SET reason_key = :key, reason = :reason WHERE id = :id'),
                           reasons)


def downgrade() -> None:
    connection = op.get_bind()
    events = connection.execute(sa.text('SELECT id, kind, note FROM report_events WHERE kind IN '
                                        "('assigned', 'recategorised', 'duplicate_merged', 'merged', 'reopened')"))
    notes = []
    for i, kind, note in events:
        sentence, empty = EVENT_NOTES[kind]
        written = re.sub(r'\\(.)', r'\1', sentence).replace('(.*)', note or empty or '', 1)
        notes.append({'id': i, 'note': written})
    if notes:
        connection.execute(sa.text('UPDATE report_events SET note = :note WHERE id = :id'), notes)
    entries = connection.execute(sa.text(
        'SELECT e.id, e.rule, e.reason_key, e.reason, r.public_id, p.title FROM points_entries e '
        'LEFT JOIN reports r ON r.id = e.report_id LEFT JOIN projects p ON p.id = e.project_id '
        "WHERE e.reason_key != '' OR (e.reason = '' AND e.reverses_id IS NULL)"))
    reasons = []
    for i, rule, key, reason, report, project in entries:
        if key:
            written = REVERSALS[key].format(reason=reason, report=report or '')
        else:
            label = f': report {report}' if report else f': project “{project}”' if project is not None else ''
            written = f'{RULE_TITLES.get(rule, rule)}{label}.'
        reasons.append({'id': i, 'reason': written})
    if reasons:
        connection.execute(sa.text('UPDATE points_entries SET reason = :reason WHERE id = :id'), reasons)
    # A plain DROP COLUMN (SQLite has one since 3.35): batch mode would copy the table, and dropping the
    # old copy fails on the ledger's own foreign keys (a reversal names the entry it reverses).
    op.drop_column('points_entries', 'reason_key')
