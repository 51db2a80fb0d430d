"""Getting a database ready to serve: schema upgraded, demo data loaded into an empty one, and the
demo accounts present in demo mode and refused in production.

`make run` calls `prepare` through `python -m portal db prepare` before it starts the server, so the
first visitor does not wait for the demo import; every page still calls it (Streamlit can serve a page
by its URL before anything else ran), and on a prepared database it only checks and returns.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, exists, select

from portal.accounts.demo import active_demo_accounts, ensure_demo_accounts
from portal.config import Mode, Settings, tile_settings
from portal.db import make_engine, session_factory, transaction, upgrade
from portal.imports.importer import ImportSummary, Progress, import_311
from portal.projects.coaches import ensure_demo_coaches
from portal.reports.models import Report
from portal.reports.service_types import ensure_suggestible_types


class StartupRefused(RuntimeError):
    """The portal must not serve in this state; the message says how to fix it."""


def prepare(settings: Settings, progress: Progress | None = None) -> Engine:
    """Migrate, load the demo sample into an empty database, and check the accounts for the mode.

    `progress(done, total)` follows the demo import (bytes of the file), the one slow step.
    """
    check_map_tiles()
    engine = make_engine(settings.database_url)
    upgrade(engine)
    load_demo_if_empty(engine, settings.demo_data_path, progress)
    with transaction(engine) as session:
        ensure_suggestible_types(session)
    check_accounts_for_mode(engine, settings.mode)
    return engine


def check_map_tiles() -> None:
    """A tile setting the maps cannot use stops the start with its reason, not every map with a traceback."""
    try:
        tile_settings()
    except ValueError as error:
        raise StartupRefused(str(error)) from None


def check_accounts_for_mode(engine: Engine, mode: str) -> None:
    with transaction(engine) as session:
        if mode == Mode.DEMO:
            ensure_demo_accounts(session)
            ensure_demo_coaches(session)
        elif demo := active_demo_accounts(session):
            raise StartupRefused(
                f"Production mode refuses to start while demo accounts are active ({', '.join(demo)}). "
                "Deactivate them on the Admin page in demo mode, or start with PORTAL_MODE=demo."
            )


def load_demo_if_empty(engine: Engine, path: Path, progress: Progress | None = None) -> ImportSummary | None:
    """Load the shipped sample of real Boston 311 cases, but only into a database with no reports."""
    with session_factory(engine)() as session:
        if session.scalar(select(exists().where(Report.id.is_not(None)))):
            return None
    return import_311(engine, path, progress=progress)
