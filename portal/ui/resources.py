"""Process-wide resources for the Streamlit pages.

Every page calls `engine()` itself rather than relying on the entrypoint, because Streamlit can run
a file in `pages/` directly by its URL on a freshly started server.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from portal.config import load_settings
from portal.db import session_factory
from portal.startup import prepare


@st.cache_resource(show_spinner="Preparing the database (first start loads real Boston 311 cases)…")
def engine() -> Engine:
    return prepare(load_settings())


@contextmanager
def read_session() -> Iterator[Session]:
    with session_factory(engine())() as session:
        yield session
