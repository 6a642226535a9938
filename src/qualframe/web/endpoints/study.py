"""Study design: attributes, cases, participants, interview schedule, answers, typologies."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["study"])
