"""Importing the UK Covid-19 Inquiry transcripts, against a raw sqlite3 + FTS5 floor.

Floor: read and decode every file, insert its text into a table and into an
FTS5 index (Porter stemming, like qualframe's) with plain ``sqlite3``, in one
transaction. qualframe, as users run it: the ``qualframe import FOLDER``
command as a whole process (start-up, progress bar and all) into a fresh
SQLite project, which also renders the reStructuredText, finds sections and
speaker turns, splits segments and records the audit log. The same import
called in-process is reported beside it, to tell the command's own cost apart.
"""

from __future__ import annotations

import os
import sqlite3
import statistics
import subprocess
import sys
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
    """Create a project in a fresh SQLite file and import the corpus folder in-process."""
    project = qualframe.create_project(
        "Covid inquiry", database=f"sqlite:///{database}", user="benchmark"
    )
    project.documents.import_files([corpus])
    return project


def command_import(corpus: Path, database: Path) -> float:
    """Seconds the ``qualframe import`` command takes, as a whole process, to import
    the corpus into a fresh project (the project is created first, untimed)."""
    url = f"sqlite:///{database}"
    qualframe.create_project("Covid inquiry", database=url, user="benchmark").database.close()
    script = Path(sys.executable).with_name("qualframe")
    if not script.exists():
        raise SystemExit(f"{script}: the qualframe console script is not installed")
    environment = {**os.environ, "COLUMNS": "120"}
    return timed(
        lambda: subprocess.run(
            [str(script), "--database", url, "import", str(corpus)],
            check=True,
            stdout=subprocess.DEVNULL,
            env=environment,
        )
    )


def run(corpus: Path, work: Path, repeats: int = 3) -> tuple[list[Result], qualframe.Project]:
    """Measure both imports ``repeats`` times, interleaved, and compare medians.

    Interleaving and medians keep a passing load on this small machine from
    favouring either side. Returns the results and the last imported project.
    """
    files = corpus_files(corpus)
    characters = sum(len(p.read_text("utf-8")) for p in files)
    floors, commands, calls, projects = [], [], [], []
    for attempt in range(repeats):
        floors.append(timed(lambda a=attempt: floor_import(files, work / f"floor-{a}.db")))
        commands.append(command_import(corpus, work / f"cmd-{attempt}.db"))
        calls.append(
            timed(lambda a=attempt: projects.append(qualframe_import(corpus, work / f"qf-{a}.db")))
        )
        if attempt < repeats - 1:
            projects.pop().database.close()
    project = projects[-1]
    documents = project.documents.documents()
    turns = int(documents["turns"].sum()) if "turns" in documents else 0
    floor = statistics.median(floors)
    what = (
        f"{len(documents)} documents (the .rst files and PROVENANCE.md) and {turns:,} speaker "
        "turns stored, with sections, text segments, full-text index and audit entry; floor = "
        "raw sqlite3 inserts of each document plus one FTS5 (porter) row per document, one "
        "transaction."
    )
    name = f"import {len(files)} transcripts ({characters / 1e6:.1f} M characters)"
    results = []
    for label, samples, how in (
        ("`qualframe import` command, whole process", commands, "the command"),
        ("in-process `import_files`", calls, "the Python API call"),
    ):
        value = statistics.median(samples)
        results.append(
            Result(
                name=f"{name}: {label}",
                value=value,
                unit="s",
                floor=floor,
                target=f"≤ {TARGET_RATIO:g}× floor",
                met=value <= TARGET_RATIO * floor,
                note=(
                    f"median of {repeats} interleaved runs ({how} {_seconds(samples)}; floor "
                    f"{_seconds(floors)}); {what}"
                ),
            )
        )
    return results, project


def _seconds(samples: list[float]) -> str:
    return ", ".join(f"{s:.2f}" for s in samples) + " s"
