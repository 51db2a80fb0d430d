"""Street Bump benchmark: detection quality on the real 2011 challenge data and on simulated phones, and
clustering time at one and ten million jolts against baselines measured in the same run.

Run: `.venv/bin/python bench/streetbump_bench.py` (writes the "Street Bump" section of bench/RESULTS.md
and leaves every other section as it is).
"""

from __future__ import annotations

import os
import platform
import sys
import time
from datetime import date
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from portal.maps.geo import boston
from portal.streetbump.clustering import Rules, cluster, spots_from_jolts
from portal.streetbump.distances import nearest_within, pairs_within, to_metres
from portal.streetbump.formats import read_upload
from portal.streetbump.ingest import jolts_and_drives
from portal.streetbump.simulator import POTHOLE, Traffic, build_city, simulate_jolts
from portal.streetbump.spots import KNOWN_FEATURE_M

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "streetbump"
SENSOR = DATA / "streetbump_selftest_2011-03_sensor.csv"
TRUTH = DATA / "streetbump_selftest_2011-03_potholes_truth.csv"
RESULTS = ROOT / "bench" / "RESULTS.md"
HEADING = "## Street Bump"
TOLERANCES_M = (20, 10)
SCALE_SIZES = (1_000_000, 10_000_000)
NAIVE_SIZE = 20_000
REPEATS = 3

SECTION = """{heading}

`.venv/bin/python bench/streetbump_bench.py` on {run}.

### Real ground truth: the 2011 Street Bump challenge self-test file

{real_summary}
A detection is right when it lies within the tolerance of a true spot; a true spot is found when a
detection lies within the tolerance. **20 m is the figure we go by** (the issue's rule): the phones
report a median GPS accuracy of 3 m here, but a fix lags about a second, 10–14 m at these speeds,
and the jolt lands where the wheel was, not the antenna. 10 m (the challenge repo's tolerance) is
shown for comparison. The true spots cluster (several within 20 m of each other), so one detection
can find several.

| K (passes) | spots | precision @20 m | recall @20 m | precision @10 m | recall @10 m |
|---|---|---|---|---|---|
{real_rows}

Caveat: the jolt threshold (1.5 m/s² + 0.05 s × speed) was picked from a 3 × 3 sweep on this same
file, so these figures are optimistic. The file has no phone ids: drives are split at gaps of 60 s,
and a car coming back after 2 minutes is a new pass (Pothole Patrol counted repeat drives too).
Jolts more than 50 m from any true spot: **{rough:.2f} per km driven**, the simulator's rough-road
rate below.

### Simulated phones (known truth)

A 150 m street lattice clipped to the city outline ({segments:,} segments; 30% never driven,
log-normal traffic on the rest), 300 potholes, 100 speed bumps and 200 manholes on the busier half;
3,000 phones over 30 days; a pass feels a pothole half the time, a speed bump 95%, a manhole 25%,
and the road itself at the measured rough-road rate; GPS error log-normal around 5 m. K = 3.
Precision counts the spots left after suppressing those within {known_m:.0f} m of the known-features
table (every speed bump and manhole); the last column is without that table.

| jolts, 30 days | rough road | spots | precision @20 m | recall @20 m | precision without the table |
|---|---|---|---|---|---|
{simulated}

What this shows: the fixed-K rule is good while traffic is light and blind to traffic as it grows.
On a busy street, chance rough-road jolts from K different phones fall on the same spot, so
precision falls as the same streets carry more phones. The known-features table is what removes
speed bumps and manholes. Later work: a rate rule (jolting passes ÷ passes over the spot, from the
coverage cells) instead of a count.

### Clustering time

Simulated jolts (3,000 potholes, 1,000 speed bumps, 2,000 manholes, 50,000 phones, 60 days); best
of {repeats} runs of `clustering.cluster` on ready arrays (making them is not timed).

| method | jolts | time | result |
|---|---|---|---|
{scale_rows}

Ten times the jolts took **{ratio:.1f}×** the time (target ≤ 11×). The grid's cost is the city's
area, the same at both sizes; the rest grows with the jolts, plus one sort of one integer key per
jolt for counting passes. The baselines only count each jolt's neighbours, less work than ours,
which also forms spots and counts distinct passes. Other work shared this machine while it ran.
"""


def coordinates(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    return frame["lat"].to_numpy(), frame["lon"].to_numpy()


def score(spots: pd.DataFrame, truth: pd.DataFrame, metres: float) -> tuple[float, float]:
    """Precision: share of spots within `metres` of a true spot; recall: share of true spots found."""
    if spots.empty:
        return 0.0, 0.0
    i, j, _ = pairs_within(*coordinates(spots), *coordinates(truth), metres)
    return len(set(i)) / len(spots), len(set(j)) / len(truth)


def real_data() -> tuple[list[str], float]:
    """Table rows for K = 2, 3, 4 and the rough-road jolt rate (jolts > 50 m from any true spot per km)."""
    with open(SENSOR, "rb") as stream:
        upload = read_upload(stream, boston())
    jolts, drives = jolts_and_drives(upload)
    truth = pd.read_csv(TRUTH).rename(columns={"latitude": "lat", "longitude": "lon"})
    rows = []
    for k in (2, 3, 4):
        spots = spots_from_jolts(jolts, Rules(min_devices=k))
        (p20, r20), (p10, r10) = (score(spots, truth, m) for m in TOLERANCES_M)
        rows.append(f"| {k} | {len(spots)} | {p20:.0%} | {r20:.0%} | {p10:.0%} | {r10:.0%} |")
    east, north = to_metres(drives["lat"].to_numpy(), drives["lon"].to_numpy())
    step = np.hypot(np.diff(east), np.diff(north))
    same_trip = (np.diff(drives["trip"].to_numpy()) == 0) & (step < 500)
    km = step[same_trip].sum() / 1000
    far = nearest_within(*coordinates(jolts), *coordinates(truth), 50) < 0
    print(f"real data: {len(upload.frame):,} readings, {len(jolts)} jolts, {km:.0f} km driven")
    summary = (
        f"{len(upload.frame):,} rows ({len(drives):,} after exact repeats are dropped), "
        f"{drives['trip'].nunique()} drives, {km:.0f} km driven, {len(jolts)} jolts detected, "
        f"{len(truth)} true spots."
    )
    return [summary, *rows], far.sum() / km


def simulated_quality(rough_per_km: float) -> tuple[list[str], int]:
    rng = np.random.default_rng(2026)
    city = build_city(boston(), rng)
    truth = city.features[city.features["kind"] == POTHOLE]
    known = city.features[city.features["kind"] != POTHOLE]
    rows = []
    for jolts_wanted in (20_000, 100_000, 300_000):
        jolts = simulate_jolts(city, Traffic(jolts_wanted, devices=3_000, rough_per_km=rough_per_km), rng)
        spots = spots_from_jolts(jolts, Rules())
        at_known = nearest_within(*coordinates(spots), *coordinates(known), KNOWN_FEATURE_M) >= 0
        precision, recall = score(spots[~at_known], truth, 20)
        bare_precision, _ = score(spots, truth, 20)
        rough = (jolts["source"] == "rough road").mean()
        rows.append(f"| {len(jolts):,} | {rough:.0%} | {int((~at_known).sum())} | {precision:.0%} | "
                    f"{recall:.0%} | {bare_precision:.0%} |")  # fmt: skip
        print(f"simulated {len(jolts):,} jolts: precision {precision:.0%}, recall {recall:.0%}")
    return rows, len(city.starts)


def best_time(run, repeats: int = REPEATS) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def scale() -> tuple[list[str], float]:
    rng = np.random.default_rng(7)
    city = build_city(boston(), rng, potholes=3_000, speed_bumps=1_000, manholes=2_000)
    rows, ours = [], {}
    for size in SCALE_SIZES:
        jolts = simulate_jolts(city, Traffic(size, devices=50_000, days=60), rng)
        devices = jolts["device_id"].astype(np.int64).to_numpy()
        seconds = jolts["time"].astype("int64").to_numpy() // 1_000_000_000
        arrays = (*coordinates(jolts), devices, seconds, jolts["gps_accuracy"].to_numpy())
        del jolts
        run = partial(cluster, *arrays, Rules())
        spots = run()
        ours[size] = best_time(run)
        print(f"cluster {size:,}: {ours[size]:.2f} s, {len(spots):,} spots")
        method = "ours: grid + neighbour lookups, passes counted"
        rows.append(f"| {method} | {len(devices):,} | {ours[size]:.2f} s | {len(spots):,} spots |")
        if size == SCALE_SIZES[0]:
            rows += baselines(arrays[0], arrays[1])
    ratio = ours[SCALE_SIZES[1]] / ours[SCALE_SIZES[0]]
    return rows, ratio


def baselines(lats: np.ndarray, lons: np.ndarray) -> list[str]:
    """Two ways without a grid, on the same one million jolts: neighbours within 10 m of every jolt."""
    points = np.column_stack(to_metres(lats, lons))
    kd = best_time(lambda: cKDTree(points).query_ball_point(points, r=10.0, return_length=True), repeats=1)
    sample = points[:NAIVE_SIZE]
    naive = best_time(lambda: _naive_counts(sample), repeats=1)
    extrapolated = naive * (len(points) / NAIVE_SIZE) ** 2
    print(f"baselines: cKDTree {kd:.1f} s, naive {naive:.1f} s at {NAIVE_SIZE:,}")
    return [
        f"| baseline: scipy cKDTree radius query (10 m), counts only | {len(points):,} | {kd:.2f} s | |",
        f"| baseline: all pairs, numpy, measured at {NAIVE_SIZE:,} | {NAIVE_SIZE:,} | {naive:.2f} s | |",
        f"| baseline: all pairs, extrapolated (n²) | {len(points):,} | ≈ {extrapolated / 3600:.1f} h | |",
    ]


def _naive_counts(points: np.ndarray) -> np.ndarray:
    counts = np.zeros(len(points), dtype=np.int64)
    for start in range(0, len(points), 1_000):
        block = points[start : start + 1_000]
        distance = np.hypot(block[:, None, 0] - points[None, :, 0], block[:, None, 1] - points[None, :, 1])
        counts[start : start + 1_000] = (distance <= 10.0).sum(axis=1)
    return counts


def section(
    real_rows: list[str],
    rough: float,
    simulated: list[str],
    segments: int,
    scale_rows: list[str],
    ratio: float,
) -> str:
    machine = f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores"
    return SECTION.format(
        heading=HEADING,
        run=f"{date.today()} ({machine}, Python {platform.python_version()})",
        real_summary=real_rows[0],
        real_rows="\n".join(real_rows[1:]),
        rough=rough,
        segments=segments,
        known_m=KNOWN_FEATURE_M,
        simulated="\n".join(simulated),
        repeats=REPEATS,
        scale_rows="\n".join(scale_rows),
        ratio=ratio,
    )


def write_section(text: str) -> None:
    """Replace this benchmark's section of RESULTS.md, or append it; other sections are left alone."""
    current = RESULTS.read_text() if RESULTS.exists() else "# Benchmark results\n"
    if HEADING + "\n" in current:
        start = current.index(HEADING + "\n")
        end = current.find("\n## ", start + len(HEADING))
        current = current[:start] + (current[end + 1 :] if end >= 0 else "")
    RESULTS.write_text(current.rstrip("\n") + "\n\n" + text)


def main() -> None:
    real_rows, rough = real_data()
    simulated, segments = simulated_quality(rough)
    scale_rows, ratio = scale()
    write_section(section(real_rows, rough, simulated, segments, scale_rows, ratio))
    print(f"ratio 10M / 1M: {ratio:.1f}; wrote the Street Bump section of {RESULTS}")


if __name__ == "__main__":
    main()
