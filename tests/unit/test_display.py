"""People's text shown on pages: never markup, never a link, never reordered by bidirectional controls."""

from __future__ import annotations

import pytest

from portal.accounts.permissions import Actor
from portal.accounts.users import register_resident
from portal.display import clean_text, escape_markdown
from portal.projects.intake import start_draft, update_field
from portal.projects.models import Project
from tests.markdown_links import as_read, autolinks

LINK_BAIT = [
    "Call https://evil.example/pay now",
    "HTTP://EVIL.EXAMPLE",
    "see www.evil.example for details",
    "WWW.Evil.Example",
    "write to jane.doe+311@example.org today",
    "mailto:jane@example.org",
    "https://www.evil.example/x?y=1",
    "(http://evil.example)",
    "<https://evil.example>",
    "[click](https://evil.example)",
]


@pytest.mark.parametrize("text", LINK_BAIT)
def test_addresses_in_peoples_text_never_become_links_and_still_read_the_same(text):
    assert autolinks(text)  # the oracle does see a link in the raw text
    shown = escape_markdown(text)
    assert autolinks(shown) == []
    assert as_read(shown) == text


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("**bold** _it_ `code`", r"\*\*bold\*\* \_it\_ \`code\`"),
        ("$x$ :smile: ~~gone~~", r"\$x\$ \:smile\: \~\~gone\~\~"),
        ("<script>", r"\<script\>"),
        ("3.5 m wide", r"3\.5 m wide"),
        ("plain words", "plain words"),
    ],
)  # fmt: skip
def test_markup_is_escaped(text, shown):
    assert escape_markdown(text) == shown


BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]


@pytest.mark.parametrize("control", BIDI)
def test_bidirectional_controls_are_dropped_when_stored_and_when_shown(control):
    spoof = f"Mayor{control}gnp.exe"
    assert clean_text(spoof) == "Mayorgnp.exe"
    assert escape_markdown(spoof) == r"Mayorgnp\.exe"


@pytest.mark.parametrize("mark", ["\u200e", "\u200f"])
def test_plain_direction_marks_stay_for_right_to_left_writing(mark):
    assert clean_text(f"שלום{mark} 12") == f"שלום{mark} 12"


def test_names_and_project_titles_are_stored_without_bidirectional_controls(session):
    user = register_resident(session, "rlo-test", "rlo@example.org", "Ana\u202e nimdA", "Tremont-Lamp-Owl-2931")
    assert user.display_name == "Ana nimdA"
    actor = Actor(user.id, user.username, user.role)
    project_id = start_draft(session, actor)
    update_field(session, actor, project_id, "title", "Reading \u2067nook\u2069")
    assert session.get(Project, project_id).title == "Reading nook"
