"""The portal's pages and who is offered each: plain data, so the rule is testable without Streamlit.

A page is offered when the visitor may do the page's action (see `portal.permissions`); the page file
itself checks the same action at its top, because being offered a page is not permission to use it.
"""

from __future__ import annotations

from dataclasses import dataclass

from portal.accounts.permissions import Action, Actor, can


@dataclass(frozen=True)
class PageSpec:
    section: str
    path: str
    title: str
    icon: str
    url_path: str
    action: Action
    signed_out_only: bool = False
    in_menu: bool = True  # False: reachable by its URL (links point there), not listed in the menu


PAGES = (
    PageSpec("Explore", "pages/map.py", "Live map", "🗺️", "map", Action.VIEW_PUBLIC),
    PageSpec("Explore", "pages/feed.py", "What's happening", "📰", "feed", Action.VIEW_PUBLIC),
    PageSpec("Explore", "pages/dashboard.py", "City dashboard", "📊", "dashboard", Action.VIEW_PUBLIC),
    PageSpec("Explore", "pages/request.py", "Report", "📄", "request", Action.VIEW_PUBLIC, in_menu=False),
    PageSpec("Explore", "pages/alerts.py", "Area alerts", "🔔", "alerts", Action.VIEW_PUBLIC),
    PageSpec("Explore", "pages/link.py", "Email link", "✉️", "link", Action.VIEW_PUBLIC, in_menu=False),
    PageSpec("Explore", "pages/leaderboards.py", "Leaderboards", "🏆", "leaderboards", Action.VIEW_LEADERBOARD),
    PageSpec("Report", "pages/report.py", "Report a problem", "📝", "report", Action.FILE_REPORT),
    PageSpec("Report", "pages/my_reports.py", "My reports", "📋", "my_reports", Action.VIEW_OWN_ACCOUNT),
    PageSpec("Report", "pages/streetbump.py", "Street Bump", "📳", "streetbump", Action.UPLOAD_STREETBUMP),
    PageSpec("Third spaces", "pages/project_gallery.py", "Project gallery", "🌳", "projects", Action.VIEW_PUBLIC),
    PageSpec("Third spaces", "pages/project_intake.py", "Propose a project", "🌱", "propose", Action.PROPOSE_PROJECT),
    PageSpec("Third spaces", "pages/project_mine.py", "My projects", "🪴", "my_projects", Action.PROPOSE_PROJECT),
    PageSpec("Third spaces", "pages/project_review.py", "Coach review", "🧭", "coach_review", Action.REVIEW_PROJECT),
    PageSpec("Third spaces", "pages/project_matching.py", "Coach matching", "🤝", "coach_matching",
             Action.CONFIRM_MATCH),
    PageSpec("City staff", "pages/staff_queue.py", "Staff queue", "🧰", "staff_queue", Action.WORK_QUEUE),
    PageSpec("Administration", "pages/admin.py", "Accounts", "🔑", "admin", Action.MANAGE_USERS),
    PageSpec("Administration", "pages/outbox.py", "Outbox", "📮", "outbox", Action.MANAGE_USERS),
    PageSpec("Administration", "pages/api_keys.py", "Open311 API keys", "🗝️", "api_keys", Action.MANAGE_API_KEYS),
    PageSpec("Account", "pages/account.py", "My account", "👤", "account", Action.VIEW_OWN_ACCOUNT),
    PageSpec("Account", "pages/reset_password.py", "Reset password", "🔁", "reset_password", Action.VIEW_PUBLIC,
             in_menu=False),
    PageSpec("Account", "pages/sign_in.py", "Sign in", "🔓", "sign_in", Action.VIEW_PUBLIC, signed_out_only=True),
)


def offered_pages(actor: Actor) -> list[PageSpec]:
    """The pages to list in the menu for `actor`, in menu order."""
    return [p for p in PAGES if p.in_menu and can(actor, p.action) and not (p.signed_out_only and actor.signed_in)]
