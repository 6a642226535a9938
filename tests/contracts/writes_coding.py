"""The coding area's write use cases, exercised on the contract study.

Codings carry a GUID but no version (they are added, changed and removed,
not edited field by field), so no write here states one. The Trust coding of
p01.txt is quoted by a matrix cell and cannot be removed: removals use a Hope
coding, which no cell quotes.
"""

from __future__ import annotations

import qualframe
from contracts import study
from contracts.registry import Write

HOPE = "Mechanisms > Hope"


def _hope(project: qualframe.Project) -> int:
    """The first Hope coding of p01.txt ("I felt hope again")."""
    return study.coding_id(project, HOPE)


def _add(project: qualframe.Project) -> int:
    document_id = project.coding.get(_hope(project)).document_id
    return project.coding.add("Spare", [(document_id, 0, 11), (document_id, 14, 20)])


def _remove_from_span(project: qualframe.Project) -> object:
    start = study.TRANSCRIPT.index("I felt hope again")
    return project.coding.remove_from_span("p01.txt", HOPE, start, start + 5)


def _apply_plan(project: qualframe.Project) -> int:
    plan = project.coding.autocode_keywords("Spare", ["library"])
    return project.coding.apply_plan(plan)


WRITES: list[Write] = [
    Write("coding.apply", lambda p: p.coding.apply("p02.txt", "Spare", 0, 3)),
    Write("coding.add", _add),
    Write("coding.change", lambda p: p.coding.change(_hope(p), code="Spare")),
    Write("coding.extend", lambda p: p.coding.extend(_hope(p), "sentence")),
    Write("coding.remove", lambda p: p.coding.remove(_hope(p))),
    Write("coding.remove_from_span", _remove_from_span),
    Write("coding.apply_plan", _apply_plan),
]

READS: set[str] = {
    "coding.get",
    "coding.codings",
    "coding.listing",
    "coding.document_view",
    "coding.document_page",
    "coding.document_text",
    "coding.document_codings",
    "coding.sentence_at",
}
