"""Outbox throughput and what enqueueing adds to filing a report.

1. Messages per second from the outbox through a local SMTP server (aiosmtpd, the tests' server) by
   the real worker (`messages.delivery.drain`): N messages enqueued, then drained over one connection
   per batch of 50, each marked sent in its own commit.
2. `file_report` with its messages (the reporter's "received" and 40 area follows checked, 20 by
   neighborhood and 20 by radius) against the same filing with the messages hook switched off, in the
   same run, alternating, as a ratio.

    .venv/bin/python bench/outbox_bench.py [--messages 500] [--filings 200] [--postgres URL]

Writes its section of bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("PORTAL_REPORTS_PER_HOUR", "1000000")
os.environ.setdefault("PORTAL_BCRYPT_ROUNDS", "4")

from bench.databases import describe, fresh_database  # noqa: E402
from bench.results import write_section  # noqa: E402
from portal.accounts.models import Role, User  # noqa: E402
from portal.accounts.permissions import Actor  # noqa: E402
from portal.config import mail_settings  # noqa: E402
from portal.db import transaction  # noqa: E402
from portal.messages import delivery, notify  # noqa: E402
from portal.messages.compose import Letter  # noqa: E402
from portal.messages.models import AreaFollow  # noqa: E402
from portal.messages.notify import Recipient, send  # noqa: E402
from portal.reports import filing  # noqa: E402
from portal.reports.models import ServiceType  # noqa: E402
from portal.reports.photostore import LocalPhotoStore  # noqa: E402
from tests.smtpserver import SmtpServer  # noqa: E402

OUT = Path(__file__).resolve().parent / "out"
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
TREMONT = (42.35530, -71.06280)


def throughput(engine, server: SmtpServer, count: int) -> float:
    with transaction(engine) as session:
        for number in range(count):
            send(session, "area_alert", f"bench{number}", Recipient(f"reader{number}@example.org"),
                 Letter(f"Alert {number}", ("A new report near you.",), (("See it", "http://localhost/x"),)))  # fmt: skip
    os.environ["PORTAL_SMTP_URL"] = server.url
    start = time.perf_counter()
    done = delivery.drain(engine, mail_settings(), LocalPhotoStore(OUT / "outbox_bench_photos"))
    elapsed = time.perf_counter() - start
    assert done.sent == count and len(server.messages) == count, (done, len(server.messages))
    return count / elapsed


def filing_times(engine, filings: int) -> tuple[float, float]:
    """Median seconds per `file_report` with and without the messages hook, alternating."""
    with transaction(engine) as session:
        kind = ServiceType(subject="Public Works Department", reason="Highway Maintenance",
                           name="Request for Pothole Repair", department="PWD")  # fmt: skip
        user = User(username="bench", email="bench@example.org", display_name="Bench", role=Role.RESIDENT)
        session.add_all([kind, user])
        session.flush()
        for number in range(20):
            session.add(AreaFollow(email=f"n{number}@example.org", place="Downtown", neighborhood="Downtown",
                                   feed_token=f"n{number}", frequency="daily"))  # fmt: skip
            session.add(AreaFollow(email=f"r{number}@example.org", place="near", latitude=TREMONT[0] + number * 1e-4,
                                   longitude=TREMONT[1], radius_m=500, feed_token=f"r{number}"))  # fmt: skip
        type_id, actor = kind.id, Actor(user.id, user.username, user.role)
    store = LocalPhotoStore(OUT / "outbox_bench_photos")
    hook, timings = notify.on_filed, {True: [], False: []}
    for number in range(filings):
        with_messages = number % 2 == 0
        notify.on_filed = hook if with_messages else (lambda session, report: None)
        draft = filing.ReportDraft(type_id, f"Pothole {number}", "", *TREMONT)
        start = time.perf_counter()
        with transaction(engine) as session:
            filing.file_report(session, actor, draft, store, session_id="bench", client_token=f"b{number}")
        timings[with_messages].append(time.perf_counter() - start)
    notify.on_filed = hook
    return statistics.median(timings[True]), statistics.median(timings[False])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=500)
    parser.add_argument("--filings", type=int, default=200)
    parser.add_argument("--postgres", help="a PostgreSQL server URL (default: a SQLite file in bench/out/)")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    key, backend = describe(args.postgres)
    server = SmtpServer()
    server.start()
    try:
        with fresh_database(args.postgres, "outbox_bench", OUT) as engine:
            rate = throughput(engine, server, args.messages)
            with_messages, without = filing_times(engine, args.filings)
    finally:
        server.stop()
    body = (f"## Outbox ({backend})\n\n`bench/outbox_bench.py --messages {args.messages} --filings {args.filings}`"
            f"{' --postgres URL' if args.postgres else ''}\n\n"
            f"| measure | value |\n|---|---|\n"
            f"| delivery through a local aiosmtpd server | {rate:,.0f} messages/s ({args.messages} messages) |\n"
            f"| `file_report` with its messages (received + 40 area follows checked), median | "
            f"{with_messages * 1000:.2f} ms |\n"
            f"| `file_report` with the messages hook off, median | {without * 1000:.2f} ms |\n"
            f"| cost of messages on filing (ratio, same run) | {with_messages / without:.2f}× |\n\n")  # fmt: skip
    print(body)
    write_section(RESULTS, f"outbox:{key}", body)


if __name__ == "__main__":
    main()
