"""Project statuses and choices are stored as English keys and shown in the reader's language."""

from __future__ import annotations

import pytest

from portal.i18n import _, language
from portal.projects.choices import EXPERTISE_TAGS, HOST_AGREEMENT, SPACE_TYPES
from portal.projects.models import ProjectStatus
from portal.projects.statuses import InvalidTransition, check_move, label


def test_a_status_reads_in_spanish_while_its_stored_value_stays_english():
    with language("es"):
        assert label(ProjectStatus.READY_TO_FUNDRAISE) == "Listo para recaudar fondos"
        with pytest.raises(InvalidTransition, match="“Borrador”, así que ahora no puede pasar a “Rechazado”"):
            check_move(ProjectStatus.DRAFT, ProjectStatus.DECLINED, "coach")
    assert ProjectStatus.READY_TO_FUNDRAISE.value == "ready_to_fundraise"
    assert label(ProjectStatus.READY_TO_FUNDRAISE) == "Ready to fundraise"


@pytest.mark.parametrize(("code", "english", "shown"), [
    ("zh_Hans", SPACE_TYPES["park"], "公园或游乐场"),
    ("vi", HOST_AGREEMENT["asked"], "Đã hỏi, đang chờ trả lời"),
    ("ht", EXPERTISE_TAGS[0], "pak"),
])  # fmt: skip
def test_choice_labels_are_translated_where_shown(code, english, shown):
    with language(code):
        assert _(english) == shown
