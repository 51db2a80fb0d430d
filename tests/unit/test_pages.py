"""Which pages each role is offered in the menu."""

import pytest

from portal.pages import offered_pages
from portal.permissions import ANONYMOUS, Actor


@pytest.mark.parametrize(
    ("role", "titles"),
    [
        (None, ["Live map", "Sign in"]),
        ("resident", ["Live map", "My account"]),
        ("coach", ["Live map", "My account"]),
        ("staff", ["Live map", "Staff queue", "My account"]),
        ("admin", ["Live map", "Staff queue", "Accounts", "My account"]),
    ],
)
def test_offered_pages(role, titles):
    actor = ANONYMOUS if role is None else Actor(7, "x", role)
    assert [page.title for page in offered_pages(actor)] == titles
