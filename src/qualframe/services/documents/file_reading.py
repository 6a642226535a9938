"""Finding and reading the files of an import: folders searched, each file read,
parsed and prepared for storing (text, turns, segments, structure), big
batches in forked worker processes while the database is written, or kept
(:class:`Spool`) until every file is read and checked. A command line may
start the workers before it opens the project (:func:`start_reading`).

Pure of the database except :func:`speaker_hints`, which reads what the
project knows about speaker labels for the readers.
"""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import itertools
import multiprocessing
import os
import pickle
import tempfile
import threading
from collections import deque
from collections.abc import Generator, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path, PurePath, PurePosixPath
from types import TracebackType
from typing import IO, TYPE_CHECKING, Any

from qualframe.errors import InputFileError
from qualframe.formats.documents import (
    READERS_VERSION,
    SUPPORTED_SUFFIXES,
    ParsedDocument,
    SpeakerHints,
    read_document,
    read_document_bytes,
)
from qualframe.formats.segmentation import text_segments, word_count
from qualframe.formats.sources import Source, UploadedFile
from qualframe.formats.speaker_turns import (
    MAX_FIRST_LINE_CHARS,
    LabelCandidate,
    label_candidates,
)
from qualframe.services.core.wording import natural_key

if TYPE_CHECKING:
    from qualframe.services.core.unit_of_work import UnitOfWork

# The database and the ORM are imported where they are used (speaker_hints): a
# command line starts reading (start_reading) before it has imported them.

#: How many files each reader process works ahead of the one being stored.
READ_AHEAD = 16
#: Most reader processes of a big batch read while the database is written.
MAX_READERS = 2
#: Most reader processes of a big batch read before anything is written (the
#: importing process waits meanwhile, so every CPU can read).
MAX_READERS_AHEAD = 4
#: Characters of text a :class:`Spool` keeps in memory (about 4 bytes each with
#: turns and segments); the files beyond wait in a temporary file.
SPOOL_MEMORY_CHARS = 64 * 1024 * 1024
#: Batches at least this big (bytes) are read by worker processes when possible.
PARALLEL_MIN_BYTES = 4 * 1024 * 1024
#: Bytes of files :func:`start_reading` gives its workers at once (at least
#: :data:`READ_AHEAD` files each): more than they read while a command line
#: starts (half a second or so); their readings wait in memory for the import.
EARLY_READ_BYTES = 32 * 1024 * 1024


@dataclass(frozen=True)
class SourceFile:
    """One file of a batch: where to read it, how to name it in messages and in the project."""

    source: Path | UploadedFile
    shown: str
    name: str
    relative: str


def collect_files(sources: Sequence[Source]) -> tuple[list[SourceFile], list[tuple[str, str]]]:
    """The files of a batch, folders expanded; missing paths and empty folders fail."""
    files: list[SourceFile] = []
    failures: list[tuple[str, str]] = []
    for source in sources:
        if isinstance(source, UploadedFile):
            name = PurePath(source.name.replace("\\", "/")).name
            files.append(SourceFile(source, name, name, name))
            continue
        path = Path(source)
        if not path.is_dir():
            files.append(SourceFile(path, str(path), path.name, path.name))
            continue
        found = _folder_files(path)
        if not found:
            supported = ", ".join(SUPPORTED_SUFFIXES)
            problem = f"the folder holds no file to import (supported: {supported})"
            failures.append((str(path), problem))
        files.extend(found)
    return files, failures


def _folder_files(folder: Path) -> list[SourceFile]:
    """Supported files under ``folder`` (recursively), hidden and lock files left
    out, in natural order of their paths in the folder (see
    :func:`~qualframe.services.core.wording.natural_key`)."""
    return sorted(_found_in(folder), key=lambda f: natural_key(f.relative))


def _found_in(folder: Path) -> list[SourceFile]:
    """Supported files under ``folder`` (recursively), hidden and lock files left
    out, in no particular order."""
    found = []
    for path in folder.rglob("*"):
        relative = path.relative_to(folder)
        if any(part.startswith((".", "~$")) for part in relative.parts):
            continue
        if path.suffix.lower() in SUPPORTED_SUFFIXES and path.is_file():
            posix = PurePosixPath(*relative.parts).as_posix()
            found.append(SourceFile(path, str(path), path.name, posix))
    return found


# ---------------------------------------------------------------- reading


@dataclass(frozen=True)
class Prepared:
    """A file read, parsed and segmented, as plain data (cheap to pass between processes).

    ``turns`` are ``(label, start, end, seconds)`` in text order;
    ``segments`` are ``(start, end, index into turns or None)``;
    ``sections`` ``(title, level, start, end)``; ``pages`` ``(number,
    start, end)``; ``comments`` ``(start, end, text, author, date)``;
    ``details`` is what ``Document.details`` stores. Segment texts are
    sliced by the writer: sending them from a worker would pickle the
    corpus twice.
    """

    title: str
    format: str
    text: str
    content_hash: str
    turns: list[tuple[str, int, int, float | None]]
    segments: list[tuple[int, int, int | None]]
    details: dict[str, Any]
    sections: list[tuple[str, int, int, int]] = field(default_factory=list)
    pages: list[tuple[int, int, int]] = field(default_factory=list)
    comments: list[tuple[int, int, str, str, str]] = field(default_factory=list)
    labels: tuple[LabelCandidate, ...] = ()


@dataclass(frozen=True)
class Unreadable:
    """Why a file could not be read (an exception would not survive pickling)."""

    problem: str
    line: int | None = None


def speaker_hints(uow: UnitOfWork) -> SpeakerHints:
    """What the project knows about speaker labels, for finding turns in new text:
    participants' identifiers, labels mapped to someone and labels accepted are
    known; labels a person marked "not a speaker" are rejected."""
    from qualframe.storage import queries

    decisions = queries.speakers.label_decisions(uow.session, uow.project_id)
    known = {
        *queries.people.participant_identifiers(uow.session, uow.project_id).values(),
        *(
            mapping.label
            for mapping in queries.speakers.project_mappings(uow.session, uow.project_id)
        ),
        *(decision.label for decision in decisions if decision.is_speaker),
    }
    rejected = {decision.label for decision in decisions if not decision.is_speaker}
    return SpeakerHints(frozenset(known - rejected), frozenset(rejected))


def _read(
    file: SourceFile, encoding: str | None, hints: SpeakerHints, candidates: bool = False
) -> Prepared | Unreadable:
    """Read and prepare one file; runs in a worker process for big batches."""
    try:
        if isinstance(file.source, UploadedFile):
            parsed = read_document_bytes(
                file.source.data, file.source.name, encoding=encoding, speakers=hints
            )
        else:
            parsed = read_document(file.source, encoding=encoding, speakers=hints)
    except InputFileError as error:
        return Unreadable(error.problem, error.line)
    read = prepared(parsed)
    if candidates and isinstance(read, Prepared):
        read = dataclasses.replace(read, labels=label_verdicts(parsed, hints))
    return read


def label_verdicts(parsed: ParsedDocument, hints: SpeakerHints) -> tuple[LabelCandidate, ...]:
    """The speaker labels of a read document (its turns' labels, with their counts
    and first lines) and the line starts that looked like labels but were not
    taken (prose such as "You say:", a label used once), with why."""
    text = parsed.text
    taken: dict[str, LabelCandidate] = {}
    for turn in parsed.turns:
        key = turn.label.casefold()
        if key in taken:
            taken[key] = dataclasses.replace(taken[key], count=taken[key].count + 1)
            continue
        line_end = text.find("\n", turn.start)
        first = text[turn.start : line_end if line_end >= 0 else len(text)]
        taken[key] = LabelCandidate(turn.label, 1, first[:MAX_FIRST_LINE_CHARS], True, "a speaker")
    others = [
        candidate
        for candidate in label_candidates(text, known=hints.known, rejected=hints.rejected)
        if candidate.label.casefold() not in taken and not candidate.accepted
    ]
    return (*taken.values(), *others)


def prepared(parsed: ParsedDocument) -> Prepared | Unreadable:
    """A parsed document made ready to store (segments, details, hash), or why it cannot be."""
    text = parsed.text
    if not text or text.isspace():
        return Unreadable("the file holds no text")
    encoded = text.encode("utf-8")
    turns = sorted((t.start, t.end, t.label, t.seconds) for t in parsed.turns if t.start < t.end)
    segments = text_segments(text, parsed.paragraphs, [(t[0], t[1]) for t in turns])
    details: dict[str, Any] = {
        "file": parsed.name,
        "words": word_count(encoded),
        "readers": READERS_VERSION,
    }
    if parsed.metadata:
        details["metadata"] = dict(parsed.metadata)
    if parsed.cues:
        details["cues"] = [
            [c.start, c.end, c.start_seconds, c.end_seconds, c.voice] for c in parsed.cues
        ]
    return Prepared(
        title=parsed.title,
        format=str(parsed.format),
        text=text,
        content_hash=hashlib.sha256(encoded).hexdigest(),
        turns=[(label, start, end, seconds) for start, end, label, seconds in turns],
        segments=segments,
        details=details,
        sections=[(s.title, s.level, s.start, s.end) for s in parsed.sections if s.start < s.end],
        pages=[(p.number, p.start, p.end) for p in parsed.pages if p.start < p.end],
        comments=[(c.start, c.end, c.text, c.author, c.date) for c in parsed.comments],
    )


def _reader_pool(files: Sequence[SourceFile], every_cpu: bool) -> Executor | None:
    """Worker processes to read a big batch while the database is written (or,
    ``every_cpu``, while the importing process waits for them), or None.

    Only forked workers are used: a spawned worker would re-run the
    caller's script (a notebook or a script without a ``__main__`` guard),
    and forking is only safe while this process runs a single thread
    (the CLI; not a web server or a notebook kernel), where reading stays
    in the calling thread.
    """
    cpus = os.cpu_count() or 1
    if cpus < 2 or len(files) < 2 or threading.active_count() > 1:
        return None
    if "fork" not in multiprocessing.get_all_start_methods():
        return None
    size = sum(file_size(file) for file in files)
    if size < PARALLEL_MIN_BYTES:
        return None
    context = multiprocessing.get_context("fork")
    workers = min(cpus, MAX_READERS_AHEAD) if every_cpu else min(cpus - 1, MAX_READERS)
    return ProcessPoolExecutor(max_workers=workers, mp_context=context)


def file_size(file: SourceFile) -> int:
    """Bytes of ``file`` (0 when it cannot be read: reading it will say why)."""
    if isinstance(file.source, UploadedFile):
        return len(file.source.data)
    try:
        return file.source.stat().st_size
    except OSError:
        return 0


def read_all(
    files: Sequence[SourceFile],
    encoding: str | None,
    hints: SpeakerHints,
    candidates: bool = False,
    *,
    every_cpu: bool = False,
) -> Generator[tuple[SourceFile, Prepared | Unreadable], None, None]:
    """Each file with its reading, in order; a big batch is read by worker
    processes a few files ahead of the consumer, so parsing overlaps with
    writing (close the generator, e.g. ``with contextlib.closing(...)``, when
    the consumer stops part way: its workers stop then, not when it is
    collected). ``every_cpu``: the consumer writes nothing meanwhile (it keeps
    the readings in a :class:`Spool`), so a reader may run on every CPU.
    Readings begun by :func:`start_reading` are taken when they were made
    as these would be (same encoding, no speaker hints, no label candidates,
    not ``every_cpu``); otherwise they are dropped."""
    early = _take_early(encoding, hints, candidates, every_cpu)
    found = early.pool if early is not None else _reader_pool(files, every_cpu)
    if found is None:
        for file in files:
            yield file, _read(file, encoding, hints, candidates)
        return
    pool: Executor = found
    begun = early.begun if early is not None else {}
    # The objects alive now (modules, the ORM's tables...) are set aside from the
    # cyclic garbage collector until the batch is read (see _freeze).
    freezing = early.freezing if early is not None else _freeze()

    def submit(file: SourceFile) -> Future[Prepared | Unreadable]:
        future = begun.pop(file.source, None) if isinstance(file.source, Path) else None
        return future or pool.submit(_read, file, encoding, hints, candidates)

    window = READ_AHEAD * pool._max_workers  # type: ignore[attr-defined]
    pending: deque[tuple[SourceFile, Future[Prepared | Unreadable]]] = deque()
    upcoming = iter(files)
    try:
        for file in itertools.islice(upcoming, window):
            pending.append((file, submit(file)))
        while pending:
            file, future = pending.popleft()
            following = next(upcoming, None)
            if following is not None:
                pending.append((following, submit(following)))
            yield file, future.result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        if freezing:
            gc.unfreeze()


def _freeze() -> bool:
    """Set the objects alive now aside from the cyclic garbage collector (until
    ``gc.unfreeze()``), before worker processes are forked: the workers and this
    process then do not walk them again and again while a corpus makes hundreds
    of thousands of objects. Not if the process froze some itself (a web server
    does so once, for good). Returns whether it froze them."""
    if gc.get_freeze_count():
        return False
    gc.freeze()
    return True


@dataclass(frozen=True)
class _EarlyReading:
    """Files being read by :func:`start_reading` for the import to come: the
    pool reading them, their readings begun (by path) and whether objects were
    frozen (see :func:`_freeze`) for them."""

    pool: Executor
    encoding: str | None
    begun: dict[Path | UploadedFile, Future[Prepared | Unreadable]]
    freezing: bool

    def close(self) -> None:
        """Stop the workers (readings not begun are cancelled)."""
        self.pool.shutdown(wait=True, cancel_futures=True)
        if self.freezing:
            gc.unfreeze()


#: The readings :func:`start_reading` began in this process, until an import takes them.
_early: _EarlyReading | None = None


def start_reading(sources: Sequence[Source], encoding: str | None = None) -> None:
    """Begin reading the files of ``sources`` (files and folders) in worker
    processes now, as an import without speaker hints would: for a command
    line that imports files, so that the workers read while the process still
    imports the rest of qualframe and opens the project. The next
    :func:`read_all` of this process takes these readings if the project
    knows no speaker label (else they are dropped and the files read again
    with what it knows). Only a big batch of files is read so, and only in a
    process running a single thread (see :func:`_reader_pool`); otherwise
    nothing happens. Call :func:`stop_reading` after the import (it may
    fail before reading). Never raises for a bad file: :func:`read_all`
    reports it."""
    global _early
    stop_reading()
    files: list[SourceFile] = []
    for source in sources:
        path = Path(source) if not isinstance(source, UploadedFile) else None
        if path is not None and path.is_dir():
            # In the import's order: it waits for its files in that order, and
            # readings begun in another would keep it waiting for the rest.
            files += _folder_files(path)
        elif path is not None:
            files.append(SourceFile(path, str(path), path.name, path.name))
    freezing = _freeze()
    pool = _reader_pool(files, every_cpu=False)
    if pool is None:
        if freezing:
            gc.unfreeze()
        return
    window = READ_AHEAD * pool._max_workers  # type: ignore[attr-defined]
    hints = SpeakerHints()
    begun: dict[Path | UploadedFile, Future[Prepared | Unreadable]] = {}
    given = 0
    for file in files:
        if len(begun) >= window and given >= EARLY_READ_BYTES:
            break
        begun[file.source] = pool.submit(_read, file, encoding, hints, False)
        given += file_size(file)
    _early = _EarlyReading(pool, encoding, begun, freezing)


def stop_reading() -> None:
    """Stop the reading :func:`start_reading` began, if no import took it."""
    global _early
    early, _early = _early, None
    if early is not None:
        early.close()


def _take_early(
    encoding: str | None, hints: SpeakerHints, candidates: bool, every_cpu: bool
) -> _EarlyReading | None:
    """The reading :func:`start_reading` began, if it reads as asked (else it is
    stopped); None when there is none."""
    global _early
    early, _early = _early, None
    if early is None:
        return None
    if encoding == early.encoding and hints == SpeakerHints() and not candidates and not every_cpu:
        return early
    early.close()
    return None


class Spool:
    """Files read ahead of storing them, in order: :meth:`add` each, then iterate
    once (each reading is let go as it is handed out).

    An import that checks every file before it writes any holds the readings
    here: the first :data:`SPOOL_MEMORY_CHARS` characters of text in memory,
    the rest pickled to an unnamed temporary file (created owner-only and
    removed from the folder at once, so nothing is left behind, even after a
    crash). :meth:`close` (or the end of a ``with`` block) releases the file.
    """

    def __init__(self, memory_chars: int | None = None) -> None:
        self._memory_chars = SPOOL_MEMORY_CHARS if memory_chars is None else memory_chars
        self._chars = 0
        # Each file with its reading, or None for a reading waiting in the file.
        self._held: deque[tuple[SourceFile, Prepared | Unreadable | None]] = deque()
        self._file: IO[bytes] | None = None

    def __len__(self) -> int:
        return len(self._held)

    def add(self, file: SourceFile, read: Prepared | Unreadable) -> None:
        """Keep ``file``'s reading ``read`` (in memory while there is room)."""
        size = len(read.text) if isinstance(read, Prepared) else 0
        if self._chars + size <= self._memory_chars:
            self._chars += size
            self._held.append((file, read))
            return
        if self._file is None:
            # Closed by close(): the file lives as long as the spool.
            self._file = tempfile.TemporaryFile(prefix="qualframe-import-")  # noqa: SIM115
        pickle.dump(read, self._file, protocol=pickle.HIGHEST_PROTOCOL)
        self._held.append((file, None))

    def __iter__(self) -> Iterator[tuple[SourceFile, Prepared | Unreadable]]:
        if self._file is not None:
            self._file.seek(0)
        while self._held:
            file, read = self._held.popleft()
            if read is None:
                assert self._file is not None
                read = pickle.load(self._file)  # written by this process, just now
            yield file, read

    def close(self) -> None:
        """Let go of every reading and remove the temporary file."""
        self._held.clear()
        if self._file is not None:
            self._file.close()
            self._file = None

    def __enter__(self) -> Spool:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()
