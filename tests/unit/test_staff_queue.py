"""The staff queue: filters, orders, paging, true counts, "new since I last looked", reopened reports, map points."""

from datetime import UTC, date, datetime, timedelta
from itertools import count

import pytest
from sqlalchemy import select

from portal.accounts.models import Role, User
from portal.accounts.permissions import Actor, PermissionDenied
from portal.reports import casework, followup, queue
from portal.reports.models import Report, ReportStatus, ReportSupport, ServiceType
from portal.reports.photostore import LocalPhotoStore
from portal.reports.queue import QueueFilter, QueueOrder, QueueStatus

NOW = datetime(2026, 3, 31, 16, 0, tzinfo=UTC)
_ids = count(1)


@pytest.fixture
def staff(session) -> Actor:
    user = User(username="clerk", email="clerk@example.org", display_name="Clerk", role=Role.STAFF)
    session.add(user)
    session.flush()
    return Actor(user.id, user.username, Role.STAFF)


@pytest.fixture
def types(session) -> dict[str, int]:
    made = {
        "pothole": ServiceType(subject="Public Works Department", reason="Highway Maintenance",
                               name="Request for Pothole Repair", department="PWDx"),
        "graffiti": ServiceType(subject="Property Management", reason="Graffiti", name="Graffiti Removal",
                                department="PROP"),
    }  # fmt: skip
    session.add_all(made.values())
    session.flush()
    return {key: t.id for key, t in made.items()}


def add(session, type_id: int, days_ago: float, **values) -> str:
    """A report opened `days_ago` days before NOW; open, in Dorchester, from the app, unless told otherwise."""
    n = next(_ids)
    fields = {"status": ReportStatus.OPEN, "neighborhood": "Dorchester", "source": "Citizens Connect App",
              "latitude": 42.30 + n * 1e-4, "longitude": -71.06, "address": f"{n} Adams St"} | values  # fmt: skip
    report = Report(public_id=f"Q{n:09d}", service_type_id=type_id, title="Something", opened_at=NOW - timedelta(days=days_ago),
                    **fields)  # fmt: skip
    session.add(report)
    session.flush()
    return report.public_id


def shown(session, staff, f: QueueFilter, page: int = 1, page_size: int = 50) -> list[str]:
    return list(queue.queue_page(session, staff, f, page, now=NOW, page_size=page_size).rows["report"])


@pytest.fixture
def city(session, types) -> dict[str, str]:
    """Six reports that every filter splits differently, and one closed report no filter shows."""
    pothole, graffiti = types["pothole"], types["graffiti"]
    made = {
        "new_pothole": add(session, pothole, 0.5, target_at=NOW + timedelta(days=4)),
        "late_pothole": add(session, pothole, 10, target_at=NOW - timedelta(days=5), status=ReportStatus.ACKNOWLEDGED),
        "reopened": add(session, pothole, 20, target_at=NOW + timedelta(days=1), reopened_at=NOW - timedelta(days=1)),
        "graffiti_backbay": add(session, graffiti, 3, neighborhood="Back Bay", source="Constituent Call",
                                target_at=NOW - timedelta(hours=1)),
        "graffiti_no_target": add(session, graffiti, 40, latitude=None, longitude=None),
        "old_call": add(session, pothole, 60, source="Constituent Call", status=ReportStatus.ACKNOWLEDGED),
    }  # fmt: skip
    add(session, pothole, 1, status=ReportStatus.CLOSED, closed_at=NOW)
    return made


@pytest.mark.parametrize(
    ("f", "expected"),
    [
        (QueueFilter(), ["new_pothole", "graffiti_backbay", "late_pothole", "reopened", "graffiti_no_target", "old_call"]),
        (QueueFilter(order=QueueOrder.OLDEST),
         ["old_call", "graffiti_no_target", "reopened", "late_pothole", "graffiti_backbay", "new_pothole"]),
        (QueueFilter(order=QueueOrder.OVERDUE),  # earliest target first, those with none last
         ["late_pothole", "graffiti_backbay", "reopened", "new_pothole", "graffiti_no_target", "old_call"]),
        (QueueFilter(status=QueueStatus.OPEN), ["new_pothole", "graffiti_backbay", "reopened", "graffiti_no_target"]),
        (QueueFilter(status=QueueStatus.ACKNOWLEDGED), ["late_pothole", "old_call"]),
        (QueueFilter(status=QueueStatus.REOPENED), ["reopened"]),
        (QueueFilter(departments=("PROP",)), ["graffiti_backbay", "graffiti_no_target"]),
        (QueueFilter(departments=("Nobody",)), []),
        (QueueFilter(neighborhoods=("Back Bay",)), ["graffiti_backbay"]),
        (QueueFilter(sources=("Constituent Call",)), ["graffiti_backbay", "old_call"]),
        (QueueFilter(overdue=True), ["graffiti_backbay", "late_pothole"]),
        (QueueFilter(opened_from=date(2026, 3, 10), opened_to=date(2026, 3, 28)), ["graffiti_backbay", "late_pothole", "reopened"]),
        (QueueFilter(departments=("PWDx",), sources=("Constituent Call",), status=QueueStatus.ACKNOWLEDGED), ["old_call"]),
    ],
)  # fmt: skip
def test_each_filter_and_order_keeps_and_sorts_the_right_reports(session, staff, city, f, expected):
    assert shown(session, staff, f) == [city[name] for name in expected]


def test_a_type_filter_within_departments_keeps_only_both(session, staff, city, types):
    both = QueueFilter(type_ids=(types["pothole"],), departments=("PROP",))
    assert shown(session, staff, both) == []
    assert len(shown(session, staff, QueueFilter(type_ids=(types["graffiti"],)))) == 2


def test_most_supporters_first_then_newest(session, staff, city):
    backed = {"old_call": 3, "reopened": 1}
    for name, n in backed.items():
        report_id = session.scalar(select(Report.id).where(Report.public_id == city[name]))
        session.add_all(ReportSupport(report_id=report_id, source="resident") for _ in range(n))
    session.flush()
    page = queue.queue_page(session, staff, QueueFilter(order=QueueOrder.SUPPORTED), now=NOW)
    assert list(page.rows["report"][:3]) == [city["old_call"], city["reopened"], city["new_pothole"]]
    assert list(page.rows["supporters"][:2]) == [3, 1]


@pytest.mark.parametrize("page_size", [1, 2, 4])
def test_most_supporters_pages_join_up_across_the_supported_and_the_rest(session, staff, city, page_size):
    report_id = session.scalar(select(Report.id).where(Report.public_id == city["old_call"]))
    session.add_all(ReportSupport(report_id=report_id, source="resident") for _ in range(2))
    session.flush()
    f = QueueFilter(order=QueueOrder.SUPPORTED)
    pages = -(-6 // page_size)
    seen = [pid for n in range(1, pages + 1) for pid in shown(session, staff, f, n, page_size)]
    expected = ["old_call", "new_pothole", "graffiti_backbay", "late_pothole", "reopened", "graffiti_no_target"]
    assert seen == [city[name] for name in expected]


def test_rows_say_overdue_reopened_and_where(session, staff, city):
    rows = queue.queue_page(session, staff, QueueFilter(), now=NOW).rows.set_index("report")
    assert rows.loc[city["late_pothole"], "overdue"] and not rows.loc[city["new_pothole"], "overdue"]
    assert rows.loc[city["reopened"], "reopened"] and not rows.loc[city["old_call"], "reopened"]
    assert rows.loc[city["graffiti_backbay"], "address"].endswith("Adams St")
    assert list(rows.columns) == [c for c in queue.QUEUE_COLUMNS if c != "report"]


@pytest.mark.parametrize(
    ("page", "shown_page", "first", "last", "size"),
    [(1, 1, 1, 50, 50), (2, 2, 51, 100, 50), (3, 3, 101, 120, 20), (99, 3, 101, 120, 20), (0, 1, 1, 50, 50)],
)
def test_paging_reaches_every_report_and_counts_are_true(session, staff, types, page, shown_page, first, last, size):
    made = [add(session, types["pothole"], days) for days in range(120)]  # made[0] is the newest
    add(session, types["pothole"], 0.1, status=ReportStatus.CLOSED)
    result = queue.queue_page(session, staff, QueueFilter(), page, now=NOW)
    assert (result.page, result.pages, result.first_row, result.last_row) == (shown_page, 3, first, last)
    assert list(result.rows["report"]) == made[first - 1 : last] and len(result.rows) == size
    assert result.caption() == f"Showing {first}–{last} of 120 matching; 120 open"


def test_counts_of_a_filtered_page(session, staff, city):
    result = queue.queue_page(session, staff, QueueFilter(departments=("PROP",)), now=NOW)
    assert (result.matching, result.open_total, result.pages) == (2, 6, 1)
    assert result.caption() == "Showing 1–2 of 2 matching; 6 open"


def test_an_empty_queue_shows_nothing_and_says_so(session, staff, types):
    result = queue.queue_page(session, staff, QueueFilter(), now=NOW)
    assert (result.page, result.pages, result.matching, len(result.rows)) == (1, 1, 0, 0)
    assert result.caption() == "Showing 0–0 of 0 matching; 0 open"


def test_new_since_i_last_looked(session, staff, city, types):
    assert queue.last_looked(session, staff) is None
    first = queue.queue_page(session, staff, QueueFilter(only_new=True), now=NOW)
    assert first.new_total == first.matching == 6  # never looked: everything is new
    queue.mark_seen(session, staff, now=NOW - timedelta(days=2))
    assert queue.last_looked(session, staff) == NOW - timedelta(days=2)
    fresh = add(session, types["graffiti"], 0.1)
    page = queue.queue_page(session, staff, QueueFilter(only_new=True), now=NOW)
    assert list(page.rows["report"]) == [fresh, city["new_pothole"]] and page.new_total == 2
    queue.mark_seen(session, staff, now=NOW)
    assert shown(session, staff, QueueFilter(only_new=True)) == []
    other = User(username="clerk2", email="c2@example.org", display_name="Other", role=Role.STAFF)
    session.add(other)
    session.flush()
    assert queue.queue_page(session, Actor(other.id, "clerk2", Role.STAFF), QueueFilter(), now=NOW).new_total == 7


def test_a_not_fixed_reaction_puts_the_report_in_the_reopened_view_on_a_new_clock(session, staff, types, tmp_path):
    resident_user = User(username="res", email="res@example.org", display_name="Res", role=Role.RESIDENT)
    session.add(resident_user)
    session.flush()
    resident = Actor(resident_user.id, "res", Role.RESIDENT)
    pid = add(session, types["pothole"], 30, reporter_id=resident.id, target_at=NOW - timedelta(days=25))
    version = session.scalar(select(Report.version).where(Report.public_id == pid))
    casework.close(session, staff, pid, version, "Filled", [], LocalPhotoStore(tmp_path))
    assert shown(session, staff, QueueFilter(status=QueueStatus.REOPENED)) == []
    followup.react(session, resident, pid, "👎", fixed=False, note="Still there")
    report = session.scalar(select(Report).where(Report.public_id == pid))
    session.refresh(report)
    assert report.status == ReportStatus.OPEN and report.reopened_at is not None
    # PWDx's default (no history for this type): five days from the reopening.
    assert report.target_at - report.reopened_at == timedelta(days=5)
    assert shown(session, staff, QueueFilter(status=QueueStatus.REOPENED)) == [pid]
    assert queue.case(session, staff, pid).reopened_at == report.reopened_at


def test_map_points_are_the_located_reports_of_the_filter_capped(session, staff, city):
    points = queue.queue_points(session, staff, QueueFilter(), now=NOW, limit=3)
    assert list(points.columns) == ["id", "lat", "lon", "type", "overdue"]
    assert set(points["id"]) == {city["new_pothole"], city["graffiti_backbay"], city["late_pothole"]}
    graffiti = queue.queue_points(session, staff, QueueFilter(departments=("PROP",)), now=NOW)
    assert list(graffiti["id"]) == [city["graffiti_backbay"]] and graffiti["overdue"].all()


def test_filter_choices_come_from_the_queue(session, staff, city, types):
    add(session, types["pothole"], 1, status=ReportStatus.CLOSED, neighborhood="Allston", source="Twitter")
    choices = queue.queue_choices(session, staff)
    assert choices.neighborhoods == ["Back Bay", "Dorchester"]
    assert choices.sources == ["Citizens Connect App", "Constituent Call"]
    assert set(choices.types.values()) == {"Request for Pothole Repair (PWDx)", "Graffiti Removal (PROP)"}


@pytest.mark.parametrize(
    "call",
    [
        lambda s, a: queue.queue_page(s, a, QueueFilter()),
        lambda s, a: queue.queue_points(s, a, QueueFilter()),
        lambda s, a: queue.mark_seen(s, a),
        lambda s, a: queue.last_looked(s, a),
        lambda s, a: queue.queue_choices(s, a),
    ],
)
@pytest.mark.parametrize("role", [Role.RESIDENT, Role.COACH])
def test_only_staff_see_the_queue(session, call, role):
    with pytest.raises(PermissionDenied):
        call(session, Actor(1, "someone", role))
