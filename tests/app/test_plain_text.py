"""Residents' words on public pages are text: an address or email in them is never a link."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from portal.db import make_engine, transaction, utc_now
from portal.reports.models import Report, ServiceType
from tests.markdown_links import as_read, autolinks

ROOT = Path(__file__).resolve().parents[2]
BAIT = "Corner of www.evil.example and https://evil.example/pay or jane@example.org"


def test_an_address_in_a_report_shows_on_the_feed_without_a_link(app, app_env):
    engine = make_engine(app_env)
    with transaction(engine) as session:
        type_id = session.scalar(select(ServiceType.id).limit(1))
        session.add(Report(public_id="BAIT000001", service_type_id=type_id, title="Hole", status="open",
                           opened_at=utc_now(), source="Civic Portal", address=BAIT))  # fmt: skip
    engine.dispose()
    feed = AppTest.from_file(str(ROOT / "pages" / "feed.py"), default_timeout=60).run()
    assert not feed.exception
    [shown] = [m.value for m in feed.markdown if "evil" in m.value]
    assert BAIT in as_read(shown)
    assert autolinks(shown) == []
