"""Framework matrix, export and comparison speed on the 200,000-coding study.

- build: ``project.matrix.build(rows="participants", columns=<60 codes>)``,
  500 rows × 60 columns with counts, statuses, summaries and quotes;
  floor: the bare ``GROUP BY participant, code`` count with plain sqlite3.
- export: that matrix to XLSX (NatCen layout) after the analysts have charted
  a tenth of its cells (drafted from data: summaries with all their excerpts
  linked as quotes).
- comparison: ``project.compare.code(code, by="stakeholder group")``.
"""

from __future__ import annotations

import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.report import Result
from benchmarks.synthetic_study import SyntheticStudy

REPEATS = 5
FLOOR_QUERY = (
    "SELECT participant_id, code_id, count(*), count(DISTINCT document_id) "
    "FROM codings GROUP BY participant_id, code_id"
)


def _median_seconds(function: Callable[[], object], repeats: int = REPEATS) -> float:
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def run(study: SyntheticStudy) -> list[Result]:
    """Time building, exporting and comparing on the synthetic study."""
    project = study.project
    codes = [f"Code {n:02d}" for n in range(study.codes)]
    build = lambda: project.matrix.build(rows="participants", columns=codes)  # noqa: E731
    matrix = build()
    connection = sqlite3.connect(study.database)
    floor = _median_seconds(lambda: connection.execute(FLOOR_QUERY).fetchall())
    connection.close()
    built = _median_seconds(build)
    charted = [(row.key, column.path) for row in matrix.rows[::10] for column in matrix.columns]
    drafted = project.matrix.draft_from_data(matrix, only=charted)
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "matrix.xlsx"
        exported = _median_seconds(lambda: project.matrix.export(build(), target), repeats=1)
    compared = _median_seconds(lambda: project.compare.code("Code 07", by="stakeholder group"))
    size = f"{len(matrix.rows)} participants × {len(matrix.columns)} codes"
    return [
        Result(
            name=f"build a {size} framework matrix ({study.codings:,} codings)",
            value=built,
            unit="s",
            floor=floor,
            target="≤ 1 s",
            met=built <= 1.0,
            note=(
                f"median of {REPEATS}; counts, statuses, summaries and quotes per cell; floor = "
                "the bare GROUP BY participant, code count by raw sqlite3."
            ),
        ),
        Result(
            name=f"export the {size} matrix to XLSX",
            value=exported,
            unit="s",
            target="≤ 10 s",
            met=exported <= 10.0,
            note=(
                f"after drafting every tenth participant's row from data ({drafted.drafted:,} "
                f"cells, {drafted.quotes_linked:,} quotes linked); includes building the matrix "
                "and writing the linked quotes sheet."
            ),
        ),
        Result(
            name="compare one code across the six stakeholder groups",
            value=compared,
            unit="s",
            target="≤ 0.5 s",
            met=compared <= 0.5,
            note=f"median of {REPEATS}; participants, cases, codings, chars, quotes per group.",
        ),
    ]
