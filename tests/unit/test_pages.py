"""Which pages each role is offered in the menu."""

import pytest

from portal.accounts.pages import PAGES, offered_pages
from portal.accounts.permissions import ANONYMOUS, Actor, can


@pytest.mark.parametrize(
    ("role", "titles"),
    [
        (None, ["Live map", "What's happening", "City dashboard", "Area alerts", "Leaderboards", "Report a problem", "Project gallery", "Sign in"]),
        ("resident", ["Live map", "What's happening", "City dashboard", "Area alerts", "Leaderboards", "Report a problem", "My reports", "Street Bump", "Project gallery",
                      "Propose a project", "My projects", "My account"]),
        ("coach", ["Live map", "What's happening", "City dashboard", "Area alerts", "Leaderboards", "Report a problem", "My reports", "Street Bump", "Project gallery",
                   "Coach review", "My account"]),
        ("staff", ["Live map", "What's happening", "City dashboard", "Area alerts", "Leaderboards", "Report a problem", "My reports", "Street Bump", "Project gallery",
                   "Staff queue", "My account"]),
        ("admin", ["Live map", "What's happening", "City dashboard", "Area alerts", "Leaderboards", "Report a problem", "My reports", "Street Bump", "Project gallery",
                   "Propose a project", "My projects", "Coach review", "Coach matching", "Staff queue", "Accounts", "Outbox", "Open311 API keys",
                   "My account"]),
    ],
)
def test_offered_pages(role, titles):
    actor = ANONYMOUS if role is None else Actor(7, "x", role)
    assert [page.title for page in offered_pages(actor)] == titles


@pytest.mark.parametrize("role", [None, "resident", "coach", "staff", "admin"])
def test_a_report_page_is_open_to_everyone_but_not_in_the_menu(role):
    actor = ANONYMOUS if role is None else Actor(7, "x", role)
    [request] = [page for page in PAGES if page.url_path == "request"]
    assert can(actor, request.action) and request not in offered_pages(actor)
