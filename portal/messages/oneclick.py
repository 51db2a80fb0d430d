"""What an emailed link does when someone follows it, without signing in.

`open_link` reads a token without spending it (the landing page shows what it will do: confirming an
address happens at once; a reaction or a new password needs the form); the acting functions spend
the token in the same transaction as the change, so an error leaves the link usable and a success
leaves it spent. `request_password_reset` mails the link and says the same whether or not an account
has that name, so the form cannot be used to find out who has an account.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from portal.accounts.limits import take_hourly_slot
from portal.accounts.models import User
from portal.accounts.permissions import Actor
from portal.accounts.users import AccountError, set_password_by_link
from portal.db import utc_now
from portal.i18n import N_, _
from portal.messages import notify
from portal.messages.addresses import address_key
from portal.messages.models import EmailAddress, MessageToken
from portal.messages.tokens import Purpose, TokenError, check, spend
from portal.reports.followup import react, react_by_link
from portal.reports.models import Report

RESETS_PER_HOUR = 3  # per account: enough for a lost email, too few to flood someone's inbox
RESET_SENT = N_("If an account has that username or email, a link to choose a new password is on its way. "
              "It works once, for one hour.")  # fmt: skip


@dataclass(frozen=True)
class Link:
    purpose: str
    public_id: str | None  # the report a reaction answers
    username: str | None  # the account a password reset is for


def open_link(session: Session, token: str) -> Link:
    row = check(session, token)
    public_id = session.scalar(select(Report.public_id).where(Report.id == row.report_id)) if row.report_id else None
    username = session.scalar(select(User.username).where(User.id == row.user_id)) if row.user_id else None
    return Link(row.purpose, public_id, username)


def _spent(session: Session, token: str, purpose: str) -> MessageToken:
    row = check(session, token)
    if row.purpose != purpose:
        raise TokenError(_("This link is for something else; please use the link from the right email."))
    spend(session, row)
    return row


def confirm_address(session: Session, token: str) -> str:
    """The address is confirmed; what was waiting for it (the report's "received") is sent."""
    row = _spent(session, token, Purpose.CONFIRM_ADDRESS)
    address = session.get(EmailAddress, address_key(row.email))
    if address is None:
        session.add(EmailAddress(email=address_key(row.email), confirmed_at=utc_now()))
    elif address.confirmed_at is None:
        address.confirmed_at = utc_now()
    session.flush()
    report = session.get(Report, row.report_id) if row.report_id else None
    if report is not None:
        notify.send_received(session, report)
        return _("Thank you: {address} is confirmed. We will email you about report {id}.").format(
            address=row.email, id=report.public_id)
    return _("Thank you: {address} is confirmed.").format(address=row.email)


def react_through_link(session: Session, token: str, emoji: str | None, fixed: bool | None, note: str = "") -> str:
    """The reporter's "fixed" / "not fixed" from the closure email; "not fixed" reopens the report."""
    row = _spent(session, token, Purpose.REACT)
    report = session.get(Report, row.report_id)
    if report.reporter_id is not None:
        user = session.get(User, report.reporter_id)
        react(session, Actor(user.id, user.username, user.role), report.public_id, emoji, fixed, note)
    else:
        react_by_link(session, report.public_id, int(row.ref), emoji, fixed, note)
    return (_("Thank you: the report is back in the city's queue.") if fixed is False
            else _("Thank you for telling the city it is fixed."))  # fmt: skip


def reset_password(session: Session, token: str, new_password: str, again: str) -> str:
    """The new password, typed twice on the link's form so a slip of the finger cannot lock anyone out."""
    if new_password != again:
        raise AccountError(_("The two passwords differ. Please type them again."))
    row = _spent(session, token, Purpose.RESET_PASSWORD)
    set_password_by_link(session, row.user_id, new_password)
    return _("Your password is changed and every browser was signed out. Sign in with the new password.")


def request_password_reset(session: Session, username_or_email: str) -> str:
    """Mail a reset link to the account named (by username or email); the answer never says which exist."""
    wanted = username_or_email.strip().lower()
    if wanted:
        user = session.scalar(
            select(User).where(or_(User.username == wanted, func.lower(User.email) == wanted), User.active,
                               User.deleted_at.is_(None), User.email != "")
            .order_by(User.id).limit(1)
        )  # fmt: skip
        if user is not None and take_hourly_slot(session, f"reset:{user.id}", RESETS_PER_HOUR, utc_now()):
            notify.send_password_reset(session, user)
    return _(RESET_SENT)
