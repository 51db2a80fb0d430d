import json
from pathlib import Path

import pytest

from portal.maps.population import neighborhood_population, per_thousand

OUTLINES = Path(__file__).resolve().parents[2] / "data" / "boston_neighborhoods.geojson"


def test_every_outline_has_a_population_and_the_city_adds_up():
    names = {feature["properties"]["name"] for feature in json.loads(OUTLINES.read_text())["features"]}
    population = neighborhood_population()
    assert set(population) == names
    # BPDA's 2020 total for the city after the group-quarters recount.
    assert sum(population.values()) == 681_937


@pytest.mark.parametrize(
    ("count", "neighborhood", "expected"),
    [(43_066, "East Boston", 1000.0), (0, "Dorchester", 0.0), (5, "Atlantis", None), (5, "", None)],
)
def test_per_thousand(count, neighborhood, expected):
    assert per_thousand(count, neighborhood) == expected
