"""The third-spaces pages under AppTest: intake, my projects, coach review, matching and the gallery."""

from pathlib import Path

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from portal.accounts.demo import DEMO_PASSWORD
from portal.accounts.models import User
from portal.accounts.permissions import Actor
from portal.db import make_engine, session_factory, transaction
from portal.projects.coaches import ensure_demo_coaches
from portal.projects.intake import submit
from portal.projects.matching import accept_match, confirm_match
from portal.projects.models import Project
from portal.projects.review import approve
from tests.app.conftest import sign_in
from tests.unit.project_fixtures import complete_draft

ROOT = Path(__file__).resolve().parents[2]


def texts(at: AppTest) -> str:
    parts = [e.value for kind in ("title", "subheader", "markdown", "caption", "error", "warning", "info", "success")
             for e in getattr(at, kind)]  # fmt: skip
    return "\n".join(str(p) for p in parts)


def actor(session, role: str) -> Actor:
    user = session.scalar(select(User).where(User.username == f"demo-{role}"))
    return Actor(user.id, user.username, user.role)


def seed(url: str, stage: str) -> int:
    """A demo-resident project taken to `stage` through the services, as the people would."""
    engine = make_engine(url)
    with session_factory(engine)() as session:
        ensure_demo_coaches(session)
        resident, admin, coach = actor(session, "resident"), actor(session, "admin"), actor(session, "coach")
        project_id = complete_draft(session, resident)
        if stage != "draft":
            submit(session, resident, project_id)
        if stage in ("matched", "coaching", "approved"):
            confirm_match(session, admin, project_id, coach.id)
        if stage in ("coaching", "approved"):
            accept_match(session, coach, project_id)
        if stage == "approved":
            approve(session, coach, project_id, "https://ioby.org/project/benches")
        session.commit()
    engine.dispose()
    return project_id


def open_as(app: AppTest, role: str, page: str) -> AppTest:
    sign_in(app, f"demo-{role}", DEMO_PASSWORD)
    app.switch_page(page).run()
    assert not app.exception
    return app


@pytest.mark.parametrize(
    ("role", "page", "allowed"),
    [("resident", "pages/project_intake.py", True), ("coach", "pages/project_intake.py", False),
     ("resident", "pages/project_review.py", False), ("coach", "pages/project_review.py", True),
     ("coach", "pages/project_matching.py", False), ("admin", "pages/project_matching.py", True),
     ("staff", "pages/project_mine.py", False)],
)  # fmt: skip
def test_each_role_reaches_only_its_project_pages(app, role, page, allowed):
    open_as(app, role, page)
    assert bool([e for e in app.error if "cannot" in e.value]) is not allowed


def test_intake_keeps_what_is_typed_and_says_what_is_missing(app):
    open_as(app, "resident", "pages/project_intake.py")
    assert "no project in progress" in texts(app)
    next(b for b in app.button if b.label == "Start a new project").click().run()
    title = next(w for w in app.text_input if w.label == "Project title")
    title.input("Benches for Ronan Park").run()
    next(w for w in app.text_area if w.label == "What the project is").input("Too short").run()
    next(b for b in app.button if b.label == "Next").click().run()
    assert "What the project is: write between 20" in texts(app)
    assert next(w for w in app.text_area if w.label == "What the project is").value == "Too short"
    app.switch_page("pages/project_mine.py").run()
    assert app.dataframe[0].value["Project"].tolist() == ["Benches for Ronan Park"]
    app.switch_page("pages/project_intake.py").run()
    assert next(w for w in app.text_area if w.label == "What the project is").value == "Too short"
    assert not app.exception


BENCHES = ("Benches for Ronan Park", "Paint the benches near the playground")
LIBRARY = ("Untitled project", "A reading corner in the library")


def saved(url: str, *fields: str) -> dict[int, tuple]:
    """Each project's saved `fields`, by id, straight from the database."""
    engine = make_engine(url)
    with transaction(engine) as session:
        values = {p.id: tuple(getattr(p, f) for f in fields) for p in session.scalars(select(Project))}
    engine.dispose()
    return values


def draft_picker(app: AppTest):
    return next(s for s in app.selectbox if s.label == "Project you are working on")


def field(app: AppTest, label: str):
    return next(w for w in [*app.text_input, *app.text_area] if w.label == label)


def shown(app: AppTest) -> tuple[str, str]:
    return field(app, "Project title").value, field(app, "What the project is").value


def two_untitled_drafts(app: AppTest, url: str) -> tuple[int, int]:
    """Two drafts started one after the other, both still "Untitled project"; the second is on screen."""
    open_as(app, "resident", "pages/project_intake.py")
    for _ in range(2):
        next(b for b in app.button if b.label == "Start a new project").click().run()
    first, second = sorted(saved(url))
    assert draft_picker(app).value == second
    return first, second


def test_intake_saves_into_the_draft_on_screen_when_the_list_reorders(app, app_env):
    first, second = two_untitled_drafts(app, app_env)
    field(app, "What the project is").input(BENCHES[1]).run()
    assert draft_picker(app).value == second  # the save moved it to the top of the list
    field(app, "Goals").input("A shady place to sit").run()
    field(app, "Project title").input(BENCHES[0]).run()
    assert draft_picker(app).value == second  # its label changed with the title
    field(app, "Who it serves").input("Families and seniors").run()
    assert saved(app_env, "title", "summary") == {first: ("Untitled project", ""), second: BENCHES}
    assert not app.exception


def test_switching_drafts_shows_each_drafts_own_text(app, app_env):
    first, second = two_untitled_drafts(app, app_env)
    draft_picker(app).set_value(first).run()  # both still carry the same title
    field(app, "What the project is").input(LIBRARY[1]).run()
    field(app, "Goals").input("More neighbors reading").run()
    assert draft_picker(app).value == first
    draft_picker(app).set_value(second).run()
    assert shown(app) == ("Untitled project", "")
    field(app, "Project title").input(BENCHES[0]).run()
    field(app, "What the project is").input(BENCHES[1]).run()
    draft_picker(app).set_value(first).run()
    assert shown(app) == LIBRARY
    draft_picker(app).set_value(second).run()
    assert shown(app) == BENCHES
    assert saved(app_env, "title", "summary") == {first: LIBRARY, second: BENCHES}
    assert not app.exception


def test_my_projects_opens_the_draft_chosen_among_two_untitled_ones(app, app_env):
    first, second = two_untitled_drafts(app, app_env)
    app.switch_page("pages/project_mine.py").run()
    picker = app.selectbox(key="mine_project")
    assert len(set(picker.options)) == 2  # each label carries its number
    picker.set_value(first).run()
    assert app.selectbox(key="mine_project").value == first
    assert not app.exception


def test_budget_settings_stay_with_their_draft(app, app_env):
    first, second = two_untitled_drafts(app, app_env)
    app.radio(key="intake_step").set_value(3).run()
    next(w for w in app.number_input if w.label == "Contingency (%)").set_value(20).run()
    draft_picker(app).set_value(first).run()
    assert next(w for w in app.number_input if w.label == "Contingency (%)").value == 10
    assert saved(app_env, "contingency_percent") == {first: (10,), second: (20,)}
    assert not app.exception


def test_intake_budget_step_uses_a_template_and_shows_the_goal(app, app_env):
    seed(app_env, "draft")
    open_as(app, "resident", "pages/project_intake.py")
    app.radio(key="intake_step").set_value(3).run()
    assert "rounded up to the cent" in texts(app)
    assert any(b.label == "Budget as CSV" for b in app.get("download_button"))
    app.radio(key="intake_step").set_value(4).run()
    next(b for b in app.button if b.label == "Submit for coaching").click().run()
    assert "Sent" in texts(app)
    assert not app.exception


def test_intake_names_the_fundraising_platforms_in_the_proposers_language(app, app_env):
    project_id = seed(app_env, "draft")
    open_as(app, "resident", "pages/project_intake.py").radio(key="intake_step").set_value(3)
    app.session_state["portal_language"] = "es"
    app.run()
    assert not app.exception
    options = app.selectbox(key=f"intake_{project_id}_platform").options
    assert {"ioby como su patrocinador fiscal", "Sin plataforma (el equipo recoge efectivo y cheques)"} <= set(options)


def test_matching_ranks_and_confirms(app, app_env):
    project_id = seed(app_env, "submitted")
    open_as(app, "admin", "pages/project_matching.py")
    why = app.dataframe[0].value["Why"].tolist()
    assert why[0] == "speaks Spanish · fundraising · parks · works in Dorchester · 5 of 5 places free"
    assert len(why) == 5 and len(set(why)) == 5  # the demo's coaches, each with its own reasons
    next(b for b in app.button if b.label == "Confirm match").click().run()
    assert "No submitted project is waiting" in texts(app)
    engine = make_engine(app_env)
    with transaction(engine) as session:
        assert session.get(Project, project_id).status == "matched"
    engine.dispose()


def test_coach_accepts_then_requests_changes_and_the_proposer_reads_them(app, app_env):
    seed(app_env, "matched")
    open_as(app, "coach", "pages/project_review.py")
    next(b for b in app.button if b.label == "Accept").click().run()
    assert "Decision" in texts(app)
    next(b for b in app.button if b.label == "Request changes").click().run()
    assert "Say what the proposer should change" in texts(app)
    next(w for w in app.text_area if w.label.startswith("What to change")).input(
        "Add the host's letter"
    ).run()
    next(b for b in app.button if b.label == "Request changes").click().run()
    assert not app.exception
    proposer = open_as(AppTest.from_file(str(ROOT / "router.py"), default_timeout=60).run(), "resident",
                       "pages/project_mine.py")  # fmt: skip
    assert "Your coach wrote: Add the host" in texts(proposer)


def test_gallery_is_public_and_shows_the_goal(app, app_env):
    seed(app_env, "approved")
    app.switch_page("pages/project_gallery.py").run()
    assert not app.exception
    assert "Benches for Ronan Park" in texts(app)
    assert app.metric[0].value.startswith("$")
