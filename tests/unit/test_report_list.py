"""The list beside the live map: the map's filter, newest first, with the reports the map cannot place;
and its table, where people's text stays text and each report number is a link to its public page.

The six cases of the `city` fixture (tests/unit/conftest.py): 4 open, 2 closed, one without a place.
"""

from datetime import UTC, datetime

import pandas as pd
import pytest

from portal.maps.mapdata import MapFilter, status_counts
from portal.maps.report_list import REPORT_LIST_COLUMNS, report_list
from portal.ui.list_view import REPORT_HEADERS, markdown_table


@pytest.mark.parametrize("kwargs", [{}, {"statuses": ("closed",)}, {"neighborhoods": ("Dorchester",)},
                                    {"text": "graffiti"}])  # fmt: skip
def test_the_list_holds_the_maps_filtered_reports_newest_first(city, kwargs):
    f = MapFilter(**kwargs)
    rows = report_list(city, f)
    counts, _located = status_counts(city, f)
    assert list(rows.columns) == REPORT_LIST_COLUMNS
    assert len(rows) == counts.total  # located or not: the list also holds what the map cannot place
    assert rows["opened"].is_monotonic_decreasing


def test_the_list_stops_at_its_limit(city):
    assert len(report_list(city, MapFilter(), limit=2)) == 2


def test_the_table_links_report_numbers_and_keeps_text_as_text():
    rows = pd.DataFrame([{"report": "AB12", "type": "Pothole | deep", "status": "open", "neighborhood": None,
                          "address": "12 Main St\nBoston [x](http://evil)",
                          "opened": datetime(2015, 3, 4, 19, 5, tzinfo=UTC)}])  # fmt: skip
    table = markdown_table(rows, REPORT_HEADERS).splitlines()
    assert table[0] == "| Report | Type | Status | Neighborhood | Address | Opened |"
    assert len(table) == 3  # the line break in the address did not end the row
    cells = table[2].split(" | ")
    assert cells[0] == "| [AB12](/request?id=AB12)"
    assert cells[1] == r"Pothole \| deep"  # an escaped pipe is no new cell
    assert cells[3] == "—"
    assert r"\[x\]\(http" in cells[4]
    assert cells[5] == "Mar 4, 2015, 2:05 PM |"
