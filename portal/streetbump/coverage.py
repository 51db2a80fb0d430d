"""Where phones drove, as H3 cells of resolution 10 (about 70 m across).

Street Bump's known weakness was coverage: it only measured streets its users drove, and those
under-represented poorer and older residents' streets. So the map shows, next to the potholes, which
cells any phone has passed through; a street without coverage is unmeasured, not smooth.
"""

from __future__ import annotations

import pandas as pd
from h3.api import basic_int as h3

RESOLUTION = 10
# Readings closer together than this (about a metre) share one H3 lookup.
ROUND_DECIMALS = 5


def cells_r10(lats: pd.Series, lons: pd.Series) -> pd.Series:
    """Each point's resolution-10 cell; points repeated by a phone's GPS are looked up once."""
    if lats.empty:  # a smooth drive has no jolts: nothing to look up, and no MultiIndex of nothing
        return pd.Series(dtype="int64", index=lats.index)
    keys = pd.DataFrame({"lat": lats.round(ROUND_DECIMALS), "lon": lons.round(ROUND_DECIMALS)})
    codes, distinct = pd.factorize(pd.MultiIndex.from_frame(keys))
    looked_up = [h3.latlng_to_cell(lat, lon, RESOLUTION) for lat, lon in distinct]
    return pd.Series(looked_up, dtype="int64").iloc[codes].set_axis(lats.index)


def drive_cells(drives: pd.DataFrame) -> pd.DataFrame:
    """One row per (device, cell) driven through, with the first time and the number of readings."""
    cells = drives.assign(h3_r10=cells_r10(drives["lat"], drives["lon"]))
    return (
        cells.groupby(["device_id", "h3_r10"], sort=False)
        .agg(first_at=("time", "min"), readings=("time", "size"))
        .reset_index()
    )
