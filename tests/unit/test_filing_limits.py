"""The hourly filing limit holds when filings arrive at once, and a reload does not reset it."""

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from threading import Barrier
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from portal.accounts.limits import take_hourly_slot
from portal.accounts.models import HourlyCount, Role, User
from portal.accounts.permissions import ANONYMOUS, Actor
from portal.db import transaction
from portal.reports import filing
from portal.reports.models import Report
from portal.reports.photostore import LocalPhotoStore
from portal.ui import resources

TREMONT = (42.35530, -71.06280)
NOON = datetime(2026, 3, 2, 17, 0, tzinfo=UTC)  # noon in Boston
# Babel writes English times with a narrow no-break space before PM.
FULL_AT_NOON = (
    "You have filed 10 reports this hour, the most we accept. Please try again after 1:00\u202fPM; "
    "for anything urgent call 311 (or 911 for an emergency)."
)


@pytest.fixture
def resident(engine) -> Actor:
    with transaction(engine) as session:
        user = User(username="flooder", email="f@example.org", display_name="F", role=Role.RESIDENT)
        session.add(user)
        session.flush()
        return Actor(user.id, user.username, user.role)


def file_one(engine, actor, type_id, store, token, visitor="203.0.113.7", now=NOON):
    draft = filing.ReportDraft(type_id, "Deep pothole", "", *TREMONT)
    try:
        with transaction(engine) as session:
            filing.file_report(session, actor, draft, store, session_id=visitor, client_token=token, now=now)
    except filing.FilingError as error:
        return str(error)
    return "filed"


def reports(engine) -> int:
    with engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(Report))


@pytest.mark.parametrize("who", ["resident", "anonymous"])
def test_forty_simultaneous_filings_store_exactly_the_limit(engine, pothole_type, resident, tmp_path, who):
    actor = resident if who == "resident" else ANONYMOUS
    store = LocalPhotoStore(tmp_path / "photos")
    start = Barrier(40)

    def attempt(n: int) -> str:
        start.wait()
        return file_one(engine, actor, pothole_type, store, token=f"t{n}")

    with ThreadPoolExecutor(max_workers=40) as pool:
        outcomes = list(pool.map(attempt, range(40)))

    assert outcomes.count("filed") == 10 == reports(engine)
    refused = {outcome for outcome in outcomes if outcome != "filed"}
    assert refused == {FULL_AT_NOON}


def test_the_limit_follows_the_visitor_not_the_browser_session(engine, pothole_type, tmp_path, monkeypatch):
    # The page keys anonymous filing on the network address, which a reload (a new session) keeps.
    monkeypatch.setenv("PORTAL_REPORTS_PER_HOUR", "2")
    store = LocalPhotoStore(tmp_path / "photos")
    outcomes = [file_one(engine, ANONYMOUS, pothole_type, store, token=f"t{n}") for n in range(3)]
    assert outcomes[:2] == ["filed", "filed"] and "2 reports this hour" in outcomes[2]
    assert file_one(engine, ANONYMOUS, pothole_type, store, token="other", visitor="198.51.100.4") == "filed"
    assert (
        file_one(engine, ANONYMOUS, pothole_type, store, token="later", now=NOON + timedelta(hours=1))
        == "filed"
    )


def test_a_refused_filing_stores_nothing_and_a_rolled_back_one_gives_its_slot_back(engine, pothole_type, resident,
                                                                                  tmp_path, monkeypatch):  # fmt: skip
    monkeypatch.setenv("PORTAL_REPORTS_PER_HOUR", "1")
    store = LocalPhotoStore(tmp_path / "photos")
    draft = filing.ReportDraft(pothole_type, "Deep pothole", "", *TREMONT)
    with pytest.raises(RuntimeError), transaction(engine) as session:
        filing.file_report(session, resident, draft, store, session_id="x", client_token="undone", now=NOON)
        raise RuntimeError("the page failed after filing")
    assert file_one(engine, resident, pothole_type, store, token="a") == "filed"
    assert "filed 1 report this hour" in file_one(engine, resident, pothole_type, store, token="b")
    assert reports(engine) == 1


@pytest.mark.parametrize(("limit", "taken"), [(0, 0), (1, 1), (3, 3)])
def test_hourly_slots_stop_at_the_limit_and_keep_one_row_per_key(engine, limit, taken):
    with transaction(engine) as session:
        took = [take_hourly_slot(session, "k", limit, NOON - timedelta(hours=1))]
        took += [take_hourly_slot(session, "k", limit, NOON) for _ in range(limit + 2)]
        rows = session.execute(select(func.count()).select_from(HourlyCount)).scalar()
    assert took[0] is (limit > 0) and took[1:].count(True) == taken
    assert rows == (1 if limit else 0)


@pytest.mark.parametrize(
    ("ip_address", "forwarded", "expected"),
    [
        ("203.0.113.7", "", "ip:203.0.113.7"),
        ("203.0.113.7", "10.0.0.1", "ip:203.0.113.7"),  # a remote client cannot pick its own key
        (None, "10.9.9.9, 198.51.100.4", "ip:198.51.100.4"),  # behind a local proxy: the address it added
        (None, "", "session:"),  # local development only
    ],
)
def test_anonymous_visitors_are_counted_by_address(monkeypatch, ip_address, forwarded, expected):
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    monkeypatch.setattr(resources.st, "context", SimpleNamespace(ip_address=ip_address, headers=headers))
    monkeypatch.setattr(resources.st, "session_state", {})
    assert resources.anonymous_filer().startswith(expected)
