"""What the portal's server adds to Streamlit's (`streamlit_app.py` builds the `st.App` from it).

- The sign-in cookie's two routes (`portal.ui.session_cookie`).
- The role's menu from the very first request. Streamlit decides once per process whether an app is
  an old-style "pages/ folder" app: it is until some run calls `st.navigation`. On a fresh server the
  first visitor's deep link (say `/staff_queue`) therefore ran the page file on its own under
  Streamlit's list of every file in `pages/`, without our entrypoint, menu or sign-in. Our pages
  live in `pages/` (their paths are part of the tests and links), so the server settles the question
  before it serves anyone: this app always navigates with `st.navigation`. (`client.showSidebarNavigation
  = false` is no help on 1.67: it hides the `st.navigation` menu too.)
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.routing import Route
from streamlit.runtime.pages_manager import PagesManager

from portal.ui.session_cookie import CLEAR_PATH, SET_PATH, clear_cookie, set_cookie

ROUTES = [Route(SET_PATH, set_cookie, methods=["POST"]), Route(CLEAR_PATH, clear_cookie, methods=["POST"])]


@asynccontextmanager
async def lifespan(_app) -> AsyncIterator[None]:
    PagesManager.uses_pages_directory = False
    yield
