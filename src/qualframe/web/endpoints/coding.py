"""Codings: apply, change, remove, list; the data behind the document view."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["coding"])
