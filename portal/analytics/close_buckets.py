"""Time to close in fixed buckets, and the median and 90th percentile read back from bucket counts.

Exact percentiles need every closed report of a period; counts per bucket can be summed over any
period instead. The buckets are an hour wide for the first three days (a tenth of Boston's reports
close within minutes, a quarter within hours), six hours up to two weeks, a day up to 90 days and a
week beyond:

| days to close | bucket width | so a median or p90 is within |
|---|---|---|
| under 3 | 1 hour | 1 hour |
| 3 to 14 | 6 hours | 6 hours (under 9 %) |
| 14 to 90 | 1 day | 1 day (under 8 %) |
| 90 and more | 1 week | 1 week (under 8 %) |

Within a bucket the reports are taken as evenly spread, then interpolated between the two ranks
around each percentile as `percentile_cont` does, so the estimate and the exact value lie in the same
buckets: they differ by less than the wider of those two buckets (`tolerance_days`).
A report closed "before" it was opened (clock skew in the city's data) counts as closed at once.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sqlalchemy import ColumnElement, Integer, case, cast, func

DAY_HOURS = 24
# (from hour, width in hours) of each run of equal buckets; the last one has no end.
SEGMENTS = ((0, 1), (3 * DAY_HOURS, 6), (14 * DAY_HOURS, DAY_HOURS), (90 * DAY_HOURS, 7 * DAY_HOURS))
STARTS = np.array([start for start, _width in SEGMENTS], dtype=float)
WIDTHS = np.array([width for _start, width in SEGMENTS], dtype=float)
# The number of the first bucket of each run.
FIRST_BUCKETS = np.concatenate([[0], np.cumsum(np.diff(STARTS) / WIDTHS[:-1])]).astype(int)
QUANTILES = {"median_days": 0.5, "p90_days": 0.9}


def bucket_sql(hours: ColumnElement[float]) -> ColumnElement[int]:
    """The bucket of a duration in hours, in SQL (any database)."""
    runs = [(hours < 0, 0)]
    for (start, width), first, end in zip(SEGMENTS, FIRST_BUCKETS, [*STARTS[1:], None]):
        bucket = first + cast(func.floor((hours - start) / width), Integer)
        runs.append((hours < end, bucket) if end is not None else (hours >= start, bucket))
    return case(*runs[:-1], else_=runs[-1][1])


def bucket_of(hours: np.ndarray) -> np.ndarray:
    """The same in numpy (for tests and the benchmark)."""
    hours = np.maximum(np.asarray(hours, dtype=float), 0)
    run = np.searchsorted(STARTS, hours, side="right") - 1
    return FIRST_BUCKETS[run] + np.floor((hours - STARTS[run]) / WIDTHS[run]).astype(int)


def bucket_bounds(buckets: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each bucket's first hour and width."""
    run = np.searchsorted(FIRST_BUCKETS, buckets, side="right") - 1
    return STARTS[run] + (buckets - FIRST_BUCKETS[run]) * WIDTHS[run], WIDTHS[run]


def tolerance_days(days: np.ndarray, q: float) -> float:
    """How far the estimated `q` percentile of these durations (in days) may be from the exact one: the
    width of the wider bucket of the two reports it is interpolated between."""
    ordered = np.sort(np.asarray(days, dtype=float))
    low = int((len(ordered) - 1) * q)
    around = ordered[low : low + 2] * DAY_HOURS
    return float(bucket_bounds(bucket_of(around))[1].max() / DAY_HOURS)


def percentiles(counts: pd.DataFrame) -> pd.DataFrame:
    """Bucket counts (columns group, bucket, closed) -> per group: closed, median_days, p90_days."""
    records = []
    for group, rows in counts[counts["closed"] > 0].groupby("group", sort=True):
        summed = rows.groupby("bucket")["closed"].sum()
        buckets, sizes = summed.index.to_numpy(), summed.to_numpy()
        record = {"group": group, "closed": int(sizes.sum())}
        for name, q in QUANTILES.items():
            record[name] = _percentile(buckets, sizes, q) / DAY_HOURS
        records.append(record)
    return pd.DataFrame(records, columns=["group", "closed", *QUANTILES])


def _percentile(buckets: np.ndarray, sizes: np.ndarray, q: float) -> float:
    """percentile_cont over reports spread evenly within their buckets, in hours."""
    ends = np.cumsum(sizes)
    position = (ends[-1] - 1) * q
    low = int(position)
    at_low = _ranked(buckets, sizes, ends, low)
    if low + 1 >= ends[-1]:
        return at_low
    return at_low + (position - low) * (_ranked(buckets, sizes, ends, low + 1) - at_low)


def _ranked(buckets: np.ndarray, sizes: np.ndarray, ends: np.ndarray, rank: int) -> float:
    """The duration of the report at `rank` (from 0), the middle of its share of its bucket."""
    i = int(np.searchsorted(ends, rank, side="right"))
    start, width = bucket_bounds(buckets[i : i + 1])
    within = rank - (ends[i] - sizes[i])
    return float(start[0] + (within + 0.5) / sizes[i] * width[0])
