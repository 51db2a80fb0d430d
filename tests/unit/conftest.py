"""Fixtures for the unit tests: tiny Boston 311 CSVs written on the fly, six known cases in a shared
database for the read-only map and report tests, and table counts.

The CSVs use the 2015 layout (upper-case columns, US-style Boston local times) because most rules
are layout-independent; the layout-specific tests read the real schema samples instead.
"""

from __future__ import annotations

import csv
import gzip
import itertools
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session

from portal.db import make_engine, upgrade
from portal.imports.importer import import_311
from portal.reports.models import Report, ReportEvent, ServiceType
from tests.conftest import FIXTURES

CASE_2015_COLUMNS = (
    "CASE_ENQUIRY_ID", "OPEN_DT", "TARGET_DT", "CLOSED_DT", "CASE_STATUS", "CLOSURE_REASON",
    "CASE_TITLE", "SUBJECT", "REASON", "TYPE", "Department", "Location", "neighborhood",
    "LATITUDE", "LONGITUDE", "Source",
)  # fmt: skip

# An open street-light case at Fenway Park; each test overrides only what it is about.
DEFAULT_2015_CASE = {
    "OPEN_DT": "03/02/2015 10:00:00 AM",
    "TARGET_DT": "",
    "CLOSED_DT": "",
    "CASE_STATUS": "Open",
    "CLOSURE_REASON": "",
    "CASE_TITLE": "Street Light Outages",
    "SUBJECT": "Public Works Department",
    "REASON": "Street Lights",
    "TYPE": "Street Light Outages",
    "Department": "PWDx",
    "Location": "4 Jersey St  Boston  MA  02215",
    "neighborhood": "Fenway / Kenmore / Audubon Circle / Longwood",
    "LATITUDE": "42.3467",
    "LONGITUDE": "-71.0972",
    "Source": "Citizens Connect App",
}

SIGNS = {"SUBJECT": "Transportation - Traffic Division", "REASON": "Signs & Signals",
         "TYPE": "Sign Repair", "Department": "BTDT"}  # fmt: skip
GRAFFITI = {"SUBJECT": "Property Management", "REASON": "Graffiti", "TYPE": "Graffiti Removal",
            "Department": "PROP"}  # fmt: skip

# Six cases chosen so that every map filter splits them differently (see test_mapdata.py).
# Times are Boston local; 2015-03-02 11:30 PM is already March 3 in UTC.
CITY_CASES = [
    {"CASE_ENQUIRY_ID": "101", "OPEN_DT": "03/02/2015 11:30:00 PM",
     "CASE_TITLE": "Street Light Outages/LAMP #N_14",
     "LATITUDE": "42.34671234", "LONGITUDE": "-71.09723456"},
    {"CASE_ENQUIRY_ID": "102", "OPEN_DT": "03/03/2015 12:00:00 AM",
     "CLOSED_DT": "03/04/2015 09:00:00 AM", "CASE_STATUS": "Closed", "CLOSURE_REASON": "Case Resolved",
     "CASE_TITLE": "Street Light Outages/LAMP #N914", "Location": "145 Ipswich St  Boston  MA  02215",
     "LATITUDE": "42.3474", "LONGITUDE": "-71.0944", "Source": "Constituent Call"},
    {"CASE_ENQUIRY_ID": "103", "OPEN_DT": "03/10/2015 09:00:00 AM", **GRAFFITI,
     "CASE_TITLE": "Graffiti Removal", "Location": "24 Beacon St  Boston  MA  02108",
     "neighborhood": "Beacon Hill", "LATITUDE": "42.3550", "LONGITUDE": "-71.0655",
     "Source": "Constituent Call"},
    {"CASE_ENQUIRY_ID": "104", "OPEN_DT": "03/20/2015 02:00:00 PM", **SIGNS,
     "CLOSED_DT": "03/21/2015 08:00:00 AM", "CASE_STATUS": "Closed", "CLOSURE_REASON": "Case Resolved",
     "CASE_TITLE": "Sign 50% faded", "Location": "70 Ceylon St  Dorchester  MA  02121",
     "neighborhood": "Dorchester", "LATITUDE": "42.3103", "LONGITUDE": "-71.0728",
     "Source": "Employee Generated"},
    {"CASE_ENQUIRY_ID": "105", "OPEN_DT": "04/01/2015 10:00:00 AM", **SIGNS,
     "CASE_TITLE": "Sign 50 faded", "Location": "5 Adams St  Dorchester  MA  02122",
     "neighborhood": "Dorchester", "LATITUDE": "42.3003", "LONGITUDE": "-71.0600",
     "Source": "Self Service"},
    # Not geocoded: Boston 311's City Hall placeholder, and no neighborhood given.
    {"CASE_ENQUIRY_ID": "106", "OPEN_DT": "04/02/2015 10:00:00 AM", **GRAFFITI,
     "CASE_TITLE": "Graffiti Removal", "Location": "1 City Hall Plz  Boston  MA  02108",
     "neighborhood": "", "LATITUDE": "42.3594", "LONGITUDE": "-71.0587",
     "Source": "Constituent Call"},
]  # fmt: skip

WriteCsv = Callable[..., Path]


def write_rows(path: Path, rows: list[list[str]]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as out:
        csv.writer(out).writerows(rows)
    return path


def write_2015_cases(path: Path, cases: list[dict | list[str]]) -> Path:
    """A dict is merged over the default case; a list is written as it is (a malformed row)."""
    rows = [list(CASE_2015_COLUMNS)]
    for case in cases:
        if isinstance(case, dict):
            merged = {**DEFAULT_2015_CASE, **case}
            rows.append([merged[column] for column in CASE_2015_COLUMNS])
        else:
            rows.append(case)
    return write_rows(path, rows)


@pytest.fixture
def write_2015_csv(tmp_path) -> WriteCsv:
    """Write cases in the 2015 layout into the test's folder."""

    def write(cases: list[dict | list[str]], name: str = "cases_2015.csv") -> Path:
        return write_2015_cases(tmp_path / name, cases)

    return write


@pytest.fixture
def real_sample_head(tmp_path) -> Callable[[str, int], Path]:
    """The header and first `rows` cases of a real export under tests/fixtures, as a small CSV."""

    def head(relative: str, rows: int) -> Path:
        source = FIXTURES / relative
        opener = gzip.open if source.suffix == ".gz" else open
        with opener(source, "rt", newline="", encoding="utf-8") as file:
            lines = list(itertools.islice(csv.reader(file), rows + 1))
        return write_rows(tmp_path / f"head_{rows}_{Path(relative).name.removesuffix('.gz')}", lines)

    return head


@pytest.fixture
def table_counts(engine) -> Callable[[], dict[str, int]]:
    """Rows in the tables an import writes to; all zero means nothing was written."""

    def counts() -> dict[str, int]:
        with engine.connect() as connection:
            return {
                model.__tablename__: connection.scalar(select(func.count()).select_from(model))
                for model in (Report, ServiceType, ReportEvent)
            }

    return counts


@pytest.fixture
def city_cases_csv(write_2015_csv) -> Path:
    return write_2015_csv(CITY_CASES, name="city_cases.csv")


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def city_database(request, tmp_path_factory) -> Iterator[Engine]:
    """The six `CITY_CASES` in a database of their own, imported once per test module and backend.

    Importing them again for each of the many map and report tests that only read would be most of
    the suite's time. A test that writes uses `engine` and imports `city_cases_csv` itself.
    """
    folder = tmp_path_factory.mktemp("city")
    if request.param == "sqlite":
        shutil.copy(request.getfixturevalue("sqlite_template"), folder / "portal.sqlite3")
        url = f"sqlite:///{folder / 'portal.sqlite3'}"
    else:
        server = request.getfixturevalue("postgres")
        if server is None:
            pytest.skip("PostgreSQL is not available here")
        name = "city_" + request.module.__name__.rsplit(".", 1)[-1]
        admin = make_engine(server.url)
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text(f"CREATE DATABASE {name}"))
        admin.dispose()
        url = server.database_url(name)
    engine = make_engine(url)
    upgrade(engine)
    import_311(engine, write_2015_cases(folder / "city_cases.csv", CITY_CASES))
    yield engine
    engine.dispose()


@pytest.fixture
def city(city_database) -> Iterator[Session]:
    """A session on the shared city cases, for reading only: it is rolled back, never committed."""
    with Session(city_database) as session:
        yield session
        session.rollback()


@pytest.fixture
def pothole_type(engine) -> int:
    """Boston's "Request for Pothole Repair" type, committed, for tests that file reports."""
    with Session(engine) as session, session.begin():
        pothole = ServiceType(subject="Public Works Department", reason="Highway Maintenance",
                              name="Request for Pothole Repair", department="PWDx")  # fmt: skip
        session.add(pothole)
        session.flush()
        return pothole.id
