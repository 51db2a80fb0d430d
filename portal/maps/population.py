"""How many people live in each neighborhood, for figures "per 1,000 residents".

Crowdsourced counts say as much about who reports as about where problems are; dividing by the
people who live there is the first step to seeing that. The figures are the 2020 Census as the
BPDA publishes them for its neighborhood approximations (see data/README.md), renamed to the names
of our outlines.
"""

from __future__ import annotations

import csv
from functools import cache

from portal.config import DATA_DIR
from portal.i18n import N_

POPULATION_FILE = DATA_DIR / "neighborhood_population.csv"

# Marked for the template; shown with `_()`.
POPULATION_SOURCE = N_(
    "Residents: 2020 Census, adjusted for the group-quarters recount "
    "(BPDA Research Division, Boston Neighborhood Change Explorer); "
    "BPDA's census-tract neighborhoods differ slightly from the outlines on the map."
)


@cache
def neighborhood_population() -> dict[str, int]:
    """Residents by neighborhood name, as spelled in data/boston_neighborhoods.geojson."""
    with POPULATION_FILE.open(newline="", encoding="utf-8") as handle:
        return {row["neighborhood"]: int(row["population_2020"]) for row in csv.DictReader(handle)}


def per_thousand(count: int, neighborhood: str) -> float | None:
    """`count` per 1,000 residents of `neighborhood`, or None where we have no population figure."""
    residents = neighborhood_population().get(neighborhood)
    if not residents:
        return None
    return count * 1000 / residents
