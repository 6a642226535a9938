"""Importing documents: files and folders to stored texts, turns, segments and index.

Importing reads ``.txt .md .rst .html .docx .odt .rtf .pdf .vtt .srt`` files (a folder is
searched recursively for them, in natural order of their paths) and stores
each text once: NFC, ``\\n`` line endings, its length in code points and
the SHA-256 of its UTF-8 bytes. Markup is rendered by the readers (see
:mod:`qualframe.formats.documents`), never stored. With the text are stored
what the reader found: speaker turns with their times (labels decided with
the project's hints, :func:`~qualframe.services.documents.file_reading.speaker_hints`;
their participant set from the project-wide mappings already made),
sections, pages, a Word file's comments as memos on their passage, the
file's own metadata and, for subtitles, the cues with their times; and the
text segments the search index covers (paragraphs, split where a speaker
turn starts or ends, so a segment lies within one turn).

Rules a researcher can rely on:

* The same text is never stored twice: a file whose text is already in the
  project, or earlier in the same batch, is *skipped* and reported as a
  duplicate of that document; this is not an error.
* Document names are file names. Where two files of a batch share a name
  (``module-1/2023-01-10.rst`` and ``module-2/2023-01-10.rst``) both are
  named by their path inside the folder imported; where a name is taken
  by a different document already in the project, the new one is named by
  its path or, failing that, numbered ``name (2).txt``. The report says
  which documents were renamed. Nothing is ever overwritten.
* A bad file (empty, binary, undecodable, corrupt, a PDF without text...)
  is a failure naming the file and the problem. With ``on_error="stop"``
  (the default) every file is read and checked before anything is written,
  so that all failures are listed; then
  :class:`~qualframe.errors.BatchImportError` is raised (the single file's
  own :class:`~qualframe.errors.InputFileError` for a one-file import) and
  nothing is written. With ``on_error="skip"`` the good files are imported
  and the report lists the failures.
* Each file is stored whole or not at all. An import that is a call of its
  own (a call of the Python API, the ``qualframe import`` command) commits
  what it stored every few seconds of writing
  (:mod:`~qualframe.services.documents.import_parts`), so that others can
  write meanwhile (SQLite lets one writer in at a time). Should it stop
  part way (the database kept busy by another writer for a minute, the
  process killed), the files of the parts committed stay imported, and
  importing the same files again adds the rest (the others are skipped as
  duplicates). Inside a larger transaction (``project.atomic()``, a web
  request) an import is all or nothing like everything else.

One audit entry records each batch that imported something, or each part of
one committed in parts.

Speed: with ``on_error="stop"`` a big batch is read and parsed by forked
worker processes on every CPU before anything is written, the readings
waiting in a :class:`~qualframe.services.documents.file_reading.Spool`
(in memory, the excess in a temporary file); with ``on_error="skip"`` the
workers read while the database is written. Turns, segments and index
entries go in with one ``executemany`` each per document (see
:mod:`qualframe.storage.bulk`).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator, Sequence
from contextlib import closing

from qualframe.errors import BatchImportError, BusyError, InputFileError, ValidationError
from qualframe.formats.documents import (
    ParsedDocument,
)
from qualframe.formats.segmentation import (  # re-exported: pure text logic lives in formats
    MAX_SEGMENT_CHARS,
    text_segments,
)
from qualframe.formats.sources import Source, UploadedFile
from qualframe.services.core import audit
from qualframe.services.core.refs import Ref, ref_list
from qualframe.services.core.text_rules import storable_name
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.core.wording import counted
from qualframe.services.documents.document_names import DocumentNames
from qualframe.services.documents.file_reading import (
    Prepared,
    SourceFile,
    Spool,
    Unreadable,
    collect_files,
    file_size,
    prepared,
    read_all,
    speaker_hints,
)
from qualframe.services.documents.import_parts import Parts
from qualframe.services.documents.import_report import (  # re-exported: the records of an import
    FailedFile as FailedFile,
    ImportedDocument as ImportedDocument,
    ImportProgress as ImportProgress,
    ImportReport as ImportReport,
    ImportStage as ImportStage,
    OnError as OnError,
    ProgressCallback as ProgressCallback,
    SkippedFile as SkippedFile,
)
from qualframe.services.study import attributes
from qualframe.storage import bulk, queries, search_index
from qualframe.storage.models import SpeakerTurn, TextSegment
from qualframe.vocabulary import SpeakerRole

# ---------------------------------------------------------------- writing


class DocumentWriter:
    """Writes parsed documents with their turns, segments and index rows in bulk."""

    def __init__(self, uow: UnitOfWork, participant_ids: Sequence[int]) -> None:
        self.uow = uow
        self.participant_ids = list(participant_ids)
        self.begin_part()

    def begin_part(self) -> None:
        """Read again what may have changed since a checkpoint let others write:
        the largest ids (on SQLite) and the labels mapped project-wide."""
        uow = self.uow
        self.turn_ids = bulk.IdAllocator(uow.session, SpeakerTurn)
        self.segment_ids = bulk.IdAllocator(uow.session, TextSegment)
        # Labels already mapped project-wide give new turns their participant at once.
        self.label_participants = {
            mapping.label: mapping.participant_id
            for mapping in queries.speakers.project_mappings(uow.session, uow.project_id)
            if mapping.document_id is None and mapping.role is SpeakerRole.PARTICIPANT
        }

    def write(self, read: Prepared, name: str, file: SourceFile) -> ImportedDocument:
        """Store one document; returns what was created."""
        text = read.text
        document_id = queries.documents.insert_document(
            self.uow.session,
            {
                "project_id": self.uow.project_id,
                "name": name,
                "title": storable_name(read.title) if read.title.strip() else name,
                "format": read.format,
                "text": text,
                "length": len(text),
                "content_hash": read.content_hash,
                "details": read.details,
                "imported_by": self.uow.actor.name,
            },
        )
        self.write_structure(document_id, read)
        queries.documents.link_participants(
            self.uow.session, {(document_id, pid) for pid in self.participant_ids}
        )
        return ImportedDocument(
            document_id,
            name,
            file.shown,
            len(text),
            len(read.turns),
            len(read.segments),
            renamed=name != file.name,
            labels=read.labels,
        )

    def write_structure(self, document_id: int, read: Prepared) -> None:
        """Store the turns, segments (and their index entries), sections, pages and
        comments of a document whose text is ``read.text``."""
        text = read.text
        turn_ids = self.turn_ids.take(len(read.turns))
        mapped = self.label_participants
        queries.speakers.insert_turns(
            self.uow.session,
            [
                (turn_id, document_id, label, start, end, mapped.get(label), seconds)
                for turn_id, (label, start, end, seconds) in zip(turn_ids, read.turns, strict=True)
            ],
        )
        queries.structure.insert_sections(self.uow.session, document_id, read.sections)
        queries.structure.insert_pages(self.uow.session, document_id, read.pages)
        queries.memos.insert_passage_memos(
            self.uow.session, self.uow.project_id, document_id, read.comments
        )
        segment_ids = self.segment_ids.take(len(read.segments))
        queries.segments.insert_segments(
            self.uow.session,
            [
                (segment_id, document_id, start, end, None if turn is None else turn_ids[turn])
                for segment_id, (start, end, turn) in zip(segment_ids, read.segments, strict=True)
            ],
        )
        search_index.index_segments(
            self.uow.session,
            [
                (segment_id, text[start:end])
                for segment_id, (start, end, _) in zip(segment_ids, read.segments, strict=True)
            ],
        )


# ---------------------------------------------------------------- importing


def import_documents(
    uow: UnitOfWork,
    paths: Source | Sequence[Source],
    *,
    participants: Ref | Sequence[Ref] | None = None,
    encoding: str | None = None,
    on_error: OnError = "stop",
    progress: ProgressCallback | None = None,
) -> ImportReport:
    """Import files and folders (searched recursively) as documents; returns the
    report of what was imported, skipped as duplicates and failed.

    ``paths`` are files, folders or :class:`UploadedFile` s (see the module
    docstring for the rules: duplicated texts are skipped, names that clash
    get the file's path in the folder). ``participants`` (identifiers or
    ids) are linked to every imported
    document (the people of a focus group); ``encoding`` names the codec of
    text and subtitle files whose encoding cannot be detected (e.g.
    ``"cp1252"``); ``progress`` is called after each file is read (with
    ``on_error="stop"``) and after each is stored. Raises
    :class:`ValidationError` for a bad option or an empty batch,
    :class:`~qualframe.errors.NotFoundError` for an unknown participant,
    and, with ``on_error="stop"``, :class:`BatchImportError` (or the
    :class:`InputFileError` of a single file) when a file fails; nothing
    is written then. A long import called on its own is committed in
    parts (see the module docstring); :class:`~qualframe.errors.BusyError`
    when another writer keeps the database says how many files were saved.
    """
    return _import(uow, paths, participants, encoding, on_error, progress, candidates=False)


def preview_import(
    uow: UnitOfWork,
    paths: Source | Sequence[Source],
    *,
    participants: Ref | Sequence[Ref] | None = None,
    encoding: str | None = None,
    on_error: OnError = "stop",
) -> ImportReport:
    """What importing ``paths`` would do (run it as a dry run: the facade's
    ``preview_import`` writes nothing), as :func:`import_documents`, with each
    document's speaker labels listed: the labels taken (their turns and first
    line) and the line starts that looked like labels but were not (prose such
    as "You say:", a label used once), with why. Accept or reject a label
    (``project.documents.accept_label`` / ``reject_label``) before importing,
    or after: turns are split again and codings kept."""
    return _import(uow, paths, participants, encoding, on_error, None, candidates=True)


def _import(
    uow: UnitOfWork,
    paths: Source | Sequence[Source],
    participants: Ref | Sequence[Ref] | None,
    encoding: str | None,
    on_error: OnError,
    progress: ProgressCallback | None,
    *,
    candidates: bool,
) -> ImportReport:
    if on_error not in ("stop", "skip"):
        raise ValidationError(f"on_error must be 'stop' or 'skip', not {on_error!r}.")
    sources = [paths] if isinstance(paths, (str, os.PathLike, UploadedFile)) else list(paths)
    files, problems = collect_files(sources)
    failures = [FailedFile(shown, problem) for shown, problem in problems]
    if not files and not failures:
        raise ValidationError("Nothing to import: no file or folder was given.")
    people = [attributes.find_participant(uow, ref).id for ref in ref_list(participants) or ()]
    total = len(files) + len(failures)  # the files found and those that could not be
    first = on_error == "stop"
    # A batch checked whole before it is kept may be written while it is read,
    # when that ends soon (see _Batch.store_while_reading).
    ahead = first and not candidates and uow.in_parts
    every_cpu = first and not ahead
    reading = read_all(files, encoding, speaker_hints(uow), candidates, every_cpu=every_cpu)
    # Closed however the import ends: should storing fail part way, the reading
    # workers stop now, not whenever the error's traceback is let go.
    with closing(reading), Spool() as spool:
        reads: Iterator[tuple[SourceFile, Prepared | Unreadable]] = reading
        if ahead:
            batch = _Batch(uow, files, failures, people, encoding, in_parts=False)
            report = batch.store_while_reading(reads, spool, progress)
            if report is not None:
                return report
        if first:  # a failed batch is not written at all: check every file first
            reads = _read_first(reads, spool, failures, total, progress)
        batch = _Batch(uow, files, failures, people, encoding, in_parts=not candidates)
        return batch.store(reads, on_error, progress)


def import_parsed(
    uow: UnitOfWork,
    documents: Sequence[ParsedDocument],
    *,
    source: str,
    participants: Ref | Sequence[Ref] | None = None,
    progress: ProgressCallback | None = None,
) -> ImportReport:
    """Store documents already read from one file ``source`` (e.g. the documents a
    table of utterances holds), as :func:`import_documents` stores files: the
    same naming, duplicate and all-or-nothing rules (a document without text
    is a failure and nothing is written), in the caller's transaction (never
    in parts: the caller goes on writing). Returns the report."""
    files = [
        SourceFile(
            UploadedFile(document.name, b""),
            f"{source}: {document.name}",
            document.name,
            document.name,
        )
        for document in documents
    ]
    if not files:
        raise ValidationError(f"Nothing to import: {source} holds no document.")
    people = [attributes.find_participant(uow, ref).id for ref in ref_list(participants) or ()]
    reads = ((file, prepared(document)) for file, document in zip(files, documents, strict=True))
    with Spool() as spool:
        checked = _read_first(reads, spool, [], len(files), None)
        return _Batch(uow, files, [], people, None, in_parts=False).store(checked, "stop", progress)


def _read_first(
    reads: Iterator[tuple[SourceFile, Prepared | Unreadable]],
    spool: Spool,
    failures: list[FailedFile],
    total: int,
    progress: ProgressCallback | None,
) -> Iterator[tuple[SourceFile, Prepared | Unreadable]]:
    """Every reading of ``reads`` kept in ``spool``, before anything is written;
    raises the failures (with ``failures``, those found before reading) as
    :func:`import_documents` says, else returns the readings to store."""
    for done, (file, read) in enumerate(reads, start=len(failures) + len(spool) + 1):
        if isinstance(read, Unreadable):
            failures.append(_failed(file, read))
        else:
            spool.add(file, read)
        if progress is not None:
            progress(ImportProgress(done, total, file.shown, "reading"))
    if failures:
        _raise_failures(failures, total)
    return iter(spool)


def _failed(file: SourceFile, read: Unreadable) -> FailedFile:
    where = "" if read.line is None else f"line {read.line}: "
    return FailedFile(file.shown, where + read.problem)


#: Seconds an import checking every file (``on_error="stop"``) may write while it
#: still reads, in one transaction holding SQLite's write lock (others wait this
#: long at most, well within the busy timeout): a batch read and stored in this
#: time is written as it is read; a longer one is undone at this point, read to
#: its end, then written in parts (:mod:`.import_parts`).
AHEAD_SECONDS = 5.0
#: A batch written while read is undone early, at the first file after this many
#: seconds of storing that shows it would end after :data:`AHEAD_SECONDS` times
#: :data:`AHEAD_MARGIN` at its pace so far (bytes of files stored a second): a
#: busy machine then wastes two seconds of writing rather than five.
AHEAD_EVIDENCE_SECONDS = 2.0
AHEAD_MARGIN = 1.2


def _too_late(elapsed: float, storing: float, stored_bytes: int, total_bytes: int) -> bool:
    """Whether a batch written while read must stop, ``elapsed`` seconds after it
    began and ``storing`` seconds after its first file was handed out, with
    ``stored_bytes`` of its ``total_bytes`` stored: past :data:`AHEAD_SECONDS`,
    or bound to pass it well at its pace (see :data:`AHEAD_EVIDENCE_SECONDS`)."""
    if elapsed > AHEAD_SECONDS:
        return True
    if storing < AHEAD_EVIDENCE_SECONDS or stored_bytes <= 0:
        return False
    remaining = storing * (total_bytes - stored_bytes) / stored_bytes
    return elapsed + remaining > AHEAD_SECONDS * AHEAD_MARGIN


class _Batch:
    """Stores the read files of one batch (see :func:`import_documents` for the
    rules), in :class:`Parts` when ``in_parts`` and the unit of work allow it,
    one audit entry per part that imported something."""

    def __init__(
        self,
        uow: UnitOfWork,
        files: Sequence[SourceFile],
        failures: list[FailedFile],
        people: Sequence[int],
        encoding: str | None,
        *,
        in_parts: bool,
    ) -> None:
        self.uow, self.files, self.people, self.encoding = uow, files, people, encoding
        self.total = len(files) + len(failures)
        self.failures = failures
        self.imported: list[ImportedDocument] = []
        self.duplicates: list[SkippedFile] = []
        self.recorded = (0, 0, 0)  # how many of each the audit entries so far cover
        self.entries = 0
        self.parts = Parts(uow, wanted=in_parts)
        self.writer = DocumentWriter(uow, list(dict.fromkeys(people)))
        self._read_stored()

    def _read_stored(self) -> None:
        """Read the names and texts stored (others may add some between parts)."""
        session, project = self.uow.session, self.uow.project_id
        self.names = DocumentNames(queries.documents.document_names(session, project), self.files)
        self.stored = queries.documents.content_hashes(session, project)

    def store(
        self,
        reads: Iterator[tuple[SourceFile, Prepared | Unreadable]],
        on_error: OnError,
        progress: ProgressCallback | None,
    ) -> ImportReport:
        """Store each reading of ``reads`` and return the report; raises the
        failures with ``on_error="stop"``."""
        done = len(self.failures)
        try:
            for file, read in reads:
                done += 1
                self._take(file, read, on_error)
                if progress is not None:
                    progress(ImportProgress(done, self.total, file.shown))
                if self.parts.due(done, self.total):
                    self._commit_part()
        except BusyError as error:
            raise self.parts.stopped(error, done, self.total) from None
        if self.failures and on_error == "stop":
            _raise_failures(self.failures, self.total)
        self._record(last=True)
        return ImportReport(tuple(self.imported), tuple(self.duplicates), tuple(self.failures))

    def store_while_reading(
        self,
        reads: Iterator[tuple[SourceFile, Prepared | Unreadable]],
        spool: Spool,
        progress: ProgressCallback | None,
    ) -> ImportReport | None:
        """Store each reading of ``reads`` as it comes (``on_error="stop"``) in one
        transaction, and return the report when every file is read and stored
        within :data:`AHEAD_SECONDS`: reading overlaps with writing, and a
        failed file still leaves nothing written (its failures are raised).
        Else, at that point (or sooner, once its pace shows it will not make
        it: :func:`_too_late`), everything written is undone (the write lock
        let go) and None is returned: the readings handed out so far are in
        ``spool``, their failures in the batch's list, and the caller reads the
        rest before it writes (in parts)."""
        started = time.monotonic()
        first: float | None = None  # when the first file was handed out
        total_bytes, stored_bytes = sum(file_size(file) for file in self.files), 0
        done = len(self.failures)
        for file, read in reads:
            first = time.monotonic() if first is None else first
            done += 1
            stored_bytes += file_size(file)
            if not isinstance(read, Unreadable):
                spool.add(file, read)
            self._take(file, read, "stop")
            if progress is not None:
                progress(ImportProgress(done, self.total, file.shown))
            now = time.monotonic()
            late = _too_late(now - started, now - first, stored_bytes, total_bytes)
            if done < self.total and late and self.uow.discard():
                return None
        if self.failures:
            _raise_failures(self.failures, self.total)
        self._record(last=True)
        return ImportReport(tuple(self.imported), tuple(self.duplicates), tuple(self.failures))

    def _take(self, file: SourceFile, read: Prepared | Unreadable, on_error: OnError) -> None:
        if isinstance(read, Unreadable):
            self.failures.append(_failed(file, read))
        elif read.content_hash in self.stored:
            self.duplicates.append(SkippedFile(file.shown, self.stored[read.content_hash]))
        elif not (self.failures and on_error == "stop"):  # a failed batch is not written
            name = self.names.choose(file)
            self.stored[read.content_hash] = name
            self.imported.append(self.writer.write(read, name, file))

    def _commit_part(self) -> None:
        self._record(last=False)
        self.parts.commit(len(self.imported))
        self.writer.begin_part()
        self._read_stored()

    def _record(self, *, last: bool) -> None:
        """Add the audit entry of the files handled since the last one: at a
        checkpoint when some were imported, at the end when the batch imported
        anything (the entry of a batch stored at once, or its last part)."""
        start = self.recorded
        part = ImportReport(
            tuple(self.imported[start[0] :]),
            tuple(self.duplicates[start[1] :]),
            tuple(self.failures[start[2] :]),
        )
        if not part.imported and (not last or not self.imported or not part.files):
            return
        self.entries += 1
        self.recorded = (len(self.imported), len(self.duplicates), len(self.failures))
        several = self.entries > 1 or not last
        of = f"of an import of {counted(self.total, 'file')}"
        where = f" (part {self.entries}{', the last,' if last else ''} {of})" if several else ""
        _record_import(self.uow, part, self.people, self.encoding, where, self.entries)


def import_bytes(
    uow: UnitOfWork,
    name: str,
    data: bytes,
    *,
    participants: Ref | Sequence[Ref] | None = None,
    encoding: str | None = None,
) -> ImportReport:
    """Import one document from its bytes (an upload); ``name`` is its file name,
    whose suffix picks the reader. Otherwise as :func:`import_documents` (a bad
    file raises its :class:`InputFileError`; nothing is written then)."""
    return import_documents(
        uow, [UploadedFile(name, data)], participants=participants, encoding=encoding
    )


def _raise_failures(failures: Sequence[FailedFile], total: int) -> None:
    errors = [InputFileError(f.file, f.message) for f in failures]
    if total == 1:
        raise errors[0]
    raise BatchImportError(errors, total)


def _record_import(
    uow: UnitOfWork,
    report: ImportReport,
    people: Sequence[int],
    encoding: str | None,
    part: str = "",
    number: int = 1,
) -> None:
    """The audit entry of an import, or of part ``number`` of one (``part``
    says which in the summary, "" for an import stored at once)."""
    single = report.imported[0].id if len(report.imported) == 1 else None
    details: dict[str, object] = {
        "imported": [
            {"id": d.id, "name": d.name, "file": d.file, "length": d.length}
            for d in report.imported
        ],
        "duplicates": [{"file": d.file, "duplicate_of": d.duplicate_of} for d in report.duplicates],
        "failures": [{"file": f.file, "message": f.message} for f in report.failures],
        "participants": list(people),
        "encoding": encoding,
    }
    if part:
        details["part"] = number
    summary = report.summary()
    audit.record(uow, "document.import", "document", single, summary[:-1] + part + ".", details)


__all__ = [
    "MAX_SEGMENT_CHARS",
    "FailedFile",
    "ImportProgress",
    "ImportReport",
    "ImportStage",
    "ImportedDocument",
    "OnError",
    "ProgressCallback",
    "SkippedFile",
    "Source",
    "UploadedFile",
    "import_bytes",
    "import_documents",
    "import_parsed",
    "prepared",
    "preview_import",
    "speaker_hints",
    "text_segments",
]
