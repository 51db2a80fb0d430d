"""Admins: the outbox — what waits, what was sent, what failed and why."""

import pandas as pd
import streamlit as st

from portal.accounts.permissions import Action
from portal.i18n import _
from portal.messages.outbox_view import STATUS_LABELS, outbox_overview
from portal.ui.auth import require_page
from portal.ui.resources import read_session

actor = require_page(Action.MANAGE_USERS)
with read_session() as session:
    overview = outbox_overview(session, actor)
st.title(_("Outbox"))
if not overview.sending:
    st.warning(_("PORTAL_SMTP_URL is not set: nothing is sent. Messages wait here until it is and "
               "`python -m portal outbox run` delivers them."))  # fmt: skip
for column, (status, count) in zip(st.columns(len(overview.counts)), overview.counts.items(), strict=True):
    column.metric(_(STATUS_LABELS[status]), count)
if overview.rows:
    rows = pd.DataFrame(overview.rows)
    st.dataframe(rows.assign(status=rows["status"].map(lambda status: _(STATUS_LABELS[status]))), hide_index=True,
                 width="stretch", column_config={
                     "created_at": st.column_config.DatetimeColumn(_("Created"), timezone="America/New_York"),
                     "kind": _("Kind"), "to": _("To"), "subject": _("Subject"), "status": _("Status"),
                     "attempts": _("Attempts"), "last_error": _("Last error"),
                     "sent_at": st.column_config.DatetimeColumn(_("Sent"), timezone="America/New_York")})  # fmt: skip
