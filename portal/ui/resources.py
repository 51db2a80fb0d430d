"""Process-wide resources for the Streamlit pages.

Every page calls `engine()` itself rather than relying on the entrypoint, because Streamlit can run
a file in `pages/` directly by its URL on a freshly started server.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from portal.config import load_settings
from portal.db import session_factory
from portal.i18n import N_, _
from portal.reports.photostore import PhotoStore
from portal.reports.photostore import photo_store as configured_photo_store
from portal.reports.version import ReportsVersion, reports_version
from portal.startup import StartupRefused, prepare

PREPARING = N_("Preparing the database (first start loads real Boston 311 cases)…")
_prepared = threading.Event()  # set once this process has the engine: later runs skip the spinner's timer


@st.cache_resource(show_spinner=False)
def _prepared_engine() -> Engine:
    return prepare(load_settings())


def engine() -> Engine:
    """The ready database; a portal that must not serve (demo accounts in production) says why and stops.

    The first start can take minutes, so it shows a spinner in the visitor's language; the spinner is not
    the cache's own (that one's text is fixed at import, in English), and every later call, many per page,
    returns the cached engine without one."""
    try:
        if _prepared.is_set():
            return _prepared_engine()
        with st.spinner(_(PREPARING)):
            prepared = _prepared_engine()
        _prepared.set()
        return prepared
    except StartupRefused as error:
        st.error(str(error))
        st.stop()


@contextmanager
def read_session() -> Iterator[Session]:
    with session_factory(engine())() as session:
        yield session


@st.cache_data(ttl=5, show_spinner=False)
def reports_version_now() -> ReportsVersion:
    """The reports' version (`portal.reports.version`), shared by every visitor: one look at two indexes
    every few seconds however many tabs ask. Pages key their caches on it, so a change shows at once."""
    with read_session() as session:
        return reports_version(session)


@st.cache_resource
def photo_store() -> PhotoStore:
    return configured_photo_store()


def browser_session_id() -> str:
    """A random id for this browser session; a reload starts a new one."""
    return st.session_state.setdefault("portal_session_id", uuid.uuid4().hex)


def anonymous_filer() -> str:
    """What the hourly report limit counts an anonymous visitor by: their network address, which a
    reload, a new tab or a bot without cookies keeps (a session id or a cookie each of them resets).

    Behind a reverse proxy on this machine (the connection comes from localhost) the address is the
    last one in X-Forwarded-For, the one the proxy added; entries further left are the client's own
    say. Visitors sharing one address (an office, a library) share its limit. Only local development,
    with no address at all, falls back to the browser session.
    """
    address = st.context.ip_address
    if address is None:
        address = st.context.headers.get("X-Forwarded-For", "").rsplit(",", 1)[-1].strip()
    return f"ip:{address}" if address else f"session:{browser_session_id()}"
