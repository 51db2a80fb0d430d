"""The portal's pages and who is offered each: plain data, so the rule is testable without Streamlit.

A page is offered when the visitor may do the page's action (see `portal.permissions`); the page file
itself checks the same action at its top, because being offered a page is not permission to use it.
"""

from __future__ import annotations

from dataclasses import dataclass

from portal.accounts.permissions import Action, Actor, can
from portal.i18n import N_, NP_


@dataclass(frozen=True)
class PageSpec:
    """A page of the menu; `section` and `title` are English, translated where the menu is built."""

    section: str
    path: str
    title: str
    icon: str
    url_path: str
    action: Action
    signed_out_only: bool = False
    in_menu: bool = True  # False: reachable by its URL (links point there), not listed in the menu


EXPLORE = NP_("menu section", "Explore")
REPORT = NP_("menu section", "Report")
PROJECTS = NP_("menu section", "Third spaces")
STAFF = NP_("menu section", "City staff")
ADMIN = NP_("menu section", "Administration")
ACCOUNT = NP_("menu section", "Account")

PAGES = (
    PageSpec(EXPLORE, "pages/map.py", N_("Live map"), "🗺️", "map", Action.VIEW_PUBLIC),
    PageSpec(EXPLORE, "pages/feed.py", N_("What's happening"), "📰", "feed", Action.VIEW_PUBLIC),
    PageSpec(EXPLORE, "pages/dashboard.py", N_("City dashboard"), "📊", "dashboard", Action.VIEW_PUBLIC),
    PageSpec(EXPLORE, "pages/request.py", N_("Report"), "📄", "request", Action.VIEW_PUBLIC, in_menu=False),
    PageSpec(EXPLORE, "pages/alerts.py", N_("Area alerts"), "🔔", "alerts", Action.VIEW_PUBLIC),
    PageSpec(EXPLORE, "pages/link.py", N_("Email link"), "✉️", "link", Action.VIEW_PUBLIC, in_menu=False),
    PageSpec(EXPLORE, "pages/leaderboards.py", N_("Leaderboards"), "🏆", "leaderboards",
             Action.VIEW_LEADERBOARD),
    PageSpec(REPORT, "pages/report.py", N_("Report a problem"), "📝", "report", Action.FILE_REPORT),
    PageSpec(REPORT, "pages/my_reports.py", N_("My reports"), "📋", "my_reports", Action.VIEW_OWN_ACCOUNT),
    PageSpec(REPORT, "pages/streetbump.py", N_("Street Bump"), "📳", "streetbump", Action.UPLOAD_STREETBUMP),
    PageSpec(PROJECTS, "pages/project_gallery.py", N_("Project gallery"), "🌳", "projects",
             Action.VIEW_PUBLIC),
    PageSpec(PROJECTS, "pages/project_intake.py", N_("Propose a project"), "🌱", "propose",
             Action.PROPOSE_PROJECT),
    PageSpec(PROJECTS, "pages/project_mine.py", N_("My projects"), "🪴", "my_projects",
             Action.PROPOSE_PROJECT),
    PageSpec(PROJECTS, "pages/project_review.py", N_("Coach review"), "🧭", "coach_review",
             Action.REVIEW_PROJECT),
    PageSpec(PROJECTS, "pages/project_matching.py", N_("Coach matching"), "🤝", "coach_matching",
             Action.CONFIRM_MATCH),
    PageSpec(STAFF, "pages/staff_queue.py", N_("Staff queue"), "🧰", "staff_queue", Action.WORK_QUEUE),
    PageSpec(ADMIN, "pages/admin.py", N_("Accounts"), "🔑", "admin", Action.MANAGE_USERS),
    PageSpec(ADMIN, "pages/outbox.py", N_("Outbox"), "📮", "outbox", Action.MANAGE_USERS),
    PageSpec(ADMIN, "pages/api_keys.py", N_("Open311 API keys"), "🗝️", "api_keys", Action.MANAGE_API_KEYS),
    PageSpec(ACCOUNT, "pages/account.py", N_("My account"), "👤", "account", Action.VIEW_OWN_ACCOUNT),
    PageSpec(ACCOUNT, "pages/reset_password.py", N_("Reset password"), "🔁", "reset_password",
             Action.VIEW_PUBLIC, in_menu=False),
    PageSpec(ACCOUNT, "pages/sign_in.py", N_("Sign in"), "🔓", "sign_in", Action.VIEW_PUBLIC,
             signed_out_only=True),
)


def offered_pages(actor: Actor) -> list[PageSpec]:
    """The pages to list in the menu for `actor`, in menu order."""
    return [p for p in PAGES if p.in_menu and can(actor, p.action) and not (p.signed_out_only and actor.signed_in)]
