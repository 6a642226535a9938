"""Which routes of the web application the tests exercised.

Every test application gets :class:`RouteRecorder`; at the end of a run of
the whole suite (``QUALFRAME_CHECK_ROUTES=1``, set by ``make test``) the
session fails if some route was never requested: each route has an
in-process (or browser) test.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

#: (method, path template) of every route requested during this test session.
HIT: set[tuple[str, str]] = set()


class RouteRecorder:
    """ASGI middleware noting the route each request was matched to."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await self.app(scope, receive, send)
        finally:
            route = scope.get("route")
            if scope["type"] == "http" and route is not None and hasattr(route, "path"):
                HIT.add((scope["method"], route.path))


def all_routes() -> set[tuple[str, str]]:
    """(method, path template) of every route of the application, static files aside."""
    from fastapi.routing import APIRoute

    from qualframe.web import endpoints, pages

    routes: set[tuple[str, str]] = set()
    for prefix, package in (("/api", endpoints), ("", pages)):
        for router in package.routers():
            for route in router.routes:
                if isinstance(route, APIRoute):
                    routes |= {(method, prefix + route.path) for method in route.methods}
    return routes


def untested_routes() -> list[str]:
    """Routes no request reached in this session, as "METHOD /path"."""
    return sorted(f"{method} {path}" for method, path in all_routes() - HIT if method != "HEAD")
