"""Pieces of the "report a problem" page: type suggestions, the location picker, photos, duplicates.

Every widget of the form is keyed by `form_key`, which names the form of one report: after a report is
filed `new_form` starts the next one with fresh widgets. Removing old values from the session is not
enough, because the browser sends its widgets' values back (and a file uploader cannot be emptied at all).
"""

from __future__ import annotations

import folium
import streamlit as st
from streamlit_folium import st_folium

from portal.display import escape_markdown, photo_alt
from portal.i18n import _, ngettext
from portal.maps.basemap import base_map
from portal.maps.geocode import geocode, reverse_geocode, suggest_addresses
from portal.reports.nearby import NearbyReport
from portal.reports.photos import (
    MAX_PHOTO_MB,
    PHOTO_RULES,
    CleanPhoto,
    PhotoError,
    clean_photo,
    photo_location,
)
from portal.reports.public_page import request_path
from portal.reports.suggestions import TypeSuggestion
from portal.ui.resources import photo_store

NONE_OF_THESE = "none"
_FORM = "report_form"


def form_key(name: str) -> str:
    """The key of one of this report form's widgets (or values), e.g. "report_title_0"."""
    return f"report_{name}_{st.session_state.get(_FORM, 0)}"


def new_form() -> None:
    """Start an empty form for the next report: every widget gets a key it never had."""
    st.session_state[_FORM] = st.session_state.get(_FORM, 0) + 1


def type_chooser(suggestions: list[TypeSuggestion], all_types: dict[int, str],
                 popular: dict[int, str] | None = None) -> int | None:  # fmt: skip
    """The suggested types in order, worded honestly, then "none of these" for the searchable full list.
    With no suggestion (a sentence the model cannot read), it says so and offers the `popular` types."""
    labels = {s.type_id: f"{s.label} — {_(s.wording)}" for s in suggestions}
    if not suggestions and popular:
        st.info(_("We could not match your sentence to a request type — please choose one:"))
        labels = dict(popular)
    options = [*labels, NONE_OF_THESE]
    labels[NONE_OF_THESE] = _("None of these — show all types")

    picked = st.radio(_("Which of these is it?"), options, format_func=labels.get, key=form_key("type_pick"))
    if picked != NONE_OF_THESE:
        return picked
    return st.selectbox(_("All request types (type to search)"), list(all_types), format_func=all_types.get,
                        index=None, placeholder=_("Start typing: pothole, graffiti, light…"), key=form_key("type_all"))  # fmt: skip


def _set_pin(lat: float, lon: float, address: str | None = None) -> None:
    """Move the pin; the address box follows with the given address, else the nearest known one."""
    st.session_state[form_key("lat")], st.session_state[form_key("lon")] = lat, lon
    if found := address or reverse_geocode(lat, lon):
        st.session_state[form_key("address")] = found
    st.session_state[form_key("address_missed")] = None


def _place_typed_address() -> None:
    """A typed (or picked) address sets the pin, and reads as the gazetteer writes it."""
    typed = (st.session_state.get(form_key("address_pick")) or st.session_state.get(form_key("address")) or "")
    st.session_state[form_key("address_pick")] = None
    if not typed.strip():
        return
    if match := geocode(typed):
        _set_pin(match.lat, match.lon, match.address)
    else:
        st.session_state[form_key("address")] = typed
        st.session_state[form_key("address_missed")] = typed


def _place_typed_point() -> None:
    lat, lon = st.session_state.get(form_key("lat")), st.session_state.get(form_key("lon"))
    if lat is not None and lon is not None:
        _set_pin(lat, lon)


def location_picker(default: tuple[float, float] | None) -> tuple[float | None, float | None, str]:
    """Type an address (with suggestions), click the map, or type the coordinates: each moves the pin and
    fills the others. (latitude, longitude, address); the typed fields always work offline."""
    if default and st.session_state.get(form_key("lat")) is None:
        _set_pin(*default)
    pin = st.session_state.get(form_key("lat")), st.session_state.get(form_key("lon"))
    on_map, typed = st.columns([3, 2])
    with on_map:
        placed = None not in pin
        clicked_map = base_map(pin if placed else (42.3601, -71.0589), 16 if placed else 12)
        if placed:
            folium.Marker(list(pin)).add_to(clicked_map)
        state = st_folium(clicked_map, height=340, key=form_key("map_click"), returned_objects=["last_clicked"])
    clicked = (state or {}).get("last_clicked")
    if clicked and (clicked["lat"], clicked["lng"]) != st.session_state.get(form_key("last_click")):
        st.session_state[form_key("last_click")] = (clicked["lat"], clicked["lng"])
        _set_pin(clicked["lat"], clicked["lng"])
        st.rerun()  # draw the pin where it was put
    with typed:
        address = st.text_input(_("Address or intersection"), key=form_key("address"), max_chars=200,
                                on_change=_place_typed_address,
                                placeholder=_("e.g. 86 Annunciation Rd or Tremont St & Boylston St"))  # fmt: skip
        if missed := st.session_state.get(form_key("address_missed")):
            if options := suggest_addresses(missed):
                st.warning(_("We could not place that address. Is it one of these? Or click the map."))
                st.selectbox(_("Did you mean"), options, index=None, key=form_key("address_pick"),
                             on_change=_place_typed_address, placeholder=_("Addresses like it"))  # fmt: skip
            else:
                st.warning(_("We could not place that address. Check the street name, or click the map."))
        left, right = st.columns(2)
        lat = left.number_input(_("Latitude"), value=None, format="%.6f", key=form_key("lat"), placeholder="42.3601",
                                on_change=_place_typed_point)  # fmt: skip
        lon = right.number_input(_("Longitude"), value=None, format="%.6f", key=form_key("lon"),
                                 placeholder="-71.0589", on_change=_place_typed_point)  # fmt: skip
    return lat, lon, address


def photo_inputs(max_photos: int) -> tuple[list[CleanPhoto], tuple[float, float] | None]:
    """Up to `max_photos` cleaned photos, and the first photo's GPS position if it has one.

    The camera sits behind a toggle: the browser asks for it only when the resident wants it, and on a
    phone the file picker offers the camera as well."""
    shot = st.camera_input(_("Photo from the camera"), key=form_key("camera")) if st.toggle(
        _("Take a photo with the camera"), key=form_key("camera_on")) else None  # fmt: skip
    uploads = st.file_uploader(
        _("Photos (optional, up to {count}: JPEG, PNG or WebP, at most {size} MB each)").format(
            count=max_photos, size=MAX_PHOTO_MB),
        type=["jpg", "jpeg", "png", "webp"], accept_multiple_files=True, key=form_key("photos"),
        max_upload_size=MAX_PHOTO_MB, help=_(PHOTO_RULES).format(size=MAX_PHOTO_MB),
    )  # fmt: skip
    chosen = ([shot] if shot else []) + list(uploads or [])
    photos, gps = [], None
    for upload in chosen[:max_photos]:
        data = upload.getvalue()
        try:
            photos.append(clean_photo(data, upload.name))
        except PhotoError as error:
            st.error(f"{escape_markdown(upload.name)}: {error}")
            continue
        gps = gps or photo_location(data)
    if len(chosen) > max_photos:
        st.warning(_("Only the first {count} photos will be attached.").format(count=max_photos))
    return photos, gps


def duplicate_list(nearby: list[NearbyReport], thumbnails: dict[int, str], viewer_id: int | None) -> str | None:
    """Open reports of the same type close by; returns the public id the resident backed with "me too"
    (offered to signed-in residents, on reports they did not file themselves)."""
    st.markdown(ngettext("**{count} open report of this type within 50 m.** Is yours this one?",
                         "**{count} open reports of this type within 50 m.** Is yours one of these?",
                         len(nearby)).format(count=len(nearby)))
    for report in nearby:
        columns = st.columns([1, 3, 1])
        if report.id in thumbnails:
            columns[0].image(photo_store().get(thumbnails[report.id]), width=90, alt=photo_alt(report.type_name))
        columns[1].markdown(f"{escape_markdown(report.title)} · "
                            + _("{metres} m away").format(metres=f"{report.metres:.0f}")
                            + f" · [{report.public_id}]({request_path(report.public_id)})")  # fmt: skip

        if report.reporter_id is not None and report.reporter_id == viewer_id:
            columns[2].caption(_("Your report"))
        elif viewer_id is not None and columns[2].button(_("Me too"), key=f"me_too_{report.public_id}"):
            return report.public_id
    if viewer_id is None:
        st.caption(_("Sign in to add your “me too” to one of these instead of filing a new report."))
    return None
