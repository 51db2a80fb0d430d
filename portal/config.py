"""Settings in one place, read from the environment.

Why the environment: the same code runs on a laptop (SQLite file, demo data), in CI (a throwaway
PostgreSQL server) and in production (a managed PostgreSQL), and only `DATABASE_URL` differs.
"""

from __future__ import annotations

import os
import secrets
import tempfile
import tomllib
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
BOSTON_TZ = ZoneInfo("America/New_York")

# Boston 311 puts un-geocoded cases at City Hall; such a point says "no location", not "City Hall".
CITY_HALL_PLACEHOLDER = (42.3594, -71.0587)


class Mode:
    """`PORTAL_MODE`: demo (the README's run command: demo accounts, one per role) or production."""

    DEMO = "demo"
    PRODUCTION = "production"


@dataclass(frozen=True)
class Settings:
    database_url: str
    demo_data_path: Path
    neighborhoods_path: Path
    mode: str
    cookie_key: str


def default_database_url() -> str:
    """A SQLite file in the git-ignored `var/` folder beside the code."""
    var_dir = PROJECT_ROOT / "var"
    var_dir.mkdir(exist_ok=True)
    return f"sqlite:///{var_dir / 'portal.sqlite3'}"


def load_settings() -> Settings:
    mode = os.environ.get("PORTAL_MODE", Mode.PRODUCTION)
    if mode not in (Mode.DEMO, Mode.PRODUCTION):
        raise ValueError(f"PORTAL_MODE must be '{Mode.DEMO}' or '{Mode.PRODUCTION}', not {mode!r}.")
    return Settings(
        database_url=os.environ.get("DATABASE_URL") or default_database_url(),
        demo_data_path=Path(
            os.environ.get("PORTAL_DEMO_DATA", DATA_DIR / "boston311_2015_sample.csv.gz")
        ),
        neighborhoods_path=DATA_DIR / "boston_neighborhoods.geojson",
        mode=mode,
        cookie_key=cookie_key(),
    )


def reports_per_hour() -> int:
    """How many reports one person (or one anonymous visitor's address) may file in a clock hour."""
    return int(os.environ.get("PORTAL_REPORTS_PER_HOUR", "10"))


def bump_uploads_per_hour() -> int:
    """How many Street Bump uploads one account may make in a clock hour (the command line is not limited)."""
    return int(os.environ.get("PORTAL_BUMP_UPLOADS_PER_HOUR", "6"))


def public_url() -> str:
    """The portal's address as residents reach it (`PORTAL_PUBLIC_URL`), for links that leave the browser:
    the Atom feed and the Open311 records. Pages link with relative paths and need no setting."""
    return (os.environ.get("PORTAL_PUBLIC_URL") or "http://localhost:8501").rstrip("/")


def feeds_url() -> str:
    """Where `serve-open311` answers as followers reach it (`PORTAL_FEEDS_URL`): the Atom feeds of area
    alerts live there at `/feeds/follow/TOKEN.atom`, since a Streamlit page cannot serve a feed file."""
    return (os.environ.get("PORTAL_FEEDS_URL") or "http://localhost:8311").rstrip("/")


def open311_answers_with_token() -> bool:
    """What `serve-open311` answers a POST with (`PORTAL_OPEN311_POST_ANSWER`): `service_request_id`
    (the default: the report exists at once) or `token`, the spec's answer of a server that files
    later, for a client that resolves it through `tokens/TOKEN.json` (a partner testing that path)."""
    answer = os.environ.get("PORTAL_OPEN311_POST_ANSWER", "").strip() or "service_request_id"
    if answer not in ("service_request_id", "token"):
        raise ValueError(f"PORTAL_OPEN311_POST_ANSWER={answer!r}: use service_request_id or token.")
    return answer == "token"


@dataclass(frozen=True)
class MailSettings:
    """Outbound email: `PORTAL_SMTP_URL` (`smtp://user:pass@host:587?starttls=1`, `smtps://…:465`;
    `?timeout=S`) and `PORTAL_MAIL_FROM`. No URL: messages queue in the outbox and nothing is sent."""

    smtp_url: str | None
    mail_from: str
    per_day: int  # messages one address receives in 24 hours before the rest wait for its digest
    digest_hour: int  # Boston hour when daily digests are built
    max_attempts: int


def mail_settings() -> MailSettings:
    return MailSettings(
        smtp_url=os.environ.get("PORTAL_SMTP_URL") or None,
        mail_from=os.environ.get("PORTAL_MAIL_FROM") or "Boston Civic Portal <no-reply@localhost>",
        per_day=int(os.environ.get("PORTAL_MESSAGES_PER_DAY", "20")),
        digest_hour=int(os.environ.get("PORTAL_DIGEST_HOUR", "7")),
        max_attempts=int(os.environ.get("PORTAL_SMTP_MAX_ATTEMPTS", "8")),
    )


def leaderboard_shows_private() -> bool:
    """Leaderboards list people who did not opt in as "a resident" (`PORTAL_LEADERBOARD_SHOW_PRIVATE=1`,
    the default) or leave them out (`0`); their points count either way."""
    return os.environ.get("PORTAL_LEADERBOARD_SHOW_PRIVATE", "1") != "0"


def bcrypt_rounds() -> int:
    """bcrypt's work factor; tests lower it (`PORTAL_BCRYPT_ROUNDS=4`) to stay fast."""
    return int(os.environ.get("PORTAL_BCRYPT_ROUNDS", "12"))


@dataclass(frozen=True)
class PhotoSettings:
    """Where report photos are kept: a folder, or an S3-compatible bucket when `bucket` is set.

    Bucket credentials and region are not here: boto3 reads them itself (`AWS_ACCESS_KEY_ID`,
    `AWS_SECRET_ACCESS_KEY`, `AWS_REGION`, a profile or an instance role), so no secret passes
    through our code.
    """

    directory: Path
    bucket: str | None
    endpoint_url: str | None  # MinIO, Cloudflare R2 and friends; None for AWS itself
    prefix: str


def photo_settings() -> PhotoSettings:
    return PhotoSettings(
        directory=Path(os.environ.get("PORTAL_PHOTO_DIR") or PROJECT_ROOT / "var" / "photos"),
        bucket=os.environ.get("PORTAL_PHOTO_BUCKET") or None,
        endpoint_url=os.environ.get("PORTAL_PHOTO_ENDPOINT") or None,
        prefix=os.environ.get("PORTAL_PHOTO_PREFIX", ""),
    )


OSM_TILES_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = '© <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
NO_TILES = "none"


@dataclass(frozen=True)
class TileSettings:
    """The raster tiles under the folium maps; `url` None means no tiles (the outlines alone)."""

    url: str | None
    attribution: str


def tile_settings() -> TileSettings:
    """`PORTAL_TILES_URL` (an `{z}/{x}/{y}` template, or `none`) and its `PORTAL_TILES_ATTRIBUTION`.

    The default is OpenStreetMap's standard tiles, which need no key (fair use: a city's own
    portal at scale should run or rent a tile server and point this at it).
    """
    url = os.environ.get("PORTAL_TILES_URL") or OSM_TILES_URL
    if url.lower() == NO_TILES:
        return TileSettings(None, "")
    attribution = os.environ.get("PORTAL_TILES_ATTRIBUTION") or (OSM_ATTRIBUTION if url == OSM_TILES_URL else "")
    if not attribution:
        raise ValueError("PORTAL_TILES_URL needs PORTAL_TILES_ATTRIBUTION: the credit line its provider asks for.")
    return TileSettings(url, attribution)


def cookie_key() -> str:
    """The key that signs the one-time sign-in codes (`portal.accounts.sessions`): environment, then
    .streamlit/secrets.toml, then a random key generated once into a git-ignored file. Never a default
    written in the code."""
    if key := os.environ.get("PORTAL_COOKIE_KEY"):
        return key
    secrets_file = PROJECT_ROOT / ".streamlit" / "secrets.toml"
    if secrets_file.is_file():
        if key := tomllib.loads(secrets_file.read_text()).get("cookie_key"):
            return key
    return generated_key(PROJECT_ROOT / "var" / "cookie_key")


def generated_key(path: Path) -> str:
    """The key in `path`, generated there first if there is none; the same in every process.

    Processes starting together race to create it, so the file never exists half-written: each
    writes its own candidate to a private temporary file and hard-links it into place, which fails
    for all but the first; everyone then reads the winner. (An empty file, which the old
    touch-then-write left behind when a process stopped between the two, is replaced.)
    """
    if key := _read_key(path):
        return key
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, candidate = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")  # mode 0600
    try:
        with os.fdopen(descriptor, "w") as file:
            file.write(secrets.token_urlsafe(48))
            file.flush()
            os.fsync(file.fileno())
        try:
            os.link(candidate, path)
        except FileExistsError:
            if not _read_key(path):
                os.replace(candidate, path)
    finally:
        Path(candidate).unlink(missing_ok=True)
    return _read_key(path)


def _read_key(path: Path) -> str:
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        return ""


GEOCODERS = ("offline", "nominatim", "arcgis", "pelias")


@dataclass(frozen=True)
class GeocoderSettings:
    """Which service turns typed addresses into points: the offline gazetteer shipped in `data/`, or
    an online provider through geopy with the gazetteer behind it whenever the provider fails."""

    provider: str
    url: str | None  # a self-hosted Nominatim or Pelias (`https://host/path`); None: the provider's own
    api_key: str | None
    user_agent: str  # Nominatim's usage policy asks every application to name itself
    gazetteer_path: Path


def geocoder_settings() -> GeocoderSettings:
    """`PORTAL_GEOCODER` (offline by default), `PORTAL_GEOCODER_URL`, `PORTAL_GEOCODER_KEY`,
    `PORTAL_GEOCODER_USER_AGENT`, and `PORTAL_GAZETTEER` for another gazetteer file."""
    provider = (os.environ.get("PORTAL_GEOCODER") or "offline").strip().lower()
    if provider not in GEOCODERS:
        raise ValueError(f"PORTAL_GEOCODER must be one of {', '.join(GEOCODERS)}, not {provider!r}.")
    url = os.environ.get("PORTAL_GEOCODER_URL") or None
    if provider == "pelias" and not url:
        raise ValueError("PORTAL_GEOCODER=pelias needs PORTAL_GEOCODER_URL: the address of the Pelias server.")
    return GeocoderSettings(
        provider=provider,
        url=url,
        api_key=os.environ.get("PORTAL_GEOCODER_KEY") or None,
        user_agent=os.environ.get("PORTAL_GEOCODER_USER_AGENT") or "boston-civic-portal",
        gazetteer_path=Path(os.environ.get("PORTAL_GAZETTEER") or DATA_DIR / "boston_gazetteer.csv.gz"),
    )


@dataclass(frozen=True)
class Open311SyncSettings:
    """The upstream Open311 worker (`python -m portal open311-sync`): `PORTAL_OPEN311_ROUTES` (the
    routing table, a TOML file; unset: nothing is sent), and in seconds `PORTAL_OPEN311_TIMEOUT` per
    call, `PORTAL_OPEN311_RETRY_SECONDS` (the first retry's wait, doubling up to an hour),
    `PORTAL_OPEN311_POLL_SECONDS` (how often each sent report's status is asked) and
    `PORTAL_OPEN311_SYNC_SECONDS` (the pause between passes)."""

    routes_path: Path | None
    timeout: float
    retry_seconds: float
    poll_seconds: float
    pass_seconds: float


def open311_sync_settings() -> Open311SyncSettings:
    routes = os.environ.get("PORTAL_OPEN311_ROUTES", "").strip()
    return Open311SyncSettings(
        routes_path=Path(routes) if routes else None,
        timeout=float(os.environ.get("PORTAL_OPEN311_TIMEOUT", "10")),
        retry_seconds=float(os.environ.get("PORTAL_OPEN311_RETRY_SECONDS", "30")),
        poll_seconds=float(os.environ.get("PORTAL_OPEN311_POLL_SECONDS", "300")),
        pass_seconds=float(os.environ.get("PORTAL_OPEN311_SYNC_SECONDS", "5")),
    )


def boston_midnight(day: date) -> datetime:
    """The first moment of a Boston calendar day, as an aware datetime."""
    return datetime.combine(day, time(0), tzinfo=BOSTON_TZ)
