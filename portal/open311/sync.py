"""The upstream worker (`python -m portal open311-sync`): send new reports to the city's Open311 system,
bring their status back, close ours when theirs closes.

Sending, once per report. Filing wrote a pending row in the report's own transaction
(`routing.enqueue_send`). A pass claims a due row by moving it to "sending" in a transaction of its
own (an UPDATE that only one worker can win) and only then POSTs; the answer's id (or token) is stored
with "sent". A failure (an error answer, a timeout, a host down, a body that is not the spec's) goes
back to "pending" with the error and the next attempt's time, doubling from
`PORTAL_OPEN311_RETRY_SECONDS` up to an hour: the report is never dropped, however long the upstream
is away. Two cases leave it unknown whether the upstream filed it: a timeout, and a worker that died
between the POST and storing the answer (its row stays "sending" and is claimed again after
`STALE_CLAIM`). Both POST again with the same `attribute[client_request_id]`, so an upstream that honours
it (this portal's own Open311 server does: it files one report per client id) answers with the first
request's id and there is exactly one upstream request per report. An upstream that ignores the
attribute may receive such a report twice: at-least-once, never lost.

Reopened. A resident's "not fixed" on a report the upstream closed puts its row back to pending with a
new client id (`routing.enqueue_reopen`); the POST is a new request whose description starts with the
earlier upstream id and the resident's words, as GeoReport v2 has no reopen. Its answer replaces the
stored id, and polling goes on as for any sent report.

Status. Sent reports are asked for in batches (`requests.json?service_request_id=a,b,c`) at most every
`PORTAL_OPEN311_POLL_SECONDS`; tokens are resolved through `tokens/TOKEN.json` first. When the upstream
says closed, the report is closed here through `reports.casework.close` with its `status_notes`, so
history, points and the reporter's email follow as for a staff closure.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import groupby

from sqlalchemy import Engine, or_, select, update
from sqlalchemy.orm import Session

from portal.accounts.permissions import SYSTEM, Action, Actor, require
from portal.config import open311_sync_settings, public_url
from portal.db import transaction, utc_now
from portal.i18n import DEFAULT, _, language, ngettext
from portal.open311 import client
from portal.open311.models import SendStatus, UpstreamSend
from portal.open311.routing import Route, route_for
from portal.reports.casework import ConflictError, close
from portal.reports.models import Report, ReportEvent, ReportStatus
from portal.reports.photostore import photo_store
from portal.reports.wording import event_note, status_label, upstream_reason

STALE_CLAIM = timedelta(minutes=2)  # far beyond one POST's timeout: a "sending" row this old lost its worker
MAX_BACKOFF = timedelta(hours=1)
BATCH = 50  # ids per status query, and rows per pass
DESCRIPTION_LIMIT = 4_000
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PassSummary:
    sent: int = 0
    kept_local: int = 0
    failed: int = 0
    polled: int = 0
    closed: int = 0

    def line(self) -> str:
        return (f"open311-sync: {self.sent} sent, {self.kept_local} kept here, {self.failed} failed (will retry), "
                f"{self.polled} polled, {self.closed} closed upstream")  # fmt: skip


@dataclass(frozen=True)
class Outgoing:
    """One claimed row, with what the POST needs, read in the claim's transaction."""

    send_id: int
    claimed_at: datetime
    route: Route
    form: dict[str, str]


def backoff(attempts: int, first: float) -> timedelta:
    return min(timedelta(seconds=first * 2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def _reopening(session: Session, send: UpstreamSend) -> str:
    """A reopened report's first paragraph upstream: which request there was closed, and the resident's words."""
    said = session.scalar(select(ReportEvent.note).where(ReportEvent.report_id == send.report_id,
                                                         ReportEvent.kind == "reopened")
                          .order_by(ReportEvent.at.desc(), ReportEvent.id.desc()).limit(1))  # fmt: skip
    with language(DEFAULT):  # the city's system reads English, whoever's session runs the sync
        return f"Reopened: {send.route} closed request {send.upstream_id}. {event_note('reopened', said or '')}"


def _form(report: Report, route: Route, client_request_id: str, reopening: str) -> dict[str, str]:
    link = f"{public_url()}/request?id={report.public_id}"
    parts = (reopening, report.title, report.description, f"Report {report.public_id}: {link}")
    description = "\n\n".join(part for part in parts if part)[:DESCRIPTION_LIMIT]
    form = {"api_key": route.api_key(), "service_code": route.code_for(report.service_type.name),
            "lat": f"{report.latitude:.6f}", "long": f"{report.longitude:.6f}", "address_string": report.address,
            "description": description, "attribute[client_request_id]": client_request_id}  # fmt: skip
    if route.send_email and report.contact_email:
        form["email"] = report.contact_email
    return form


def _due(now: datetime):
    return or_(
        (UpstreamSend.status == SendStatus.PENDING) & (UpstreamSend.next_attempt_at <= now),
        (UpstreamSend.status == SendStatus.SENDING) & (UpstreamSend.claimed_at <= now - STALE_CLAIM),
    )


def _claim(session: Session, send_id: int, routes: list[Route], now: datetime) -> Outgoing | SendStatus | None:
    """Take one due row for this worker: the route it goes by (or LOCAL), None when another worker won."""
    send = session.get(UpstreamSend, send_id)
    report = session.get(Report, send.report_id)
    route = route_for(routes, report.service_type.name, report.service_type.department)
    reopening = _reopening(session, send) if send.upstream_id else ""  # read before the claim renames the route
    values = {"status": SendStatus.LOCAL} if route is None else {
        "status": SendStatus.SENDING, "claimed_at": now, "attempts": UpstreamSend.attempts + 1,
        "route": route.name, "service_code": route.code_for(report.service_type.name)}  # fmt: skip
    won = session.execute(update(UpstreamSend).where(UpstreamSend.id == send_id, _due(now)).values(**values))
    if won.rowcount != 1:
        return None
    if route is None:
        return SendStatus.LOCAL
    return Outgoing(send_id, now, route, _form(report, route, send.client_request_id, reopening))


def _deliver(engine: Engine, outgoing: Outgoing, retry_seconds: float) -> bool:
    """POST one claimed report and store what came back (or the error); True when the upstream took it."""
    if not outgoing.route.api_key():
        error, accepted = f"the environment variable {outgoing.route.api_key_env} (its API key) is not set", None
    else:
        try:
            accepted, error = client.post_request(outgoing.route.endpoint, outgoing.form, outgoing.route.format), ""
        except client.UpstreamError as failure:
            accepted, error = None, str(failure)
    now = utc_now()
    with transaction(engine) as session:
        mine = (UpstreamSend.id == outgoing.send_id) & (UpstreamSend.claimed_at == outgoing.claimed_at)
        if accepted is None:
            attempts = session.scalar(select(UpstreamSend.attempts).where(UpstreamSend.id == outgoing.send_id))
            session.execute(update(UpstreamSend).where(mine).values(
                status=SendStatus.PENDING, next_attempt_at=now + backoff(attempts, retry_seconds),
                last_error=f"Sending to {outgoing.route.name}: {error}", last_error_at=now))  # fmt: skip
            log.warning("open311-sync: sending to %s failed: %s", outgoing.route.name, error)
            return False
        session.execute(update(UpstreamSend).where(mine).values(
            status=SendStatus.SENT, upstream_id=accepted.service_request_id, upstream_token=accepted.token,
            sent_at=now, last_error=""))  # fmt: skip
    return True


def send_due(engine: Engine, routes: list[Route], retry_seconds: float, now: datetime | None = None) -> PassSummary:
    now = now or utc_now()
    with transaction(engine) as session:
        due = session.scalars(select(UpstreamSend.id).where(_due(now)).order_by(UpstreamSend.id).limit(BATCH)).all()
    sent = local = failed = 0
    for send_id in due:
        with transaction(engine) as session:
            claimed = _claim(session, send_id, routes, now)
        if claimed == SendStatus.LOCAL:
            local += 1
        elif isinstance(claimed, Outgoing):
            if _deliver(engine, claimed, retry_seconds):
                sent += 1
            else:
                failed += 1
    return PassSummary(sent=sent, kept_local=local, failed=failed)


def _record_poll_error(engine: Engine, send_ids: list[int], message: str, now: datetime) -> None:
    with transaction(engine) as session:
        session.execute(update(UpstreamSend).where(UpstreamSend.id.in_(send_ids))
                        .values(last_error=message, last_error_at=now, polled_at=now))  # fmt: skip


def _close_here(session: Session, send: UpstreamSend, route: Route, record: client.UpstreamRecord) -> bool:
    """Close the report as the upstream did; False when it was closed here already. A ConflictError
    (staff or the reporter changed it this moment) goes up, so the row is not marked closed."""
    report = session.get(Report, send.report_id)
    if report.status == ReportStatus.CLOSED:
        return False
    reason = record.status_notes.strip() or upstream_reason(route.name, record.service_request_id)
    close(session, SYSTEM, report.public_id, report.version, reason, [], photo_store())
    return True


def _poll_route(engine: Engine, route: Route, sends: list[UpstreamSend], now: datetime) -> tuple[int, int]:
    polled = closed = 0
    for send in [s for s in sends if s.upstream_id is None]:
        try:
            resolved = client.resolve_token(route.endpoint, send.upstream_token, route.format)
        except client.UpstreamError as error:
            _record_poll_error(engine, [send.id], f"Resolving token {send.upstream_token} at {route.name}: {error}", now)
            continue
        send.upstream_id = resolved
        with transaction(engine) as session:
            session.execute(update(UpstreamSend).where(UpstreamSend.id == send.id)
                            .values(upstream_id=resolved, polled_at=now))  # fmt: skip
    known = [send for send in sends if send.upstream_id]
    for start in range(0, len(known), BATCH):
        batch = known[start:start + BATCH]
        try:
            asked = [s.upstream_id for s in batch]
            records = {r.service_request_id: r for r in client.find_requests(route.endpoint, asked, route.format)}
        except client.UpstreamError as error:
            _record_poll_error(engine, [s.id for s in batch], f"Asking {route.name} for status: {error}", now)
            continue
        for send in batch:
            record = records.get(send.upstream_id)
            if record is None:
                _record_poll_error(engine, [send.id], f"{route.name} does not know request {send.upstream_id}", now)
                continue
            polled += 1
            done = record.status == "closed"
            try:
                with transaction(engine) as session:
                    if done and _close_here(session, send, route, record):
                        closed += 1
                    session.execute(update(UpstreamSend).where(UpstreamSend.id == send.id).values(
                        upstream_status=record.status, upstream_notes=record.status_notes, polled_at=now,
                        last_error="", status=SendStatus.CLOSED if done else SendStatus.SENT))  # fmt: skip
            except ConflictError:
                continue  # still "sent" and not yet polled: the next pass asks again and sees the report as it is
    return polled, closed


def poll_sent(engine: Engine, routes: list[Route], poll_seconds: float, now: datetime | None = None) -> PassSummary:
    """Ask each route for the status of its sent reports not asked for in the last `poll_seconds`."""
    now = now or utc_now()
    by_name = {route.name: route for route in routes}
    with transaction(engine) as session:
        sends = session.scalars(select(UpstreamSend).where(
            UpstreamSend.status == SendStatus.SENT,
            or_(UpstreamSend.polled_at.is_(None), UpstreamSend.polled_at <= now - timedelta(seconds=poll_seconds)),
        ).order_by(UpstreamSend.route, UpstreamSend.polled_at.is_not(None), UpstreamSend.polled_at)
         .limit(BATCH * 4)).all()  # fmt: skip
        session.expunge_all()
    polled = closed = 0
    for name, group in groupby(sends, key=lambda send: send.route):
        group = list(group)
        if name not in by_name:
            _record_poll_error(engine, [s.id for s in group], f"The route {name!r} is no longer in the routing "
                               "table; its reports' status cannot be asked.", now)  # fmt: skip
            continue
        route_polled, route_closed = _poll_route(engine, by_name[name], group, now)
        polled, closed = polled + route_polled, closed + route_closed
    return PassSummary(polled=polled, closed=closed)


def run_once(engine: Engine, routes: list[Route]) -> PassSummary:
    settings = open311_sync_settings()
    sent = send_due(engine, routes, settings.retry_seconds)
    polled = poll_sent(engine, routes, settings.poll_seconds)
    return PassSummary(sent.sent, sent.kept_local, sent.failed, polled.polled, polled.closed)


def run(engine: Engine, routes: list[Route], stop: threading.Event) -> None:
    """Passes until `stop` is set, a line for each pass that did something."""
    while not stop.is_set():
        summary = run_once(engine, routes)
        if summary != PassSummary():
            print(summary.line(), flush=True)
        stop.wait(open311_sync_settings().pass_seconds)


@dataclass(frozen=True)
class SendState:
    """What staff see of a report's trip upstream (the case view)."""

    route: str
    status: str
    upstream_id: str | None
    upstream_token: str | None
    upstream_status: str
    attempts: int
    last_error: str
    last_error_at: datetime | None
    next_attempt_at: datetime

    def summary(self) -> str:
        """Where the report went and how it stands there, in one sentence in the reader's language.

        A row has its route from its first claim on, so only a report no worker has tried yet is without one.
        """
        if self.status == SendStatus.LOCAL:
            return _("Kept here: the routing table sends no report of this type upstream.")
        if self.upstream_id and self.status in (SendStatus.PENDING, SendStatus.SENDING):
            return _("Reopened here: to be sent to {where} again as a new request naming {id}, the one closed "
                     "there; the worker keeps trying.").format(where=self.route, id=self.upstream_id)  # fmt: skip
        if self.upstream_id and self.upstream_status:
            return _("Sent to {where} as {id} (there: {status}).").format(
                where=self.route, id=self.upstream_id, status=status_label(self.upstream_status))  # fmt: skip
        if self.upstream_id:
            return _("Sent to {where} as {id}.").format(where=self.route, id=self.upstream_id)
        if self.upstream_token:
            return _("Sent to {where}; its number there is still to come (token {token}).").format(
                where=self.route, token=self.upstream_token)  # fmt: skip
        if self.attempts:
            return ngettext("Not sent to {where} yet after {count} attempt; the worker keeps trying.",
                            "Not sent to {where} yet after {count} attempts; the worker keeps trying.",
                            self.attempts).format(where=self.route, count=self.attempts)  # fmt: skip
        return _("Not sent to the city's Open311 system yet; the worker keeps trying.")


def send_state(session: Session, actor: Actor, public_id: str) -> SendState | None:
    """The report's send row as staff see it; None when no routing table was configured at filing."""
    require(actor, Action.WORK_QUEUE)
    send = session.scalar(select(UpstreamSend).join(Report).where(Report.public_id == public_id))
    if send is None:
        return None
    return SendState(send.route, send.status, send.upstream_id, send.upstream_token, send.upstream_status,
                     send.attempts, send.last_error, send.last_error_at, send.next_attempt_at)  # fmt: skip
