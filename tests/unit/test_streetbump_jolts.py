"""Jolts from raw readings: spikes of the acceleration's length against gravity, speed-aware, per trip."""

import numpy as np
import pandas as pd
import pytest

from portal.streetbump.jolts import assign_trips, detect_jolts

START = pd.Timestamp("2011-03-06 21:00", tz="UTC")


def drive(
    seconds: int = 20, speed: float = 10.0, gravity=(0.0, 0.0, 9.81), start=START, device=""
) -> pd.DataFrame:
    """Readings five times a second from a phone held still (at any angle) in a car going east."""
    steps = np.arange(seconds * 5)
    return pd.DataFrame({
        "device_id": device,
        "time": start + pd.to_timedelta(steps * 200, unit="ms"),
        "lat": 42.35, "lon": -71.11 + steps * speed * 0.2 / 82_000,
        "accel_x": gravity[0], "accel_y": gravity[1], "accel_z": gravity[2],
        "speed": speed, "gps_accuracy": 4.0,
    })  # fmt: skip


def bump(readings: pd.DataFrame, at: int, size: float) -> pd.DataFrame:
    """A jolt of `size` m/s² along gravity at reading `at`."""
    gravity = readings.loc[at, ["accel_x", "accel_y", "accel_z"]].to_numpy(float)
    readings.loc[at, ["accel_x", "accel_y", "accel_z"]] = gravity * (1 + size / np.linalg.norm(gravity))
    return readings


def jolts_of(readings: pd.DataFrame) -> pd.DataFrame:
    return detect_jolts(assign_trips(readings))


@pytest.mark.parametrize("gravity", [(0.0, 0.0, 9.81), (0.0, -8.5, 4.9), (1.3, 9.3, 2.9)])
def test_a_spike_is_one_jolt_at_its_place_whatever_the_phone_angle(gravity):
    readings = bump(drive(gravity=gravity), at=40, size=4.0)
    jolts = jolts_of(readings)
    assert len(jolts) == 1
    assert jolts.loc[0, "lon"] == readings.loc[40, "lon"]
    assert jolts.loc[0, "magnitude"] == pytest.approx(4.0, abs=0.01)


@pytest.mark.parametrize(
    ("speed", "accuracy", "size", "found"),
    [
        (10.0, 4.0, 2.2, True),  # threshold 2.0 m/s² at 10 m/s
        (10.0, 4.0, 1.8, False),
        (20.0, 4.0, 2.2, False),  # 2.5 m/s² at 20 m/s: road noise grows with speed
        (1.0, 4.0, 6.0, False),  # near-zero speed: a door or a hand, not the road
        (10.0, 35.0, 6.0, False),  # a poor GPS fix cannot place the jolt
    ],
)
def test_speed_and_gps_accuracy_decide_what_counts(speed, accuracy, size, found):
    readings = bump(drive(speed=speed), at=40, size=size).assign(gps_accuracy=accuracy)
    assert (len(jolts_of(readings)) == 1) is found


def test_readings_above_the_threshold_within_a_second_are_one_jolt_at_the_strongest():
    readings = bump(bump(bump(drive(), at=40, size=3.0), at=41, size=5.0), at=42, size=3.0)
    jolts = jolts_of(readings)
    assert len(jolts) == 1 and jolts.loc[0, "magnitude"] == pytest.approx(5.0, abs=0.01)


def test_a_gap_starts_a_new_trip_named_after_its_first_reading():
    first = drive()
    second = drive(start=START + pd.Timedelta(minutes=5))
    readings = pd.concat([second, first, first.iloc[:3]])  # out of order, with exact repeats
    trips = assign_trips(readings)
    start_ms = START.value // 1_000_000
    assert list(trips["device_id"].unique()) == [f"trip-{start_ms}", f"trip-{start_ms + 300_000}"]
    assert len(trips) == len(first) + len(second)


def test_a_named_device_keeps_its_name():
    trips = assign_trips(drive(device="phone-7"))
    assert set(trips["device_id"]) == {"phone-7"}
