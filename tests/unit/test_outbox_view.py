"""The admins' outbox view: admins only, failures first, and whether anything is being sent at all."""

from __future__ import annotations

import pytest

from portal.accounts.models import Role
from portal.accounts.permissions import ANONYMOUS, Actor, PermissionDenied
from portal.messages.models import MessageStatus, OutboxMessage
from portal.messages.outbox_view import outbox_overview

ADMIN = Actor(1, "lead", Role.ADMIN)


def message(n: int, status: str) -> OutboxMessage:
    return OutboxMessage(kind="report_received", recipient_email=f"r{n}@example.org", subject=f"S{n}",
                         text_body="…", html_body="…", dedup_key=f"k{n}", status=status)  # fmt: skip


@pytest.mark.parametrize("actor", [ANONYMOUS, Actor(2, "rosa", Role.RESIDENT), Actor(3, "kim", Role.STAFF)])
def test_only_admins_see_the_outbox(session, actor):
    with pytest.raises(PermissionDenied):
        outbox_overview(session, actor)


@pytest.mark.parametrize(("smtp_url", "sending"), [("", False), ("smtp://localhost:2525", True)])
def test_failures_come_first_and_the_page_knows_whether_mail_leaves(session, monkeypatch, smtp_url, sending):
    monkeypatch.setenv("PORTAL_SMTP_URL", smtp_url)
    session.add_all([message(n, status) for n, status in
                     ((1, MessageStatus.SENT), (2, MessageStatus.FAILED), (3, MessageStatus.PENDING))])  # fmt: skip
    session.flush()
    overview = outbox_overview(session, ADMIN)
    assert [row.to for row in overview.rows] == ["r2@example.org", "r3@example.org", "r1@example.org"]
    assert overview.counts[MessageStatus.FAILED] == 1 and overview.sending is sending
