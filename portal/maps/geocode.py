"""Geocoding: typed addresses ↔ points, for the report form, filing and the command line.

`geocode`, `reverse_geocode` and `suggest_addresses` use one geocoder per process, chosen by
`PORTAL_GEOCODER` (see `config.geocoder_settings`): by default the offline gazetteer built from
Boston's own 311 records (`geocode_gazetteer`), which needs no network and no key; or Nominatim,
ArcGIS or Pelias through geopy, with the gazetteer answering whenever the service fails, times out,
finds nothing or answers with a point outside Boston. Suggestions always come from the gazetteer:
public geocoders forbid autocomplete traffic, and a keystroke must not wait on the network.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from typing import Protocol
from urllib.parse import urlsplit

import numpy as np
from geopy.exc import GeopyError
from geopy.geocoders import ArcGIS, Nominatim, Pelias
from geopy.geocoders.base import Geocoder as GeopyGeocoder

from portal.config import GeocoderSettings, geocoder_settings
from portal.maps.geo import boston
from portal.maps.geocode_gazetteer import Gazetteer, Match, load_gazetteer

__all__ = ["Match", "geocode", "reverse_geocode", "suggest_addresses"]

ONLINE_TIMEOUT_S = 3  # a resident waits on the form; past this the gazetteer answers
TEXT_LIMIT = 200  # the longest address worth looking up (reports.address holds 200)


class Geocoder(Protocol):
    def geocode(self, text: str) -> Match | None: ...

    def reverse(self, lat: float, lon: float) -> str | None: ...

    def suggest(self, prefix: str, limit: int) -> list[str]: ...


@dataclass(frozen=True)
class OnlineGeocoder:
    """A geopy provider first, the gazetteer when it cannot help."""

    provider: GeopyGeocoder
    offline: Gazetteer

    def geocode(self, text: str) -> Match | None:
        query = text if "boston" in text.lower() else f"{text}, Boston, MA"
        try:
            found = self.provider.geocode(query, exactly_one=True, timeout=ONLINE_TIMEOUT_S)
        except (GeopyError, ValueError):
            found = None
        if found is not None and boston().in_city(np.array([found.latitude]), np.array([found.longitude]))[0]:
            lat, lon = float(found.latitude), float(found.longitude)
            return Match(lat, lon, found.address, boston().name_at(lat, lon))
        return self.offline.geocode(text)

    def reverse(self, lat: float, lon: float) -> str | None:
        try:
            found = self.provider.reverse((lat, lon), exactly_one=True, timeout=ONLINE_TIMEOUT_S)
        except (GeopyError, ValueError):
            found = None
        return found.address if found is not None else self.offline.reverse(lat, lon)

    def suggest(self, prefix: str, limit: int) -> list[str]:
        return self.offline.suggest(prefix, limit)


def online_provider(settings: GeocoderSettings) -> GeopyGeocoder:
    """The geopy class for `settings.provider`; building one opens no connection."""
    common = {"user_agent": settings.user_agent, "timeout": ONLINE_TIMEOUT_S}
    if settings.url:
        parts = urlsplit(settings.url if "://" in settings.url else f"https://{settings.url}")
        common |= {"scheme": parts.scheme, "domain": (parts.netloc + parts.path).rstrip("/")}
    if settings.provider == "nominatim":
        return Nominatim(**common)
    if settings.provider == "arcgis":
        return ArcGIS(**common)
    if settings.provider == "pelias":
        return Pelias(api_key=settings.api_key, **common)
    raise ValueError(f"{settings.provider!r} is not an online geocoder.")


def make_geocoder(settings: GeocoderSettings) -> Geocoder:
    offline = load_gazetteer(settings.gazetteer_path)
    return offline if settings.provider == "offline" else OnlineGeocoder(online_provider(settings), offline)


@cache
def default_geocoder() -> Geocoder:
    """The configured geocoder, built once per process (the gazetteer takes about a second to index)."""
    return make_geocoder(geocoder_settings())


def geocode(text: str) -> Match | None:
    """The point of a typed Boston address or intersection; None when it cannot be placed."""
    text = text.strip()
    if not text or len(text) > TEXT_LIMIT:
        return None
    return default_geocoder().geocode(text)


def reverse_geocode(lat: float, lon: float) -> str | None:
    """The known address nearest a point (within about 250 m offline); None when there is none."""
    if not (math.isfinite(lat) and math.isfinite(lon)):
        return None
    return default_geocoder().reverse(lat, lon)


def suggest_addresses(prefix: str, limit: int = 8) -> list[str]:
    """Up to `limit` addresses that complete what was typed, for the report form's address box."""
    prefix = prefix.strip()
    if not prefix or len(prefix) > TEXT_LIMIT:
        return []
    return default_geocoder().suggest(prefix, limit)
