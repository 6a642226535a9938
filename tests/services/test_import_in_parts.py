"""A long import commits in parts so that other writers get in between, each
file whole or not at all; a bad file still stops it before anything is
written; a busy database part way says what was saved."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import make_url

import qualframe
from database_locks import waiting_briefly
from qualframe.errors import BatchImportError, BusyError
from qualframe.services.documents import file_import, file_reading, import_parts
from qualframe.services.documents.file_import import ImportProgress
from qualframe.storage import database as storage_database
from qualframe.storage.database import Database
from row_counts import row_counts
from services.builders import write_file

FILES = 12


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Twelve small transcripts, ``P01.txt`` to ``P12.txt``."""
    for number in range(1, FILES + 1):
        write_file(tmp_path / "batch", f"P{number:02}.txt", f"P{number:02}: interview {number}.")
    return tmp_path / "batch"


@pytest.fixture
def every_file_a_part(monkeypatch: pytest.MonkeyPatch) -> None:
    """Check every file first (no writing while reading), then commit a part after
    every file."""
    monkeypatch.setattr(file_import, "AHEAD_SECONDS", 0.0)
    monkeypatch.setattr(import_parts, "PART_SECONDS", 0.0)


def _entries(project: qualframe.Project) -> list[Any]:
    return sorted(project.activity(), key=lambda record: record.id)


def _when_storing(number: int, act: Any) -> Any:
    """A progress callback calling ``act()`` once file ``number`` is stored."""

    def progress(update: ImportProgress) -> None:
        if update.stage == "storing" and update.done == number:
            act()

    return progress


@pytest.mark.usefixtures("every_file_a_part")
def test_a_long_import_commits_in_parts_and_another_writer_gets_in_between(
    project: qualframe.Project, folder: Path
) -> None:
    other = threading.Thread(target=project.codebook.add, args=("Written meanwhile",))

    def start_other() -> None:
        other.start()
        time.sleep(0.3)  # on SQLite it is waiting for the write lock by now

    report = project.documents.import_files(folder, progress=_when_storing(3, start_other))
    other.join(timeout=10)

    assert len(report.imported) == FILES
    actions = [entry.action for entry in _entries(project)]
    # The other write went in between two parts, not after the import.
    imports = [index for index, action in enumerate(actions) if action == "document.import"]
    assert imports[0] < actions.index("code.create") < imports[-1]
    parts = [entry for entry in _entries(project) if entry.action == "document.import"]
    assert len(parts) == FILES
    assert [len(entry.details["imported"]) for entry in parts] == [1] * FILES
    assert [d["id"] for e in parts for d in e.details["imported"]] == [
        d.id for d in report.imported
    ]
    assert parts[0].summary == f"Imported 1 document (part 1 of an import of {FILES} files)."
    assert parts[-1].summary == (
        f"Imported 1 document (part {FILES}, the last, of an import of {FILES} files)."
    )
    assert [entry.details["part"] for entry in parts] == list(range(1, FILES + 1))


def test_files_read_first_beyond_the_memory_budget_wait_in_a_temporary_file(
    project: qualframe.Project, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(file_reading, "SPOOL_MEMORY_CHARS", 40)  # two files' text
    report = project.documents.import_files(folder)
    assert [d.name for d in report.imported] == [f"P{n:02}.txt" for n in range(1, FILES + 1)]
    stored = project.documents.document("P12.txt")
    assert stored.text.strip() == f"P12: interview {FILES}."
    assert stored.turns == 1


@pytest.mark.usefixtures("every_file_a_part")
def test_an_import_with_a_bad_file_writes_nothing_even_in_parts(
    project: qualframe.Project, database: Database, folder: Path
) -> None:
    write_file(folder, "P99.txt", b"\x00\x01 binary")
    before = row_counts(database)
    with pytest.raises(BatchImportError, match="nothing was written") as caught:
        project.documents.import_files(folder)
    assert [failure.source for failure in caught.value.failures] == [str(folder / "P99.txt")]
    assert row_counts(database) == before


@pytest.mark.usefixtures("every_file_a_part")
def test_an_import_inside_a_larger_transaction_is_one_part(
    project: qualframe.Project, folder: Path
) -> None:
    with project.atomic():
        project.documents.import_files(folder)
    parts = [entry for entry in _entries(project) if entry.action == "document.import"]
    assert [entry.summary for entry in parts] == [f"Imported {FILES} documents."]
    assert "part" not in parts[0].details


@pytest.mark.usefixtures("every_file_a_part")
def test_duplicates_skipped_in_a_part_are_recorded_with_the_next_part(
    project: qualframe.Project, folder: Path
) -> None:
    write_file(folder, "P03b.txt", "P03: interview 3.")  # after P03.txt, the same text
    report = project.documents.import_files(folder)
    assert [d.duplicate_of for d in report.duplicates] == ["P03.txt"]
    parts = [entry for entry in _entries(project) if entry.action == "document.import"]
    recorded = [d["file"] for entry in parts for d in entry.details["duplicates"]]
    assert recorded == [str(folder / "P03b.txt")]
    assert sum(len(entry.details["imported"]) for entry in parts) == FILES


@pytest.mark.usefixtures("every_file_a_part")
def test_an_import_stopped_by_a_busy_database_keeps_its_parts_and_says_so(
    project: qualframe.Project,
    database: Database,
    database_url: str,
    folder: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if database.dialect != "sqlite":
        pytest.skip("PostgreSQL writers lock rows: an import never waits for the database")
    monkeypatch.setattr(storage_database, "PART_ATTEMPTS", 1)
    path = str(make_url(database_url).database)

    def hold_the_lock() -> None:  # another writer taking the lock at a checkpoint, for long
        holder = sqlite3.connect(path, isolation_level=None, timeout=10)
        holder.execute("BEGIN IMMEDIATE")
        time.sleep(1.5)
        holder.execute("ROLLBACK")
        holder.close()

    other = threading.Thread(target=hold_the_lock)

    def start_other() -> None:
        other.start()
        time.sleep(0.3)  # waiting for the lock the import holds

    with waiting_briefly(database), pytest.raises(BusyError) as caught:
        project.documents.import_files(folder, progress=_when_storing(3, start_other))
    other.join(timeout=10)

    assert str(caught.value) == (
        "The database is busy: another user or command is writing (an import?). The import "
        f"stopped at file 3 of {FILES}: the 3 documents of the parts committed before are "
        "saved; import the same files again to add the rest (those already imported are "
        "skipped as duplicates)."
    )
    assert [info.name for info in project.documents.document_list()] == [
        "P01.txt",
        "P02.txt",
        "P03.txt",
    ]
    again = project.documents.import_files(folder)
    assert (len(again.imported), len(again.duplicates)) == (FILES - 3, 3)


def test_a_batch_stored_while_it_is_read_still_writes_nothing_when_a_file_is_bad(
    project: qualframe.Project, folder: Path
) -> None:
    write_file(folder, "P99.txt", b" \n\n ")  # read last: no text, a failure
    before = row_counts(project.database)
    seen: list[ImportProgress] = []

    with pytest.raises(BatchImportError) as raised:
        project.documents.import_files(folder, progress=seen.append)

    assert "P99.txt: the file is empty (only white space)" in str(raised.value)
    assert row_counts(project.database) == before
    # The good files were written while the rest was read, then undone.
    assert {update.stage for update in seen} == {"storing"}


def test_a_batch_not_read_within_the_ahead_time_is_undone_read_then_stored_in_parts(
    project: qualframe.Project, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(file_import, "AHEAD_SECONDS", 0.0)
    written_meanwhile: list[str] = []

    def progress(update: ImportProgress) -> None:
        # While the rest is read nothing holds the write lock: others write at once.
        if update.stage == "reading" and update.done == 5:
            with waiting_briefly(project.database):
                written_meanwhile.append(project.codebook.add("Meanwhile").name)

    report = project.documents.import_files(folder, progress=progress)

    assert written_meanwhile == ["Meanwhile"]
    assert [d.name for d in report.imported] == [f"P{n:02}.txt" for n in range(1, FILES + 1)]
    assert len(project.documents.document_list()) == FILES
    imports = [entry for entry in _entries(project) if entry.action == "document.import"]
    assert [len(entry.details["imported"]) for entry in imports] == [FILES]


def test_progress_counts_every_file_once_per_stage_after_the_ahead_time(
    project: qualframe.Project, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(file_import, "AHEAD_SECONDS", 0.0)
    seen: list[ImportProgress] = []
    project.documents.import_files(folder, progress=seen.append)
    steps = [(update.stage, update.done, update.total) for update in seen]
    assert steps[0] == ("storing", 1, FILES)  # written ahead, then undone
    assert steps[1:FILES] == [("reading", n, FILES) for n in range(2, FILES + 1)]
    assert steps[FILES:] == [("storing", n, FILES) for n in range(1, FILES + 1)]
