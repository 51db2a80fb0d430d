"""Intake: drafts saved field by field, validation per step, submission, and whose drafts are whose."""

import pytest

from portal.accounts.permissions import ANONYMOUS, PermissionDenied
from portal.maps.geo import OutsideCityError
from portal.projects.access import get_project
from portal.projects.budget import save_budget, template_lines
from portal.projects.detail import draft_detail
from portal.projects.intake import (
    MAX_OPEN_DRAFTS,
    IntakeError,
    all_errors,
    my_projects,
    set_location,
    start_draft,
    step_errors,
    submit,
    update_field,
)
from portal.projects.models import ProjectStatus
from tests.unit.project_fixtures import FIELDS, complete_draft, people  # noqa: F401  (fixture)


def test_a_new_draft_lists_what_each_step_needs(session, people):
    project = get_project(session, start_draft(session, people.proposer))
    assert step_errors(project, 0) == [
        "What the project is: write between 20 and 4,000 characters.",
        "Who it serves: write between 10 and 2,000 characters.",
        "Goals: write between 10 and 2,000 characters.",
    ]
    assert step_errors(project, 1) == [
        "Name of the space: write between 2 and 120 characters.",
        "Type of space: choose one.",
        "Location: enter where the space is (latitude and longitude inside Boston).",
    ]
    assert step_errors(project, 3) == ["Budget: add at least one cash line, or start from a template."]
    with pytest.raises(IntakeError) as refused:
        submit(session, people.proposer, project.id)
    assert len(refused.value.messages) == len(all_errors(project)) == 9


def test_fields_are_saved_as_typed_even_before_they_are_valid(session, people):
    project_id = start_draft(session, people.proposer)
    update_field(session, people.proposer, project_id, "summary", "Too short")
    assert draft_detail(session, people.proposer, project_id).summary == "Too short"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [("title", "x" * 121, "at most 120"), ("space_type", "castle", "Choose one"), ("language", "Klingon", "Choose one"),
     ("status", "submitted", "no field called"), ("proposer_id", 2, "no field called")],
)  # fmt: skip
def test_bad_fields_are_refused(session, people, field, value, message):
    project_id = start_draft(session, people.proposer)
    with pytest.raises(IntakeError, match=message):
        update_field(session, people.proposer, project_id, field, value)


def test_skills_keep_only_known_tags_in_a_stable_order(session, people):
    project_id = start_draft(session, people.proposer)
    update_field(session, people.proposer, project_id, "skills_wanted", ["youth", "hacking", "parks"])
    assert get_project(session, project_id).skills_wanted == ["parks", "youth"]


def test_location_outside_boston_is_refused_and_inside_finds_the_neighborhood(session, people):
    project_id = start_draft(session, people.proposer)
    with pytest.raises(OutsideCityError, match="outside Boston"):
        set_location(session, people.proposer, project_id, 42.3736, -71.1097)  # Cambridge
    assert set_location(session, people.proposer, project_id, 42.3045, -71.0645) == "Dorchester"


def test_a_proposer_sees_and_edits_only_their_own(session, people):
    mine = complete_draft(session, people.proposer)
    assert [r.id for r in my_projects(session, people.other_resident)] == []
    assert [r.title for r in my_projects(session, people.proposer)] == [FIELDS["title"]]
    for call in (lambda: draft_detail(session, people.other_resident, mine),
                 lambda: update_field(session, people.other_resident, mine, "title", "Mine now"),
                 lambda: save_budget(session, people.other_resident, mine, template_lines("park"), 5, "ioby"),
                 lambda: submit(session, people.other_resident, mine)):  # fmt: skip
        with pytest.raises(PermissionDenied, match="belongs to someone else"):
            call()
    with pytest.raises(PermissionDenied):
        start_draft(session, people.coach)
    with pytest.raises(PermissionDenied):
        my_projects(session, ANONYMOUS)


def test_submitted_projects_are_frozen_and_drafts_are_limited(session, people):
    project_id = complete_draft(session, people.proposer)
    assert submit(session, people.proposer, project_id) == ProjectStatus.SUBMITTED
    with pytest.raises(PermissionDenied, match="cannot be edited"):
        update_field(session, people.proposer, project_id, "title", "Changed")
    for _ in range(MAX_OPEN_DRAFTS):
        start_draft(session, people.proposer)
    with pytest.raises(PermissionDenied, match="already have 10 drafts"):
        start_draft(session, people.proposer)
