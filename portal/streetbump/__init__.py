"""Street Bump: potholes found by many phones jolting at the same spot.

`formats` reads the two upload formats, `jolts` finds jolts in raw sensor readings, `clustering`
groups jolts into spots under the K-pass rule, `spots` turns new spots into reports, support or
known features, and `ingest` runs an upload through all of it. `coverage` records where phones
drove, `distances` measures metres between points, `view` and `layers` feed the page's map, and
`simulator` drives virtual phones for the benchmark.

May import: `config`, `db`, `display`, `accounts`, `maps`, `imports` (the reject format), `reports`,
`triage` (the pothole type), `recognition.events`, `recognition.rules` and `open311.routing` (a
new pothole report's send row).
"""
