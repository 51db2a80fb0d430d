"""Grouping jolts into spots, and the K-device rule that makes a spot a candidate pothole.

Jolts are counted on a 10 m grid laid over the city. A cell is a seed when its 3 × 3 neighbourhood
holds at least K jolts (fewer jolts cannot come from K passes); touching seeds form one spot, and
occupied cells next to a seed join it, so a pothole whose jolts GPS scattered over a cell border is
one spot, not two. The neighbour lookups are filters over the grid array and every other step is a
count over the jolts: the work grows with the number of jolts plus the city's area, never with pairs
of jolts.

Only then are passes counted exactly, per spot: one device going over it once is one pass, however
many jolts it reported, and the same device back more than `pass_gap_s` later is a new pass
(Pothole Patrol counted its taxis' repeated drives; the challenge file has no phone ids at all).
That takes the one sort here, of a single integer key per jolt. Repeated drives count only for the
city's own devices: a resident's account (`user:<id>`, see `devices`) is one pass at a spot however
many drives its file claims, since anyone can type more timestamps.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import ndimage

from portal.streetbump.devices import RESIDENT_DEVICE_PREFIX
from portal.streetbump.distances import to_metres

# A 10 m grid covers Boston in about 3 million cells; ten times that means the jolts are not from
# one city, and the caller should split them.
MAX_GRID_CELLS = 30_000_000
NEIGHBOURS = np.ones((3, 3), dtype=np.int64)
SPOT_COLUMNS = ["lat", "lon", "hits", "devices"]


@dataclass(frozen=True)
class Rules:
    """The detection settings. `min_devices` is Street Bump's K; the others rarely need changing."""

    min_devices: int = 3
    cell_m: float = 10.0
    pass_gap_s: int = 120
    window_days: int = 90


def spots_from_jolts(jolts: pd.DataFrame, rules: Rules) -> pd.DataFrame:
    """Candidate spots from jolt events: only jolts within `window_days` of the newest one count."""
    if jolts.empty:
        return pd.DataFrame(columns=SPOT_COLUMNS)
    recent = jolts[jolts["time"] >= jolts["time"].max() - pd.Timedelta(days=rules.window_days)]
    codes, names = pd.factorize(recent["device_id"])
    return cluster(
        recent["lat"].to_numpy(float),
        recent["lon"].to_numpy(float),
        codes,
        recent["time"].dt.as_unit("s").astype("int64").to_numpy(),
        recent["gps_accuracy"].to_numpy(float),
        rules,
        once_per_spot=np.asarray(names.astype(str).str.startswith(RESIDENT_DEVICE_PREFIX), dtype=bool),
    )


def cluster(
    lats: np.ndarray,
    lons: np.ndarray,
    devices: np.ndarray,
    seconds: np.ndarray,
    accuracy: np.ndarray,
    rules: Rules,
    once_per_spot: np.ndarray | None = None,
) -> pd.DataFrame:
    """Spots hit by at least `rules.min_devices` passes.

    `once_per_spot[d]` True means device code `d` counts as one pass at a spot whatever its times.

    Returns one row per spot: its position (jolts weighted by 1/accuracy², so a good fix counts more
    than a poor one), its jolts (`hits`) and its passes (`devices`), most passes first.
    """
    if len(lats) == 0:
        return pd.DataFrame(columns=SPOT_COLUMNS)
    cells, shape = _grid_cells(lats, lons, rules.cell_m)
    hits = np.bincount(cells, minlength=shape[0] * shape[1]).reshape(shape)
    seeds = (hits > 0) & (ndimage.correlate(hits, NEIGHBOURS, mode="constant") >= rules.min_devices)
    labels, count = ndimage.label(seeds, structure=NEIGHBOURS)
    if count == 0:
        return pd.DataFrame(columns=SPOT_COLUMNS)
    # A seed's 3 × 3 neighbourhood holds no other spot's seed (they would touch), so the maximum
    # only hands border cells to the spot next to them.
    labels = np.where(hits > 0, ndimage.maximum_filter(labels, size=3, mode="constant"), 0)
    spot = labels.ravel()[cells].astype(np.int64)
    inside = spot > 0
    spot = spot[inside]
    passes = _passes_per_spot(spot, devices[inside].astype(np.int64), seconds[inside].astype(np.int64),
                              rules.pass_gap_s, count + 1, once_per_spot)  # fmt: skip
    weight = 1.0 / np.maximum(accuracy[inside], 1.0) ** 2
    total = np.bincount(spot, weights=weight, minlength=count + 1)
    frame = pd.DataFrame({
        "lat": np.bincount(spot, weights=weight * lats[inside], minlength=count + 1),
        "lon": np.bincount(spot, weights=weight * lons[inside], minlength=count + 1),
        "hits": np.bincount(spot, minlength=count + 1),
        "devices": passes,
    }).iloc[1:]  # fmt: skip
    frame[["lat", "lon"]] = frame[["lat", "lon"]].div(total[1:], axis=0)
    found = frame[frame["devices"] >= rules.min_devices]
    return found.sort_values(["devices", "hits"], ascending=False, kind="stable").reset_index(drop=True)


def _grid_cells(lats: np.ndarray, lons: np.ndarray, cell_m: float) -> tuple[np.ndarray, tuple[int, int]]:
    """Each point's cell as one index into a grid just big enough for all of them."""
    east, north = to_metres(lats, lons)
    # Both are non-negative, so truncating to integers is flooring, and cheaper than `//`.
    col = ((east - east.min()) / cell_m).astype(np.int64)
    row = ((north - north.min()) / cell_m).astype(np.int64)
    shape = (int(row.max()) + 1, int(col.max()) + 1)
    if shape[0] * shape[1] > MAX_GRID_CELLS:
        raise ValueError(
            f"The jolts spread over {shape[0] * cell_m / 1000:.0f} × {shape[1] * cell_m / 1000:.0f} km; "
            "detect one city at a time."
        )
    return row * shape[1] + col, shape


def _passes_per_spot(spot: np.ndarray, devices: np.ndarray, seconds: np.ndarray, gap_s: int,
                     spots: int, once_per_spot: np.ndarray | None) -> np.ndarray:  # fmt: skip
    """Distinct passes at each spot: a device's first jolt there, and each one after a gap, start a pass.

    Each jolt becomes one 64-bit key, (spot, device) above its time, so a single sort of plain
    integers lines up every device's jolts at a spot in time order. Should the three not fit in 63
    bits, the time is counted in coarser units (2, 4, … seconds) rather than lose a spot or a device.
    """
    device_count = int(devices.max()) + 1
    since = seconds - seconds.min()
    time_bits = int(since.max()).bit_length()
    coarser = max(0, (spots * device_count).bit_length() + time_bits - 63)
    time_bits -= coarser
    keys = np.sort(((spot * device_count + devices) << time_bits) | (since >> coarser))
    pair, time = keys >> time_bits, keys & ((1 << time_bits) - 1)
    starts = np.ones(len(keys), dtype=bool)
    repeats = np.diff(time) > (gap_s >> coarser)
    if once_per_spot is not None:
        repeats &= ~once_per_spot[pair[1:] % device_count]
    starts[1:] = (pair[1:] != pair[:-1]) | repeats
    return np.bincount(pair[starts] // device_count, minlength=spots)
