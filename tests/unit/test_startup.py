"""Startup: demo data goes into an empty database only; demo accounts and coaches in demo mode, refused in
production; a second run changes nothing."""

import pytest
from sqlalchemy import func, select

from portal.accounts.demo import DEMO_COACHES, DEMO_USERNAMES
from portal.accounts.models import User
from portal.config import Mode, load_settings
from portal.db import session_factory, transaction
from portal.imports.importer import import_311
from portal.projects.models import CoachProfile
from portal.reports.models import Report
from portal.startup import StartupRefused, load_demo_if_empty, prepare


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


@pytest.fixture
def settings_for(database_url, city_cases_csv, monkeypatch):
    """The settings a server started with PORTAL_MODE=`mode` would read, on the test database."""

    def settings(mode: str):
        monkeypatch.setenv("DATABASE_URL", database_url)
        monkeypatch.setenv("PORTAL_DEMO_DATA", str(city_cases_csv))
        monkeypatch.setenv("PORTAL_MODE", mode)
        return load_settings()

    return settings


def test_prepare_follows_the_import_and_a_second_run_changes_nothing(settings_for):
    seen = []
    engine = prepare(settings_for(Mode.DEMO), lambda done, total: seen.append((done, total)))
    with session_factory(engine)() as session:
        people = {u.username: u.role for u in session.scalars(select(User))}
        profiles = session.scalar(select(func.count()).select_from(CoachProfile))
    assert seen and seen[-1][0] == seen[-1][1]
    assert set(DEMO_USERNAMES.values()) | set(DEMO_COACHES) == set(people)
    assert profiles == 1 + len(DEMO_COACHES)
    engine.dispose()

    again = []
    engine = prepare(settings_for(Mode.DEMO), lambda done, total: again.append(done))
    with session_factory(engine)() as session:
        assert session.scalar(select(func.count()).select_from(User)) == len(people)
        assert session.scalar(select(func.count()).select_from(CoachProfile)) == profiles
        assert session.scalar(select(func.count()).select_from(Report)) == 6
    assert again == []
    engine.dispose()


@pytest.mark.parametrize("still_active", [None, "demo-admin", "demo-coach-wei"])
def test_production_refuses_while_any_demo_account_is_active(settings_for, still_active):
    engine = prepare(settings_for(Mode.DEMO))
    with transaction(engine) as session:
        for user in session.scalars(select(User)):
            user.active = user.username == still_active
    if still_active:
        with pytest.raises(StartupRefused, match=still_active):
            prepare(settings_for(Mode.PRODUCTION))
    else:
        prepare(settings_for(Mode.PRODUCTION)).dispose()
    engine.dispose()
