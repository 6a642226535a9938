"""Which routers the application serves, area by area, in the order they are matched.

Each area package of ``web/`` has a ``pages`` module (HTML, hidden from the
OpenAPI description) and an ``endpoints`` module (the JSON API, served under
``/api/``), each exposing ``router``; an area's other page modules are
included by its ``pages`` router.
"""

from __future__ import annotations

from importlib import import_module

from fastapi import APIRouter

#: HTML pages, in matching order.
PAGES = (
    "accounts.pages",
    "projects.pages",
    "projects.user",
    "projects.api_docs",
    "projects.overview",
    "study.pages",
    "study.typologies",
    "documents.familiarisation",
    "documents.pages",
    "documents.speakers",
    "coding.pages",
    "codebook.pages",
    "memos.pages",
    "matrix.pages",
    "compare.pages",
    "change_model.pages",
    "team.pages",
    "members.pages",
    "search.pages",
)

#: The JSON API (under ``/api/``), in matching order.
ENDPOINTS = (
    "accounts.endpoints",
    "projects.endpoints",
    "members.endpoints",
    "study.endpoints",
    "documents.endpoints",
    "documents.familiarisation_endpoints",
    "coding.endpoints",
    "codebook.endpoints",
    "memos.endpoints",
    "matrix.endpoints",
    "compare.endpoints",
    "change_model.endpoints",
    "search.endpoints",
    "projects.activity_endpoints",
)


def _routers(modules: tuple[str, ...]) -> list[APIRouter]:
    return [import_module(f"qualframe.web.{name}").router for name in modules]


def page_routers() -> list[APIRouter]:
    """Every router of the HTML pages (imported on demand)."""
    return _routers(PAGES)


def api_routers() -> list[APIRouter]:
    """Every router of the JSON API (imported on demand)."""
    return _routers(ENDPOINTS)
