"""H3 cells of report locations, stored with each report so the map can count by cell in SQL."""

from __future__ import annotations

from h3.api import basic_int as h3


def h3_cells(lats: list[float | None], lons: list[float | None]) -> tuple[list, list]:
    """Resolution 8 and 9 cells of each point, None where there is no point."""
    r9 = [None if lat is None else h3.latlng_to_cell(lat, lon, 9) for lat, lon in zip(lats, lons)]
    return [None if cell is None else h3.cell_to_parent(cell, 8) for cell in r9], r9
