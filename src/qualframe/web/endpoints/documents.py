"""Documents: list, upload, read (text and turns), link participants, speakers."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["documents"])
