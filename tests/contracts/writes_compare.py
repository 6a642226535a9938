"""The comparisons only read: no write use case."""

from __future__ import annotations

from contracts.registry import Write

WRITES: list[Write] = []

READS: set[str] = {
    "compare.options",
    "compare.code",
    "compare.codes",
    "compare.answers",
    "compare.cooccurrence",
    "compare.saturation",
}
