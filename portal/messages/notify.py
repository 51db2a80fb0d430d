"""Who hears about what: the one-line hooks that filing, casework, follow-up, accounts and projects call
in their own transaction, each enqueueing rendered messages (`outbox.enqueue`).

An account's address receives mail unless a confirmation for it is pending (a self-registered account
before its link is followed); an address left by an anonymous reporter or a follower only after it is
confirmed, so nobody can sign someone else up for mail. The first message to an unconfirmed address is
the confirmation itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.accounts.models import User
from portal.db import utc_now
from portal.i18n import DEFAULT, N_, _, current_language, language
from portal.messages import follows
from portal.messages.addresses import address_key
from portal.messages.compose import Letter, render
from portal.messages.links import page_link, request_link, token_link
from portal.messages.models import EmailAddress
from portal.messages.outbox import Outgoing, enqueue
from portal.messages.tokens import Purpose, issue
from portal.projects.models import Project, ProjectStatus
from portal.recognition.sql import insert_for
from portal.reports.models import Report, ReportEvent, ReportPhoto, ReportSupport, ServiceType
from portal.reports.wording import closure_reason, report_title

AFTER_PHOTOS_SENT = 2  # inline in the email; the report's page has the rest


@dataclass(frozen=True)
class Recipient:
    address: str
    user_id: int | None = None
    language: str = DEFAULT  # an account's chosen language; English for an address without one


def send(session: Session, kind: str, key: str, to: Recipient, letter: Letter, held: bool = False) -> str | None:
    """Render `letter` for `to` in their language and enqueue it once per `key` (the event it tells)."""
    with language(to.language):
        rendered = render(letter, to.address)
    return enqueue(session, Outgoing(kind, f"{kind}:{key}:{address_key(to.address)}", to.address,
                                     rendered.subject, rendered.text, rendered.html, to.user_id, letter.photos,
                                     to.language), held=held)  # fmt: skip


def is_confirmed(session: Session, address: str, account: bool) -> bool:
    row = session.get(EmailAddress, address_key(address))
    if row is None:
        return account  # accounts made by an admin, the command line or the demo: vouched for
    return row.confirmed_at is not None


def account_recipient(session: Session, user_id: int | None) -> Recipient | None:
    user = session.get(User, user_id) if user_id is not None else None
    if user is None or not user.active or user.deleted_at is not None or not user.email:
        return None
    return Recipient(user.email, user.id, user.language or DEFAULT) if is_confirmed(session, user.email, account=True) else None


def reporter_of(session: Session, report: Report) -> Recipient | None:
    """The account that filed it, else the address an anonymous reporter left and confirmed."""
    if report.reporter_id is not None:
        return account_recipient(session, report.reporter_id)
    if report.contact_email and is_confirmed(session, report.contact_email, account=False):
        return Recipient(report.contact_email, None, report.contact_language or DEFAULT)
    return None


def ask_to_confirm(session: Session, address: str, why: str, *, user_id: int | None = None,
                   report_id: int | None = None, ref: str = "") -> None:  # fmt: skip
    """Mail a confirmation link to an address not yet confirmed (nothing if it already is), in the current
    language: the one `why` was written in."""
    key = address_key(address)
    session.execute(insert_for(session, EmailAddress).values(email=key, created_at=utc_now())
                    .on_conflict_do_nothing(index_elements=["email"]))  # fmt: skip
    if session.get(EmailAddress, key).confirmed_at is not None:
        return
    token = issue(session, Purpose.CONFIRM_ADDRESS, email=key, user_id=user_id, report_id=report_id, ref=ref)
    letter = Letter(_("Please confirm your email address"),
                    (why, _("Follow this link to confirm it is yours; until then we send nothing else. "
                            "If this was not you, ignore this email.")),
                    ((_("Confirm my address"), token_link(token)),))  # fmt: skip
    send(session, "confirm_address", f"{ref or report_id or user_id}",
         Recipient(address, user_id, current_language()), letter)  # fmt: skip


def _describe(session: Session, report: Report) -> str:
    """The report's type (translated), place and title, in the current language."""
    stored = session.scalar(select(ServiceType.name).where(ServiceType.id == report.service_type_id)) or ""
    type_name, title = _(stored), report_title(report.source, report.title)
    if report.address:
        return _("{type} at {address}: “{title}”").format(type=type_name, address=report.address, title=title)
    return _("{type}: “{title}”").format(type=type_name, title=title)


def on_filed(session: Session, report: Report) -> None:
    """Received (or, for an anonymous reporter's new address, the confirmation first), and area alerts."""
    if report.reporter_id is None and report.contact_email and \
            not is_confirmed(session, report.contact_email, account=False):  # fmt: skip
        with language(report.contact_language):
            ask_to_confirm(session, report.contact_email,
                           _("You left this address with report {id} so the city can tell you how it goes.")
                           .format(id=report.public_id), report_id=report.id, ref=f"report:{report.id}")  # fmt: skip
    else:
        send_received(session, report)
    alert_followers(session, report, "new",
                    lambda: _("New report {id}: {what}").format(id=report.public_id, what=_describe(session, report)))


def _follow_link(report: Report) -> tuple[tuple[str, str], ...]:
    return ((_("Follow the report"), request_link(report.public_id)),)


def send_received(session: Session, report: Report) -> None:
    to = reporter_of(session, report)
    if to is None:
        return
    with language(to.language):
        letter = Letter(_("We received your report {id}").format(id=report.public_id),
                        (_("Thank you. Your report number is {id}: {what}.").format(id=report.public_id,
                                                                                    what=_describe(session, report)),
                         _("The right department sees it now; we will email you when it is acknowledged and when "
                           "it is closed.")), _follow_link(report))  # fmt: skip
    send(session, "report_received", str(report.id), to, letter)


def on_acknowledged(session: Session, report: Report) -> None:
    to = reporter_of(session, report)
    if to is not None:
        with language(to.language):
            letter = Letter(_("Report {id} was acknowledged").format(id=report.public_id),
                            (_("City staff have seen your report {id} ({what}) and it is in their queue.")
                             .format(id=report.public_id, what=_describe(session, report)),), _follow_link(report))  # fmt: skip
        send(session, "report_acknowledged", str(report.id), to, letter)


def _closing_event_id(session: Session, report: Report) -> int:
    return session.scalar(select(ReportEvent.id).where(ReportEvent.report_id == report.id,
                                                       ReportEvent.kind == "closed")
                          .order_by(ReportEvent.id.desc()).limit(1))  # fmt: skip


def _see_link(report: Report) -> tuple[str, str]:
    return _("See the report"), request_link(report.public_id)


def _reason(report: Report) -> str:
    return _("How it was resolved: {reason}").format(reason=closure_reason(report.closure_reason))


def on_closed(session: Session, report: Report) -> None:
    """The reporter gets the reason, the crew's after photo and one-click "fixed" / "not fixed" links;
    supporters and followers of the area hear that it was fixed."""
    session.flush()
    event_id = _closing_event_id(session, report)
    photos = tuple(session.scalars(select(ReportPhoto.key).where(ReportPhoto.report_id == report.id,
                                                                 ReportPhoto.kind == "after")
                                   .order_by(ReportPhoto.id).limit(AFTER_PHOTOS_SENT)))  # fmt: skip
    if (to := reporter_of(session, report)) is not None:
        token = issue(session, Purpose.REACT, email=address_key(to.address), user_id=to.user_id,
                      report_id=report.id, ref=str(event_id))  # fmt: skip
        with language(to.language):
            letter = Letter(_("Report {id} was closed").format(id=report.public_id),
                            (_("Your report {id} ({what}) was closed.").format(id=report.public_id,
                                                                               what=_describe(session, report)),
                             _reason(report),
                             _("Is it really fixed? One click tells the city; “not fixed” puts it back in the queue.")),
                            ((_("Fixed"), token_link(token, answer="fixed")),
                             (_("Not fixed"), token_link(token, answer="not_fixed")), _see_link(report)),
                            photos, _("The crew's photo after the work"))  # fmt: skip
        send(session, "report_closed", f"{report.id}:{event_id}", to, letter)
    supporters = session.scalars(select(ReportSupport.user_id).where(ReportSupport.report_id == report.id,
                                                                     ReportSupport.user_id.is_not(None)))  # fmt: skip
    for user_id in supporters:
        if (to := account_recipient(session, user_id)) is not None:
            with language(to.language):
                letter = Letter(_("Report {id} you support was closed").format(id=report.public_id),
                                (_("A report you said “me too” to ({what}) was closed.")
                                 .format(what=_describe(session, report)), _reason(report)),
                                (_see_link(report),), photos, _("The crew's photo after the work"))  # fmt: skip
            send(session, "supported_closed", f"{report.id}:{event_id}", to, letter)
    alert_followers(session, report, "fixed",
                    lambda: _("Fixed: report {id}, {what}. {reason}").format(id=report.public_id,
                                                                             what=_describe(session, report),
                                                                             reason=_reason(report)))  # fmt: skip


def on_reopened(session: Session, report: Report) -> None:
    to = reporter_of(session, report)
    if to is not None:
        session.flush()
        event_id = session.scalar(select(ReportEvent.id).where(ReportEvent.report_id == report.id,
                                                               ReportEvent.kind == "reopened")
                                  .order_by(ReportEvent.id.desc()).limit(1))  # fmt: skip
        with language(to.language):
            letter = Letter(_("Report {id} is open again").format(id=report.public_id),
                            (_("Report {id} ({what}) is back in the city's queue because the problem is not fixed.")
                             .format(id=report.public_id, what=_describe(session, report)),), _follow_link(report))  # fmt: skip
        send(session, "report_reopened", f"{report.id}:{event_id}", to, letter)


def alert_followers(session: Session, report: Report, what: str, line: Callable[[], str]) -> None:
    """Everyone following the report's place for `what` ("new" / "fixed"), at confirmed addresses; `line`
    says what happened in the current language (called in each follower's)."""
    found = follows.matching(session, report, what)
    if not found:
        return
    rows = dict(session.execute(select(EmailAddress.email, EmailAddress.confirmed_at)
                                .where(EmailAddress.email.in_({f.email for f in found}))).all())  # fmt: skip
    for follow in found:
        if (rows[follow.email] is None) if follow.email in rows else follow.user_id is None:
            continue  # not confirmed: an anonymous follower's address without a row never is
        account = account_recipient(session, follow.user_id)
        to = Recipient(follow.email, follow.user_id, account.language if account else DEFAULT)
        with language(to.language):
            said = line()
            letter = Letter(f"{follows.place_name(follow.place)}: {said}"[:200], (said,),
                            (_see_link(report), (_("Change or stop this alert"), page_link("alerts"))))  # fmt: skip
        send(session, "area_alert", f"{follow.id}:{report.id}:{report.status}:{report.version}", to, letter,
             held=follow.frequency == "daily")  # fmt: skip


def on_registered(session: Session, user: User) -> None:
    """A self-registered account confirms its address before anything else is mailed to it."""
    with language(user.language or DEFAULT):
        ask_to_confirm(session, user.email,
                       _("You opened the account “{username}” on the Boston Civic Portal.").format(username=user.username),
                       user_id=user.id, ref=f"account:{user.id}")  # fmt: skip


def on_security_change(session: Session, user: User, what: str, **words: str) -> None:
    """A password or role change is told to the account's address, confirmed or not: the owner must know.
    `what` is marked with `N_` by the caller and translated here, its placeholders filled with `words`
    (marked too: a role's name), each in the owner's language."""
    if not user.email or user.deleted_at is not None:
        return
    to = Recipient(user.email, user.id, user.language or DEFAULT)
    with language(to.language):
        told = _(what).format(**{name: _(word) for name, word in words.items()})
        letter = Letter(_("Your account: {what}").format(what=told),
                        (_("{what} on your Boston Civic Portal account “{username}”; every browser was signed out.")
                         .format(what=told, username=user.username),
                         _("If this was not you or an admin you asked, reset your password now and tell the city.")),
                        ((_("Reset my password"), page_link("reset_password")),))  # fmt: skip
    send(session, "security_notice", f"{user.id}:{what}:{utc_now().isoformat()}", to, letter)


def send_password_reset(session: Session, user: User) -> None:
    token = issue(session, Purpose.RESET_PASSWORD, email=address_key(user.email), user_id=user.id)
    to = Recipient(user.email, user.id, user.language or DEFAULT)
    with language(to.language):
        letter = Letter(_("Reset your password"),
                        (_("Someone asked to reset the password of “{username}”. The link works once, for one hour; "
                           "using it signs out every browser.").format(username=user.username),
                         _("If this was not you, ignore this email: nothing changes.")),
                        ((_("Choose a new password"), token_link(token)),))  # fmt: skip
    send(session, "password_reset", token[:24], to, letter)


PROJECT_MESSAGES = {
    ProjectStatus.MATCHED: ("project_matched", N_("A coach is matched with your project"),
                            N_("A coach was matched with your project “{title}”. They will be in touch.")),
    ProjectStatus.NEEDS_CHANGES: ("project_changes", N_("Your project needs changes"),
                                  N_("Your coach asks for changes to “{title}”: {note}")),
    ProjectStatus.READY_TO_FUNDRAISE: ("project_approved", N_("Your project is approved"),
                                       N_("“{title}” is approved and ready to fundraise.")),
}


def on_project_moved(session: Session, project: Project, new: str, event_id: int, note: str) -> None:
    """The proposer on a match, a change request and approval; the coach on a new assignment."""
    if new in PROJECT_MESSAGES and (to := account_recipient(session, project.proposer_id)) is not None:
        kind, subject, words = PROJECT_MESSAGES[new]
        with language(to.language):
            letter = Letter(_(subject), (_(words).format(title=project.title or _("your project"), note=note),),
                            ((_("Open My projects"), page_link("my_projects")),))  # fmt: skip
        send(session, kind, f"{project.id}:{event_id}", to, letter)
    if new == ProjectStatus.MATCHED and (coach := account_recipient(session, project.coach_id)) is not None:
        with language(coach.language):
            letter = Letter(_("A new project for you to coach"),
                            (_("You were matched with the project “{title}” in {neighborhood}.")
                             .format(title=project.title, neighborhood=project.neighborhood or "Boston"),
                             _("Accept or decline it on Coach review.")),
                            ((_("Open Coach review"), page_link("coach_review")),))  # fmt: skip
        send(session, "coach_assigned", f"{project.id}:{event_id}", coach, letter)
