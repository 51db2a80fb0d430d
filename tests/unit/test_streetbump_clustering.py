"""Spots from jolts: the grid and its neighbour lookups, cell borders, the K-pass rule, the time window."""

import numpy as np
import pandas as pd
import pytest

from portal.streetbump.clustering import Rules, spots_from_jolts
from portal.streetbump.distances import to_degrees, to_metres

BASE_EAST, BASE_NORTH = to_metres(np.array([42.3467]), np.array([-71.0972]))  # Fenway
START = pd.Timestamp("2026-03-01", tz="UTC")


def jolts(*points: tuple) -> pd.DataFrame:
    """Jolt events from (east m, north m, device, minutes after START[, gps accuracy m])."""
    east, north, device, minutes, accuracy = zip(*(p if len(p) == 5 else (*p, 5.0) for p in points))
    lat, lon = to_degrees(BASE_EAST + np.array(east), BASE_NORTH + np.array(north))
    return pd.DataFrame({
        "device_id": device, "time": START + pd.to_timedelta(minutes, unit="min"), "lat": lat, "lon": lon,
        "magnitude": 4.0, "speed": 10.0, "gps_accuracy": accuracy,
    })  # fmt: skip


def metres_from_base(spot: pd.Series) -> tuple[float, float]:
    east, north = to_metres(np.array([spot["lat"]]), np.array([spot["lon"]]))
    return float(east[0] - BASE_EAST[0]), float(north[0] - BASE_NORTH[0])


@pytest.mark.parametrize(
    ("devices", "k", "found"), [(2, 3, False), (3, 3, True), (2, 2, True), (4, 5, False)]
)
def test_a_spot_needs_k_devices(devices, k, found):
    spots = spots_from_jolts(
        jolts(*[(i, -i, f"phone-{i}", i * 60) for i in range(devices)]), Rules(min_devices=k)
    )
    assert len(spots) == int(found)
    if found:
        assert spots.loc[0, ["hits", "devices"]].tolist() == [devices, devices]


def test_one_device_jolting_many_times_in_one_pass_is_one_pass():
    one_pass = [(i, 0, "phone-a", i / 60) for i in range(5)]  # five jolts in five seconds
    spots = spots_from_jolts(jolts(*one_pass, (1, 1, "phone-b", 30)), Rules(min_devices=3))
    assert spots.empty


def test_the_same_device_back_later_is_another_pass():
    passes = [(0, 0, "phone-a", 0), (1, 0, "phone-a", 10), (2, 1, "phone-a", 60 * 24)]
    spots = spots_from_jolts(jolts(*passes), Rules(min_devices=3))
    assert spots.loc[0, ["hits", "devices"]].tolist() == [3, 3]


@pytest.mark.parametrize(
    "offsets",
    [
        [(0, 0), (9.9, 0), (10.1, 0), (19.9, 0)],  # across a cell border eastwards
        [(0, 0), (9.9, 9.9), (10.1, 10.1), (10.1, 0)],  # around a corner of four cells
        [(0, 5), (12, 5), (24, 5)],  # three cells in a row, the middle one holding one jolt
    ],
)
def test_jolts_split_by_cell_borders_are_one_spot(offsets):
    spots = spots_from_jolts(jolts(*[(e, n, f"phone-{i}", i) for i, (e, n) in enumerate(offsets)]), Rules())
    assert spots[["hits", "devices"]].values.tolist() == [[len(offsets), len(offsets)]]


def test_two_potholes_a_street_apart_are_two_spots():
    first = [(0, 0, f"phone-{i}", i) for i in range(3)]
    second = [(100, 0, f"phone-{i}", 10 + i) for i in range(4)]
    spots = spots_from_jolts(jolts(*first, *second), Rules())
    assert spots["devices"].tolist() == [4, 3]
    assert metres_from_base(spots.loc[0])[0] == pytest.approx(100, abs=1)


def test_only_jolts_within_the_window_of_the_newest_count():
    old = [(0, 0, f"phone-{i}", i) for i in range(2)]
    recent = (0, 0, "phone-9", 60 * 24 * 100)
    assert spots_from_jolts(jolts(*old, recent), Rules(window_days=90)).empty
    assert len(spots_from_jolts(jolts(*old, recent), Rules(window_days=120))) == 1


def test_a_good_fix_pulls_the_spot_more_than_a_poor_one():
    spots = spots_from_jolts(jolts((0, 0, "a", 0, 2.0), (0, 0, "b", 1, 2.0), (12, 0, "c", 2, 20.0)), Rules())
    east, _north = metres_from_base(spots.loc[0])
    assert east == pytest.approx(12 * (1 / 400) / (2 / 4 + 1 / 400), abs=0.01)


def test_no_jolts_no_spots():
    assert spots_from_jolts(jolts((0, 0, "a", 0)).iloc[:0], Rules()).empty
