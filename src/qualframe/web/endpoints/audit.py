"""The audit log: who changed what, when."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["audit"])
