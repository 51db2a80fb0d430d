"""Settings in one place, read from the environment.

Why the environment: the same code runs on a laptop (SQLite file, demo data), in CI (a throwaway
PostgreSQL server) and in production (a managed PostgreSQL), and only `DATABASE_URL` differs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
BOSTON_TZ = ZoneInfo("America/New_York")

# Boston 311 puts un-geocoded cases at City Hall; such a point says "no location", not "City Hall".
CITY_HALL_PLACEHOLDER = (42.3594, -71.0587)


@dataclass(frozen=True)
class Settings:
    database_url: str
    demo_data_path: Path
    neighborhoods_path: Path


def default_database_url() -> str:
    """A SQLite file in the git-ignored `var/` folder beside the code."""
    var_dir = PROJECT_ROOT / "var"
    var_dir.mkdir(exist_ok=True)
    return f"sqlite:///{var_dir / 'portal.sqlite3'}"


def load_settings() -> Settings:
    return Settings(
        database_url=os.environ.get("DATABASE_URL") or default_database_url(),
        demo_data_path=Path(
            os.environ.get("PORTAL_DEMO_DATA", DATA_DIR / "boston311_2015_sample.csv.gz")
        ),
        neighborhoods_path=DATA_DIR / "boston_neighborhoods.geojson",
    )
