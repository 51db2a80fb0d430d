"""The portal's pages and who is offered each: plain data, so the rule is testable without Streamlit.

A page is offered when the visitor may do the page's action (see `portal.permissions`); the page file
itself checks the same action at its top, because being offered a page is not permission to use it.
"""

from __future__ import annotations

from dataclasses import dataclass

from portal.permissions import Action, Actor, can


@dataclass(frozen=True)
class PageSpec:
    section: str
    path: str
    title: str
    icon: str
    url_path: str
    action: Action
    signed_out_only: bool = False


PAGES = (
    PageSpec("Explore", "pages/map.py", "Live map", "🗺️", "map", Action.VIEW_PUBLIC),
    PageSpec("City staff", "pages/staff_queue.py", "Staff queue", "🧰", "staff_queue", Action.WORK_QUEUE),
    PageSpec("Administration", "pages/admin.py", "Accounts", "🔑", "admin", Action.MANAGE_USERS),
    PageSpec("Account", "pages/account.py", "My account", "👤", "account", Action.VIEW_OWN_ACCOUNT),
    PageSpec("Account", "pages/sign_in.py", "Sign in", "🔓", "sign_in", Action.VIEW_PUBLIC, signed_out_only=True),
)


def offered_pages(actor: Actor) -> list[PageSpec]:
    """The pages to list in the menu for `actor`, in menu order."""
    return [p for p in PAGES if can(actor, p.action) and not (p.signed_out_only and actor.signed_in)]
