"""The mapping table names real Boston types, with the hierarchy the portal files them under."""

from __future__ import annotations

import pandas as pd
import pytest

from portal.config import DATA_DIR
from portal.triage.categories import CITY_CATEGORIES, PORTAL_TYPES, PortalType, mapped_type, portal_type


def test_every_mapped_category_names_a_type_in_the_table():
    names = {portal_type.name for portal_type in PORTAL_TYPES}
    assert len(names) == len(PORTAL_TYPES)
    used = {name for categories in CITY_CATEGORIES.values() for name in categories.values() if name}
    assert used == names


def test_types_said_to_be_in_the_demo_data_are_there_with_the_same_hierarchy():
    demo = pd.read_csv(DATA_DIR / "boston311_2015_sample.csv.gz", dtype=str, keep_default_na=False,
                       usecols=["SUBJECT", "REASON", "TYPE", "Department"])  # fmt: skip
    known = set(demo.itertuples(index=False, name=None))
    for candidate in PORTAL_TYPES:
        in_demo = any(row[2] == candidate.name for row in known)
        assert in_demo == candidate.in_demo, candidate.name
        if in_demo:
            hierarchy = (candidate.subject, candidate.reason, candidate.name)
            assert any(row[:3] == hierarchy for row in known)


@pytest.mark.parametrize(("city", "category", "expected"), [
    ("newhaven", "Potholes", "Request for Pothole Repair"),
    ("newport", "Storm Drain", "Catchbasin"),
    ("georgia", "Lane markings", "New Sign  Crosswalk or Pavement Marking"),
    ("newhaven", "Other", None),
    ("newhaven", "Other - city responsibility", None),  # a catch-all, not "Public Works General Request"
    ("newhaven", "Repairs", "Sidewalk Repair"),
    ("georgia", "not a category", None),
])  # fmt: skip
def test_mapped_type(city, category, expected):
    assert mapped_type(city, category) == expected


def test_portal_type_gives_what_is_needed_to_create_the_service_type():
    assert portal_type("Request for Pothole Repair") == PortalType(
        "Request for Pothole Repair", "Public Works Department", "Highway Maintenance", "PWDx", in_demo=False
    )
    assert portal_type("Rodent Activity") is None
