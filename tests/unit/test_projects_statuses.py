"""The project state machine: every (from, to, who) cell, and the history each move leaves."""

import itertools

import pytest

from portal.i18n import language
from portal.projects.access import get_project
from portal.projects.intake import submit
from portal.projects.matching import accept_match, confirm_match
from portal.projects.models import ProjectStatus as S
from portal.projects.review import approve, request_changes
from portal.projects.statuses import TRANSITIONS, InvalidTransition, check_move, history
from tests.unit import project_fixtures
from tests.unit.project_fixtures import complete_draft

people = project_fixtures.people

ALLOWED = {
    (S.DRAFT, S.SUBMITTED, "proposer"),
    (S.SUBMITTED, S.MATCHED, "lead"),
    (S.MATCHED, S.IN_COACHING, "coach"),
    (S.MATCHED, S.SUBMITTED, "coach"),
    (S.IN_COACHING, S.NEEDS_CHANGES, "coach"),
    (S.IN_COACHING, S.READY_TO_FUNDRAISE, "coach"),
    (S.IN_COACHING, S.DECLINED, "coach"),
    (S.NEEDS_CHANGES, S.IN_COACHING, "proposer"),
}


def test_the_table_is_exactly_the_allowed_moves():
    assert {(a, b, who) for (a, b), who in TRANSITIONS.items()} == ALLOWED


@pytest.mark.parametrize(
    ("current", "new", "by"), list(itertools.product(S, S, ["proposer", "lead", "coach"]))
)
def test_move(current, new, by):
    if (current, new, by) in ALLOWED:
        check_move(current, new, by)
    else:
        with pytest.raises(InvalidTransition, match="cannot become"):
            check_move(current, new, by)


def changes_asked(session, people) -> int:
    """A project through matching to its coach's first request for changes."""
    project_id = complete_draft(session, people.proposer)
    submit(session, people.proposer, project_id)
    confirm_match(session, people.admin, project_id, people.coach.id)
    accept_match(session, people.coach, project_id)
    request_changes(session, people.coach, project_id, "Add the host's letter")
    return project_id


def test_history_records_who_and_when_in_order(session, people):
    project_id = changes_asked(session, people)
    rows = history(get_project(session, project_id))
    assert [(r.who, r.change) for r in rows] == [
        ("Rosa", "Created: Draft"),
        ("Rosa", "Draft → Submitted, waiting for a coach"),
        ("Lead", "Submitted, waiting for a coach → Matched, waiting for the coach to accept"),
        ("Ana", "Matched, waiting for the coach to accept → In coaching"),
        ("Ana", "In coaching → Needs changes"),
    ]
    assert rows[-1].note == "Add the host's letter"
    assert all(r.at.tzinfo is not None for r in rows)
    assert [r.at for r in rows] == sorted(r.at for r in rows)


def test_the_portals_history_notes_read_in_the_readers_language_and_a_coachs_stay_as_typed(session, people):
    project_id = changes_asked(session, people)
    submit(session, people.proposer, project_id)  # back to the coach
    approve(session, people.coach, project_id, "https://ioby.org/project/benches")
    with language("es"):
        notes = [row.note for row in history(get_project(session, project_id))][-3:]
    assert notes == ["Add the host's letter", "Cambios hechos; de vuelta al mentor.", "Aprobado para recaudar fondos."]
