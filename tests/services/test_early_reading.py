"""Files read early: ``file_reading.start_reading`` begins reading a batch in worker
processes before the import is called (as ``qualframe import`` does before it
opens the project). An import that takes those readings stores exactly what an
import reading the files itself stores; readings made another way (the project
knows speaker labels, another encoding, every file checked first with every CPU)
are dropped and the files read again; a failed import leaves nothing written and
no worker behind. Also the rule that gives up writing while reading early, when
the batch's pace shows it would not end in time. On SQLite and PostgreSQL."""

from __future__ import annotations

import gc
import multiprocessing
import os
import random
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

import qualframe
from qualframe.errors import BatchImportError, NotFoundError
from qualframe.services.documents import file_import, file_reading
from qualframe.services.documents.file_import import ImportProgress
from qualframe.storage.database import Database
from qualframe.storage.models import (
    Document,
    DocumentPage,
    DocumentSection,
    Participant,
    SpeakerTurn,
    TextSegment,
)
from row_counts import row_counts
from services.builders import add_people, write_file

#: Transcripts in the generated batch (named ``P1.txt`` ... so that their natural
#: order differs from their plain order: ``P10`` sorts before ``P2``).
FILES = 30

#: A visit note whose one labelled line is a turn only when the project knows "Dana".
VISIT_NOTES = (
    "Notes from the home visit.\n\n"
    "We met in the garden and talked about the week.\n\n"
    "Dana: I came in late, sorry.\n\n"
    "The visit ended at noon.\n"
)

WORDS = (
    *("peer", "support", "helped", "me", "through", "the", "worst", "weeks", "and", "group"),
    *("kept", "going", "when", "work", "was", "hard", "waiting", "list", "long", "sister"),
)


def _paragraph(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 40))).capitalize() + "."


def _transcript(rng: random.Random, number: int, *, markdown: bool) -> str:
    """An interview with speaker labels (``Interviewer``, ``P<number>``, now and
    then a ``[00:01:02]`` time), headed sections when ``markdown``."""
    lines: list[str] = []
    for part in range(1, rng.randint(2, 4) + 1):
        if markdown:
            lines.append(f"{'#' * min(part, 2)} Topic {part} of interview {number}")
        for turn in range(rng.randint(4, 12)):
            seconds = part * 600 + turn * 17
            stamp = f"[00:{seconds // 60 % 60:02}:{seconds % 60:02}] " if turn % 5 == 0 else ""
            speaker = "Interviewer" if turn % 2 == 0 else f"P{number}"
            lines.append(f"{stamp}{speaker}: {_paragraph(rng)}")
            if rng.random() < 0.3:  # an answer running over two paragraphs
                lines.append(_paragraph(rng))
    return "\n\n".join(lines) + "\n"


def make_batch(folder: Path, *, files: int = FILES, seed: int = 7) -> Path:
    """A folder of generated transcripts (text and Markdown, some in a sub-folder,
    one name used twice, one text duplicated) plus :data:`VISIT_NOTES`."""
    rng = random.Random(seed)
    for number in range(1, files + 1):
        markdown = number % 3 == 0
        where = "site b/" if number % 4 == 0 else ""
        name = f"{where}P{number}.{'md' if markdown else 'txt'}"
        write_file(folder, name, _transcript(rng, number, markdown=markdown))
    write_file(folder, "site b/P1.txt", _transcript(rng, 101, markdown=False))  # a name twice
    write_file(folder, "z-copy of P2.txt", (folder / "P2.txt").read_text(encoding="utf-8"))
    write_file(folder, "visit-notes.txt", VISIT_NOTES)
    return folder


def stored(project: qualframe.Project) -> list[tuple[Any, ...]]:
    """Everything an import stores for each document of ``project``, by name:
    its fields, turns (participant by identifier), segments (turn by its place
    in the list), sections and pages; no id, no time of import."""
    found: list[tuple[Any, ...]] = []
    with project.database.transaction() as session:
        documents = session.scalars(
            select(Document).where(Document.project_id == project.info.id).order_by(Document.name)
        ).all()
        people = {
            person.id: person.identifier
            for person in session.scalars(
                select(Participant).where(Participant.project_id == project.info.id)
            )
        }
        for document in documents:
            turns = session.scalars(
                select(SpeakerTurn)
                .where(SpeakerTurn.document_id == document.id)
                .order_by(SpeakerTurn.start, SpeakerTurn.id)
            ).all()
            place = {turn.id: index for index, turn in enumerate(turns)}
            segments = session.scalars(
                select(TextSegment)
                .where(TextSegment.document_id == document.id)
                .order_by(TextSegment.start, TextSegment.id)
            ).all()
            sections = session.scalars(
                select(DocumentSection)
                .where(DocumentSection.document_id == document.id)
                .order_by(DocumentSection.position)
            ).all()
            pages = session.scalars(
                select(DocumentPage)
                .where(DocumentPage.document_id == document.id)
                .order_by(DocumentPage.number)
            ).all()
            found.append(
                (
                    document.name,
                    document.title,
                    document.format,
                    document.text,
                    document.length,
                    document.content_hash,
                    document.details,
                    [
                        (t.label, t.start, t.end, people.get(t.participant_id or 0), t.seconds)
                        for t in turns
                    ],
                    [
                        (s.start, s.end, None if s.turn_id is None else place[s.turn_id])
                        for s in segments
                    ],
                    [(s.title, s.level, s.start, s.end) for s in sections],
                    [(p.number, p.start, p.end) for p in pages],
                )
            )
    return found


def turn_labels(project: qualframe.Project, name: str) -> list[str]:
    """The labels of the turns of document ``name``, in text order."""
    return [turn.label for turn in project.documents.turn_list(name)]


def other_project(database: Database, name: str = "Plain") -> qualframe.Project:
    """A second project in the same database, imported into without early reading."""
    return qualframe.create_project(name, database=database, user="tester")


@pytest.fixture(autouse=True)
def _no_reading_left(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Batches of any size read by worker processes; whatever a test started is
    stopped after it. The collector is unfrozen before and after: ``qualframe
    import`` freezes it for good at its exit, and a test running it in this
    process before would leave it frozen (counts of frozen objects then
    drift as they are freed)."""
    monkeypatch.setattr(file_reading, "PARALLEL_MIN_BYTES", 1)
    monkeypatch.setattr(file_reading, "READ_AHEAD", 2)
    gc.unfreeze()
    yield
    file_reading.stop_reading()
    gc.unfreeze()


@pytest.fixture
def forking() -> None:
    """Skip where no worker process may be forked (one CPU, or a second thread)."""
    if (os.cpu_count() or 1) < 2 or threading.active_count() > 1:
        pytest.skip("files are read by worker processes only on 2+ CPUs in one thread")
    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("files are read by worker processes only where processes fork")


def start(sources: list[Path], encoding: str | None = None) -> Any:
    """``start_reading(sources, encoding)``; returns the early reading it began."""
    file_reading.start_reading(sources, encoding)
    early = file_reading._early
    assert early is not None, "start_reading began no reading"
    assert early.begun, "start_reading began no reading"
    return early


def takes(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """What each ``read_all`` took of the early reading (None: nothing, dropped)."""
    taken: list[Any] = []
    take: Callable[..., Any] = file_reading._take_early

    def spy(*args: Any, **kwargs: Any) -> Any:
        taken.append(take(*args, **kwargs))
        return taken[-1]

    monkeypatch.setattr(file_reading, "_take_early", spy)
    return taken


def no_worker_left(early: Any) -> None:
    """The early reading is over: none pending in the module, no worker alive."""
    assert file_reading._early is None
    assert early.pool._shutdown_thread
    assert multiprocessing.active_children() == []


# ---------------------------------------------------------------- the same result


@pytest.mark.usefixtures("forking")
@pytest.mark.parametrize("early_bytes", [1, 1 << 30], ids=["a few files early", "all early"])
@pytest.mark.parametrize("on_error", ["stop", "skip"])
def test_a_batch_read_early_is_stored_exactly_as_one_read_by_the_import(
    project: qualframe.Project,
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    early_bytes: int,
    on_error: str,
) -> None:
    folder = make_batch(tmp_path / "batch")
    plain = other_project(database)
    with monkeypatch.context() as reading_in_process:
        reading_in_process.setattr(file_reading, "PARALLEL_MIN_BYTES", 1 << 40)
        expected = plain.documents.import_files(folder, on_error=on_error)  # type: ignore[arg-type]
    monkeypatch.setattr(file_reading, "EARLY_READ_BYTES", early_bytes)
    taken = takes(monkeypatch)
    gc_frozen = gc.get_freeze_count()

    early = start([folder])
    report = project.documents.import_files(folder, on_error=on_error)  # type: ignore[arg-type]

    assert taken == [early]
    assert early.begun == {}  # every reading begun early was used
    no_worker_left(early)
    assert gc.get_freeze_count() == gc_frozen
    assert [(d.name, d.file, d.turns, d.segments) for d in report.imported] == [
        (d.name, d.file, d.turns, d.segments) for d in expected.imported
    ]
    assert [(d.file, d.duplicate_of) for d in report.duplicates] == [
        (str(folder / "z-copy of P2.txt"), "P2.txt")
    ]
    assert len(report.imported) == FILES + 2
    assert stored(project) == stored(plain)
    assert set(turn_labels(project, "P3.md")) == {"Interviewer", "P3"}
    sections = {document[0]: document[9] for document in stored(project)}
    assert sections["P3.md"][0][:2] == ("Topic 1 of interview 3", 1)
    assert turn_labels(project, "visit-notes.txt") == []  # "Dana" unknown: no turn


@pytest.mark.usefixtures("forking")
def test_readings_begun_early_for_some_files_serve_an_import_of_others(
    project: qualframe.Project, database: Database, tmp_path: Path
) -> None:
    folder = make_batch(tmp_path / "batch")
    extra = write_file(tmp_path, "extra.txt", "Interviewer: And then?\n\nP99: Then it was over.\n")
    plain = other_project(database)
    plain.documents.import_files([folder / "P5.txt", extra, folder / "P7.txt"])

    early = start([folder])
    project.documents.import_files([folder / "P5.txt", extra, folder / "P7.txt"])

    no_worker_left(early)
    assert stored(project) == stored(plain)
    assert sorted(d.name for d in project.documents.document_list()) == [
        "P5.txt",
        "P7.txt",
        "extra.txt",
    ]


@pytest.mark.usefixtures("forking")
def test_the_files_read_early_are_the_first_the_import_will_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Begun in the import's (natural) order: readings begun in another order
    (``P10`` before ``P2``) would keep the import waiting for all of them."""
    monkeypatch.setattr(file_reading, "EARLY_READ_BYTES", 1)
    monkeypatch.setattr(file_reading, "READ_AHEAD", 4)
    folder = make_batch(tmp_path / "batch")
    single = write_file(tmp_path, "single.txt", "P0: Alone.\n")
    files, _ = file_reading.collect_files([single, folder])
    early = start([single, folder])
    window = file_reading.READ_AHEAD * early.pool._max_workers
    assert list(early.begun) == [file.source for file in files[:window]]
    assert [file.relative for file in files[:5]] == [
        "single.txt",
        "P1.txt",
        "P2.txt",
        "P3.md",
        "P5.txt",  # P4 is in "site b"
    ]
    file_reading.stop_reading()


@pytest.mark.parametrize(
    "names",
    [
        ["P10.txt", "p2.txt", "P1.txt", "P02.txt", "a/P3.md", "A/p1.txt", "Z.txt", "é.txt"],
        ["interview 100", "Interview 20", "interview 3b", "interview 3a", "x\u0663y", "x2y"],
    ],
)
def test_the_reading_order_is_the_projects_natural_order(names: list[str]) -> None:
    from qualframe.services.study import attributes

    assert sorted(names, key=file_reading.natural_key) == sorted(names, key=attributes.natural_key)
    assert [file_reading.natural_key(name) for name in names] == [
        attributes.natural_key(name) for name in names
    ]


# ---------------------------------------------------------------- readings dropped


def _known_dana(project: qualframe.Project, tmp_path: Path, way: str) -> None:
    """Make the project know the label "Dana": as a participant's identifier, as a
    label mapped (to a participant or to a role) after an earlier import, or
    accepted; or reject the label "Interviewer" (a hint too)."""
    if way == "participant":
        add_people(project, "Dana")
        return
    earlier = write_file(
        tmp_path / project.info.name,
        "earlier.txt",
        "Interviewer: Who came?\n\nDana: I did.\n\nInterviewer: When?\n\nDana: At nine.\n",
    )
    project.documents.import_files(earlier)
    if way == "mapped":
        add_people(project, "P77")
        project.documents.map_speaker("Dana", "P77")
    elif way == "role":
        project.documents.map_speaker("Dana", role="other")
    elif way == "rejected":
        project.documents.reject_label("Interviewer")
    else:
        raise AssertionError(way)


@pytest.mark.usefixtures("forking")
@pytest.mark.parametrize("way", ["participant", "mapped", "role", "rejected"])
def test_when_the_project_knows_speaker_labels_the_early_readings_are_dropped(
    project: qualframe.Project,
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    way: str,
) -> None:
    folder = make_batch(tmp_path / "batch", files=12)
    plain = other_project(database)
    _known_dana(plain, tmp_path, way)
    plain.documents.import_files(folder)
    _known_dana(project, tmp_path, way)  # before start_reading: it imports a file too
    taken = takes(monkeypatch)

    early = start([folder])
    project.documents.import_files(folder)

    assert taken == [None]
    assert early.begun  # none of the readings begun early was used
    no_worker_left(early)
    assert stored(project) == stored(plain)
    if way == "rejected":
        assert turn_labels(project, "P1.txt")[0] == "P1"  # "Interviewer" is text now
    else:
        assert turn_labels(project, "visit-notes.txt") == ["Dana"]


@pytest.mark.usefixtures("forking")
def test_a_label_mapped_project_wide_gives_turns_read_early_their_participant(
    project: qualframe.Project, database: Database, tmp_path: Path
) -> None:
    folder = make_batch(tmp_path / "batch", files=6)
    _known_dana(project, tmp_path, "mapped")
    start([folder])
    project.documents.import_files(folder)
    turns = project.documents.turn_list("visit-notes.txt")
    assert [(turn.label, turn.participant) for turn in turns] == [("Dana", "P77")]


CYRILLIC = (
    "Интервьюер: Как вы себя чувствуете сегодня?\n\n"
    "P{n}: Хорошо, спасибо. Работа идёт, группа помогает.\n\n"
    "Интервьюер: А семья?\n\nP{n}: Все здоровы.\n"
)


@pytest.mark.usefixtures("forking")
@pytest.mark.parametrize(
    ("early_encoding", "asked"),
    [("cp1252", "cp1251"), ("cp1252", None), (None, "cp1252")],
    ids=["another encoding", "detected instead", "named instead of detected"],
)
def test_readings_begun_with_another_encoding_are_dropped(
    project: qualframe.Project,
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    early_encoding: str | None,
    asked: str | None,
) -> None:
    folder = tmp_path / "cp1251"
    for number in range(1, 9):
        write_file(folder, f"P{number}.txt", CYRILLIC.format(n=number).encode("cp1251"))
    plain = other_project(database)
    plain.documents.import_files(folder, encoding=asked)
    taken = takes(monkeypatch)

    early = start([folder], early_encoding)
    report = project.documents.import_files(folder, encoding=asked)

    assert taken == [None]
    no_worker_left(early)
    assert len(report.imported) == 8
    assert stored(project) == stored(plain)
    text = project.documents.document("P1.txt").text
    if asked == "cp1252":
        assert text.startswith("Èíòåðâüþåð: ")  # what the named encoding reads
    else:
        assert text.startswith("Интервьюер: Как вы")
        assert turn_labels(project, "P1.txt") == ["Интервьюер", "P1", "Интервьюер", "P1"]


@pytest.mark.usefixtures("forking")
def test_readings_begun_with_the_encoding_asked_are_taken(
    project: qualframe.Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "cp1251"
    for number in range(1, 9):
        write_file(folder, f"P{number}.txt", CYRILLIC.format(n=number).encode("cp1251"))
    taken = takes(monkeypatch)
    early = start([folder], "cp1251")
    project.documents.import_files(folder, encoding="cp1251")
    assert taken == [early]
    assert project.documents.document("P8.txt").text.startswith("Интервьюер: Как вы")


@pytest.mark.usefixtures("forking")
def test_readings_are_dropped_by_an_import_checking_every_file_on_every_cpu(
    project: qualframe.Project, database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Inside ``project.atomic()`` the batch is read whole first (every CPU), not as
    the early readings were."""
    folder = make_batch(tmp_path / "batch", files=10)
    plain = other_project(database)
    plain.documents.import_files(folder)
    taken = takes(monkeypatch)

    early = start([folder])
    with project.atomic():
        project.documents.import_files(folder)

    assert taken == [None]
    no_worker_left(early)
    assert stored(project) == stored(plain)


# ---------------------------------------------------------------- stopping


def test_stopping_when_nothing_was_started_is_harmless(project: qualframe.Project) -> None:
    frozen = gc.get_freeze_count()
    file_reading.stop_reading()
    file_reading.stop_reading()
    assert file_reading._early is None
    assert gc.get_freeze_count() == frozen
    assert multiprocessing.active_children() == []


def test_a_small_batch_is_not_read_early(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(file_reading, "PARALLEL_MIN_BYTES", 4 * 1024 * 1024)
    folder = make_batch(tmp_path / "batch", files=4)
    frozen = gc.get_freeze_count()
    file_reading.start_reading([folder])
    assert file_reading._early is None
    assert gc.get_freeze_count() == frozen
    assert multiprocessing.active_children() == []


@pytest.mark.usefixtures("forking")
def test_readings_stopped_unused_leave_no_worker_and_the_import_reads_itself(
    project: qualframe.Project, database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = make_batch(tmp_path / "batch", files=10)
    frozen = gc.get_freeze_count()
    early = start([folder])
    file_reading.stop_reading()
    no_worker_left(early)
    assert gc.get_freeze_count() == frozen

    taken = takes(monkeypatch)
    project.documents.import_files(folder)
    assert taken == [None]
    plain = other_project(database)
    plain.documents.import_files(folder)
    assert stored(project) == stored(plain)


@pytest.mark.usefixtures("forking")
def test_starting_again_stops_the_reading_begun_before(tmp_path: Path) -> None:
    first = start([make_batch(tmp_path / "one", files=6)])
    second = start([make_batch(tmp_path / "two", files=6, seed=8)])
    assert first.pool._shutdown_thread
    assert file_reading._early is second
    file_reading.stop_reading()
    no_worker_left(second)


@pytest.mark.usefixtures("forking")
@pytest.mark.parametrize("bad", ["P2.txt", "P30.txt"], ids=["read early", "read by the import"])
def test_a_failed_import_of_files_read_early_writes_nothing_and_stops_the_workers(
    project: qualframe.Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bad: str
) -> None:
    monkeypatch.setattr(file_reading, "EARLY_READ_BYTES", 1)  # P30 is not begun early
    folder = make_batch(tmp_path / "batch")
    write_file(folder, bad, b"\x00\x01binary\x00")
    before = row_counts(project.database)
    frozen = gc.get_freeze_count()
    taken = takes(monkeypatch)

    early = start([folder])
    with pytest.raises(BatchImportError) as raised:
        project.documents.import_files(folder)

    assert taken == [early]
    assert str(folder / bad) in str(raised.value)
    assert "nothing was written" in str(raised.value)
    assert row_counts(project.database) == before
    no_worker_left(early)
    assert gc.get_freeze_count() == frozen


@pytest.mark.usefixtures("forking")
@pytest.mark.parametrize("early", [True, False], ids=["read early", "read by the import"])
def test_an_import_failing_part_way_through_storing_stops_its_workers_at_once(
    project: qualframe.Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, early: bool
) -> None:
    """A write failing part way (not a bad file): nothing is written, and the
    workers are stopped and the collector unfrozen before the error is let go."""
    folder = make_batch(tmp_path / "batch", files=20)
    write = file_import.DocumentWriter.write
    written: list[str] = []

    def failing(self: file_import.DocumentWriter, *args: Any) -> Any:
        written.append(args[1])
        if len(written) == 3:
            raise RuntimeError("the disk is full")
        return write(self, *args)

    monkeypatch.setattr(file_import.DocumentWriter, "write", failing)
    before = row_counts(project.database)
    frozen = gc.get_freeze_count()
    if early:
        start([folder])

    with pytest.raises(RuntimeError, match="the disk is full") as raised:
        project.documents.import_files(folder)

    assert raised.value is not None  # the error (and its traceback) still held
    assert file_reading._early is None
    assert multiprocessing.active_children() == []
    assert gc.get_freeze_count() == frozen
    assert row_counts(project.database) == before


@pytest.mark.usefixtures("forking")
def test_an_import_failing_before_it_reads_leaves_the_reading_to_stop(
    project: qualframe.Project, tmp_path: Path
) -> None:
    """An unknown participant stops the import before it reads: the early reading
    waits (the command line stops it, see ``stop_reading``)."""
    folder = make_batch(tmp_path / "batch", files=6)
    before = row_counts(project.database)
    frozen = gc.get_freeze_count()
    early = start([folder])
    with pytest.raises(NotFoundError, match="No participant called 'P99'"):
        project.documents.import_files(folder, participants="P99")
    assert file_reading._early is early
    file_reading.stop_reading()
    no_worker_left(early)
    assert row_counts(project.database) == before
    assert gc.get_freeze_count() == frozen


# ---------------------------------------------------------------- giving up early


@pytest.mark.parametrize(
    ("elapsed", "storing", "stored_bytes", "late"),
    [
        (1.9, 1.9, 1, False),  # too soon to judge, however slow
        (2.5, 2.0, 0, False),  # nothing stored yet: no pace
        (2.5, 2.0, 50, False),  # half in 2 s: ends at 4.5 s
        (2.5, 2.0, 40, False),  # 40 % in 2 s: ends at 5.5 s, within the margin
        (2.5, 2.0, 35, True),  # 35 % in 2 s: would end past 6 s
        (3.0, 2.5, 30, True),  # 30 % in 2.5 s: would end past 6 s
        (5.1, 0.0, 99, True),  # past the ahead time
    ],
)
def test_the_pace_rule_gives_up_only_once_it_has_evidence(
    elapsed: float, storing: float, stored_bytes: int, late: bool
) -> None:
    assert file_import.AHEAD_SECONDS == 5.0
    assert file_import.AHEAD_EVIDENCE_SECONDS == 2.0
    assert file_import.AHEAD_MARGIN == 1.2
    assert file_import._too_late(elapsed, storing, stored_bytes, 100) is late


@pytest.fixture
def slow_pace(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every batch written while read looks too slow after its first file (the
    evidence needed is none, the margin nothing); the ahead time itself is kept."""
    monkeypatch.setattr(file_import, "AHEAD_EVIDENCE_SECONDS", 0.0)
    monkeypatch.setattr(file_import, "AHEAD_MARGIN", 0.0)


@pytest.mark.usefixtures("slow_pace")
@pytest.mark.parametrize("early", [False, True], ids=["read by the import", "read early"])
def test_an_import_giving_up_writing_while_reading_still_stores_every_document(
    project: qualframe.Project,
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    early: bool,
) -> None:
    folder = make_batch(tmp_path / "batch", files=12)
    plain = other_project(database)
    plain.documents.import_files(folder)
    seen: list[ImportProgress] = []
    if early and not ((os.cpu_count() or 1) > 1 and threading.active_count() == 1):
        pytest.skip("files are read early only on 2+ CPUs in one thread")
    if early:
        start([folder])

    report = project.documents.import_files(folder, progress=seen.append)

    total = 12 + 3
    steps = [(update.stage, update.done) for update in seen]
    assert steps[0] == ("storing", 1)  # written while read, then given up at once
    assert steps[1:total] == [("reading", n) for n in range(2, total + 1)]
    assert steps[total:] == [("storing", n) for n in range(1, total + 1)]
    assert len(report.imported) == total - 1 and len(report.duplicates) == 1
    assert len(project.documents.document_list()) == total - 1
    assert stored(project) == stored(plain)
    imports = [entry for entry in project.activity() if entry.action == "document.import"]
    assert [len(entry.details["imported"]) for entry in imports] == [total - 1]
    assert file_reading._early is None
    assert multiprocessing.active_children() == []


@pytest.mark.usefixtures("slow_pace")
def test_an_import_giving_up_early_with_a_bad_file_writes_nothing(
    project: qualframe.Project, tmp_path: Path
) -> None:
    folder = make_batch(tmp_path / "batch", files=12)
    write_file(folder, "P9.txt", "   \n")
    before = row_counts(project.database)
    seen: list[ImportProgress] = []
    with pytest.raises(BatchImportError, match=r"P9\.txt: the file is empty") as raised:
        project.documents.import_files(folder, progress=seen.append)
    assert "nothing was written" in str(raised.value)
    assert (seen[0].stage, seen[1].stage) == ("storing", "reading")
    assert row_counts(project.database) == before


def test_a_batch_within_its_pace_is_written_while_read_in_one_go(
    project: qualframe.Project, tmp_path: Path
) -> None:
    folder = make_batch(tmp_path / "batch", files=12)
    seen: list[ImportProgress] = []
    report = project.documents.import_files(folder, progress=seen.append)
    assert {update.stage for update in seen} == {"storing"}
    assert len(report.imported) == 14
