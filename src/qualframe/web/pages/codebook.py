"""The codebook editor: the tree of codes, their definitions, and the framework's history."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)
