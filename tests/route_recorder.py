"""Which routes of the web application the tests exercised.

Every test application gets :class:`RouteRecorder`; at the end of a run of
the whole suite (``QUALFRAME_CHECK_ROUTES=1``, set by ``make test``) the
session fails if some route was never requested: each route has an
in-process (or browser) test.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from starlette.types import ASGIApp, Receive, Scope, Send

#: The routes (objects) requested during this test session, with the methods used.
HIT: set[tuple[str, int]] = set()


class RouteRecorder:
    """ASGI middleware noting the route each request was matched to."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await self.app(scope, receive, send)
        finally:
            # The matched route object itself: its path lacks the prefixes of
            # the routers it is included in ("/api", sub-routers).
            route = scope.get("route")
            if scope["type"] == "http" and route is not None:
                HIT.add((scope["method"], id(route)))


def _walk(router: Any, prefix: str) -> Iterator[tuple[str, str, int]]:
    """(method, full path, route id) of every API route of ``router`` and its sub-routers."""
    from fastapi.routing import APIRoute

    for route in router.routes:
        if isinstance(route, APIRoute):
            for method in route.methods:
                yield method, prefix + route.path, id(route)
        elif hasattr(route, "original_router"):  # a router included in this one
            inner = getattr(getattr(route, "include_context", None), "prefix", "")
            yield from _walk(route.original_router, prefix + inner)


def all_routes() -> list[tuple[str, str, int]]:
    """(method, path template, route id) of every route of the application."""
    from qualframe.web import routes

    found: list[tuple[str, str, int]] = []
    for prefix, routers in (("/api", routes.api_routers()), ("", routes.page_routers())):
        for router in routers:
            found += _walk(router, prefix)
    return found


def hit_routes() -> set[str]:
    """The routes requested in this process, as "METHOD /path" (a route object's
    id means nothing in another process: a test worker hands these on)."""
    return {f"{method} {path}" for method, path, route in all_routes() if (method, route) in HIT}


def untested_routes(hit: set[str]) -> list[str]:
    """Routes no request reached, as "METHOD /path", given the ``hit`` ones
    (:func:`hit_routes` of every process that ran tests)."""
    return sorted(
        f"{method} {path}"
        for method, path, _route in all_routes()
        if method != "HEAD" and f"{method} {path}" not in hit
    )
