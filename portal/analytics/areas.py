"""Dashboard areas: one name for each part of the city, whichever spelling a report's neighborhood has.

Boston's 311 exports name neighborhoods one way until 2024 ("Allston / Brighton", "Greater Mattapan"),
the new CRM another ("Allston", "Brighton", "Bay Village"), and our outlines (BPDA, used when a point is
looked up) a third ("Fenway-Kenmore", "Seaport"). The coarsest of them, the 2015 names, are the areas,
so every report counts in exactly one. "Boston" (no neighborhood given), "Chestnut Hill" and blanks
belong to no area: they count citywide but are not on the map.

| area | also written | outlines drawn |
|---|---|---|
| Allston / Brighton | Allston, Brighton | Allston, Brighton |
| Back Bay | Back Bay-Bay Village, Bay Village | Back Bay-Bay Village |
| Downtown / Financial District | Downtown, Chinatown, Leather District, North End, West End | Downtown, Chinatown, North End, West End |
| Fenway / Kenmore / Audubon Circle / Longwood | Fenway, Fenway-Kenmore, Longwood | Fenway-Kenmore, Longwood |
| Greater Mattapan | Mattapan | Mattapan |
| South Boston / South Boston Waterfront | South Boston, South Boston Waterfront, Seaport | South Boston, Seaport |
| each other neighborhood | — | its own outline |
"""

from __future__ import annotations

from portal.maps.population import neighborhood_population

COMBINED = {
    "Allston / Brighton": (("Allston", "Brighton"), ("Allston", "Brighton")),
    "Back Bay": (("Back Bay-Bay Village", "Bay Village"), ("Back Bay-Bay Village",)),
    "Downtown / Financial District": (("Downtown", "Chinatown", "Leather District", "North End", "West End"),
                                      ("Downtown", "Chinatown", "North End", "West End")),
    "Fenway / Kenmore / Audubon Circle / Longwood": (("Fenway", "Fenway-Kenmore", "Longwood"),
                                                     ("Fenway-Kenmore", "Longwood")),
    "Greater Mattapan": (("Mattapan",), ("Mattapan",)),
    "South Boston / South Boston Waterfront": (("South Boston", "South Boston Waterfront", "Seaport"),
                                               ("South Boston", "Seaport")),
}  # fmt: skip
SINGLE = ("Beacon Hill", "Charlestown", "Dorchester", "East Boston", "Hyde Park", "Jamaica Plain", "Mission Hill",
          "Roslindale", "Roxbury", "South End", "West Roxbury")  # fmt: skip
AREA_OF = {name: name for name in (*SINGLE, *COMBINED)} | {
    alias: area for area, (aliases, _outlines) in COMBINED.items() for alias in aliases
}
OUTLINES_OF = {name: (name,) for name in SINGLE} | {area: outlines for area, (_a, outlines) in COMBINED.items()}
NO_AREA = "(no neighborhood)"


def area(neighborhood: str | None) -> str:
    return AREA_OF.get(neighborhood or "", NO_AREA)


def area_of_outline() -> dict[str, str]:
    """Outline name (data/boston_neighborhoods.geojson) -> the area it is drawn for."""
    return {outline: name for name, outlines in OUTLINES_OF.items() for outline in outlines}


def area_residents() -> dict[str, int | None]:
    """Residents of each area: the sum of its outlines' figures, None when one of them has none."""
    people = neighborhood_population()
    return {name: sum(people[o] for o in outlines) if all(people.get(o) for o in outlines) else None
            for name, outlines in OUTLINES_OF.items()}  # fmt: skip
