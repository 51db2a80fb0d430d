"""Who may do what: one table of roles × actions, checked by every state-changing function.

Pages also check at their top, but only to show a friendly message: the rule that counts is the
`require()` call inside the service function, so a deep link or a crafted call gets nowhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from portal.accounts.models import Role
from portal.i18n import N_, _


@dataclass(frozen=True)
class Actor:
    """The person acting, as plain values. `role` is None for an anonymous visitor."""

    id: int | None
    username: str
    role: str | None

    @property
    def signed_in(self) -> bool:
        return self.id is not None


ANONYMOUS = Actor(id=None, username="", role=None)
SYSTEM = Actor(id=None, username="system", role=Role.ADMIN)  # imports and detectors, never a person


# Each role as a person reads it, translated where shown.
ROLE_NAMES = {Role.RESIDENT: N_("resident"), Role.STAFF: N_("staff"), Role.COACH: N_("coach"), Role.ADMIN: N_("admin")}


class Action(StrEnum):
    """What a person may be allowed to do; each value completes "Please sign in to …" (translated where shown)."""

    VIEW_PUBLIC = N_("view public pages")
    FILE_REPORT = N_("file a report")
    VIEW_OWN_ACCOUNT = N_("view or change your own account")
    WORK_QUEUE = N_("work the staff queue")
    SEE_REPORTER_CONTACT = N_("see a reporter's name and contact")
    UPLOAD_STREETBUMP = N_("upload Street Bump data")
    MARK_KNOWN_FEATURE = N_("mark a spot as a speed bump or manhole")
    PROPOSE_PROJECT = N_("propose a third-spaces project")
    REVIEW_PROJECT = N_("review third-spaces projects")
    CONFIRM_MATCH = N_("match coaches to third-spaces projects")
    MANAGE_USERS = N_("manage accounts and roles")
    READ_AUDIT_LOG = N_("read the audit log")
    MANAGE_API_KEYS = N_("issue and revoke Open311 API keys")
    VIEW_LEADERBOARD = N_("see the leaderboards")
    VIEW_OWN_POINTS = N_("see your own points and badges")
    REVERSE_POINTS = N_("see and reverse a person's points")


_EVERYONE = frozenset({None, *Role})
_SIGNED_IN = frozenset(Role)
RULES: dict[Action, frozenset[str | None]] = {
    Action.VIEW_PUBLIC: _EVERYONE,
    Action.FILE_REPORT: _EVERYONE,
    Action.VIEW_OWN_ACCOUNT: _SIGNED_IN,
    Action.WORK_QUEUE: frozenset({Role.STAFF, Role.ADMIN}),
    Action.SEE_REPORTER_CONTACT: frozenset({Role.STAFF, Role.ADMIN}),
    Action.UPLOAD_STREETBUMP: _SIGNED_IN,
    Action.MARK_KNOWN_FEATURE: frozenset({Role.STAFF, Role.ADMIN}),
    Action.PROPOSE_PROJECT: frozenset({Role.RESIDENT, Role.ADMIN}),
    Action.REVIEW_PROJECT: frozenset({Role.COACH, Role.ADMIN}),
    Action.CONFIRM_MATCH: frozenset({Role.ADMIN}),  # admins act as the programme lead
    Action.MANAGE_USERS: frozenset({Role.ADMIN}),
    Action.READ_AUDIT_LOG: frozenset({Role.ADMIN}),
    Action.MANAGE_API_KEYS: frozenset({Role.ADMIN}),
    Action.VIEW_LEADERBOARD: _EVERYONE,
    Action.VIEW_OWN_POINTS: _SIGNED_IN,
    Action.REVERSE_POINTS: frozenset({Role.ADMIN}),
}


class PermissionDenied(PermissionError):
    """The actor's role may not do this. The message is fit to show on a page."""


def can(actor: Actor, action: Action) -> bool:
    return actor.role in RULES[action]


def require(actor: Actor, action: Action) -> None:
    if not can(actor, action):
        if not actor.signed_in:
            raise PermissionDenied(_("You need to sign in to {action}.").format(action=_(action.value)))
        raise PermissionDenied(_("A {role} account cannot {action}.").format(role=_(ROLE_NAMES[actor.role]),
                                                                            action=_(action.value)))  # fmt: skip
