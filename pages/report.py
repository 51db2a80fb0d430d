"""Report a problem, in the order a phone takes it: a photo, one sentence, a suggested type, a place (from the
photo, the phone's position or typed), a check for duplicates, submit."""

import uuid

import streamlit as st

from portal.db import transaction
from portal.display import escape_markdown
from portal.i18n import _, format_decimal, ngettext
from portal.maps.geo import OutsideCityError, boston, check_in_city
from portal.reports.filing import DETAILS_LIMIT, TITLE_LIMIT, FilingError, ReportDraft, file_report
from portal.reports.followup import FollowUpError, me_too
from portal.reports.nearby import reports_near
from portal.reports.photo_records import thumbnails_for
from portal.reports.photos import MAX_PHOTOS_PER_REPORT
from portal.reports.public_page import request_path
from portal.reports.service_types import type_labels
from portal.reports.suggestions import popular_types, suggest_types
from portal.ui.auth import page_actor
from portal.ui.device_location import device_position
from portal.ui.report_widgets import (
    duplicate_list,
    form_key,
    location_picker,
    new_form,
    photo_inputs,
    type_chooser,
)
from portal.ui.resources import anonymous_filer, engine, photo_store, read_session

actor = page_actor()  # anonymous residents may report too
st.title(_("Report a problem"))
st.caption(_("For non-emergency street problems. In an emergency call 911."))
if filed := st.session_state.get("report_filed"):
    st.success(_("Thank you! Your report number is **{number}**. Follow it here: [{link}]({link})")
               .format(number=filed, link=request_path(filed)))

st.header(_("Photo"))
photos, gps = photo_inputs(MAX_PHOTOS_PER_REPORT)
use_gps = bool(gps) and st.checkbox(_("Use the location stored in the photo ({lat}, {lon})")
                                    .format(lat=f"{gps[0]:.5f}", lon=f"{gps[1]:.5f}"),
                                    key=form_key("use_gps"))  # fmt: skip

st.header(_("What is it?"))
text = st.text_input(_("Describe the problem in one sentence"), max_chars=TITLE_LIMIT, key=form_key("title"),
                     placeholder=_("e.g. Deep pothole in the bike lane outside 12 Tremont St"))  # fmt: skip
type_id = None
if text.strip():
    with read_session() as session:
        suggestions, all_types = suggest_types(session, text), type_labels(session)
        popular = {} if suggestions else popular_types(session)
    type_id = type_chooser(suggestions, all_types, popular)
details = st.text_area(_("Details (optional)"), max_chars=DETAILS_LIMIT, key=form_key("details"))

st.header(_("Where is it?"))
lat, lon, address = location_picker(gps if use_gps else device_position())
located = False
if lat is not None and lon is not None:
    try:
        check_in_city(lat, lon)
        located = True
        st.markdown(_("Neighborhood: **{name}**").format(name=escape_markdown(boston().name_at(lat, lon) or "Boston")))
    except OutsideCityError as error:
        st.error(str(error))

if type_id is not None and located:
    with read_session() as session:
        nearby = reports_near(session, lat, lon, 50, (type_id,))
        thumbs = thumbnails_for(session, [r.id for r in nearby])
    if nearby and (backed := duplicate_list(nearby, thumbs, actor.id)):
        try:
            with transaction(engine()) as session:
                count = me_too(session, actor, backed)
            st.success(ngettext("Thanks — report {number} now has {count} supporter. No need to file another.",
                                "Thanks — report {number} now has {count} supporters. No need to file another.",
                                count).format(number=backed, count=format_decimal(count)))
        except FollowUpError as error:
            st.error(str(error))

contact = "" if actor.signed_in else st.text_input(_("Your email (optional, only staff see it)"), key=form_key("email"))
token = st.session_state.setdefault(form_key("token"), uuid.uuid4().hex)
if st.button(_("Submit report"), type="primary", disabled=not text.strip()):
    draft = ReportDraft(type_id or 0, text, details, lat if lat is not None else 0.0,
                        lon if lon is not None else 0.0, address, contact, photos)  # fmt: skip
    try:
        if type_id is None or lat is None or lon is None:
            raise FilingError(_("Please choose a request type and a location (an address, a map click or "
                                "coordinates)."))

        with transaction(engine()) as session:
            filed = file_report(session, actor, draft, photo_store(), anonymous_filer(), token)
        st.session_state["report_filed"] = filed.public_id
        new_form()
        st.rerun()
    except FilingError as error:
        st.error(str(error))
