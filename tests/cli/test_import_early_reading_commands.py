"""`qualframe import` begins reading a big batch in worker processes before it
opens the project (``file_reading.start_reading``): what it stores is what an
import reading the files itself stores; readings made without what the project
knows about speaker labels are dropped; a failed import writes nothing and leaves
no worker behind. On SQLite and PostgreSQL."""

from __future__ import annotations

import gc
import multiprocessing
import os
import random
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

import qualframe
from qualframe.cli.app import build_app
from qualframe.services.documents import file_import, file_reading
from qualframe.storage.database import Database
from qualframe.storage.models import Document, DocumentSection, SpeakerTurn, TextSegment
from row_counts import row_counts
from services.builders import add_people, write_file

runner = CliRunner()

FILES = 16

VISIT_NOTES = (
    "Notes from the home visit.\n\n"
    "We met in the garden and talked about the week.\n\n"
    "Dana: I came in late, sorry.\n\n"
    "The visit ended at noon.\n"
)

WORDS = ("peer", "support", "helped", "me", "through", "the", "worst", "weeks", "and", "group")


def _batch(folder: Path) -> Path:
    """Generated interviews ``P1`` ... (text and Markdown with headings), one text
    twice, and :data:`VISIT_NOTES`."""
    rng = random.Random(3)
    for number in range(1, FILES + 1):
        heading = f"# Interview {number}\n\n" if number % 3 == 0 else ""
        turns = [
            f"{'Interviewer' if turn % 2 == 0 else f'P{number}'}: "
            + " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 30)))
            for turn in range(rng.randint(4, 10))
        ]
        name = f"P{number}.{'md' if heading else 'txt'}"
        write_file(folder, name, heading + "\n\n".join(turns) + "\n")
    write_file(folder, "z-copy.txt", (folder / "P1.txt").read_text(encoding="utf-8"))
    write_file(folder, "visit-notes.txt", VISIT_NOTES)
    return folder


def _stored(project: qualframe.Project) -> list[tuple[Any, ...]]:
    """Each document's name, fields, turns, segments (turn by place) and sections."""
    found = []
    with project.database.transaction() as session:
        for document in session.scalars(
            select(Document).where(Document.project_id == project.info.id).order_by(Document.name)
        ):
            turns = session.scalars(
                select(SpeakerTurn)
                .where(SpeakerTurn.document_id == document.id)
                .order_by(SpeakerTurn.start)
            ).all()
            place = {turn.id: index for index, turn in enumerate(turns)}
            segments = session.scalars(
                select(TextSegment)
                .where(TextSegment.document_id == document.id)
                .order_by(TextSegment.start)
            ).all()
            sections = session.scalars(
                select(DocumentSection)
                .where(DocumentSection.document_id == document.id)
                .order_by(DocumentSection.position)
            ).all()
            found.append(
                (
                    document.name,
                    document.title,
                    document.format,
                    document.text,
                    document.content_hash,
                    document.details,
                    [(t.label, t.start, t.end, t.seconds) for t in turns],
                    [(s.start, s.end, place.get(s.turn_id or 0)) for s in segments],
                    [(s.title, s.level, s.start, s.end) for s in sections],
                )
            )
    return found


@pytest.fixture(autouse=True)
def _reading(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Small batches read by workers; whatever was started is stopped afterwards.
    The collector is unfrozen before and after: the command freezes it for good
    at its exit (once per process), which would hold for every later test."""
    if (os.cpu_count() or 1) < 2 or threading.active_count() > 1:
        pytest.skip("files are read by worker processes only on 2+ CPUs in one thread")
    monkeypatch.setattr(file_reading, "PARALLEL_MIN_BYTES", 1)
    monkeypatch.setattr(file_reading, "READ_AHEAD", 2)
    gc.unfreeze()
    yield
    file_reading.stop_reading()
    gc.unfreeze()


@pytest.fixture
def study(database_url: str) -> Iterator[qualframe.Project]:
    """The project "Study" the commands import into."""
    database = Database(database_url)
    yield qualframe.create_project("Study", database=database, user="tester")
    database.close()


@pytest.fixture
def plain(study: qualframe.Project) -> qualframe.Project:
    """Another project of the same database, imported into through the API (its
    batch reads its files itself)."""
    return qualframe.create_project("Plain", database=study.database, user="tester")


class Early:
    """What the command did with early readings: the reading ``start_reading``
    began (or None) and what each ``read_all`` took of it."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.begun: list[Any] = []
        self.taken: list[Any] = []
        start, take = file_reading.start_reading, file_reading._take_early

        def started(*args: Any, **kwargs: Any) -> None:
            start(*args, **kwargs)
            self.begun.append(file_reading._early)

        def took(*args: Any, **kwargs: Any) -> Any:
            self.taken.append(take(*args, **kwargs))
            return self.taken[-1]

        monkeypatch.setattr(file_reading, "start_reading", started)
        monkeypatch.setattr(file_reading, "_take_early", took)

    def over(self) -> None:
        """No reading is left: none waiting in the module, no worker alive."""
        assert file_reading._early is None
        assert all(early.pool._shutdown_thread for early in self.begun)
        assert multiprocessing.active_children() == []


def _run(study: qualframe.Project, *args: str) -> tuple[int, str]:
    command = ["--database", str(study.database.url), "--project", "Study", *args]
    result = runner.invoke(build_app(), command, env={"COLUMNS": "300"})
    return result.exit_code, result.output


def test_the_import_command_stores_files_read_early_as_an_import_reading_them_itself(
    study: qualframe.Project,
    plain: qualframe.Project,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = _batch(tmp_path / "batch")
    plain.documents.import_files(folder)

    early = Early(monkeypatch)
    code, output = _run(study, "import", str(folder))

    assert code == 0, output
    assert f"Imported {FILES + 1} documents; 1 duplicate skipped." in " ".join(output.split())
    assert len(early.begun) == 1 and early.begun[0] is not None
    assert early.taken == early.begun  # the import took the readings begun early
    assert early.begun[0].begun == {}  # and used every one
    early.over()
    assert _stored(study) == _stored(plain)
    # Run from Python the command leaves the collector as it was: only the
    # console script's own process sets objects aside at its exit (cli.main).
    assert gc.get_freeze_count() == 0


def test_skipping_bad_files_takes_the_early_readings_and_lists_the_bad_one(
    study: qualframe.Project,
    plain: qualframe.Project,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = _batch(tmp_path / "batch")
    write_file(folder, "P7.txt", b"\x00\x01binary\x00")
    plain.documents.import_files(folder, on_error="skip")

    early = Early(monkeypatch)
    code, output = _run(study, "import", str(folder), "--skip-bad")

    assert code == 0, output
    assert "P7.txt" in output
    assert early.taken == early.begun
    early.over()
    assert _stored(study) == _stored(plain)
    assert "P7.txt" not in [document[0] for document in _stored(study)]


def test_when_the_project_knows_a_label_the_readings_are_dropped_and_the_label_taken(
    study: qualframe.Project,
    plain: qualframe.Project,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    add_people(study, "Dana")
    add_people(plain, "Dana")
    folder = _batch(tmp_path / "batch")
    plain.documents.import_files(folder)

    early = Early(monkeypatch)
    code, output = _run(study, "import", str(folder))

    assert code == 0, output
    assert early.begun[0] is not None and early.taken == [None]
    early.over()
    assert _stored(study) == _stored(plain)
    turns = study.documents.turn_list("visit-notes.txt")
    assert [(turn.label, turn.participant) for turn in turns] == [("Dana", None)]


def test_an_encoding_named_is_the_encoding_of_the_readings_begun_early(
    study: qualframe.Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "cp1252"
    for number in range(1, 7):
        text = f"Interviewer: Café or naïve?\n\nP{number}: Déjà vu, €{number}.\n"
        write_file(folder, f"P{number}.txt", text.encode("cp1252"))

    early = Early(monkeypatch)
    code, output = _run(study, "import", str(folder), "--encoding", "cp1252")

    assert code == 0, output
    assert early.taken == early.begun and early.begun[0] is not None
    early.over()
    assert study.documents.document("P6.txt").text == (
        "Interviewer: Café or naïve?\n\nP6: Déjà vu, €6.\n"
    )


def test_a_bad_file_stops_the_import_writes_nothing_and_leaves_no_worker(
    study: qualframe.Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _batch(tmp_path / "batch")
    write_file(folder, "P12.txt", "   \n")
    before = row_counts(study.database)
    frozen = gc.get_freeze_count()

    early = Early(monkeypatch)
    code, output = _run(study, "import", str(folder))

    assert code == 1
    assert "P12.txt: the file is empty" in " ".join(output.split())
    assert "Traceback" not in output
    assert row_counts(study.database) == before
    assert early.taken == early.begun
    early.over()
    assert gc.get_freeze_count() == frozen


def test_an_import_refused_before_it_reads_stops_the_reading_begun(
    study: qualframe.Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _batch(tmp_path / "batch")
    before = row_counts(study.database)
    frozen = gc.get_freeze_count()

    early = Early(monkeypatch)
    code, output = _run(study, "import", str(folder), "--participant", "P99")

    assert code == 1
    assert "No participant called 'P99'" in output
    assert early.begun[0] is not None and early.taken == []  # never read: stopped
    early.over()
    assert row_counts(study.database) == before
    assert gc.get_freeze_count() == frozen


def test_an_import_giving_up_writing_while_reading_stores_every_document(
    study: qualframe.Project,
    plain: qualframe.Project,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = _batch(tmp_path / "batch")
    plain.documents.import_files(folder)
    # Every batch written while read looks too slow after its first file.
    monkeypatch.setattr(file_import, "AHEAD_EVIDENCE_SECONDS", 0.0)
    monkeypatch.setattr(file_import, "AHEAD_MARGIN", 0.0)
    undone: list[int] = []
    discard = file_import.UnitOfWork.discard

    def spy(self: Any) -> bool:
        undone.append(1)
        return discard(self)

    monkeypatch.setattr(file_import.UnitOfWork, "discard", spy)

    early = Early(monkeypatch)
    code, output = _run(study, "import", str(folder))

    assert code == 0, output
    assert undone == [1]
    assert early.taken == early.begun
    early.over()
    assert len(study.documents.document_list()) == FILES + 1
    assert _stored(study) == _stored(plain)


def test_a_dry_run_begins_no_reading(
    study: qualframe.Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _batch(tmp_path / "batch")
    early = Early(monkeypatch)
    code, output = _run(study, "import", str(folder), "--dry-run")
    assert code == 0, output
    assert early.begun == []
    assert study.documents.document_list() == []


def test_the_console_script_sets_objects_aside_from_the_collector_at_its_exit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from qualframe.cli import main

    monkeypatch.setattr("sys.argv", ["qualframe", "--help"])
    gc.unfreeze()
    try:
        with pytest.raises(SystemExit):
            main()
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
