"""Maps: Boston's geography and the live map of reports.

`geo` (neighborhood outlines, point in polygon, "is this point in Boston"), `cells` (H3 cells stored
with each report), `population` (residents per neighborhood), `mapdata` (a `MapFilter` → points or
per-cell counts in SQL), `layers` (pydeck layers), `geocode` (addresses and points: the offline
gazetteer built from 311 records, or an online provider through geopy).

May import: `config`, `db`, `display` and `reports.models` (the map reads reports; it never files or
changes one).
"""
