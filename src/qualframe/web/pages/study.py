"""Editing the study design: attributes, cases and participants tables,
spreadsheet import with preview."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)
