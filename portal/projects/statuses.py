"""The project state machine: which moves exist, who makes each, and the history they leave.

    draft → submitted → matched → in coaching → ready to fundraise / needs changes / declined
                  ↑_________| (coach declines the match)   needs changes → in coaching (resubmitted)

Every move writes a `ProjectEvent` with who and when, so the proposer can read the whole story. A note the
portal writes is stored in English (a person's own words as typed) and worded in the reader's language by
`history`; a match's explanation stays in the language the lead matched in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from portal.accounts.permissions import Actor
from portal.i18n import N_, _
from portal.messages import notify
from portal.projects.errors import ProjectError
from portal.projects.models import Project, ProjectEvent, ProjectStatus
from portal.recognition import events

S = ProjectStatus
LABELS = {
    S.DRAFT: N_("Draft"),
    S.SUBMITTED: N_("Submitted, waiting for a coach"),
    S.MATCHED: N_("Matched, waiting for the coach to accept"),
    S.IN_COACHING: N_("In coaching"),
    S.NEEDS_CHANGES: N_("Needs changes"),
    S.READY_TO_FUNDRAISE: N_("Ready to fundraise"),
    S.DECLINED: N_("Declined"),
}

# (from, to) → who makes the move: the proposer, the programme lead or the assigned coach.
TRANSITIONS: dict[tuple[str, str], str] = {
    (S.DRAFT, S.SUBMITTED): "proposer",
    (S.SUBMITTED, S.MATCHED): "lead",
    (S.MATCHED, S.IN_COACHING): "coach",
    (S.MATCHED, S.SUBMITTED): "coach",
    (S.IN_COACHING, S.NEEDS_CHANGES): "coach",
    (S.IN_COACHING, S.READY_TO_FUNDRAISE): "coach",
    (S.IN_COACHING, S.DECLINED): "coach",
    (S.NEEDS_CHANGES, S.IN_COACHING): "proposer",
}
ACTIVE = (S.MATCHED, S.IN_COACHING, S.NEEDS_CHANGES)  # these count against a coach's capacity


class InvalidTransition(ProjectError):
    """The project is not in a state where this can happen; the message says where it is."""


@dataclass(frozen=True)
class HistoryRow:
    at: datetime
    who: str
    change: str
    note: str


def label(status: str) -> str:
    """The status as the reader says it (the stored value stays the English key)."""
    return _(LABELS[status]) if status in LABELS else status


# Notes the portal writes into a project's history: stored as the English sentence (their key), read through _().
BACK_TO_COACH = N_("Changes made; back to the coach.")
APPROVED = N_("Approved for fundraising.")
PORTAL_NOTES = frozenset({BACK_TO_COACH, APPROVED})
_MATCHED = re.compile(r"Matched with (.+?): (.*?)\.(?: Chosen over the top suggestion, (.+)\.)?", re.DOTALL)


def matched_note(coach: str, why: str, passed_over: str | None) -> str:
    """The stored (English) note of a match: the coach, why, and the top suggestion the lead passed over."""
    note = f"Matched with {coach}: {why}."
    return f"{note} Chosen over the top suggestion, {passed_over}." if passed_over else note


def event_note(note: str) -> str:
    """A project event's note as its reader reads it: the portal's own in the current language."""
    if note in PORTAL_NOTES:
        return _(note)
    if matched := _MATCHED.fullmatch(note):
        coach, why, passed_over = matched.groups()
        worded = _("Matched with {coach}: {why}.").format(coach=coach, why=why)
        if passed_over is None:
            return worded
        return f"{worded} " + _("Chosen over the top suggestion, {coach}.").format(coach=passed_over)
    return note


def check_move(current: str, new: str, by: str) -> None:
    if TRANSITIONS.get((current, new)) != by:
        raise InvalidTransition(
            _("This project is “{current}”, so it cannot become “{new}” now.").format(current=label(current),
                                                                                   new=label(new))
        )


def move(session: Session, project: Project, actor: Actor, new: ProjectStatus, by: str, note: str = "",
         kind: str = "status") -> ProjectEvent:  # fmt: skip
    """Change the status (checked against the table) and record who did it, when and why."""
    check_move(project.status, new, by)
    event = ProjectEvent(kind=kind, actor_id=actor.id, from_status=project.status, to_status=new,
                         coach_id=project.coach_id, note=note)  # fmt: skip
    project.status = new
    project.events.append(event)
    session.flush()
    events.on_project_moved(session, project, new)
    notify.on_project_moved(session, project, new, event.id, note)
    return event


def history(project: Project) -> list[HistoryRow]:
    """The project's story, oldest first, for the people working on it (so with their names)."""
    return [
        HistoryRow(e.at, e.actor.display_name if e.actor else _("the portal"),
                   f"{label(e.from_status)} → {label(e.to_status)}" if e.from_status
                   else _("Created: {status}").format(status=label(e.to_status)),
                   event_note(e.note))
        for e in project.events
    ]  # fmt: skip
