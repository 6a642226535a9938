"""The typologies' write use cases, exercised on the contract study.

The study has the case typology "engagement style" (close, distant), none
of its cases assigned. An assignment is a value of the case: the case's
version counts it.
"""

from __future__ import annotations

import qualframe
from contracts.registry import Write
from contracts.writes_study import case_version, remembered


def _assigned(project: qualframe.Project) -> int:
    """The version of "Trust A", assigned to "close" first (once per project)."""

    def assign() -> int:
        return project.typologies.assign("engagement style", "Trust A", "close").version

    remembered(project, "assigned", assign)
    return case_version(project)


WRITES: list[Write] = [
    Write(
        "typologies.define",
        lambda p: p.typologies.define("model", level="participant", categories=["a", "b"]),
    ),
    Write(
        "typologies.assign",
        lambda p: p.typologies.assign("engagement style", "Trust A", "close"),
        version_of=case_version,
        stating=lambda p, v: p.typologies.assign(
            "engagement style", "Trust A", "distant", if_version=v
        ),
    ),
    Write(
        "typologies.unassign",
        lambda p: p.typologies.unassign("engagement style", "Trust A"),
        version_of=_assigned,
        stating=lambda p, v: p.typologies.unassign("engagement style", "Trust A", if_version=v),
    ),
]

READS: set[str] = {
    "typologies.dimensions",
    "typologies.assignments",
    "typologies.placements",
    "typologies.unassigned",
}
