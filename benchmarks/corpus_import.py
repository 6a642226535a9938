"""Importing the UK Covid-19 Inquiry transcripts, against a raw sqlite3 + FTS5 floor.

Floor: read and decode every file, insert its text into a table and into an
FTS5 index (Porter stemming, like qualframe's) with plain ``sqlite3``, in one
transaction. qualframe: ``project.documents.import_files([folder])`` into a
fresh SQLite database, which also detects speaker turns, splits segments and
records the audit log.
"""

from __future__ import annotations

import sqlite3
import statistics
from pathlib import Path

import qualframe
from benchmarks.report import Result, timed

TARGET_RATIO = 3.0


def corpus_files(corpus: Path) -> list[Path]:
    """Every transcript of the corpus, in a stable order."""
    return sorted(corpus.rglob("*.rst"))


def floor_import(files: list[Path], database: Path) -> None:
    """The floor: raw inserts of the same text with an FTS5 index."""
    connection = sqlite3.connect(database)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = NORMAL")
    connection.execute("CREATE TABLE documents (id INTEGER PRIMARY KEY, name TEXT, text TEXT)")
    connection.execute(
        "CREATE VIRTUAL TABLE documents_fts USING fts5(text, content='documents', "
        "content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')"
    )
    with connection:
        for number, path in enumerate(files, start=1):
            text = path.read_bytes().decode("utf-8")
            connection.execute(
                "INSERT INTO documents (id, name, text) VALUES (?, ?, ?)", (number, path.name, text)
            )
            connection.execute(
                "INSERT INTO documents_fts (rowid, text) VALUES (?, ?)", (number, text)
            )
    connection.close()


def qualframe_import(corpus: Path, database: Path) -> qualframe.Project:
    """Create a project in a fresh SQLite file and import the corpus folder."""
    project = qualframe.create_project(
        "Covid inquiry", database=f"sqlite:///{database}", user="benchmark"
    )
    project.documents.import_files([corpus])
    return project


def run(corpus: Path, work: Path, repeats: int = 3) -> tuple[list[Result], qualframe.Project]:
    """Measure both imports ``repeats`` times, interleaved, and compare medians.

    Interleaving and medians keep a passing load on this small machine from
    favouring either side. Returns the results and the last imported project.
    """
    files = corpus_files(corpus)
    characters = sum(len(p.read_text("utf-8")) for p in files)
    floors, ours, projects = [], [], []
    for attempt in range(repeats):
        floors.append(timed(lambda a=attempt: floor_import(files, work / f"floor-{a}.db")))
        ours.append(
            timed(lambda a=attempt: projects.append(qualframe_import(corpus, work / f"qf-{a}.db")))
        )
        if attempt < repeats - 1:
            projects.pop().database.close()
    project = projects[-1]
    documents = project.documents.documents()
    turns = int(documents["turns"].sum()) if "turns" in documents else 0
    floor, value = statistics.median(floors), statistics.median(ours)
    result = Result(
        name=f"import {len(files)} transcripts ({characters / 1e6:.1f} M characters)",
        value=value,
        unit="s",
        floor=floor,
        target=f"≤ {TARGET_RATIO:g}× floor",
        met=value <= TARGET_RATIO * floor,
        note=(
            f"median of {repeats} interleaved runs (qualframe {_seconds(ours)}; floor "
            f"{_seconds(floors)}); qualframe imports the whole folder: {len(documents)} "
            "documents (the .rst files and PROVENANCE.md) and "
            f"{turns:,} speaker turns stored, with text segments, full-text index and audit "
            "entry; floor = raw sqlite3 "
            "inserts of each document plus one FTS5 (porter) row per document, one transaction."
        ),
    )
    return [result], project


def _seconds(samples: list[float]) -> str:
    return ", ".join(f"{s:.2f}" for s in samples) + " s"
