"""Comparisons: a code across attribute groups, structured answers, co-occurrence, saturation."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)
