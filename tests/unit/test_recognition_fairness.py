"""The fairness view: per-1,000 arithmetic, areas from every spelling, neighborhoods without figures."""

from datetime import timedelta

import pandas as pd
import pytest

from portal.accounts.permissions import SYSTEM
from portal.analytics.areas import NO_AREA, area_residents
from portal.analytics.summary import rebuild
from portal.maps.population import POPULATION_SOURCE, neighborhood_population
from portal.recognition import fairness as fair
from portal.recognition.ledger import reverse_user_points
from portal.recognition.periods import Period
from portal.recognition.rules import ME_TOO, REPORT_ACKNOWLEDGED
from tests.unit.recognition_view_fixtures import NOW, person, points, report


@pytest.mark.parametrize(
    ("count", "residents", "expected"),
    [(0, 1000, 0.0), (5, 1000, 5.0), (1, 3, 333.33), (7, 123268, 0.06), (3, None, None), (3, 0, None)],
)
def test_per_thousand(count, residents, expected):
    assert fair.per_thousand(count, residents) == expected


def test_areas_add_up_their_outlines_and_cite_the_source():
    population = neighborhood_population()
    residents = area_residents()
    assert residents["Allston / Brighton"] == population["Allston"] + population["Brighton"]
    assert fair.SOURCE == POPULATION_SOURCE


def test_an_empty_database_gives_every_area_with_zeros(session):
    table = fair.fairness(session, Period.ALL_TIME, NOW)
    assert list(table.columns) == fair.COLUMNS
    assert len(table) == len(area_residents())
    assert NO_AREA not in set(table["neighborhood"])
    assert (table[["reports", "contributors", "points"]] == 0).all().all()
    assert (table["reports per 1,000"] == 0).all()


def test_counts_per_thousand_by_area_and_period(session):
    alice, bob, carol = (person(session, name) for name in ("alice", "bob", "carol"))
    allston, brighton = report(session, "Allston"), report(session, "Allston / Brighton")
    report(session, "Brighton", NOW - timedelta(days=40))  # last month: all time only
    report(session, None)  # no neighborhood: its own row, no figure
    points(session, alice, REPORT_ACKNOWLEDGED, allston)
    points(session, alice, ME_TOO, brighton)  # the same person in two spellings of one area: once
    points(session, bob, ME_TOO, allston)
    dorchester = report(session, "Dorchester", NOW - timedelta(days=40))
    points(session, carol, REPORT_ACKNOWLEDGED, dorchester, at=NOW - timedelta(days=40))
    rebuild(session, NOW)
    session.flush()

    month = fair.fairness(session, Period.MONTH, NOW).set_index("neighborhood")
    residents = area_residents()["Allston / Brighton"]
    row = month.loc["Allston / Brighton"]
    assert (row["reports"], row["contributors"], row["points"]) == (2, 2, 9)
    assert row["reports per 1,000"] == row["contributors per 1,000"] == round(2000 / residents, 2) > 0
    assert month.loc["Dorchester", "contributors"] == 0
    assert month.loc[NO_AREA, "reports"] == 1
    assert month.loc[NO_AREA, "residents"] is pd.NA and month.loc[NO_AREA, "reports per 1,000"] is pd.NA
    assert month.index[-1] == NO_AREA

    every = fair.fairness(session, Period.ALL_TIME, NOW).set_index("neighborhood")
    assert every.loc["Allston / Brighton", "reports"] == 3
    assert every.loc["Dorchester", ["reports", "contributors", "points"]].tolist() == [1, 1, 5]


def test_reversed_points_no_longer_count(session):
    alice = person(session, "alice")
    points(session, alice, REPORT_ACKNOWLEDGED, report(session, "Roxbury"))
    reverse_user_points(session, SYSTEM, alice, "spam")
    table = fair.fairness(session, Period.WEEK, NOW).set_index("neighborhood")
    assert table.loc["Roxbury", ["contributors", "points"]].tolist() == [0, 0]
