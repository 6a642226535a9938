"""The codebook: tree, create, edit, rename, move, merge, retire, restore, history."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["codebook"])
