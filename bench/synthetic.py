"""Synthetic Boston 311 exports in the 2015 layout, shaped like the real 2015 file, at any size.

Each synthetic case copies a real case picked at random, so the request types, titles, sources and
departments keep their real frequencies, and so do the shares of open cases (about 15 %) and of
cases left at the City Hall "not geocoded" placeholder (about 14 %). The copy gets a new case id, an
opening time spread over one year (keeping the real case's delays to its target and closing times)
and, when the real case had a place, a point a few metres from it that is still inside Boston. The
generator is seeded, so a size and a seed always give the same file.
"""

from __future__ import annotations

import gzip
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd

from portal.config import CITY_HALL_PLACEHOLDER, PROJECT_ROOT
from portal.imports.boston311 import US_DATE_FORMAT
from portal.maps.geo import boston

REAL_EXPORT = PROJECT_ROOT.parent / "shared" / "data" / "boston311" / "boston311_2015_jan-sep.csv.gz"
YEAR_START = datetime(2015, 1, 1)
YEAR_SECONDS = 365 * 24 * 3600
JITTER_DEG = 0.0003  # about 30 m: a different house on the same street
FIRST_CASE_ID = 109_000_000_000  # above the real 2015 ids (1010012…), so the two never collide
WRITE_BATCH = 200_000


def write_export(path: Path, rows: int, seed: int, real: Path = REAL_EXPORT) -> Path:
    """Write `rows` synthetic cases, oldest first like the city's file, to a .csv.gz at `path`."""
    source = pd.read_csv(real, dtype=str, keep_default_na=False)
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(source), rows)
    opened = YEAR_START + pd.to_timedelta(np.sort(rng.integers(0, YEAR_SECONDS, rows)), unit="s")
    delays = _delays(source)
    lats, lons = _moved_points(source, picks, rng)
    path.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(path, "wt", compresslevel=1, newline="", encoding="utf-8") as out:
        for start in range(0, rows, WRITE_BATCH):
            part = slice(start, start + WRITE_BATCH)
            cases = source.iloc[picks[part]].reset_index(drop=True)
            cases["CASE_ENQUIRY_ID"] = (FIRST_CASE_ID + np.arange(start, start + len(cases))).astype(str)
            cases["OPEN_DT"] = _us_times(pd.Series(opened[part]))
            for column, delay in delays.items():
                cases[column] = _us_times(pd.Series(opened[part]) + delay.iloc[picks[part]].to_numpy())
            cases["LATITUDE"], cases["LONGITUDE"] = lats[part], lons[part]
            cases["Geocoded_Location"] = "(" + cases["LATITUDE"] + ", " + cases["LONGITUDE"] + ")"
            cases.to_csv(out, index=False, header=start == 0)
    return path


def _delays(source: pd.DataFrame) -> dict[str, pd.Series]:
    """How long after opening each real case had its target and closing time (NaT: none)."""
    opened = pd.to_datetime(source["OPEN_DT"], format=US_DATE_FORMAT)
    return {
        column: pd.to_datetime(source[column], format=US_DATE_FORMAT, errors="coerce") - opened
        for column in ("TARGET_DT", "CLOSED_DT")
    }


def _moved_points(source: pd.DataFrame, picks: np.ndarray, rng: np.random.Generator) -> tuple:
    """Text coordinates: the placeholder where the real case had one, else its point moved a little."""
    lat = source["LATITUDE"].astype(float).to_numpy()[picks]
    lon = source["LONGITUDE"].astype(float).to_numpy()[picks]
    placeholder = (np.round(lat, 4) == CITY_HALL_PLACEHOLDER[0]) & (
        np.round(lon, 4) == CITY_HALL_PLACEHOLDER[1]
    )
    moved_lat = lat + rng.normal(0, JITTER_DEG, len(picks))
    moved_lon = lon + rng.normal(0, JITTER_DEG, len(picks))
    # A point nudged into the harbour or a neighbouring town stays where the real case was.
    inside = boston().in_city(moved_lat, moved_lon)
    lat_text = np.where(inside, np.round(moved_lat, 6), lat).astype(str)
    lon_text = np.where(inside, np.round(moved_lon, 6), lon).astype(str)
    return (
        np.where(placeholder, source["LATITUDE"].to_numpy()[picks], lat_text),
        np.where(placeholder, source["LONGITUDE"].to_numpy()[picks], lon_text),
    )


def _us_times(times: pd.Series) -> pd.Series:
    """Local times as the 2015 export writes them (`01/14/2015 03:04:41 PM`), blank where missing."""
    return times.dt.strftime(US_DATE_FORMAT).fillna("")
