"""The document view: the transcript with speaker turns, where text is coded."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)
