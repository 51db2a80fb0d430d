from sqlalchemy import inspect


def test_schema_has_the_core_tables(engine):
    tables = set(inspect(engine).get_table_names())
    assert {"reports", "service_types", "report_events", "users"} <= tables
