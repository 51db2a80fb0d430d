"""The dashboard's summary against pandas on the raw rows: Boston days across daylight saving, daily
counts, time-to-close buckets and the percentiles read from them (within the buckets' tolerance), and
an incremental refresh equal to a rebuild from scratch."""

from datetime import date, datetime, timedelta, timezone

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import select, update

from portal.analytics import dashboard
from portal.analytics.areas import area
from portal.analytics.close_buckets import QUANTILES, bucket_bounds, bucket_of, percentiles, tolerance_days
from portal.analytics.close_histograms import summed_buckets, tiles
from portal.analytics.local_days import offset_changes
from portal.analytics.models import CloseTimeCount, DailyReportCount
from portal.analytics.summary import rebuild, refresh
from portal.cli import main
from portal.config import BOSTON_TZ
from portal.db import make_engine, session_factory, utc_now
from portal.reports.models import Report, ReportStatus, ServiceType
from tests.unit.test_dashboard import snapshot

HOUR = 1.0
DAY = 24.0
REPORTS = 600
NEIGHBORHOODS = ["Back Bay", "Allston", "Brighton", "Dorchester", None]


@pytest.mark.parametrize(
    ("hours", "bucket", "width"),
    [(-0.5, 0, HOUR), (0, 0, HOUR), (0.99, 0, HOUR), (1, 1, HOUR), (71.5, 71, HOUR), (72, 72, 6),
     (77.9, 72, 6), (78, 73, 6), (14 * DAY - 0.1, 115, 6), (14 * DAY, 116, DAY), (90 * DAY - 1, 191, DAY),
     (90 * DAY, 192, 7 * DAY), (400 * DAY, 192 + 44, 7 * DAY)],
)  # fmt: skip
def test_buckets_are_an_hour_then_six_hours_then_a_day_then_a_week(hours, bucket, width):
    assert bucket_of([hours])[0] == bucket
    start, found_width = bucket_bounds(np.array([bucket]))
    assert found_width[0] == width and start[0] <= max(hours, 0) < start[0] + width


@pytest.mark.parametrize(
    ("first", "last"),
    [("2015-10-03", "2015-12-31"), ("2015-01-01", "2015-12-31"), ("2015-03-04", "2015-03-04"),
     ("2015-02-02", "2015-02-08"), ("2014-12-29", "2015-02-03"), ("2015-05-31", "2015-06-30"),
     ("2015-06-10", "2015-06-23")],
)  # fmt: skip
def test_tiles_cover_the_period_exactly_once(first, last):
    first, last = date.fromisoformat(first), date.fromisoformat(last)
    covered = []
    for span, a, b in tiles(first, last):
        starts = pd.date_range(a, b, freq={"day": "D", "week": "7D", "month": "MS"}[span]).date
        assert {"week": all(s.weekday() == 0 for s in starts), "month": all(s.day == 1 for s in starts)}.get(span, True)
        for start in starts:
            end = {"day": start, "week": start + timedelta(days=6),
                   "month": (pd.Timestamp(start) + pd.offsets.MonthEnd(0)).date()}[span]  # fmt: skip
            covered += list(pd.date_range(start, end).date)
    assert covered == list(pd.date_range(first, last).date)
    assert len(tiles(date(2015, 1, 1), date(2015, 12, 31))) == 1  # a calendar year: twelve months


def test_daylight_saving_changes_come_from_the_time_zone_database():
    start, changes = offset_changes(date(2015, 1, 1), date(2015, 12, 31))
    assert start == timedelta(hours=-5)
    assert changes == [(datetime(2015, 3, 8, 7, tzinfo=timezone.utc), timedelta(hours=-4)),
                       (datetime(2015, 11, 1, 6, tzinfo=timezone.utc), timedelta(hours=-5))]  # fmt: skip


def random_reports(session, seed: int = 7) -> pd.DataFrame:
    """Reports over 2015 (daylight saving both ways) that close within minutes to months, stored and returned."""
    rng = np.random.default_rng(seed)
    types = [ServiceType(subject="S", reason="R", name=f"Type {i}", department="D") for i in range(3)]
    session.add_all(types)
    session.flush()
    opened = pd.Timestamp("2015-01-01", tz="UTC") + pd.to_timedelta(rng.integers(0, 365 * 86_400, REPORTS), unit="s")
    # Near Boston midnights either side of the clock changes, where a wrong offset picks the wrong day.
    opened = opened.append(pd.DatetimeIndex(["2015-03-08 04:30", "2015-03-09 03:30", "2015-11-01 03:30",
                                             "2015-11-02 04:30", "2015-11-02 05:30"], tz="UTC"))  # fmt: skip
    n = len(opened)
    hours = np.exp(rng.uniform(np.log(0.05), np.log(4000), n))
    frame = pd.DataFrame({
        "opened_at": opened, "closed": rng.random(n) < 0.8,
        "type_id": rng.choice([t.id for t in types], n, p=[0.6, 0.3, 0.1]),
        "neighborhood": rng.choice(np.array(NEIGHBORHOODS, dtype=object), n),
    })  # fmt: skip
    frame["closed_at"] = frame["opened_at"] + pd.to_timedelta(np.round(hours * 3600), unit="s")
    frame.loc[~frame["closed"], "closed_at"] = pd.NaT
    frame["target_at"] = frame["opened_at"] + pd.Timedelta(days=5)
    session.add_all([
        Report(public_id=f"R{i:09d}", service_type_id=int(row.type_id), title="t",
               opened_at=row.opened_at.to_pydatetime(),
               status=ReportStatus.CLOSED if row.closed else ReportStatus.OPEN,
               closed_at=row.closed_at.to_pydatetime() if row.closed else None,
               target_at=row.target_at.to_pydatetime(), neighborhood=row.neighborhood, source="Constituent Call")
        for i, row in enumerate(frame.itertuples())
    ])  # fmt: skip
    session.flush()
    frame["day"] = frame["opened_at"].dt.tz_convert(BOSTON_TZ).dt.date
    frame["days"] = (frame["closed_at"] - frame["opened_at"]).dt.total_seconds() / 86_400
    return frame


def test_daily_counts_and_buckets_equal_pandas_on_the_raw_rows(session):
    raw = random_reports(session)
    rebuild(session)
    counted = pd.DataFrame(session.execute(select(DailyReportCount.day, DailyReportCount.value, DailyReportCount.opened,
                                                  DailyReportCount.closed).where(DailyReportCount.dimension == "type")
                                           ).all(), columns=["day", "value", "opened", "closed"])  # fmt: skip
    expected = raw.groupby(["day", raw["type_id"].astype(str)]).agg(opened=("closed", "size"), closed=("closed", "sum"))
    assert counted.set_index(["day", "value"]).sort_index().to_dict() == expected.sort_index().to_dict()
    buckets = pd.DataFrame(session.execute(select(CloseTimeCount.first_day, CloseTimeCount.value, CloseTimeCount.bucket,
                                                  CloseTimeCount.closed).where(CloseTimeCount.dimension == "type",
                                                                               CloseTimeCount.span == "day")).all(),
                           columns=["day", "value", "bucket", "closed"])  # fmt: skip
    closed = raw[raw["closed"]]
    expected = closed.groupby(["day", closed["type_id"].astype(str), bucket_of(closed["days"] * 24)]).size()
    assert buckets.set_index(["day", "value", "bucket"])["closed"].sort_index().to_dict() == expected.to_dict()


@pytest.mark.parametrize(
    ("first", "last"),
    [("2015-01-01", "2015-12-31"), ("2015-10-03", "2015-12-31"), ("2015-03-05", "2015-03-18"),
     ("2015-06-17", "2015-09-02")],
)  # fmt: skip
def test_percentiles_from_the_buckets_are_within_tolerance_of_pandas(session, first, last):
    raw = random_reports(session)
    rebuild(session)
    first, last = date.fromisoformat(first), date.fromisoformat(last)
    closed = raw[raw["closed"] & (raw["day"] >= first) & (raw["day"] <= last)]
    by = {"type": closed["type_id"].astype(str), "neighborhood": closed["neighborhood"].map(area)}
    for dimension, groups in by.items():
        summed = summed_buckets(session, dimension, first, last)
        if dimension == "neighborhood":
            summed["group"] = summed["group"].map(area)
        ours = percentiles(summed).set_index("group")
        for group, days in closed["days"].groupby(groups):
            assert ours.loc[group, "closed"] == len(days)
            for name, q in QUANTILES.items():
                assert abs(ours.loc[group, name] - days.quantile(q)) <= tolerance_days(days, q) + 1e-9


def test_incremental_refresh_equals_a_rebuild_on_many_days(session):
    raw = random_reports(session)
    refresh(session, now=utc_now() + timedelta(hours=1))
    later = utc_now() + timedelta(hours=2)
    ids = session.scalars(select(Report.id).order_by(Report.id)).all()
    rng = np.random.default_rng(3)
    session.execute(update(Report).where(Report.id.in_([int(i) for i in rng.choice(ids, 40)])).values(
        status=ReportStatus.CLOSED, closed_at=datetime(2016, 1, 2, tzinfo=timezone.utc), updated_at=later))  # fmt: skip
    session.execute(update(Report).where(Report.id.in_([int(i) for i in rng.choice(ids, 20)])).values(
        neighborhood="Roxbury", updated_at=later))  # fmt: skip
    session.flush()
    assert 0 < refresh(session, now=later + timedelta(minutes=5)) <= 60
    incremental = snapshot(session)
    rebuild(session)
    assert snapshot(session) == incremental
    assert len(raw) == session.scalar(select(dashboard.func.sum(DailyReportCount.opened)).where(
        DailyReportCount.dimension == "source"))  # fmt: skip


def test_import_refreshes_the_summary_and_summary_rebuild_recounts_it(database_url, monkeypatch, city_cases_csv,
                                                                       capsys):  # fmt: skip
    monkeypatch.setenv("DATABASE_URL", database_url)
    assert main(["import-311", str(city_cases_csv)]) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("dashboard summary: ")
    engine = make_engine(database_url)
    with session_factory(engine)() as session:
        imported = snapshot(session)
    assert imported and main(["summary-rebuild"]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and out.startswith("Dashboard summary rebuilt: ")
    with session_factory(engine)() as session:
        assert snapshot(session) == imported
    engine.dispose()
