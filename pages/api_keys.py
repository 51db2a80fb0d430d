"""Open311 API keys (admin): issue a key to an account for an app that posts reports, revoke keys."""

import pandas as pd
import streamlit as st

from portal.accounts.permissions import Action, PermissionDenied
from portal.db import transaction
from portal.i18n import _
from portal.open311.keys import ApiKeyError, issue_key, list_keys, owner_choices, revoke_key
from portal.ui.auth import require_page
from portal.ui.resources import engine, read_session

actor = require_page(Action.MANAGE_API_KEYS)
st.title(_("Open311 API keys"))
st.caption(_("An app with a key can post reports through `/open311/v2/requests.json` (see the README); they are "
           "filed as the key's account, under that account's hourly limit. Reading needs no key."))

with read_session() as session:
    keys, owners = list_keys(session, actor), owner_choices(session, actor)

st.header(_("Issue a key"))
with st.form("issue_key", clear_on_submit=True):
    label = st.text_input(_("Who uses it"), placeholder=_("e.g. SeeClickFix integration"))
    owner = st.selectbox(_("Reports are filed as"), list(owners), format_func=owners.get, index=None)
    if st.form_submit_button(_("Issue key")):
        try:
            with transaction(engine()) as session:
                st.session_state["new_api_key"] = issue_key(session, actor, owner or 0, label)
        except (ApiKeyError, PermissionDenied) as error:
            st.error(str(error))
        else:
            st.rerun()  # the key, kept for one run, shows above the refreshed list
if new_key := st.session_state.pop("new_api_key", None):
    st.success(_("Key issued. Copy it now: it is shown only this once and cannot be looked up later."))
    st.code(new_key, language=None)

st.header(_("Keys"))
if not keys:
    st.info(_("No keys issued yet."))
else:
    times = {"created_at": _("Issued"), "last_used_at": _("Last used"), "revoked_at": _("Revoked")}
    st.dataframe(pd.DataFrame(keys), hide_index=True, column_config={
        "id": None, "label": _("Who uses it"), "owner": _("Reports are filed as"),
        **{key: st.column_config.DatetimeColumn(label, timezone="America/New_York") for key, label in times.items()}})
    live = {k.id: f"{k.label} ({k.owner})" for k in keys if k.revoked_at is None}
    chosen = st.selectbox(_("Revoke"), list(live), format_func=live.get, index=None, placeholder=_("Choose a key"))
    if chosen and st.button(_("Revoke key")):
        with transaction(engine()) as session:
            revoke_key(session, actor, chosen)
        st.success(_("Revoked: apps using it are refused from now on."))
        st.rerun()
