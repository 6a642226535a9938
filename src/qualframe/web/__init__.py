"""The web application: FastAPI, server-rendered Jinja pages and a JSON API.

``create_app(database)`` builds the application; ``qualframe serve`` runs it
with uvicorn. One package per area (``study``, ``documents``, ``coding``,
``codebook``, ``memos``, ``search``, ``matrix``, ``compare``, ``projects``,
``accounts``, ``members``)
holds its HTML pages and its JSON API under ``/api/`` (listed in
:mod:`qualframe.web.routes`); ``server`` holds the plumbing they share. They
call the :class:`~qualframe.Project` facades only: no SQL and no business
rule live here. Static assets (CSS,
JavaScript modules) ship in ``static/``; nothing is fetched from a network.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fastapi import FastAPI

    from qualframe.storage.database import Database


def create_app(
    database: Database | str | None = None,
    *,
    user: str | None = None,
    allowed_hosts: tuple[str, ...] = (),
    team: bool = False,
) -> FastAPI:
    """The web application on ``database`` (a URL or an open Database; default:
    the configured one). ``user`` is who changes are attributed to until a
    visitor names themselves (default: the configured user);
    ``allowed_hosts`` adds host names the server may be reached by; ``team``
    makes it a team server (accounts, sessions, roles: ``serve --team``)."""
    from qualframe.web.app import create_app as build

    return build(database, user=user, allowed_hosts=allowed_hosts, team=team)


__all__ = ["create_app"]
