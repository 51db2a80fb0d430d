"""The intake form's inputs. Each saves itself to the draft when it changes, so nothing typed is lost.

Widget keys carry the project id; a key missing from the session (first visit, or back from another
page) is filled from the saved draft before the widget is drawn.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from portal.accounts.permissions import Actor
from portal.i18n import _
from portal.projects.budget import CATEGORIES, Line, parse_lines, save_budget
from portal.projects.detail import ProjectDetail
from portal.projects.errors import ProjectError
from portal.projects.intake import CHOICE_FIELDS, TEXT_FIELDS, set_location, update_field
from portal.projects.money import format_money
from portal.ui.project_widgets import run

LONG_FIELDS = {"summary", "serves", "goals", "timeline", "team"}


def _label_keys() -> dict[str, str]:
    """Category label → key, in the current language and in English (a table begun before the language
    changed keeps its labels)."""
    return {**{label: key for key, label in CATEGORIES.items()}, **{_(label): key for key, label in CATEGORIES.items()}}


def _key(d: ProjectDetail, field: str) -> str:
    return f"intake_{d.id}_{field}"


def _prefill(d: ProjectDetail, field: str, value) -> str:
    key = _key(d, field)
    if key not in st.session_state:
        st.session_state[key] = value
    return key


def _save(actor: Actor, project_id: int, field: str, key: str) -> None:
    run(lambda s: update_field(s, actor, project_id, field, st.session_state[key]))


def save_all(actor: Actor, project_id: int) -> bool:
    """Save every field the form holds for this project, whatever order Streamlit runs callbacks in.

    A field left by clicking "Next" changes in the same run as the click; this makes sure the step is
    checked against what is on the screen, not against the draft as it was one field earlier.
    """
    held = {field: st.session_state[f"intake_{project_id}_{field}"]
            for field in (*TEXT_FIELDS, *CHOICE_FIELDS, "skills_wanted")
            if st.session_state.get(f"intake_{project_id}_{field}") is not None}  # fmt: skip

    def write(session) -> None:
        for field, value in held.items():
            update_field(session, actor, project_id, field, value)

    return run(write)


def text(actor: Actor, d: ProjectDetail, field: str, help: str = "") -> None:
    label, _least, most = TEXT_FIELDS[field]
    key = _prefill(d, field, getattr(d, field))
    widget = st.text_area if field in LONG_FIELDS else st.text_input
    widget(_(label), max_chars=most, key=key, help=help or None, on_change=_save, args=(actor, d.id, field, key))


def choice(actor: Actor, d: ProjectDetail, field: str, label: str, options, multi: bool = False) -> None:
    """A select box (or multiselect) over `options`: a dict of key → label, or a sequence of values; the labels
    are `N_`-marked English, shown translated, and the stored value is the key."""
    labels = options if isinstance(options, dict) else {o: o for o in options}
    current = getattr(d, field)
    key = _prefill(d, field, list(current) if multi else (current if current in labels else None))
    widget = st.multiselect if multi else st.selectbox
    extra = {} if multi else {"index": None, "placeholder": _("Choose one")}
    widget(label, list(labels), format_func=lambda option: _(labels[option]), key=key, on_change=_save,
           args=(actor, d.id, field, key), **extra)  # fmt: skip


def location(actor: Actor, d: ProjectDetail, clicked: tuple[float, float] | None) -> None:
    """Latitude and longitude, typed or taken from a click on the map; saved once both are there."""
    lat_key, lon_key = _prefill(d, "latitude", d.latitude), _prefill(d, "longitude", d.longitude)
    if clicked:
        st.session_state[lat_key], st.session_state[lon_key] = round(clicked[0], 6), round(clicked[1], 6)
        _save_location(actor, d.id, lat_key, lon_key)
    left, right = st.columns(2)
    left.number_input(_("Latitude"), value=None, format="%.6f", key=lat_key, placeholder="42.3601",
                      on_change=_save_location, args=(actor, d.id, lat_key, lon_key))  # fmt: skip
    right.number_input(_("Longitude"), value=None, format="%.6f", key=lon_key, placeholder="-71.0589",
                       on_change=_save_location, args=(actor, d.id, lat_key, lon_key))  # fmt: skip


def _save_location(actor: Actor, project_id: int, lat_key: str, lon_key: str) -> None:
    lat, lon = st.session_state[lat_key], st.session_state[lon_key]
    if lat is not None and lon is not None:
        run(lambda s: set_location(s, actor, project_id, lat, lon))


def _frame(lines: tuple[Line, ...]) -> pd.DataFrame:
    return pd.DataFrame(
        {"category": pd.Series([_(CATEGORIES[line.category]) for line in lines], dtype="object"),
         "description": pd.Series([line.description for line in lines], dtype="object"),
         "quantity": pd.Series([line.quantity for line in lines], dtype="Int64"),
         "unit_cost": pd.Series([format_money(line.unit_cost_cents) for line in lines], dtype="object"),
         "in_kind": pd.Series([line.in_kind for line in lines], dtype="bool")}
    )  # fmt: skip


def budget_editor(actor: Actor, d: ProjectDetail, version: int) -> list[Line] | None:
    """The line-item table; a valid table is saved at once, an invalid one stays as typed with its errors."""
    key, base_key = f"budget_{d.id}_{version}", f"budget_base_{d.id}_{version}"
    if key not in st.session_state or base_key not in st.session_state:
        st.session_state[base_key] = _frame(d.budget.lines)
    edited = st.data_editor(
        st.session_state[base_key], key=key, num_rows="dynamic", hide_index=True, width="stretch",
        column_config={
            "category": st.column_config.SelectboxColumn(_("Category"), options=[_(label) for label in CATEGORIES.values()],
                                                                  required=True),
            "description": st.column_config.TextColumn(_("Description"), max_chars=200, required=True),
            "quantity": st.column_config.NumberColumn(_("Quantity"), min_value=1, max_value=10_000, step=1),
            "unit_cost": st.column_config.TextColumn(_("Unit cost ($)"), help=_("For example 45 or $1,200.50")),
            "in_kind": st.column_config.CheckboxColumn(_("In-kind"), help=_("Donated, so not fundraised")),
        },
    )  # fmt: skip
    label_keys = _label_keys()
    rows = [{**row, "category": label_keys.get(row["category"]), "quantity"
: None if pd.isna(row["quantity"])
             else row["quantity"]} for row in edited.to_dict("records")]  # fmt: skip
    try:
        return parse_lines(rows)
    except ProjectError as error:
        for message in error.messages:
            st.error(message)
        return None


def save_if_changed(
    actor: Actor, d: ProjectDetail, lines: list[Line], contingency: int, platform: str
) -> bool:
    if (tuple(lines), contingency, platform) == (d.budget.lines, d.contingency_percent, d.platform):
        return False
    return run(lambda s: save_budget(s, actor, d.id, lines, contingency, platform))
