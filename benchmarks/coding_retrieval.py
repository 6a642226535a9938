"""Retrieving all codings of one code filtered by one attribute, at 200,000 codings.

qualframe: ``project.coding.codings(code=..., where={"stakeholder group": ...})``,
a DataFrame with text, document, speaker, participant, case and every
attribute. Floor: the same rows (id, document, offsets, text) fetched with
plain ``sqlite3`` by a hand-written query on the same database file.
"""

from __future__ import annotations

import sqlite3
import time

from benchmarks.report import Result, percentile
from benchmarks.synthetic_study import SyntheticStudy

TARGET_P95_MS = 20.0
REPEATS = 200

FLOOR_QUERY = """
SELECT c.id, d.name, c.start, c."end", c.quote
FROM codings c JOIN documents d ON d.id = c.document_id
WHERE c.code_id = (SELECT id FROM codes WHERE name = ?)
  AND c.participant_id IN (
    SELECT v.participant_id FROM attribute_values v
    WHERE v.definition_id = (SELECT id FROM attribute_definitions WHERE name = ?)
      AND v.value = ?
  )
"""


def _samples(function: object, repeats: int) -> list[float]:
    timings = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()  # type: ignore[operator]
        timings.append((time.perf_counter() - start) * 1000)
    return timings


def run(study: SyntheticStudy) -> list[Result]:
    """p95 of the filtered retrieval, and of the raw floor query."""
    code, where = "Code 07", {"stakeholder group": "peer worker"}
    rows = len(study.project.coding.codings(code=code, where=where))
    ours = _samples(lambda: study.project.coding.codings(code=code, where=where), REPEATS)
    connection = sqlite3.connect(study.database)
    floor = _samples(
        lambda: connection.execute(FLOOR_QUERY, (code, *where, *where.values())).fetchall(),
        REPEATS,
    )
    connection.close()
    p95, floor_p95 = percentile(ours, 0.95), percentile(floor, 0.95)
    return [
        Result(
            name=(
                f"codings of one code filtered by one attribute ({rows} of "
                f"{study.codings:,} codings, {study.participants} participants)"
            ),
            value=p95,
            unit="ms",
            floor=floor_p95,
            target=f"p95 ≤ {TARGET_P95_MS:g} ms",
            met=p95 <= TARGET_P95_MS,
            note=(
                f"p95 over {REPEATS} calls (p50 {percentile(ours, 0.5):.1f} ms); the result is a "
                "DataFrame with text, document, speaker, participant, case and all attributes; "
                "floor = the bare rows by raw sqlite3."
            ),
        )
    ]
