"""The sign-in cookie: two small HTTP routes beside Streamlit's, and the script that calls them.

Why this way, on Streamlit 1.67: a script run talks to the browser over a websocket, so it cannot send
a `Set-Cookie` header; Streamlit only reads cookies (`st.context.cookies`, from the websocket's
handshake). A cookie written by JavaScript (`document.cookie`, which streamlit-authenticator's cookie
component does) cannot be HttpOnly, so any script on the page could read the sign-in; and that
component's write was lost whenever the run that drew it was replaced before its JavaScript ran,
which after a sign-in (a rerun follows) was about 9 times in 10. `st.login` needs an outside
identity provider. So the server is an `st.App` (`streamlit_app.py`) with two routes of our own:

- `POST /portal/session`, body the one-time code `sessions.handoff_code` signed for a fresh sign-in:
  answers with the HttpOnly, SameSite=Lax cookie holding the session's random token.
- `POST /portal/session/clear`: deletes the cookie, unless it names a live session (so a tab that
  signed out cannot undo a newer sign-in made in another tab of the same browser).

The page calls them with `fetch` from a script the entrypoint draws on every run while the session
still has no cookie (`set_script`), with a fresh code each time, so a rerun that removes the script
before it ran only delays the cookie by one run. Both routes refuse requests from other sites, so no
other site can sign a browser in to an account of its choosing. A cookie set by a `fetch` response
of the same origin is stored like any other; the next page load or new tab sends it, and
`portal.ui.auth` looks it up.
"""

from __future__ import annotations

import json
from functools import cache
from urllib.parse import urlsplit

from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from portal.accounts import sessions
from portal.config import load_settings
from portal.db import make_engine, transaction, utc_now

COOKIE_NAME = "civic_portal_session"
SET_PATH = "/portal/session"
CLEAR_PATH = "/portal/session/clear"
MAX_CODE_LENGTH = 200


def set_script(code: str) -> str:
    return f"<script>fetch({json.dumps(SET_PATH)}, {{method: 'POST', body: {json.dumps(code)}}})</script>"


def clear_script() -> str:
    return f"<script>fetch({json.dumps(CLEAR_PATH)}, {{method: 'POST'}})</script>"


@cache
def _engine(url: str) -> Engine:
    return make_engine(url)


def _database() -> Engine:
    return _engine(load_settings().database_url)


def _same_origin(request: Request) -> bool:
    """Browsers say where a request comes from (`Sec-Fetch-Site`, or at least `Origin` on a POST)."""
    if site := request.headers.get("sec-fetch-site"):
        return site == "same-origin"
    origin = request.headers.get("origin")
    return origin is not None and urlsplit(origin).netloc == request.headers.get("host")


def _https(request: Request) -> bool:
    return request.url.scheme == "https" or request.headers.get("x-forwarded-proto") == "https"


def _exchange(code: str) -> sessions.Token | None:
    with transaction(_database()) as session:
        return sessions.exchange(session, code)


def _is_live(token: str) -> bool:
    with transaction(_database()) as session:
        return sessions.from_token(session, token) is not None


async def set_cookie(request: Request) -> Response:
    if not _same_origin(request):
        return PlainTextResponse("Requests from other sites are refused.", status_code=403)
    code = (await request.body())[:MAX_CODE_LENGTH].decode("ascii", "replace")
    token = await run_in_threadpool(_exchange, code)
    if token is None:
        return PlainTextResponse("This sign-in code is not valid (any more). Please sign in again.", status_code=409)
    response = Response(status_code=204)
    response.set_cookie(COOKIE_NAME, token.value, max_age=int((token.expires_at - utc_now()).total_seconds()),
                        path="/", secure=_https(request), httponly=True, samesite="lax")  # fmt: skip
    return response


async def clear_cookie(request: Request) -> Response:
    if not _same_origin(request):
        return PlainTextResponse("Requests from other sites are refused.", status_code=403)
    response = Response(status_code=204)
    token = request.cookies.get(COOKIE_NAME)
    if token is not None and not await run_in_threadpool(_is_live, token):
        response.delete_cookie(COOKIE_NAME, path="/", secure=_https(request), httponly=True, samesite="lax")
    return response
