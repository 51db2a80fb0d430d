"""Propose a third-spaces project: a five-step form saved as you type, with the 311 reports around the space."""

import streamlit as st

from portal.accounts.permissions import Action
from portal.i18n import _
from portal.projects.access import get_project
from portal.projects.budget import save_budget, summarize, template_lines
from portal.projects.choices import EXPERTISE_TAGS, HOST_AGREEMENT, LANGUAGES, SPACE_TYPES
from portal.projects.detail import draft_detail
from portal.projects.fees import platforms
from portal.projects.intake import STEPS, all_errors, my_projects, start_draft, step_errors, submit
from portal.projects.surroundings import reports_around
from portal.ui import project_form as form
from portal.ui.auth import require_page
from portal.ui.project_widgets import area_map, budget, project_choices, proposal, reports_table, run
from portal.ui.resources import read_session

actor = require_page(Action.PROPOSE_PROJECT)
# The draft on screen is its id under CURRENT (My projects sets it too). The select box only reports a pick:
# it hands back the chosen label, which changes with the title, and the list reorders on every save; so
# each label carries the id (two drafts are often both "Untitled project") and the box is set from CURRENT.
CURRENT, PICKER, STEP, ERRORS = "intake_project", "intake_project_picker", "intake_step", "intake_step_errors"


def new_project() -> None:
    created = []
    if run(lambda s: created.append(start_draft(s, actor))):
        st.session_state[CURRENT], st.session_state[STEP] = created[0], 0


def pick_draft() -> None:
    st.session_state[CURRENT] = st.session_state[PICKER]


def next_step(project_id: int, step: int) -> None:
    if not form.save_all(actor, project_id):
        return
    with read_session() as session:
        errors = step_errors(get_project(session, project_id), step)
    st.session_state[ERRORS] = errors
    if not errors:
        st.session_state[STEP] = step + 1


st.title(_("Propose a third-spaces project"))
st.caption(_("A park, café, library, church or garden that could welcome more neighbors? Describe your idea; "
           "a coach will help you scope it, budget it and raise the money. Everything is saved as you type."))  # fmt: skip
with read_session() as session:
    rows = [r for r in my_projects(session, actor) if r.editable]
drafts = project_choices(rows)
st.button(_("Start a new project"), on_click=new_project)
if not drafts:
    st.info(_("You have no project in progress. Start a new one above."))
    st.stop()
if st.session_state.get(CURRENT) not in drafts:
    st.session_state[CURRENT] = next(iter(drafts))
project_id = st.session_state[PICKER] = st.session_state[CURRENT]
st.selectbox(_("Project you are working on"), list(drafts), format_func=drafts.get, key=PICKER,
             on_change=pick_draft)  # fmt: skip
with read_session() as session:
    d = draft_detail(session, actor, project_id)
    missing = all_errors(get_project(session, project_id))
    around = reports_around(session, d.latitude, d.longitude)

step = st.radio(
    _("Step"), range(len(STEPS)), format_func=lambda i: f"{i + 1}. {_(STEPS[i])}", horizontal=True, key=STEP
)
if step == 0:
    form.text(actor, d, "title")
    form.text(actor, d, "summary", _("What would change in the space, and how?"))
    form.text(actor, d, "serves", _("Neighbors, ages, groups: who will use it?"))
    form.text(actor, d, "goals", _("What will be different when it is done?"))
elif step == 1:
    inputs, context = st.columns(2)
    with inputs:
        form.text(actor, d, "space_name")
        form.choice(actor, d, "space_type", _("Type of space"), SPACE_TYPES)
        st.markdown(_("**Where is it?** Click the map, or type the coordinates."))
        clicked = st.session_state.pop("intake_clicked", None)
        form.location(actor, d, clicked)
        st.caption(_("Neighborhood: {neighborhood}").format(
            neighborhood=d.neighborhood or _("found once the space is placed")))
    with context:
        if click := area_map(d.latitude, d.longitude, around, key=f"intake_map_{d.id}"):
            st.session_state["intake_clicked"] = click
            st.rerun()
        reports_table(around)
elif step == 2:
    form.text(actor, d, "timeline", _("When would it start and finish? Any key dates?"))
    form.text(actor, d, "team", _("Who is in, and how many volunteers do you expect?"))
    form.choice(actor, d, "skills_wanted", _("Skills you want from a coach"), EXPERTISE_TAGS, multi=True)
    form.choice(actor, d, "language", _("Preferred language"), LANGUAGES)
    form.choice(actor, d, "host_agreement", _("Does the space's owner or host agree?"), HOST_AGREEMENT)
elif step == 3:
    version = st.session_state.setdefault(f"budget_version_{d.id}", 0)
    template = template_lines(d.space_type)
    start = _("Start from the template for a {space_type}").format(space_type=_(d.space_type_label).lower()) \
        if d.space_type else _("Start from the template for a project")  # fmt: skip
    if st.button(start, help=_("Replaces the lines below with a starting budget to edit.")) and run(
        lambda s: save_budget(s, actor, d.id, template, d.contingency_percent, d.platform)
    ):
        st.session_state[f"budget_version_{d.id}"] = version + 1
        st.rerun()
    lines = form.budget_editor(actor, d, version)
    left, right = st.columns(2)
    contingency = left.number_input(_("Contingency (%)"), 0, 25, d.contingency_percent, step=1,
                                    key=f"intake_{d.id}_contingency",
                                    help=_("A cushion for surprises, added to the cash items."))  # fmt: skip
    choices = {key: _(p.label) for key, p in platforms().items()}
    platform = right.selectbox(_("Fundraising platform"), list(choices), list(choices).index(d.platform),
                               format_func=choices.get, key=f"intake_{d.id}_platform")  # fmt: skip
    if lines is not None:
        form.save_if_changed(actor, d, lines, int(contingency), platform)
        budget(d.title, summarize(lines, int(contingency), platforms()[platform]), key=f"intake_{d.id}")
else:
    proposal(d)
    budget(d.title, d.budget, key=f"review_{d.id}")
    for message in missing:
        st.warning(message)
    verb = _("Send the changes to your coach") if d.status == "needs_changes" else _("Submit for coaching")
    if st.button(verb, type="primary", disabled=bool(missing)) and run(
        lambda s: submit(s, actor, d.id), _("Sent. Follow it under “My projects”.")
    ):
        st.session_state.pop(CURRENT, None)

if step < len(STEPS) - 1:
    for message in st.session_state.pop(ERRORS, []):
        st.error(message)
    st.button(_("Next"), type="primary", on_click=next_step, args=(d.id, step))
