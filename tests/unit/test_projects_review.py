"""Coach review, the conversation and the gallery: coaches act only on their own projects."""

import pytest

from portal.accounts.permissions import ANONYMOUS, PermissionDenied
from portal.accounts.users import set_public_name
from portal.projects.comments import add_comment, thread
from portal.projects.detail import project_detail
from portal.projects.errors import ProjectError
from portal.projects.gallery import gallery
from portal.projects.intake import submit, update_field
from portal.projects.matching import accept_match, confirm_match
from portal.projects.models import ProjectStatus
from portal.projects.review import approve, decline, queue, request_changes, rubric, save_rubric
from tests.unit.project_fixtures import complete_draft, people  # noqa: F401  (fixture)


@pytest.fixture
def coached(session, people) -> int:
    """A project Ana (people.coach) accepted and is now coaching."""
    project_id = complete_draft(session, people.proposer)
    submit(session, people.proposer, project_id)
    confirm_match(session, people.admin, project_id, people.coach.id)
    accept_match(session, people.coach, project_id)
    return project_id


def test_a_coach_sees_and_decides_only_their_own(session, people, coached):
    assert [r.id for r in queue(session, people.coach)] == [coached]
    assert queue(session, people.other_coach) == []
    assert [r.id for r in queue(session, people.admin, statuses=[ProjectStatus.IN_COACHING])] == [coached]
    assert queue(session, people.coach, neighborhood="Allston") == []
    for call in (lambda: approve(session, people.other_coach, coached),
                 lambda: decline(session, people.other_coach, coached, "Not for me"),
                 lambda: request_changes(session, people.other_coach, coached, "Change it all"),
                 lambda: save_rubric(session, people.other_coach, coached, {"clear_goal": ("yes", "")}),
                 lambda: project_detail(session, people.other_coach, coached)):  # fmt: skip
        with pytest.raises(PermissionDenied):
            call()
    with pytest.raises(PermissionDenied):
        queue(session, people.proposer)


@pytest.mark.parametrize("decide", [request_changes, decline])
def test_changes_and_declines_need_words_for_the_proposer(session, people, coached, decide):
    with pytest.raises(ProjectError, match="proposer"):
        decide(session, people.coach, coached, "  ")
    decide(session, people.coach, coached, "The host has not agreed yet")
    assert project_detail(session, people.proposer, coached).last_decision == "The host has not agreed yet"


def test_changes_round_trip_then_approval_puts_it_in_the_gallery(session, people, coached):
    request_changes(session, people.coach, coached, "Please add outreach costs")
    update_field(session, people.proposer, coached, "goals", "A shady place to sit, talk and read")
    assert submit(session, people.proposer, coached) == ProjectStatus.IN_COACHING
    with pytest.raises(ProjectError, match="https://"):
        approve(session, people.coach, coached, "javascript:alert(1)")
    assert gallery(session) == []
    approve(session, people.coach, coached, "https://ioby.org/project/benches")
    [entry] = gallery(session)
    assert (entry.title, entry.neighborhood, entry.fundraising_url) == (
        "Benches for Ronan Park",
        "Dorchester",
        "https://ioby.org/project/benches",
    )
    assert entry.proposer != "Rosa"  # not opted in to showing a name
    assert entry.budget.goal.goal_cents > entry.budget.cash_budget_cents
    assert gallery(session, "Allston") == []


def test_rubric_defaults_saves_and_checks(session, people, coached):
    assert set(rubric(session, people.coach, coached).values()) == {("not_rated", "")}
    save_rubric(
        session, people.coach, coached, {"clear_goal": ("yes", "Crisp"), "host_agreement": ("partly", "")}
    )
    save_rubric(session, people.coach, coached, {"clear_goal": ("partly", "Needs a date")})
    scores = rubric(session, people.coach, coached)
    assert scores["clear_goal"] == ("partly", "Needs a date") and scores["host_agreement"] == ("partly", "")
    with pytest.raises(ProjectError, match="Rate each"):
        save_rubric(session, people.coach, coached, {"clear_goal": ("excellent", "")})


def test_the_conversation_is_between_proposer_and_coach_only(session, people, coached):
    add_comment(session, people.proposer, coached, "Is the budget right?")
    add_comment(session, people.coach, coached, "Add **permits**")
    assert [(c.author, c.role, c.body) for c in thread(session, people.proposer, coached)] == [
        ("Rosa", "proposer", "Is the budget right?"), ("Ana", "coach", "Add **permits**")]  # fmt: skip
    for outsider in (people.other_resident, people.other_coach, ANONYMOUS):
        with pytest.raises(PermissionDenied):
            thread(session, outsider, coached)
        with pytest.raises(PermissionDenied):
            add_comment(session, outsider, coached, "Hi")
    with pytest.raises(ProjectError, match="1 to 4,000"):
        add_comment(session, people.proposer, coached, " ")


def test_a_named_proposer_is_named_in_the_gallery(session, people, coached):
    set_public_name(session, people.proposer, True)
    approve(session, people.coach, coached)
    assert gallery(session)[0].proposer == "Rosa"
