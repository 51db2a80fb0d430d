"""Civic Portal entrypoint: page config and navigation, nothing else."""

import streamlit as st

from portal.ui.resources import engine

st.set_page_config(page_title="Civic Portal · Boston 311", page_icon="🏙️", layout="wide")
engine()

pages = {
    "Explore": [
        st.Page("pages/map.py", title="Live map", icon="🗺️", url_path="map", default=True),
    ],
}
st.navigation(pages).run()
