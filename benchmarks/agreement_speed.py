"""Inter-coder agreement on the 200,000-coding study, as the analyst runs it.

A second coder ("second") double-codes 50 of the study's 500 documents (10%,
the share O'Connor & Joffe 2020 advise): each of the first coder's codings
there is copied with its boundaries moved by up to 30 characters, one in ten
is left out and one in ten given another code (a seeded generator, so every
run builds the same codings, about 40,000 in the 50 documents).

qualframe, as users run it: the ``qualframe agreement`` command as a whole
process (start-up, reading the project, the figures per code and overall,
the JSON output) on spans (Krippendorff's unitizing α, character figures)
and on paragraphs (percent, κ, AC1, α per code). Floor, per unit: a plain
Python process (``python -m benchmarks.agreement_speed floor ...``) reading
the same codings and texts with ``sqlite3``, then the figures of one overall
question computed once with numpy and the ``krippendorff`` package
(spans: each coder's coded characters as one binary row per character; the
paragraphs: which paragraphs each coder coded, as a binary coders × units
matrix). The floor does much less than qualframe (no per-code figures, no
Python start-up of the application), so its ratio is an upper bound of the
overhead, not a like-for-like race.
"""

from __future__ import annotations

import bisect
import os
import random
import re
import sqlite3
import statistics
import subprocess
import sys
from pathlib import Path

from benchmarks.report import Result, timed
from benchmarks.synthetic_study import SyntheticStudy

DOUBLE_CODED = 50
SHIFT = 30
#: What an analyst waits for the figures of a 10% double-coded sample (no issue
#: sets a ratio: the floor computes one overall figure, qualframe one per code).
TARGET_SECONDS = 10.0
REPEATS = 3
SECOND = "second"
_BLANK_LINES = re.compile(r"\n\s*\n")


def double_code(study: SyntheticStudy, seed: int = 20261207) -> tuple[list[int], int]:
    """Add the second coder's codings (see the module docstring); returns the
    double-coded documents' ids and how many codings the second coder made."""
    rng = random.Random(seed)
    project = study.project
    documents = project.documents.documents()
    ids = sorted(int(i) for i in documents["id"])[:DOUBLE_CODED]
    lengths = {int(row.id): int(row.length) for row in documents.itertuples()}
    codings = project.coding.codings()
    mine = codings[codings["document_id"].isin(ids)]
    codes = sorted(set(codings["code"]))
    spans: dict[str, set[tuple[int, int, int]]] = {}
    for row in mine.itertuples():
        draw = rng.random()
        if draw < 0.1:
            continue
        code = rng.choice(codes) if draw < 0.2 else str(row.code)
        document = int(row.document_id)
        start = max(0, int(row.start) + rng.randint(-SHIFT, SHIFT))
        end = min(lengths[document], int(row.end) + rng.randint(-SHIFT, SHIFT))
        if end > start:
            spans.setdefault(code, set()).add((document, start, end))
    second = project.acting_as(SECOND)
    added = 0
    with second.atomic():
        for code, wanted in sorted(spans.items()):
            added += second.coding.add(code, sorted(wanted))
    return ids, added


def floor_figures(database: Path, documents: list[int], unit: str) -> float:
    """The floor's alpha for ``unit`` ("span" or "paragraph"), from raw sqlite3."""
    import krippendorff
    import numpy as np

    connection = sqlite3.connect(database)
    marks = ",".join("?" * len(documents))
    texts = dict(
        connection.execute(f"SELECT id, text FROM documents WHERE id IN ({marks})", documents)
    )
    rows = connection.execute(
        f'SELECT document_id, start, "end", coder FROM codings WHERE document_id IN ({marks})',
        documents,
    ).fetchall()
    connection.close()
    coders = sorted({row[3] for row in rows})
    if unit == "span":
        offsets, total = {}, 0
        for document in documents:
            offsets[document] = total
            total += len(texts[document])
        matrix = np.zeros((len(coders), total), dtype=np.int8)
        for document, start, end, coder in rows:
            base = offsets[document]
            matrix[coders.index(coder), base + start : base + end] = 1
        counts = np.stack([(matrix == 0).sum(axis=0), (matrix == 1).sum(axis=0)], axis=1)
        return float(krippendorff.alpha(value_counts=counts, level_of_measurement="nominal"))
    units: dict[int, list[int]] = {}  # each document's paragraph starts, then its end
    for document in documents:
        text = texts[document]
        units[document] = [0, *(m.end() for m in _BLANK_LINES.finditer(text)), len(text)]
    first, count = {}, 0
    for document in documents:
        first[document] = count
        count += len(units[document]) - 1
    matrix = np.zeros((len(coders), count), dtype=np.int8)
    for document, start, end, coder in rows:
        cuts = units[document]
        low = bisect.bisect_right(cuts, start) - 1
        high = bisect.bisect_left(cuts, end)
        matrix[coders.index(coder), first[document] + low : first[document] + high] = 1
    return float(krippendorff.alpha(reliability_data=matrix, level_of_measurement="nominal"))


def _floor_command(database: Path, unit: str, documents: list[int]) -> None:
    arguments = [sys.executable, "-m", "benchmarks.agreement_speed", "floor", str(database), unit]
    root = Path(__file__).resolve().parents[1]
    subprocess.run([*arguments, *map(str, documents)], check=True, cwd=root)


def _command(database: Path, unit: str, documents: list[str]) -> None:
    script = Path(sys.executable).with_name("qualframe")
    arguments = [str(script), "--database", f"sqlite:///{database}", "agreement"]
    arguments += ["--unit", unit, "--format", "json"]
    for document in documents:
        arguments += ["--document", document]
    env = {**os.environ, "QUALFRAME_PROJECT": "Synthetic", "COLUMNS": "120"}
    subprocess.run(arguments, check=True, env=env, stdout=subprocess.DEVNULL)


def run(study: SyntheticStudy) -> list[Result]:
    """Double-code the study, then time the command against its floor per unit."""
    documents, added = double_code(study)
    frame = study.project.documents.documents()
    names = [str(row.name) for row in frame.itertuples() if int(row.id) in set(documents)]
    results = []
    for unit in ("span", "paragraph"):
        floors, commands = [], []
        for _ in range(REPEATS):
            floors.append(timed(lambda u=unit: _floor_command(study.database, u, documents)))
            commands.append(timed(lambda u=unit: _command(study.database, u, names)))
        value, floor = statistics.median(commands), statistics.median(floors)
        results.append(
            Result(
                name=f"`qualframe agreement --unit {unit}` on {DOUBLE_CODED} double-coded "
                "documents, whole process",
                value=value,
                unit="s",
                floor=floor,
                target=f"≤ {TARGET_SECONDS:g} s",
                met=value <= TARGET_SECONDS,
                note=(
                    f"median of {REPEATS} interleaved runs (command "
                    f"{', '.join(f'{s:.2f}' for s in commands)} s; floor "
                    f"{', '.join(f'{s:.2f}' for s in floors)} s); 2 coders, "
                    f"{added:,} codings by the second, 60 codes; floor = raw sqlite3 "
                    "read + one overall α with numpy and krippendorff, a process of its own"
                ),
            )
        )
    return results


if __name__ == "__main__" and sys.argv[1:2] == ["floor"]:
    floor_figures(Path(sys.argv[2]), [int(i) for i in sys.argv[4:]], sys.argv[3])
