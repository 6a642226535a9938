"""The search area's write use case, exercised on the contract study."""

from __future__ import annotations

from contracts.registry import Write

WRITES: list[Write] = [
    Write(
        "search.code_all_hits",
        lambda p: p.search.code_all_hits("hope", "Spare", spread="sentence"),
    ),
]

READS: set[str] = {"search.find", "search.__call__", "search.hits_frame", "search.documents"}
