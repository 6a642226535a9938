"""Full-text search with keyword in context over the imported Covid corpus.

qualframe: ``project.search(word)``, the first page (50 segments) of
keyword-in-context hits with document, offsets, speaker and participant.
Floor: the bare FTS5 MATCH of the same word (first 50 rowids) with plain
``sqlite3`` on a table indexed the same way (the import floor's database).
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import qualframe
from benchmarks.report import Result, percentile

TARGET_MS = 100.0
WORDS = ("ventilator", "care", "vaccine", "lockdown", "the")
REPEATS = 30


def _times(function: object) -> list[float]:
    samples = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        function()  # type: ignore[operator]
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def run(project: qualframe.Project, floor_database: Path) -> list[Result]:
    """Time a one-word search for several words; report the slowest word's p95."""
    connection = sqlite3.connect(floor_database)
    results = []
    for word in WORDS:
        found = project.search(word)
        ours = _times(lambda word=word: project.search(word))
        floor = _times(
            lambda word=word: connection.execute(
                "SELECT rowid FROM documents_fts WHERE documents_fts MATCH ? LIMIT 50", (word,)
            ).fetchall()
        )
        p95 = percentile(ours, 0.95)
        results.append(
            Result(
                name=f"search {word!r}: first page of keyword-in-context hits",
                value=p95,
                unit="ms",
                floor=percentile(floor, 0.95),
                target=f"< {TARGET_MS:g} ms",
                met=p95 < TARGET_MS,
                note=(
                    f"{found.total_segments:,} matching segments, {len(found.hits)} hits on the "
                    f"first page; p95 of {REPEATS} runs; floor = bare FTS5 MATCH of 50 rowids."
                ),
            )
        )
    connection.close()
    return results
