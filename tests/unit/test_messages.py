"""Outbound email through a real SMTP server on localhost (aiosmtpd, `tests/smtpserver.py`): the outbox
written in the change's transaction, claimed once, retried with backoff, nothing lost in an outage;
header injection, the daily cap, preferences and one-click tokens."""

from __future__ import annotations

import threading
from datetime import timedelta
from io import BytesIO

import pytest
from PIL import Image
from sqlalchemy import func, select

from portal.accounts.models import Role, User
from portal.accounts.passwords import hash_password, verify_password
from portal.accounts.permissions import ANONYMOUS, Actor
from portal.accounts.users import AccountError
from portal.config import mail_settings
from portal.db import session_factory, transaction, utc_now
from portal.messages import delivery, digests, oneclick, tokens
from portal.messages.addresses import AddressError, checked_address, header_text
from portal.messages.models import MessageStatus, MessageToken, OutboxMessage
from portal.messages.notify import Recipient, send
from portal.messages.compose import Letter
from portal.messages.outbox import counts
from portal.messages.preferences import save_preferences
from portal.reports import casework, filing
from portal.reports.models import Report, ReportStatus, ServiceType
from portal.reports.photos import clean_photo
from portal.reports.photostore import LocalPhotoStore

TREMONT = (42.35530, -71.06280)
STRONG = "correct horse battery staple 42"


@pytest.fixture
def store(tmp_path):
    return LocalPhotoStore(tmp_path / "photos")


@pytest.fixture
def world(engine):
    """A pothole type, a resident, a staff member; committed, so workers in other sessions see them."""
    with transaction(engine) as session:
        kind = ServiceType(subject="Public Works Department", reason="Highway Maintenance",
                           name="Request for Pothole Repair", department="PWDx")  # fmt: skip
        resident = User(username="rosa", email="rosa@example.org", display_name="Rosa", role=Role.RESIDENT,
                        password_hash=hash_password(STRONG))  # fmt: skip
        staff = User(username="sam", email="sam@example.org", display_name="Sam", role=Role.STAFF)
        session.add_all([kind, resident, staff])
        session.flush()
        return {"type": kind.id, "resident": Actor(resident.id, resident.username, resident.role),
                "staff": Actor(staff.id, staff.username, staff.role)}  # fmt: skip


def jpeg() -> bytes:
    out = BytesIO()
    Image.new("RGB", (64, 48), (30, 160, 30)).save(out, "JPEG")
    return out.getvalue()


def file(engine, world, store, actor=None, token="t1", title="Deep pothole", email="") -> str:
    with transaction(engine) as session:
        draft = filing.ReportDraft(world["type"], title, "", *TREMONT, contact_email=email)
        return filing.file_report(session, actor or world["resident"], draft, store, session_id="b1",
                                  client_token=token).public_id  # fmt: skip


def outbox(engine, **where) -> list[OutboxMessage]:
    with session_factory(engine)() as session:
        query = select(OutboxMessage).order_by(OutboxMessage.id)
        for column, value in where.items():
            query = query.where(getattr(OutboxMessage, column) == value)
        return list(session.scalars(query))


def link_token(text: str) -> str:
    """The `t=` token of the first one-click link in a message's text."""
    start = text.index("/link?t=") + len("/link?t=")
    return text[start:].split()[0].split("&")[0].replace("%3D", "=")


def test_a_message_is_written_with_its_change_and_rolled_back_with_it(engine, world, store):
    file(engine, world, store)
    assert [m.kind for m in outbox(engine)] == ["report_received"]
    with pytest.raises(RuntimeError), transaction(engine) as session:
        draft = filing.ReportDraft(world["type"], "Another hole", "", *TREMONT)
        filing.file_report(session, world["resident"], draft, store, session_id="b1", client_token="t2")
        raise RuntimeError("the request failed after filing")
    assert [m.kind for m in outbox(engine)] == ["report_received"]


def test_a_spanish_speaking_reporter_is_told_in_spanish(engine, world, store):
    with transaction(engine) as session:
        session.get(User, world["resident"].id).language = "es"
    public_id = file(engine, world, store)
    [received] = outbox(engine, kind="report_received")
    assert (received.subject, received.language) == (f"Recibimos su reporte {public_id}", "es")
    assert "Seguir el reporte" in received.text_body

def test_the_same_event_enqueues_once(engine, world):
    letter = Letter("Hello", ("Once.",))
    with transaction(engine) as session:
        assert send(session, "report_received", "r1", Recipient("a@example.org"), letter) == "pending"
        assert send(session, "report_received", "r1", Recipient("A@Example.org"), letter) is None
    assert len(outbox(engine)) == 1


def test_delivery_sends_text_html_and_the_after_photo_with_working_links(engine, world, store, smtp):
    public_id = file(engine, world, store)
    with transaction(engine) as session:
        casework.close(session, world["staff"], public_id, 1, "Filled the pothole", [clean_photo(jpeg(), "a.jpg")],
                       store)  # fmt: skip
    done = delivery.drain(engine, store=store)
    assert (done.sent, done.retried, done.failed) == (2, 0, 0)
    closed = smtp.wait_for("rosa@example.org", "was closed")
    assert closed["Message-ID"] == delivery.message_id(outbox(engine, kind="report_closed")[0].dedup_key,
                                                       mail_settings().mail_from)  # fmt: skip
    text = closed.get_body(("plain",)).get_content()
    html = closed.get_body(("html",)).get_content()
    assert "Filled the pothole" in text and f"/request?id={public_id}" in text and "answer=not_fixed" in text
    assert 'src="cid:photo0"' in html and closed["List-Unsubscribe"].startswith("<http")
    photos = [part for part in closed.walk() if part.get_content_maintype() == "image"]
    assert len(photos) == 1 and photos[0]["Content-ID"] == "<photo0>"
    assert {m.status for m in outbox(engine)} == {"sent"}


def test_two_workers_at_once_send_each_message_exactly_once(engine, world, smtp, store):
    with transaction(engine) as session:
        for number in range(40):
            send(session, "area_alert", f"n{number}", Recipient(f"p{number}@example.org"), Letter("Hi", ("x",)))
    results = []
    workers = [threading.Thread(target=lambda: results.append(delivery.drain(engine, store=store))) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert sum(r.sent for r in results) == 40
    assert sorted(m["To"] for r in [smtp] for m in (x.message for x in r.messages)) == sorted(
        f"p{n}@example.org" for n in range(40))
    assert len({x.message["Message-ID"] for x in smtp.messages}) == 40


@pytest.mark.parametrize(("reply", "status", "retried"), [
    ("451 4.3.0 Mailbox busy, try later", "pending", True),
    ("550 5.1.1 No such user", "failed", False),
])  # fmt: skip
def test_a_refusal_is_recorded_and_retried_with_backoff_or_failed_for_good(engine, world, smtp, store, reply,
                                                                           status, retried):  # fmt: skip
    with transaction(engine) as session:
        send(session, "area_alert", "x", Recipient("busy@example.org"), Letter("Hi", ("x",)))
    smtp.refuse["busy@example.org"] = reply
    now = utc_now()
    delivery.drain(engine, store=store, now=lambda: now)
    (row,) = outbox(engine)
    assert (row.status, row.attempts) == (status, 1) and reply.split()[0] in row.last_error
    if retried:
        assert row.next_attempt_at == now + delivery.BACKOFF_FIRST
        smtp.refuse.clear()
        assert delivery.drain(engine, store=store, now=lambda: now).sent == 0  # not due yet
        later = now + timedelta(minutes=2)
        assert delivery.drain(engine, store=store, now=lambda: later).sent == 1
        assert len(smtp.to("busy@example.org")) == 1


def test_backoff_doubles_up_to_a_limit_and_attempts_run_out(engine, world, smtp, store, monkeypatch):
    assert [delivery.backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [60, 120, 240, 480]
    assert delivery.backoff(30) == delivery.BACKOFF_MOST
    monkeypatch.setenv("PORTAL_SMTP_MAX_ATTEMPTS", "2")
    with transaction(engine) as session:
        send(session, "area_alert", "x", Recipient("busy@example.org"), Letter("Hi", ("x",)))
    smtp.refuse["busy@example.org"] = "421 4.7.0 Try again later"
    now = utc_now()
    for minutes in (0, 5):
        delivery.drain(engine, store=store, now=lambda: now + timedelta(minutes=minutes))
    (row,) = outbox(engine)
    assert (row.status, row.attempts) == ("failed", 2)


def test_an_outage_loses_nothing_and_sends_nothing_twice(engine, world, smtp, store):
    smtp.stop()
    for number in range(3):
        file(engine, world, store, token=f"t{number}", title=f"Hole {number}")
    now = utc_now()
    down = delivery.drain(engine, store=store, now=lambda: now)
    assert (down.sent, down.retried) == (0, 3)
    assert all(m.status == "pending" and "Connection" in m.last_error for m in outbox(engine))
    smtp.start()
    later = now + timedelta(minutes=2)
    assert delivery.drain(engine, store=store, now=lambda: later).sent == 3
    assert delivery.drain(engine, store=store, now=lambda: later + timedelta(hours=1)).sent == 0
    assert len(smtp.to("rosa@example.org")) == 3


def test_a_claim_left_by_a_dead_worker_is_sent_again_with_the_same_message_id(engine, world, smtp, store):
    file(engine, world, store)
    now = utc_now()
    (claimed,) = delivery.claim(engine, now)  # the worker dies here, maybe after the server accepted it
    assert delivery.drain(engine, store=store, now=lambda: now).sent == 0  # still someone's claim
    later = now + delivery.LEASE + timedelta(seconds=1)
    assert delivery.drain(engine, store=store, now=lambda: later).sent == 1
    (sent,) = smtp.to("rosa@example.org")
    assert sent["Message-ID"] == delivery.message_id(claimed.dedup_key, mail_settings().mail_from)


def test_header_injection_in_a_title_stays_in_the_subject_line(engine, world, smtp, store):
    public_id = file(engine, world, store, title="Hole\r\nBcc: victim@example.org")
    delivery.drain(engine, store=store)
    (message,) = smtp.to("rosa@example.org")
    assert message["Bcc"] is None and "\n" not in message["Subject"] and public_id in message["Subject"]
    assert [r.rcpt for r in smtp.messages] == [["rosa@example.org"]]


@pytest.mark.parametrize(("typed", "stored"), [
    ("  Rosa@Example.ORG ", "Rosa@example.org"),
    ("rosa@example.org\r\nBcc: x@example.org", None),
    ("rosa@example", None),
    ("rosa@@example.org", None),
    ('"rosa"@example.org', None),
    ("ro..sa@example.org", None),
    ("rosa@example.org, x@example.org", None),
])  # fmt: skip
def test_addresses_are_checked_where_they_are_typed(typed, stored):
    if stored is None:
        with pytest.raises(AddressError):
            checked_address(typed)
    else:
        assert checked_address(typed) == stored


def test_header_text_drops_line_breaks_and_controls():
    assert header_text("a\r\nBcc: b\x00\u2028c") == "a Bcc: b c"


def test_a_bad_contact_email_is_refused_when_filing(engine, world, store):
    with pytest.raises(filing.FilingError, match="does not look like an email"):
        file(engine, world, store, actor=ANONYMOUS, email="someone@nowhere")


def test_past_the_daily_cap_messages_wait_for_the_digest(engine, world, monkeypatch):
    monkeypatch.setenv("PORTAL_MESSAGES_PER_DAY", "3")
    with transaction(engine) as session:
        statuses = [send(session, "area_alert", f"n{n}", Recipient("busy@example.org"), Letter(f"Alert {n}", ("x",)))
                    for n in range(5)]  # fmt: skip
        assert send(session, "password_reset", "r", Recipient("busy@example.org"), Letter("Reset", ("x",))) == "pending"
    assert statuses == ["pending"] * 3 + ["held"] * 2
    personal, _staff = digests.build_digests(engine)
    assert personal == 1
    (digest,) = outbox(engine, kind="digest")
    assert "Alert 3" in digest.text_body and "Alert 4" in digest.text_body and digest.status == "pending"
    assert digests.build_digests(engine) == (0, 0)  # once a day


@pytest.mark.parametrize(("muted", "digest", "expected"), [
    (set(), False, ["pending"]),
    ({"my_reports"}, False, []),
    ({"area_alerts"}, True, ["held"]),
])  # fmt: skip
def test_preferences_decide_what_is_sent_and_when(engine, world, store, muted, digest, expected):
    with transaction(engine) as session:
        save_preferences(session, "Rosa@example.org", muted, digest, world["resident"].id)
    file(engine, world, store)
    assert [m.status for m in outbox(engine)] == expected


def test_account_messages_cannot_be_turned_off(engine, world):
    with transaction(engine) as session:
        save_preferences(session, "rosa@example.org", {"my_reports", "projects"}, True)
        oneclick.request_password_reset(session, "rosa")
    assert [(m.kind, m.status) for m in outbox(engine)] == [("password_reset", "pending")]


@pytest.mark.parametrize("case", ["tampered", "unknown", "expired", "reused", "wrong purpose"])
def test_one_click_links_refuse_what_they_should(engine, world, case):
    with transaction(engine) as session:
        token = tokens.issue(session, tokens.Purpose.CONFIRM_ADDRESS, email="x@example.org")
    if case == "tampered":
        token = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    elif case == "unknown":
        with transaction(engine) as session:
            session.execute(MessageToken.__table__.delete())
    elif case == "expired":
        with transaction(engine) as session:
            session.execute(MessageToken.__table__.update().values(expires_at=utc_now() - timedelta(seconds=1)))
    elif case == "reused":
        with transaction(engine) as session:
            oneclick.confirm_address(session, token)
    with pytest.raises(tokens.TokenError), transaction(engine) as session:
        if case == "wrong purpose":
            oneclick.reset_password(session, token, STRONG + "!", STRONG + "!")
        else:
            oneclick.confirm_address(session, token)


def test_tokens_are_stored_only_as_hashes(engine, world):
    with transaction(engine) as session:
        token = tokens.issue(session, tokens.Purpose.REACT)
    with session_factory(engine)() as session:
        stored = session.scalar(select(MessageToken.token_hash))
    assert token not in stored and len(stored) == 64


def test_manage_links_are_signed(world):
    signed = tokens.manage_token("rosa@example.org")
    assert tokens.managed_address(signed) == "rosa@example.org"
    forged = tokens.manage_token("x@example.org").split(".")[0] + "." + signed.split(".")[1]
    assert tokens.managed_address(forged) is None and tokens.managed_address("garbage") is None


def test_anonymous_reporter_confirms_then_hears_and_answers_not_fixed(engine, world, store, smtp):
    public_id = file(engine, world, store, actor=ANONYMOUS, email="anon@example.org")
    assert [m.kind for m in outbox(engine)] == ["confirm_address"]
    delivery.drain(engine, store=store)
    confirm = smtp.wait_for("anon@example.org", "confirm")
    with transaction(engine) as session:
        assert "confirmed" in oneclick.confirm_address(session, link_token(confirm.get_body(("plain",)).get_content()))
    with transaction(engine) as session:
        casework.close(session, world["staff"], public_id, 1, "Patched", [clean_photo(jpeg(), "a.jpg")], store)
    delivery.drain(engine, store=store)
    assert smtp.wait_for("anon@example.org", "We received")
    closed = smtp.wait_for("anon@example.org", "was closed")
    token = link_token(closed.get_body(("plain",)).get_content())
    with transaction(engine) as session:
        assert oneclick.open_link(session, token).public_id == public_id
        oneclick.react_through_link(session, token, "👎", False, "Still a hole")
    with session_factory(engine)() as session:
        report = session.scalar(select(Report).where(Report.public_id == public_id))
        assert report.status == ReportStatus.OPEN and report.reopened_at is not None
    with pytest.raises(tokens.TokenError), transaction(engine) as session:
        oneclick.react_through_link(session, token, "👍", True)
    delivery.drain(engine, store=store)
    assert smtp.wait_for("anon@example.org", "open again")


def test_an_account_reporter_answers_through_the_link_as_themselves(engine, world, store):
    public_id = file(engine, world, store)
    with transaction(engine) as session:
        casework.close(session, world["staff"], public_id, 1, "Patched", [], store)
    token = link_token(outbox(engine, kind="report_closed")[0].text_body)
    with transaction(engine) as session:
        oneclick.react_through_link(session, token, "🎉", True)
    with session_factory(engine)() as session:
        assert session.scalar(select(Report.status).where(Report.public_id == public_id)) == "closed"
        assert session.scalar(select(func.count()).select_from(MessageToken).where(MessageToken.used_at.is_not(None))) == 1


def test_password_reset_by_link_changes_it_once_and_signs_out_everywhere(engine, world, smtp, store):
    with transaction(engine) as session:
        before = session.get(User, world["resident"].id).sessions_valid_after
        assert oneclick.request_password_reset(session, "nobody") == oneclick.request_password_reset(session, "ROSA@example.org")
    delivery.drain(engine, store=store)
    token = link_token(smtp.wait_for("rosa@example.org", "Reset").get_body(("plain",)).get_content())
    with pytest.raises(AccountError), transaction(engine) as session:
        oneclick.reset_password(session, token, "a brand new long passphrase 7", "a brand new long passphrase 8")
    with transaction(engine) as session:  # the slip left the link usable
        oneclick.reset_password(session, token, "a brand new long passphrase 7", "a brand new long passphrase 7")
    with session_factory(engine)() as session:
        user = session.get(User, world["resident"].id)
        assert verify_password("a brand new long passphrase 7", user.password_hash)
        assert user.sessions_valid_after > before
    with pytest.raises(tokens.TokenError), transaction(engine) as session:
        oneclick.reset_password(session, token, "another long passphrase 99", "another long passphrase 99")
    delivery.drain(engine, store=store)
    assert smtp.wait_for("rosa@example.org", "Your account: Your password was reset")


def test_reset_requests_are_capped_per_account(engine, world):
    with transaction(engine) as session:
        for _ in range(5):
            oneclick.request_password_reset(session, "rosa")
    assert len(outbox(engine, kind="password_reset")) == oneclick.RESETS_PER_HOUR


def test_status_counts_every_status(engine, world, store):
    file(engine, world, store)
    with session_factory(engine)() as session:
        found = counts(session)
    assert found[MessageStatus.PENDING] == 1 and set(found) == {s.value for s in MessageStatus}


def test_area_follows_alert_confirmed_followers_in_the_place(engine, world, store):
    from portal.maps.geo import boston
    from portal.messages.alerts import follow_area
    from portal.messages.feeds import follow_feed
    from portal.messages.models import AreaFollow

    place = boston().name_at(*TREMONT)
    with transaction(engine) as session:
        by_name = follow_area(session, ANONYMOUS, "near@example.org", neighborhood=place, frequency="immediate")
        session.add(AreaFollow(email="far@example.org", user_id=world["staff"].id, place="far away",
                               latitude=TREMONT[0] + 0.01, longitude=TREMONT[1], radius_m=300, feed_token="far"))  # fmt: skip
        session.add(AreaFollow(email="sam@example.org", user_id=world["staff"].id, place="close by",
                               latitude=TREMONT[0] + 0.001, longitude=TREMONT[1], radius_m=300, feed_token="close"))  # fmt: skip
        feed_token = by_name.feed_token
    file(engine, world, store)
    assert {m.recipient_email for m in outbox(engine, kind="area_alert")} == {"sam@example.org"}  # near@ unconfirmed
    confirm = outbox(engine, kind="confirm_address")[0]
    with transaction(engine) as session:
        oneclick.confirm_address(session, link_token(confirm.text_body))
    file(engine, world, store, token="t2", title="Second hole")
    alerted = [m.recipient_email for m in outbox(engine, kind="area_alert")]
    assert sorted(alerted) == ["near@example.org", "sam@example.org", "sam@example.org"]
    with session_factory(engine)() as session:
        atom = follow_feed(session, feed_token).decode()
        assert atom.count("<entry>") == 2 and "Pothole" in atom and follow_feed(session, "nope") is None


def test_a_follow_feed_is_served_at_its_stable_address(engine, world, store):
    from starlette.testclient import TestClient

    from portal.messages.models import AreaFollow
    from portal.open311.app import create_app

    with transaction(engine) as session:
        session.add(AreaFollow(email="x@example.org", place="close by", latitude=TREMONT[0], longitude=TREMONT[1],
                               radius_m=300, feed_token="tok-1"))  # fmt: skip
    file(engine, world, store)
    client = TestClient(create_app(engine, store))
    found = client.get("/feeds/follow/tok-1.atom")
    assert found.status_code == 200 and found.headers["content-type"].startswith("application/atom+xml")
    assert "Pothole" in found.text
    assert client.get("/feeds/follow/unknown.atom").status_code == 404
