"""Full-text search and coding all hits."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["search"])
