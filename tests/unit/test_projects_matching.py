"""Coach matching: scores and explanations, ties, no match, language, capacity, and the match's life."""

import pytest

from portal.accounts.permissions import PermissionDenied
from portal.i18n import language
from portal.projects.access import get_project
from portal.projects.coaches import Coach, CoachError, coaches, ensure_demo_coaches, save_profile
from portal.projects.errors import ProjectError
from portal.projects.intake import submit
from portal.projects.matching import Need, accept_match, confirm_match, decline_match, rank, suggestions
from portal.projects.models import ProjectStatus
from portal.projects.statuses import event_note, history, matched_note
from tests.unit.project_fixtures import complete_draft, people  # noqa: F401  (fixture)

NEED = Need(language="Spanish", skills=("gardening",), neighborhood="Dorchester", space_tag="gardening")


def coach(user_id, name, tags=(), places=(), languages=("English",), capacity=5, active=0):
    return Coach(user_id, name.lower(), name, tuple(tags), tuple(places), tuple(languages), capacity, active)


def test_the_explanation_says_why_in_plain_words():
    [match] = rank(NEED, [coach(1, "Ana", ["gardening"], ["Dorchester"], ["English", "Spanish"], 5, 3)])
    assert match.explanation == "speaks Spanish · gardening · works in Dorchester · 2 of 5 places free"
    assert match.score == 100 + 10 + 10 + 25 + 2  # language, skill, kind of space, neighborhood, free share


@pytest.mark.parametrize(
    ("candidates", "expected"),
    [
        # Language outweighs everything else.
        ([coach(1, "Zed", ["gardening"], ["Dorchester"]), coach(2, "Amy", languages=["Spanish"])], [2, 1]),
        # A tie on points goes to the coach with more free places…
        ([coach(1, "Amy", capacity=5, active=3), coach(2, "Bea", capacity=5, active=1)], [2, 1]),
        # …then by name, then by id: the same input always gives the same order.
        ([coach(3, "Bea"), coach(2, "Amy"), coach(1, "Amy")], [1, 2, 3]),
        # A full coach is never proposed, however good a match.
        ([coach(1, "Ana", ["gardening"], ["Dorchester"], ["Spanish"], 2, 2), coach(2, "Bob")], [2]),
        # No coach with a free place: no match at all.
        ([coach(1, "Ana", capacity=1, active=1)], []),
        ([], []),
    ],
)
def test_ranking(candidates, expected):
    assert [m.user_id for m in rank(NEED, candidates)] == expected


def test_someone_who_declined_is_not_proposed_again():
    assert [m.user_id for m in rank(NEED, [coach(1, "Amy"), coach(2, "Bea")], frozenset({1}))] == [2]


def test_a_coach_who_does_not_speak_the_language_is_told_apart():
    [match] = rank(NEED, [coach(1, "Bob")])
    assert match.explanation.startswith("does not speak Spanish")


@pytest.mark.parametrize(("passed_over", "spanish"), [
    (None, "Asignado a Ana: speaks Spanish · gardening."),
    ("Bob", "Asignado a Ana: speaks Spanish · gardening. Elegido en lugar de la primera sugerencia, Bob."),
])  # fmt: skip
def test_a_match_note_reads_in_the_readers_language_and_its_explanation_as_matched(passed_over, spanish):
    stored = matched_note("Ana", "speaks Spanish · gardening", passed_over)
    assert event_note(stored) == stored  # English as stored
    with language("es"):
        assert event_note(stored) == spanish


def test_confirm_accept_decline_and_capacity(session, people):
    first = complete_draft(session, people.proposer)
    submit(session, people.proposer, first)
    ranked = suggestions(session, people.admin, first)
    assert [m.name for m in ranked] == ["Ana", "Bob"]  # Spanish, Dorchester, parks, fundraising
    with pytest.raises(PermissionDenied):
        suggestions(session, people.coach, first)
    confirm_match(session, people.admin, first, people.other_coach.id)  # an override
    assert "Chosen over the top suggestion, Ana" in get_project(session, first).events[-1].note
    with language("es"):
        assert history(get_project(session, first))[-1].note.startswith("Asignado a Bob: ")
    with pytest.raises(PermissionDenied, match="not assigned to you"):
        accept_match(session, people.coach, first)
    with pytest.raises(ProjectError, match="why you decline"):
        decline_match(session, people.other_coach, first, "")
    decline_match(session, people.other_coach, first, "I do not know parks")
    project = get_project(session, first)
    assert (project.status, project.coach_id) == (ProjectStatus.SUBMITTED, None)
    assert [m.name for m in suggestions(session, people.admin, first)] == ["Ana"]
    with pytest.raises(ProjectError, match="no free place or declined"):
        confirm_match(session, people.admin, first, people.other_coach.id)
    confirm_match(session, people.admin, first, people.coach.id)
    accept_match(session, people.coach, first)
    assert get_project(session, first).status == ProjectStatus.IN_COACHING

    second = complete_draft(session, people.proposer)
    submit(session, people.proposer, second)
    confirm_match(session, people.admin, second, people.coach.id)
    third = complete_draft(session, people.proposer)
    submit(session, people.proposer, third)
    assert "Ana" not in [m.name for m in suggestions(session, people.admin, third)]  # 2 of 2 places taken
    assert {c.name: c.active for c in coaches(session)} == {"Ana": 2, "Bob": 0}


@pytest.mark.parametrize(
    ("change", "message"),
    [({"capacity": 0}, "Capacity"), ({"languages": []}, "at least one language"),
     ({"expertise": ["juggling"]}, "Unknown expertise: juggling"), ({"neighborhoods": ["Paris"]}, "Unknown neigh")],
)  # fmt: skip
def test_coach_profiles_are_checked(session, people, change, message):
    values = {
        "expertise": ["arts"],
        "neighborhoods": ["Allston"],
        "languages": ["English"],
        "capacity": 3,
        **change,
    }
    with pytest.raises(CoachError, match=message):
        save_profile(session, people.admin, people.coach.id, **values)


def test_only_coaches_get_profiles_and_only_the_lead_edits_them(session, people):
    with pytest.raises(CoachError, match="coach account"):
        save_profile(session, people.admin, people.proposer.id, [], [], ["English"], 3)
    with pytest.raises(PermissionDenied):
        save_profile(session, people.coach, people.coach.id, [], [], ["English"], 9)


@pytest.fixture
def demo_coaches(session) -> list[Coach]:
    from portal.accounts.demo import ensure_demo_accounts

    ensure_demo_accounts(session)
    session.flush()
    ensure_demo_coaches(session)
    ensure_demo_coaches(session)
    return coaches(session)


def test_demo_coaches_get_their_profiles_once(demo_coaches):
    assert len(demo_coaches) == 5
    assert ("demo-coach", ("English", "Spanish")) in [(c.username, c.languages) for c in demo_coaches]


@pytest.mark.parametrize(
    ("need", "top"),
    [
        (Need("English", ("fundraising",), "Dorchester", "parks"), "demo-coach"),  # the e2e project's match
        (Need("Vietnamese", ("events",), "Dorchester", "food"), "demo-coach-thanh"),
        (Need("Haitian Creole", ("youth",), "Mattapan", "youth"), "demo-coach-marie"),
        (Need("Portuguese", (), "East Boston", "parks"), "demo-coach-ana"),
        (Need("Chinese", ("seniors",), "Chinatown", None), "demo-coach-wei"),
    ],
)
def test_the_demo_coaches_rank_differently_by_language(demo_coaches, need, top):
    ranked = rank(need, demo_coaches)
    names = {c.user_id: c.username for c in demo_coaches}
    assert len(ranked) == len(demo_coaches) and names[ranked[0].user_id] == top
    assert ranked[0].score > ranked[1].score and ranked[0].explanation != ranked[1].explanation
