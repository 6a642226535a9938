"""Comparisons: code x group, structured answers, co-occurrence, saturation."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["compare"])
