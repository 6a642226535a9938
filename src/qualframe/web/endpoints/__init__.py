"""The JSON API under /api/: one router module per area, each exposing ``router``."""

from __future__ import annotations

from importlib import import_module

from fastapi import APIRouter

#: The modules, in the order their routes are matched.
MODULES = (
    "projects",
    "study",
    "documents",
    "coding",
    "codebook",
    "memos",
    "matrix",
    "compare",
    "search",
    "audit",
)


def routers() -> list[APIRouter]:
    """Every router of the endpoints package (imported on demand)."""
    return [import_module(f"qualframe.web.endpoints.{name}").router for name in MODULES]
