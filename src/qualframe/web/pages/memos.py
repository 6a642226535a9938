"""Memos: list, filter by type and link, write and edit in Markdown."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)
