"""Building the FastAPI application: state, guards, static files, routes, errors."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.middleware.trustedhost import TrustedHostMiddleware

from qualframe import __version__, config
from qualframe.storage.database import Database
from qualframe.web import routes
from qualframe.web.server import error_pages
from qualframe.web.server.body_limit import BodyLimit
from qualframe.web.server.csrf import checked_csrf
from qualframe.web.server.dependencies import checked_login
from qualframe.web.server.guards import SameOriginGuard
from qualframe.web.server.request_values import checked_request_values
from qualframe.web.server.state import WebState
from qualframe.web.server.uploads import UploadStore

STATIC = Path(__file__).with_name("static")

#: Host names always accepted (plus the one the server is bound to).
LOCAL_HOSTS = ("localhost", "127.0.0.1", "[::1]", "::1")


def create_app(
    database: Database | str | None = None,
    *,
    user: str | None = None,
    allowed_hosts: tuple[str, ...] = (),
    team: bool = False,
) -> FastAPI:
    """The web application on ``database`` (URL or open Database; default: the
    configured one). ``user`` is the author of changes of visitors who have not
    named themselves (None: each visitor is asked their name first);
    ``allowed_hosts`` adds host names requests may be addressed to (a team
    server's name); ``"*"`` accepts any. ``team``: a team server, where people
    log in to their accounts (``user`` is then unused), every unsafe request
    of a session must carry its CSRF token, and each person sees and does
    only what their project roles allow."""
    db = database if isinstance(database, Database) else Database(_url(database))
    hosts = tuple(dict.fromkeys((*LOCAL_HOSTS, *allowed_hosts)))
    state = WebState(
        database=db,
        default_user=user,
        uploads=UploadStore(),
        allowed_hosts=hosts,
        team=team,
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        state.uploads.close()

    app = FastAPI(
        title="qualframe",
        version=__version__,
        summary="Framework Method analysis of comparative case studies.",
        docs_url=None,  # FastAPI's docs load scripts from a CDN; ours are at /api/docs
        redoc_url=None,
        openapi_url="/api/openapi.json",
        lifespan=lifespan,
        # Before every route: text no database stores, ids beyond any id (422/404);
        # then, on a team server, the login (a forced password change first)
        # and the CSRF token of an unsafe request (403).
        dependencies=[
            Depends(checked_request_values),
            Depends(checked_login),
            Depends(checked_csrf),
        ],
    )
    app.state.web = state
    # Innermost of the three (the last added runs first): a body is counted
    # only once the host and the origin are accepted, and its 413 carries the
    # security headers.
    app.add_middleware(BodyLimit)
    app.add_middleware(SameOriginGuard)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(hosts))
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    error_pages.install(app)
    for router in routes.api_routers():
        app.include_router(router, prefix="/api")
    for router in routes.page_routers():
        app.include_router(router)
    return app


def freeze_startup_heap() -> None:
    """Leave every object made so far out of the garbage collector's passes.

    Call once when a server has started: its modules and application live
    as long as the process, and rescanning them in each full collection
    paused large pages (a 60,000-word transcript) by a tenth of a second.
    Side effect: process-wide (:func:`gc.freeze`).
    """
    gc.collect()
    gc.freeze()


def _url(database: str | None) -> str:
    url = config.resolve("database", database)
    assert url is not None  # the setting has a default
    return url
