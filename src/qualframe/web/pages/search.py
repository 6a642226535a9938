"""Full-text search with keyword in context, and coding all hits."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)
