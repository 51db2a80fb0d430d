"""Pieces of the "report a problem" page: type suggestions, the location picker, photos, duplicates."""

from __future__ import annotations

import folium
import streamlit as st
from streamlit_folium import st_folium

from portal.display import escape_markdown
from portal.maps.basemap import base_map
from portal.reports.nearby import NearbyReport
from portal.reports.photos import (
    MAX_PHOTO_MB,
    PHOTO_RULES,
    CleanPhoto,
    PhotoError,
    clean_photo,
    photo_location,
)
from portal.ui.resources import photo_store

NONE_OF_THESE = "none"


def type_chooser(suggestions: list[tuple[int, str, float]], all_types: dict[int, str]) -> int | None:
    """Up to five suggested types with their confidence, then "none of these" for the searchable full list."""
    options = [type_id for type_id, _, _ in suggestions] + [NONE_OF_THESE]
    labels = {type_id: f"{label} — {score:.0%} sure" for type_id, label, score in suggestions}
    labels[NONE_OF_THESE] = "None of these — show all types"
    picked = st.radio("Which of these is it?", options, format_func=labels.get, key="report_type_pick")
    if picked != NONE_OF_THESE:
        return picked
    return st.selectbox("All request types (type to search)", list(all_types), format_func=all_types.get,
                        index=None, placeholder="Start typing: pothole, graffiti, light…", key="report_type_all")  # fmt: skip


def location_picker(default: tuple[float, float] | None) -> tuple[float | None, float | None]:
    """Click on the map, or type the coordinates; the typed fields always win and always work offline."""
    lat0, lon0 = default or (42.3601, -71.0589)
    clicked_map = base_map((lat0, lon0), 13 if default else 12)
    if default:
        folium.Marker([lat0, lon0]).add_to(clicked_map)
    state = st_folium(clicked_map, height=320, key="report_map_click", returned_objects=["last_clicked"])
    clicked = (state or {}).get("last_clicked")
    if clicked and (clicked["lat"], clicked["lng"]) != st.session_state.get("report_last_click"):
        st.session_state["report_last_click"] = (clicked["lat"], clicked["lng"])
        st.session_state["report_lat"], st.session_state["report_lon"] = clicked["lat"], clicked["lng"]
    left, right = st.columns(2)
    lat = left.number_input("Latitude", value=None, format="%.6f", key="report_lat", placeholder="42.3601")
    lon = right.number_input("Longitude", value=None, format="%.6f", key="report_lon", placeholder="-71.0589")
    return lat, lon


def photo_inputs(max_photos: int) -> tuple[list[CleanPhoto], tuple[float, float] | None]:
    """Up to `max_photos` cleaned photos, and the first photo's GPS position if it has one."""
    uploads = st.file_uploader(
        f"Photos (optional, up to {max_photos}: JPEG, PNG or WebP, at most {MAX_PHOTO_MB} MB each)",
        type=["jpg", "jpeg", "png", "webp"], accept_multiple_files=True, key="report_photos",
        max_upload_size=MAX_PHOTO_MB, help=PHOTO_RULES,
    )  # fmt: skip
    photos, gps = [], None
    for upload in (uploads or [])[:max_photos]:
        data = upload.getvalue()
        try:
            photos.append(clean_photo(data, upload.name))
        except PhotoError as error:
            st.error(f"{escape_markdown(upload.name)}: {error}")
            continue
        gps = gps or photo_location(data)
    if uploads and len(uploads) > max_photos:
        st.warning(f"Only the first {max_photos} photos will be attached.")
    return photos, gps


def duplicate_list(nearby: list[NearbyReport], thumbnails: dict[int, str], can_support: bool) -> str | None:
    """Open reports of the same type close by; returns the public id the resident backed with "me too"."""
    st.markdown(f"**{len(nearby)} open report(s) of this type within 50 m.** Is yours one of these?")
    for report in nearby:
        columns = st.columns([1, 3, 1])
        if report.id in thumbnails:
            columns[0].image(photo_store().get(thumbnails[report.id]), width=90)
        columns[1].markdown(f"{escape_markdown(report.title)} · {report.metres:.0f} m away · `{report.public_id}`")
        if can_support and columns[2].button("Me too", key=f"me_too_{report.public_id}"):
            return report.public_id
    if not can_support:
        st.caption("Sign in to add your “me too” to one of these instead of filing a new report.")
    return None
