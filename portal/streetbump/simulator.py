"""Virtual phones driving over Boston, for measuring Street Bump where the truth is known.

The streets are a lattice (one street every `spacing_m` east–west and north–south) clipped to the
city outline, not Boston's real street map: what matters here is that jolts fall along lines, that
some streets carry far more traffic than others (log-normal weights) and that many carry none.
On those streets the simulator plants potholes, speed bumps and manhole covers, then draws jolt
events as many phones would report them: a phone feels a pothole on some passes only (a wheel can
miss it), a speed bump on nearly every pass, a manhole now and then, the rough road at random; each
position is blurred by GPS error drawn per fix.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from portal.maps.geo import Neighborhoods
from portal.streetbump.distances import to_degrees, to_metres
from portal.streetbump.models import KnownFeatureKind

POTHOLE = "pothole"
# Share of passes on which a phone feels each kind of feature.
FEEL = {POTHOLE: 0.5, KnownFeatureKind.SPEED_BUMP.value: 0.95, KnownFeatureKind.MANHOLE.value: 0.25}
START = pd.Timestamp("2026-03-01", tz="UTC")


@dataclass(frozen=True)
class City:
    """The street lattice (segment ends in metres, traffic weights) and the planted features."""

    starts: np.ndarray  # (n, 2) east, north
    ends: np.ndarray
    traffic: np.ndarray  # relative passes per segment
    features: pd.DataFrame  # kind, east, north, lat, lon, segment


@dataclass(frozen=True)
class Traffic:
    """How the phones drive. The rough-road rate is measured on the real challenge data (see bench/)."""

    jolts: int  # about how many jolt events to draw
    devices: int
    days: int = 30
    rough_per_km: float = 0.12  # jolts a phone reports per km of road with nothing planted on it
    gps_median_m: float = 5.0


def build_city(
    neighborhoods: Neighborhoods, rng: np.random.Generator, spacing_m: float = 150.0,
    potholes: int = 300, speed_bumps: int = 100, manholes: int = 200,
) -> City:  # fmt: skip
    """A lattice of street segments inside the city, with features planted on the busier half."""
    west, south, east, north = neighborhoods.city.bounds
    (x0, x1), (y0, y1) = to_metres(np.array([south, north]), np.array([west, east]))
    xs, ys = np.arange(x0, x1, spacing_m), np.arange(y0, y1, spacing_m)
    gx, gy = np.meshgrid(xs[:-1], ys[:-1])
    corner = np.column_stack([gx.ravel(), gy.ravel()])
    starts = np.vstack([corner, corner])
    steps = np.repeat([[spacing_m, 0.0], [0.0, spacing_m]], len(corner), axis=0)  # east-going, then north
    ends = starts + steps
    middle = (starts + ends) / 2
    middle_lat, middle_lon = to_degrees(middle[:, 0], middle[:, 1])
    inside = neighborhoods.in_city(middle_lat, middle_lon)
    starts, ends = starts[inside], ends[inside]
    traffic = rng.lognormal(0.0, 1.0, len(starts)) * (rng.random(len(starts)) < 0.7)  # 30% never driven
    kinds = np.repeat([POTHOLE, KnownFeatureKind.SPEED_BUMP.value, KnownFeatureKind.MANHOLE.value],
                      [potholes, speed_bumps, manholes])  # fmt: skip
    driven = np.flatnonzero(traffic > np.median(traffic[traffic > 0]))
    segment = rng.choice(driven, len(kinds))  # a busy street can have several
    position = starts[segment] + (ends[segment] - starts[segment]) * rng.uniform(0.1, 0.9, (len(kinds), 1))
    lat, lon = to_degrees(position[:, 0], position[:, 1])
    features = pd.DataFrame({"kind": kinds, "east": position[:, 0], "north": position[:, 1],
                             "lat": lat, "lon": lon, "segment": segment})  # fmt: skip
    return City(starts, ends, traffic, features)


def simulate_jolts(city: City, traffic: Traffic, rng: np.random.Generator) -> pd.DataFrame:
    """Jolt events in the upload format, in time order, with a `source` column telling what caused each.

    Passes are shared out over the segments by traffic, then each pass jolts at each feature on its
    segment with that feature's chance and on the road itself at the rough-road rate; the number of
    passes is chosen so that about `traffic.jolts` jolts come out.
    """
    length = np.linalg.norm(city.ends - city.starts, axis=1)
    feel = city.features["kind"].map(FEEL).to_numpy(float)
    segment_of = city.features["segment"].to_numpy()
    share = city.traffic / city.traffic.sum()
    per_pass = (share * length).sum() / 1000 * traffic.rough_per_km + (share[segment_of] * feel).sum()
    passes = rng.multinomial(round(traffic.jolts / per_pass), share)
    felt = rng.binomial(passes[segment_of], feel)
    # Wheels cross a pothole anywhere across its width, about a metre.
    at_features = np.repeat(city.features[["east", "north"]].to_numpy(), felt, axis=0)
    at_features += rng.normal(0.0, 0.7, at_features.shape)
    rough = np.repeat(np.arange(len(length)), rng.poisson(passes * length / 1000 * traffic.rough_per_km))
    on_road = city.starts[rough] + (city.ends[rough] - city.starts[rough]) * rng.random((len(rough), 1))
    where = np.vstack([at_features, on_road])
    count = len(where)
    accuracy = np.clip(rng.lognormal(np.log(traffic.gps_median_m), 0.5, count), 1.0, 30.0)
    # A reported accuracy is a 68% radius: about one standard deviation in each direction.
    blurred = where + rng.normal(0.0, 1.0, where.shape) * (accuracy / np.sqrt(2))[:, None]
    lat, lon = to_degrees(blurred[:, 0], blurred[:, 1])
    causes = np.repeat(city.features["kind"].to_numpy(), felt)
    source = np.concatenate([causes, np.full(len(rough), "rough road")])
    order = rng.permutation(count)  # causes in random order, times ascending
    seconds = np.sort(rng.uniform(0, traffic.days * 86_400, count))
    return pd.DataFrame({
        "device_id": rng.integers(0, traffic.devices, count).astype(str),
        "time": START + pd.to_timedelta(seconds, unit="s"),
        "lat": lat[order], "lon": lon[order],
        "magnitude": rng.uniform(2.0, 9.0, count).round(2),
        "speed": rng.uniform(4.0, 16.0, count).round(2),
        "gps_accuracy": accuracy[order].round(1),
        "source": source[order],
    })  # fmt: skip


def jolt_events_csv(jolts: pd.DataFrame) -> str:
    """The jolt-event upload format, as a phone app would send it."""
    out = jolts.assign(timestamp=jolts["time"].dt.strftime("%Y-%m-%dT%H:%M:%S.%fZ"))
    columns = ["device_id", "timestamp", "lat", "lon", "magnitude", "speed", "gps_accuracy"]
    return out[columns].to_csv(index=False, float_format="%.9g")
