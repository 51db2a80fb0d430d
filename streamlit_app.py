"""Civic Portal's server: Streamlit serving `router.py`, plus the routes that set the sign-in cookie.

`streamlit run streamlit_app.py` (what `make run` does) finds `app` and serves it; see
`portal.ui.server` for what it adds to Streamlit's own server and why.
"""

import streamlit as st

from portal.ui.server import ROUTES, lifespan

app = st.App("router.py", routes=ROUTES, lifespan=lifespan)
