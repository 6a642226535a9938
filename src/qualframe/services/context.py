"""Who acts, on which project."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ProjectContext:
    """The project a service call acts on and the user it is attributed to."""

    project_id: int
    actor: str
