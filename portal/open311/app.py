"""The Open311 GeoReport v2 service: a small Starlette app over the portal's database.

Every endpoint runs its database work in a worker thread (SQLAlchemy here is synchronous) and answers
in the format the address ends with. Anything that goes wrong answers with the spec's error list:
a client never sees a stack trace, and unexpected failures are logged here instead.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

import uvicorn
from sqlalchemy import Engine
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from portal.config import open311_answers_with_token, public_url
from portal.db import session_factory, transaction
from portal.messages.feeds import follow_feed
from portal.open311.errors import Open311Error, bad_request, forbidden
from portal.open311.formats import MEDIA_TYPES, XML, check_format, render
from portal.open311.keys import key_holder
from portal.open311.service_requests import find_requests, find_token, get_request, parse_query, post_request
from portal.open311.services import list_services, service_definition
from portal.reports.feed import atom_feed, feed_entries
from portal.reports.photostore import PhotoStore, photo_store

PREFIX = "/open311/v2"
FEEDS = "/feeds"  # Atom feeds on the same server, so nginx serves them on the app's origin
ATOM = "application/atom+xml"
log = logging.getLogger(__name__)


def _respond(payload: list | dict, root: str, fmt: str, status: int = 200) -> Response:
    return Response(render(payload, root, fmt), status_code=status, media_type=MEDIA_TYPES[fmt])


def _format_of(request: Request) -> str:
    """The format asked for, falling back to JSON where the address names none we know (for errors)."""
    name = request.path_params.get("fmt") or request.url.path.rpartition(".")[2]
    return XML if name == XML else "json"


def _check_text(values: Iterable[str]) -> None:
    """Refuse a NUL anywhere: PostgreSQL cannot hold one, and no honest client sends it."""
    if any("\x00" in value for value in values):
        raise bad_request("A parameter contains a NUL character (%00); remove it and send the request again.")


def _check_address(request: Request) -> None:
    """What the address itself may carry: no NUL, and never an api_key, since addresses land in access logs."""
    _check_text([*request.path_params.values(), *request.query_params.keys(), *request.query_params.values()])
    if "api_key" in request.query_params:
        raise bad_request("Send api_key in the POST body, never in the address: addresses are written to "
                          "server logs. If this key was used in an address, ask the city for a new one.")  # fmt: skip


def _checked_format(request: Request) -> str:
    """The format the address asks for, once the address itself passes `_check_address`."""
    _check_address(request)
    return check_format(request.path_params["fmt"])


def create_app(engine: Engine, store: PhotoStore | None = None) -> Starlette:
    sessions = session_factory(engine)
    store = store or photo_store()
    answer_token = open311_answers_with_token()

    def reading(work: Callable) -> Callable:
        def run(*args):
            with sessions() as session:
                return work(session, *args)
        return run

    async def services(request: Request) -> Response:
        fmt = _checked_format(request)
        return _respond(await run_in_threadpool(reading(list_services)), "services", fmt)

    async def service(request: Request) -> Response:
        fmt = _checked_format(request)
        found = await run_in_threadpool(reading(service_definition), request.path_params["code"])
        return _respond(found, "service_definition", fmt)

    async def requests(request: Request) -> Response:
        fmt = _checked_format(request)
        if request.method == "POST":
            params = {**request.query_params, **{k: str(v) for k, v in (await request.form()).items()}}
            _check_text([*params, *params.values()])
            return _respond(await run_in_threadpool(_post, params), "service_requests", fmt)
        query = parse_query(request.query_params)
        return _respond(await run_in_threadpool(reading(find_requests), query), "service_requests", fmt)

    async def one_request(request: Request) -> Response:
        fmt = _checked_format(request)
        found = await run_in_threadpool(reading(get_request), request.path_params["request_id"])
        return _respond(found, "service_requests", fmt)

    async def token(request: Request) -> Response:
        fmt = _checked_format(request)
        found = await run_in_threadpool(reading(find_token), request.path_params["token"])
        return _respond(found, "service_requests", fmt)

    async def reports_feed(request: Request) -> Response:
        _check_address(request)
        entries = await run_in_threadpool(reading(feed_entries))
        return Response(atom_feed(entries, public_url()), media_type=ATOM)

    async def area_feed(request: Request) -> Response:
        """An area follow's Atom feed (`portal.messages.feeds`); an unknown token is a 404."""
        _check_address(request)
        atom = await run_in_threadpool(reading(follow_feed), request.path_params["token"])
        if atom is None:
            raise HTTPException(404)
        return Response(atom, media_type="application/atom+xml")

    def _post(params: dict) -> list[dict]:
        with transaction(engine) as session:
            holder = key_holder(session, str(params.get("api_key", "")))
            if holder is None:
                raise forbidden("A valid api_key is required to post a request; ask the city for one.")
            return post_request(session, holder, params, store, answer_token)

    async def spec_error(request: Request, error: Open311Error) -> Response:
        return _respond(error.body(), "errors", _format_of(request), error.status)

    async def http_error(request: Request, error: HTTPException) -> Response:
        description = "No such resource: see services.json and requests.json." if error.status_code == 404 \
            else str(error.detail)  # fmt: skip
        return _respond([{"code": error.status_code, "description": description}], "errors", _format_of(request),
                        error.status_code)  # fmt: skip

    async def unexpected(request: Request, error: Exception) -> Response:
        log.exception("Open311 request failed: %s %s", request.method, request.url.path)
        body = [{"code": 500, "description": "The server could not answer; please try again later."}]
        return _respond(body, "errors", _format_of(request), 500)

    routes = [
        Route(PREFIX + "/services.{fmt}", services),
        Route(PREFIX + "/services/{code}.{fmt}", service),
        Route(PREFIX + "/requests.{fmt}", requests, methods=["GET", "POST"]),
        Route(PREFIX + "/requests/{request_id}.{fmt}", one_request),
        Route(PREFIX + "/tokens/{token}.{fmt}", token),
        Route("/feeds/follow/{token}.atom", area_feed),
        Route(FEEDS + "/reports.atom", reports_feed),
    ]
    handlers = {Open311Error: spec_error, HTTPException: http_error, Exception: unexpected}
    return Starlette(routes=routes, exception_handlers=handlers)


def serve(engine: Engine, host: str, port: int) -> None:
    uvicorn.run(create_app(engine), host=host, port=port)
