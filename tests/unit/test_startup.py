"""Demo data goes into an empty database only."""

from portal.imports.importer import import_311
from portal.startup import load_demo_if_empty


def test_demo_data_is_loaded_into_an_empty_database_once(engine, city_cases_csv, table_counts):
    summary = load_demo_if_empty(engine, city_cases_csv)
    assert summary.inserted == 6
    counts = table_counts()

    assert load_demo_if_empty(engine, city_cases_csv) is None
    assert table_counts() == counts


def test_a_database_with_reports_gets_no_demo_data(engine, write_2015_csv, city_cases_csv, table_counts):
    import_311(engine, write_2015_csv([{"CASE_ENQUIRY_ID": "1"}]))

    assert load_demo_if_empty(engine, city_cases_csv) is None
    assert table_counts()["reports"] == 1
