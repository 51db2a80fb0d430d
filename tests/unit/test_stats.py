"""Headline counts, as `python -m portal stats --json` prints them."""

from portal.reports.stats import report_stats


def test_counts_of_the_city_cases(city):
    stats = report_stats(city)

    assert stats == {
        "total": 6,
        "by_status": {"open": 4, "closed": 2},
        "by_type": {"Graffiti Removal": 2, "Sign Repair": 2, "Street Light Outages": 2},
        "by_neighborhood": {
            "Dorchester": 2,
            "Fenway / Kenmore / Audubon Circle / Longwood": 2,
            "Beacon Hill": 1,
            "unknown": 1,  # case 106 has neither a neighborhood nor a location to look one up
        },
    }


def test_most_reports_come_first(city):
    stats = report_stats(city)
    for key in ("by_status", "by_type", "by_neighborhood"):
        counts = list(stats[key].values())
        assert counts == sorted(counts, reverse=True), key


def test_an_empty_database(session):
    assert report_stats(session) == {"total": 0, "by_status": {}, "by_type": {}, "by_neighborhood": {}}
