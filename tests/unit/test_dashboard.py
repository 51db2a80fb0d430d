"""Dashboard numbers: channels, areas, the summary (incremental = from scratch), time to close, backlog, map.

How the time-to-close buckets agree with exact percentiles is tested in test_dashboard_summary.py."""

import json
from datetime import timedelta

import pandas as pd
import pytest
from sqlalchemy import select, update

from portal.analytics import dashboard
from portal.analytics.areas import AREA_OF, NO_AREA, OUTLINES_OF, area, area_residents
from portal.analytics.channels import CHANNEL_OF_SOURCE, channel
from portal.analytics.models import CloseTimeCount, DailyReportCount, SummaryRefresh
from portal.analytics.summary import recount, refresh, totals_agree
from portal.config import DATA_DIR
from portal.db import utc_now
from portal.maps import population
from portal.open311.service_requests import OPEN311_SOURCE
from portal.reports.filing import PORTAL_SOURCE
from portal.reports.models import Report, ReportStatus, ServiceType
from portal.streetbump.spots import SOURCE as STREET_BUMP_SOURCE
from tests.conftest import FIXTURES
from tests.unit.open311_fixtures import NOW, build_city, report

PERIOD = dashboard.Period((NOW - timedelta(days=365)).date(), NOW.date())


@pytest.mark.parametrize(
    ("source", "expected"),
    [("Constituent Call", "phone"), ("Citizens Connect App", "app"), ("BOS311", "app"), (OPEN311_SOURCE, "app"),
     ("Self Service", "web"), (PORTAL_SOURCE, "web"), (STREET_BUMP_SOURCE, "Street Bump"),
     ("Employee Generated", "employee"), ("City Worker App", "employee"), ("Maximo Integration", "employee"),
     ("Carrier pigeon", "other"), (None, "other")],
)  # fmt: skip
def test_channel_of_each_source(source, expected):
    assert channel(source) == expected


def values_in_the_2015_export(column: str) -> set[str]:
    """Every distinct value of `column` in the whole 2015 export, from the fixture that lists them."""
    values = pd.read_csv(FIXTURES / "boston311_2015_sources_and_neighborhoods.csv", keep_default_na=False)
    return set(values.loc[values["column"] == column, "value"])


def test_every_source_in_the_real_exports_has_a_channel():
    sources = values_in_the_2015_export("Source")
    assert "Constituent Call" in sources and sources <= set(CHANNEL_OF_SOURCE)


def test_every_neighborhood_name_has_an_area_drawn_by_real_outlines():
    outlines = {f["properties"]["name"] for f in json.loads((DATA_DIR / "boston_neighborhoods.geojson").read_text())["features"]}
    assert {o for names in OUTLINES_OF.values() for o in names} == outlines  # each outline drawn once
    assert outlines <= set(AREA_OF)  # a point looked up in an outline gets an area too
    names = values_in_the_2015_export("neighborhood")
    assert {name for name in names if area(name) == NO_AREA} == {"", "Boston", "Chestnut Hill"}
    assert area("Brighton") == area("Allston / Brighton") == "Allston / Brighton"


def snapshot(session) -> list[tuple]:
    """Every row of the summary: the daily counts and the time-to-close buckets."""
    counts = session.execute(select(DailyReportCount.dimension, DailyReportCount.day, DailyReportCount.value,
                                    DailyReportCount.opened, DailyReportCount.closed, DailyReportCount.with_target,
                                    DailyReportCount.on_time))  # fmt: skip
    buckets = session.execute(select(CloseTimeCount.dimension, CloseTimeCount.span, CloseTimeCount.first_day,
                                     CloseTimeCount.value, CloseTimeCount.bucket, CloseTimeCount.closed))  # fmt: skip
    return sorted(("count", *row) for row in counts) + sorted(("bucket", *row) for row in buckets)


def test_incremental_refresh_equals_a_recount_from_scratch(session):
    city = build_city(session)
    hour = timedelta(hours=1)
    assert refresh(session, now=utc_now() + hour) == 6  # the first refresh counts everything
    assert totals_agree(session) and refresh(session, now=utc_now() + 2 * hour) == 0
    later = utc_now() + 3 * hour
    session.execute(update(Report).where(Report.public_id == "AAAA000001").values(
        status=ReportStatus.CLOSED, closed_at=NOW, updated_at=later))  # fmt: skip
    session.execute(update(Report).where(Report.public_id == "AAAA000004").values(
        service_type_id=city.pothole, updated_at=later))  # fmt: skip
    session.add(report("AAAA000007", city.graffiti, ReportStatus.OPEN, NOW, updated_at=later))
    session.flush()
    assert refresh(session, now=later + timedelta(minutes=1)) == 3
    incremental = snapshot(session)
    recount(session, None)
    assert snapshot(session) == incremental
    assert session.scalar(select(SummaryRefresh.days).order_by(SummaryRefresh.id.desc())) == 3


def test_a_change_committed_after_the_margin_is_caught_by_the_totals(session):
    city = build_city(session)
    refresh(session)
    # Stamped long before the last refresh, committed after it (like a long import).
    session.add(report("AAAA000008", city.pothole, ReportStatus.CLOSED, NOW, NOW, updated_at=NOW))
    session.flush()
    refresh(session, now=utc_now() + timedelta(hours=1))
    incremental = snapshot(session)
    recount(session, None)
    assert snapshot(session) == incremental and totals_agree(session)


def test_daily_counts_by_boston_day_with_on_time_shares(session):
    city = build_city(session)
    refresh(session)
    def counted(dimension, value):
        rows = session.scalars(select(DailyReportCount).where(DailyReportCount.dimension == dimension,
                                                              DailyReportCount.value == value)
                               .order_by(DailyReportCount.day))  # fmt: skip
        return [(r.day.isoformat(), r.opened, r.closed, r.with_target, r.on_time) for r in rows]

    assert counted("type", str(city.graffiti)) == [
        ("2014-12-12", 1, 0, 0, 0), ("2015-05-21", 1, 1, 0, 0), ("2015-05-31", 1, 1, 1, 0)]
    assert counted("neighborhood", "") == [("2015-05-21", 1, 1, 0, 0)]
    assert counted("source", "Constituent Call") == [("2015-06-10", 1, 1, 1, 1), ("2015-06-28", 1, 0, 0, 0)]


def test_time_to_close_median_and_p90_from_the_buckets(session):
    city = build_city(session)
    refresh(session)
    types = dashboard.by_type(session, PERIOD).set_index("type")
    # Exact: pothole 2 days; graffiti 1 and 10 days (median 5.5, p90 9.1), within one bucket's width.
    assert types.loc["Request for Pothole Repair", ["closed", "median days", "p90 days"]].tolist() == [1, 2.0, 2.0]
    assert types.loc["Graffiti Removal", ["median days", "p90 days"]].tolist() == pytest.approx([5.5, 9.1], abs=0.25)
    assert session.get(ServiceType, city.graffiti) is not None


def test_dashboard_tables(session):
    city = build_city(session)
    refresh(session)
    volume = dashboard.channel_volume(session, PERIOD)
    assert volume["reports"].sum() == 6
    shares = dashboard.channel_shares(volume).set_index("channel")
    assert shares.loc["phone"].tolist() == [2, 33.3] and shares["share %"].sum() == pytest.approx(100, abs=0.2)
    types = dashboard.by_type(session, PERIOD).set_index("type")
    assert types.loc["Graffiti Removal", ["reports", "closed", "on-time %"]].tolist() == [3, 2, 0.0]
    assert types.loc["Request for Pothole Repair", "on-time %"] == 100.0
    backlog = dashboard.backlog(session, NOW)
    areas = dashboard.by_area(session, PERIOD, backlog).set_index("area")
    assert areas.loc["Back Bay", ["reports", "open backlog"]].tolist() == [3, 2]
    assert areas.loc["Back Bay", "median days"] == 2.0
    ages = dashboard.backlog_by_age(backlog).set_index("age")["open reports"]
    assert ages.to_dict() == {"under a week": 1, "1–4 weeks": 1, "1–3 months": 0, "3–12 months": 1, "over a year": 0}
    assert session.get(ServiceType, city.pothole) is not None


def test_reports_per_thousand_residents_and_no_figure_without_a_population(session, monkeypatch):
    build_city(session)
    refresh(session)
    people = population.neighborhood_population() | {"Dorchester": 0}
    people.pop("Allston")
    monkeypatch.setattr("portal.analytics.areas.neighborhood_population", lambda: people)
    assert area_residents()["Back Bay"] == people["Back Bay-Bay Village"]
    areas = dashboard.by_area(session, PERIOD, dashboard.backlog(session, NOW)).set_index("area")
    assert areas.loc["Back Bay", dashboard.PER_THOUSAND] == round(3000 / people["Back Bay-Bay Village"], 1)
    table = dashboard.map_table(areas.reset_index(), dashboard.PER_THOUSAND).set_index("area")[dashboard.PER_THOUSAND]
    # Allston / Brighton lacks one outline's figure, Dorchester's is 0: neither is divided.
    assert table["Allston / Brighton"] == table["Dorchester"] == dashboard.NO_FIGURE
    assert NO_AREA not in table.index and table["Back Bay"] > 0


def test_the_default_period_is_the_last_90_days_of_reports(session):
    build_city(session)
    last = (NOW - timedelta(days=2)).date()
    assert dashboard.default_period(session) == dashboard.Period(last - timedelta(days=89), last)


def test_the_refresh_after_an_import_does_not_recount_what_the_imports_refresh_counted(session):
    city = build_city(session)
    now = utc_now()
    assert refresh(session, now=now) == 6  # the import's own refresh, right after its rows went in
    # Seconds later the dashboard's first visit: the same reports within the margin, nothing new.
    assert refresh(session, now=now + timedelta(seconds=5)) == 0
    # A change stamped inside that margin but committed after it (a slow transaction): recounted.
    late = report("AAAA000009", city.pothole, ReportStatus.OPEN, NOW, updated_at=now - timedelta(seconds=30))
    session.add(late)
    session.flush()
    assert refresh(session, now=now + timedelta(seconds=10)) == 7  # the margin's six days again, and its day
    incremental = snapshot(session)
    recount(session, None)
    assert snapshot(session) == incremental


def test_the_totals_are_checked_at_most_once_a_minute(session, monkeypatch):
    build_city(session)
    now = utc_now()
    refresh(session, now=now)
    checks = []
    monkeypatch.setattr("portal.analytics.summary.totals_agree", lambda s: checks.append(1) or True)
    refresh(session, now=now + timedelta(seconds=30))
    assert checks == []
    refresh(session, now=now + timedelta(seconds=61))
    assert checks == [1]
    refresh(session, now=now + timedelta(seconds=90))
    assert checks == [1]
