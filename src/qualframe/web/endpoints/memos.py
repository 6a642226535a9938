"""Memos: list, create, edit, delete."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["memos"])
