"""The live map's downloads: CSV and GeoJSON of the reports its filters match, built only when clicked."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from portal.i18n import _, format_decimal
from portal.maps.mapdata import MapFilter
from portal.open311.export import MAP_DOWNLOAD_LIMIT, map_download
from portal.ui.resources import read_session

FILES = {"csv": ("CSV", "boston-311-reports.csv", "text/csv"),
         "geojson": ("GeoJSON", "boston-311-reports.geojson", "application/geo+json")}  # fmt: skip


def _builder(f: MapFilter, fmt: str) -> Callable[[], bytes]:
    def build() -> bytes:
        with read_session() as session:
            return map_download(session, f, fmt)

    return build


def download_buttons(f: MapFilter) -> None:
    st.sidebar.caption(_("Download the matching reports (newest {count}; no personal data):").format(
        count=format_decimal(MAP_DOWNLOAD_LIMIT)))
    for fmt, (label, file_name, mime) in FILES.items():
        st.sidebar.download_button(label, _builder(f, fmt), file_name=file_name, mime=mime, key=f"map-{fmt}")
