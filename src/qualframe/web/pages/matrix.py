"""The framework matrix: rows x codes, cells with summaries, statuses and quotes."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)
