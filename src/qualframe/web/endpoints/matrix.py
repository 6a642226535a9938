"""Framework matrices and cells: build, summaries, statuses, quotes, drafts, exports."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["matrix"])
