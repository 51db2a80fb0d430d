"""The folium maps' common ground: the configured tiles (or none) and Boston's neighborhood outlines.

The outlines come from `data/boston_neighborhoods.geojson`, not from the tiles, so a map whose tiles
cannot load (offline, a provider that now wants a key, a city firewall) still shows where things are.
"""

from __future__ import annotations

import folium

from portal.config import tile_settings
from portal.maps.geo import boston

OUTLINE_STYLE = {"color": "#555", "weight": 1, "fillColor": "#f0f0eb", "fillOpacity": 0.25}


def base_map(center: tuple[float, float], zoom: int) -> folium.Map:
    """A folium map at `center` with the tiles from `PORTAL_TILES_URL` and the neighborhoods named on hover."""
    tiles = tile_settings()
    area = folium.Map(location=list(center), zoom_start=zoom, tiles=tiles.url, attr=tiles.attribution or None)
    folium.GeoJson(boston().geojson, name="Neighborhoods", style_function=lambda _: OUTLINE_STYLE,
                   tooltip=folium.GeoJsonTooltip(fields=["name"], labels=False)).add_to(area)  # fmt: skip
    return area
