"""The device's own position for the report form, asked for only when the resident turns it on.

The browser asks its own permission as well (`navigator.geolocation` through streamlit-js-eval); a
refusal, or a browser without a position, leaves the typed address and the map, which always work.
"""

from __future__ import annotations

import streamlit as st
from streamlit_js_eval import get_geolocation

from portal.i18n import _
from portal.ui.report_widgets import form_key


def device_position() -> tuple[float, float] | None:
    """(latitude, longitude) from the browser once the resident allowed it, else None."""
    if not st.toggle(_("Use my phone's current position"), key=form_key("use_device")):
        return None
    answer = get_geolocation(component_key=form_key("device_position"))
    if answer is None:
        st.caption(_("Waiting for your browser to share its position…"))
        return None
    if "error" in answer:
        st.warning(_("Your browser did not share its position ({reason}). Type the address or click the map "
                     "instead.").format(reason=answer["error"].get("message") or _("refused")))  # fmt: skip
        return None
    return round(answer["coords"]["latitude"], 6), round(answer["coords"]["longitude"], 6)
