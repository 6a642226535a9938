"""HTML pages: one router module per area, each exposing ``router``."""

from __future__ import annotations

from importlib import import_module

from fastapi import APIRouter

#: The modules, in the order their routes are matched.
MODULES = (
    "projects",
    "user",
    "api_docs",
    "overview",
    "study",
    "documents",
    "speakers",
    "document_view",
    "codebook",
    "memos",
    "matrix",
    "compare",
    "search",
)


def routers() -> list[APIRouter]:
    """Every router of the pages package (imported on demand)."""
    return [import_module(f"qualframe.web.pages.{name}").router for name in MODULES]
