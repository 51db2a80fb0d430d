"""Street Bump: upload phone data, see where phones jolted, the spots that became reports, and coverage."""

import io

import streamlit as st

from portal.accounts.permissions import Action, can
from portal.db import transaction
from portal.i18n import N_, _, format_decimal, ngettext
from portal.imports.boston311 import MalformedFileError
from portal.maps.geo import boston
from portal.streetbump.clustering import Rules
from portal.streetbump.devices import UploadRefused
from portal.streetbump.formats import MAX_UPLOAD_MB, read_upload
from portal.streetbump.ingest import ingest
from portal.streetbump.layers import build_deck
from portal.streetbump.models import KnownFeatureKind
from portal.streetbump.spots import mark_known_feature
from portal.streetbump.view import StreetBumpView, listed_spots, spot_label, street_bump_view
from portal.ui.auth import require_page
from portal.ui.list_view import list_view
from portal.ui.resources import engine, read_session

actor = require_page(Action.UPLOAD_STREETBUMP)
RULES = Rules()
SPOT_HEADERS = {"id": N_("Spot"), "devices": N_("Passes"), "hits": N_("Jolts"), "status": N_("Status"),
                "report": N_("Report"), "report_status": N_("Report status")}  # fmt: skip
FEATURE_NAMES = {KnownFeatureKind.SPEED_BUMP: N_("speed bump"), KnownFeatureKind.MANHOLE: N_("manhole")}

st.title(_("Street Bump"))
st.caption(
    _("Phones in cars feel potholes as jolts. Where at least {count} separate passes jolt at the same spot, "
      "the city gets a pothole report, unless staff marked the place a speed bump or manhole.")
    .format(count=RULES.min_devices)
)

with st.expander(_("Upload phone data"), expanded=True):
    st.markdown(
        _("A CSV of raw **sensor readings** (`Time, Longitude, Latitude, AccelX, AccelY, AccelZ, Speed, "
        "gpsAccuracy, …`) or of **jolt events** (`device_id, timestamp, lat, lon, magnitude, speed, "
        "gps_accuracy`). Uploading the same file again adds nothing. "
        "Everything one resident's account uploads counts as one phone, passing each spot once; only "
        "the city's own devices (staff uploads, or a registered device token) count each phone and drive.")
    )
    upload_file = st.file_uploader(_("Street Bump CSV"), type=["csv"], max_upload_size=MAX_UPLOAD_MB,
                                   help=_("One CSV of at most {size} MB; split longer drives.").format(size=MAX_UPLOAD_MB))  # fmt: skip
    device_token = st.text_input(_("City device token (fleet phones and vehicles only)"), type="password")
    if st.button(_("Upload and detect"), disabled=upload_file is None, type="primary"):
        bar = st.progress(0.0, _("Reading the file"))
        try:
            upload = read_upload(io.BytesIO(upload_file.getvalue()), boston())
        except MalformedFileError as error:
            bar.empty()
            st.error(str(error))
        else:
            try:
                with transaction(engine()) as session:
                    summary = ingest(session, actor, upload, RULES, bar.progress, device_token)
            except UploadRefused as error:
                bar.empty()
                st.error(str(error))
            else:
                st.success(
                    _("Read {rows} rows of {format}: {jolts} jolts, {new} of them new. Reports opened: {opened}, "
                      "supported: {supported}; spots at known features: {suppressed}.").format(
                        rows=format_decimal(summary.rows_read), format=_(summary.format),
                        jolts=format_decimal(summary.jolts_found), new=format_decimal(summary.jolts_new),
                        opened=summary.spots.opened, supported=summary.spots.supported,
                        suppressed=summary.spots.suppressed)
                )
                if upload.rejects:
                    st.warning(ngettext("{count} row was refused and left out; the rest was kept.",
                                        "{count} rows were refused and left out; the rest was kept.",
                                        len(upload.rejects)).format(count=format_decimal(len(upload.rejects))))
                    st.dataframe(upload.rejected_rows(), hide_index=True, height=200,
                                 column_config={"line": _("Line"), "reason": _("Reason")})


def known_feature_form(view: StreetBumpView) -> bool:
    """Staff mark a spot as a speed bump or manhole; True when they did."""
    with st.form("known_feature"):
        st.subheader(_("Not a pothole?"))
        choices = {int(row["id"]): spot_label(row) for _, row in view.spots.iterrows()}
        spot_id = st.selectbox(_("Spot"), options=list(choices), format_func=choices.get)
        kind = st.radio(_("It is a"), options=list(KnownFeatureKind), format_func=lambda k: _(FEATURE_NAMES[k]),
                        horizontal=True)  # fmt: skip
        note = st.text_input(_("Note (optional)"), max_chars=200)
        if not st.form_submit_button(_("Mark as known feature")):
            return False
    with transaction(engine()) as session:
        mark_known_feature(session, actor, spot_id, KnownFeatureKind(kind), note)
    st.success(_("Spot {spot} is now a known {feature}: it opens no report.").format(
        spot=spot_id, feature=_(FEATURE_NAMES[KnownFeatureKind(kind)])))
    return True


with read_session() as session:
    view = street_bump_view(session)
if view.jolt_cells.empty and view.coverage_cells.empty:
    st.info(_("No Street Bump data yet. Upload a file above to start."))
    st.stop()
overview = st.container()  # drawn above the staff form, filled after it so that it shows the change
if can(actor, Action.MARK_KNOWN_FEATURE) and not view.spots.empty and known_feature_form(view):
    with read_session() as session:
        view = street_bump_view(session)

with overview:
    jolts, cells, spots, reports = st.columns(4)
    jolts.metric(_("Jolts"), f"{view.jolts:,}")
    cells.metric(_("Measured cells"), f"{len(view.coverage_cells):,}")
    spots.metric(_("Spots"), f"{len(view.spots):,}")
    reports.metric(_("Reports opened"), f"{int((view.spots['status'] == 'reported').sum()):,}")
    st.pydeck_chart(build_deck(view, boston()), height=560)
    st.caption(
        _("Blue hexagons: where phones drove (darker: more drives). No blue means the street was never "
        "measured, not that it is smooth. Orange hexagons: jolts. Dots: spots that opened a report (red), "
        "support one (salmon) or are known features (grey); black rings: their reports.")
    )
    list_view(_("List of these spots"), listed_spots(view.spots), {k: _(v) for k, v in SPOT_HEADERS.items()},
              expanded=True)  # fmt: skip
