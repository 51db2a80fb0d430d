"""Finding jolts in raw phone readings: the moments a wheel dropped into something.

A phone lies at any angle, so instead of rotating each reading into the car's frame we compare the
length of the acceleration vector with its running median (gravity as this phone measures it). For a
short jolt δ on top of gravity g, |g + δ| − |g| ≈ δ·ĝ: the vertical part, whatever the phone's
orientation. That matters on real data: the 2011 challenge file interleaves two phones held
differently within one drive, which breaks per-axis estimates of gravity but not this one.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

# A new trip starts after this long without readings (the challenge file has no phone id).
TRIP_GAP = pd.Timedelta(seconds=60)
# The running median spans about three seconds at the challenge data's five readings a second.
GRAVITY_WINDOW = 15
# Below this speed a jolt is a door, a kerb or a hand, not the road (about 9 km/h).
MIN_SPEED_MS = 2.5
# A fix worse than the spot tolerance cannot put a jolt on the right spot.
MAX_GPS_ACCURACY_M = 20.0
# The jolt threshold rises with speed because road noise does: 2 m/s² at 10 m/s, 2.5 at 20 m/s.
JOLT_BASE = 1.5
JOLT_PER_SPEED = 0.05
# Readings above the threshold this close together are one jolt (front and rear wheel, one bump).
MERGE_GAP = pd.Timedelta(seconds=1)
JOLT_COLUMNS = ["device_id", "time", "lat", "lon", "magnitude", "speed", "gps_accuracy"]


def assign_trips(readings: pd.DataFrame) -> pd.DataFrame:
    """Readings in (device, time) order without exact repeats, each with a `trip` number and a device id.

    Where the file names no device, each trip becomes its own device, named after its first reading's
    Unix milliseconds: the same file always gets the same names, so re-uploading it adds nothing.
    """
    frame = readings.drop_duplicates().sort_values(["device_id", "time"], kind="stable")
    new_trip = (frame["device_id"] != frame["device_id"].shift()) | (frame["time"].diff() > TRIP_GAP)
    frame = frame.assign(trip=new_trip.cumsum().to_numpy())
    starts = frame.groupby("trip")["time"].transform("min").astype("int64") // 1_000_000
    unnamed = frame["device_id"] == ""
    return frame.assign(device_id=frame["device_id"].where(~unnamed, "trip-" + starts.astype(str)))


def jolt_threshold(speed: np.ndarray) -> np.ndarray:
    return JOLT_BASE + JOLT_PER_SPEED * speed


def detect_jolts(readings: pd.DataFrame) -> pd.DataFrame:
    """One row per jolt, in the jolt-event format, from readings that went through `assign_trips`."""
    length = np.sqrt(readings["accel_x"] ** 2 + readings["accel_y"] ** 2 + readings["accel_z"] ** 2)
    gravity = length.groupby(readings["trip"]).transform(
        lambda trip: trip.rolling(GRAVITY_WINDOW, center=True, min_periods=1).median()
    )
    strength = (length - gravity).abs()
    usable = (readings["speed"] >= MIN_SPEED_MS) & (readings["gps_accuracy"] <= MAX_GPS_ACCURACY_M)
    # Assigned before filtering: pandas gives an empty frame the index of a Series assigned to it, so a
    # smooth drive (no hits) used to come back as one empty jolt per reading.
    hits = readings.assign(magnitude=strength)[usable & (strength >= jolt_threshold(readings["speed"]))]
    new_jolt = (hits["trip"] != hits["trip"].shift()) | (hits["time"].diff() > MERGE_GAP)
    peaks = hits.groupby(new_jolt.cumsum().to_numpy())["magnitude"].idxmax()
    return hits.loc[peaks, JOLT_COLUMNS].reset_index(drop=True)
