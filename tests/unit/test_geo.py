"""Where a point falls in Boston, and which points are not in Boston at all."""

import numpy as np
import pytest

from portal.maps.geo import OutsideCityError, boston, check_in_city, is_placeholder

# Names are BPDA's, not the combined names in the 311 `neighborhood` column.
INSIDE = [
    pytest.param(42.3467, -71.0972, "Fenway-Kenmore", id="fenway-park"),
    pytest.param(42.3550, -71.0655, "Beacon Hill", id="boston-common"),
    pytest.param(42.3663, -71.0544, "North End", id="old-north-church"),
    pytest.param(42.3656, -71.0096, "East Boston", id="logan-airport"),
    pytest.param(42.3103, -71.0728, "Dorchester", id="ceylon-st"),
    pytest.param(42.2420, -71.1240, "Hyde Park", id="hyde-park"),
]
OUTSIDE = [
    pytest.param(42.3736, -71.1097, id="harvard-square-cambridge"),
    pytest.param(42.3601, -71.0942, id="mit-cambridge"),
    pytest.param(42.3318, -71.1212, id="brookline-village"),
    pytest.param(42.3000, -70.8000, id="massachusetts-bay"),
]


@pytest.mark.parametrize(("lat", "lon", "name"), INSIDE)
def test_a_point_gets_its_neighborhood(lat, lon, name):
    assert boston().name_at(lat, lon) == name
    check_in_city(lat, lon)  # no error


@pytest.mark.parametrize(("lat", "lon"), OUTSIDE)
def test_a_point_outside_the_city_has_no_neighborhood(lat, lon):
    assert boston().name_at(lat, lon) is None


@pytest.mark.parametrize(("lat", "lon"), OUTSIDE)
def test_a_point_outside_the_city_is_refused_with_a_way_forward(lat, lon):
    with pytest.raises(OutsideCityError) as info:
        check_in_city(lat, lon)
    message = str(info.value)
    assert f"{lat:.5f}, {lon:.5f} is outside Boston" in message
    assert "inside the city limits" in message
    assert isinstance(info.value, ValueError)  # callers that validate input catch ValueError


def test_many_points_are_looked_up_at_once():
    lats = np.array([42.3467, 42.3736, 42.3663])
    lons = np.array([-71.0972, -71.1097, -71.0544])
    assert boston().names_at(lats, lons) == ["Fenway-Kenmore", None, "North End"]
    assert boston().in_city(lats, lons).tolist() == [True, False, True]


def test_the_outlines_are_the_23_bpda_neighborhoods():
    names = boston().names
    assert len(names) == len(set(names)) == 23
    assert {"Roslindale", "Jamaica Plain", "Allston", "Brighton", "Fenway-Kenmore"} <= set(names)
    assert len(boston().geojson["features"]) == 23


@pytest.mark.parametrize("name", boston().names)
def test_a_neighborhood_label_point_lies_in_that_neighborhood(name):
    assert boston().name_at(*boston().centroid(name)) == name


@pytest.mark.parametrize(
    ("lat", "lon", "expected"),
    [
        (42.3594, -71.0587, True),
        (42.35941, -71.05869, True),  # the same spot written with more decimals
        (42.3595, -71.0587, False),
        (42.3594, -71.0588, False),
        (-71.0587, 42.3594, False),  # swapped
        (42.3634, -71.0566, False),
    ],
)
def test_is_placeholder(lat, lon, expected):
    assert is_placeholder(lat, lon) is expected
