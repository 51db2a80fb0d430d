"""The folium maps' tiles come from configuration (OpenStreetMap by default, no key) and the maps keep
Boston's outlines whether or not tiles load."""

import pytest

from portal.config import OSM_ATTRIBUTION, OSM_TILES_URL, TileSettings, tile_settings
from portal.maps.basemap import base_map
from portal.startup import StartupRefused, check_map_tiles

CUSTOM = "https://tiles.example.org/{z}/{x}/{y}.png"


@pytest.mark.parametrize(
    ("url", "attribution", "expected"),
    [
        (None, None, TileSettings(OSM_TILES_URL, OSM_ATTRIBUTION)),
        (CUSTOM, "© Example Maps", TileSettings(CUSTOM, "© Example Maps")),
        ("none", None, TileSettings(None, "")),
        ("NONE", "ignored", TileSettings(None, "")),
    ],
)
def test_tile_settings(monkeypatch, url, attribution, expected):
    for name, value in (("PORTAL_TILES_URL", url), ("PORTAL_TILES_ATTRIBUTION", attribution)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    assert tile_settings() == expected


def test_custom_tiles_without_their_credit_line_refuse_the_start(monkeypatch):
    monkeypatch.setenv("PORTAL_TILES_URL", CUSTOM)
    monkeypatch.delenv("PORTAL_TILES_ATTRIBUTION", raising=False)
    with pytest.raises(StartupRefused, match="PORTAL_TILES_ATTRIBUTION"):
        check_map_tiles()


@pytest.mark.parametrize(("url", "tiles_in_page"), [(None, "tile.openstreetmap.org"), ("none", None)])
def test_every_base_map_draws_the_neighborhoods_with_or_without_tiles(monkeypatch, url, tiles_in_page):
    monkeypatch.delenv("PORTAL_TILES_ATTRIBUTION", raising=False)
    if url:
        monkeypatch.setenv("PORTAL_TILES_URL", url)
    else:
        monkeypatch.delenv("PORTAL_TILES_URL", raising=False)
    html = base_map((42.36, -71.06), 12).get_root().render()
    assert "Jamaica Plain" in html and "Dorchester" in html
    assert "cartocdn" not in html.lower()
    assert ("tile.openstreetmap.org" in html) is bool(tiles_in_page)
    assert ("OpenStreetMap\\u003c/a\\u003e contributors" in html) is bool(tiles_in_page)
