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
  (the default) every file is still read so that all failures are listed,
  then :class:`~qualframe.errors.BatchImportError` is raised (the single
  file's own :class:`~qualframe.errors.InputFileError` for a one-file
  import) and nothing is written: the whole batch is one transaction.
  With ``on_error="skip"`` the good files are imported and the report lists
  the failures.

One audit entry records each batch that imported something.

Speed: files are stored as soon as they are read, inside the batch's one
transaction (a failure with ``on_error="stop"`` rolls it all back); a big
batch is read and parsed by a forked worker process while the database is
written, and turns, segments and index entries go in with one
``executemany`` each per document (see :mod:`qualframe.storage.bulk`).
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import Literal

from qualframe.errors import BatchImportError, InputFileError, ValidationError
from qualframe.formats.documents import (
    ParsedDocument,
)
from qualframe.formats.segmentation import (  # re-exported: pure text logic lives in formats
    MAX_SEGMENT_CHARS,
    text_segments,
)
from qualframe.formats.sources import Source, UploadedFile
from qualframe.formats.speaker_turns import (
    LabelCandidate,
)
from qualframe.services.core import audit
from qualframe.services.core.refs import Ref, ref_list
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.core.wording import counted
from qualframe.services.documents.file_reading import (
    Prepared,
    SourceFile,
    Unreadable,
    collect_files,
    prepared,
    read_all,
    speaker_hints,
)
from qualframe.services.study import attributes
from qualframe.storage import bulk, queries, search_index
from qualframe.storage.models import SpeakerTurn, TextSegment
from qualframe.vocabulary import SpeakerRole

#: What to do when some files of a batch cannot be read.
OnError = Literal["stop", "skip"]

# ---------------------------------------------------------------- records


@dataclass(frozen=True)
class ImportProgress:
    """Progress of an import: ``done`` of ``total`` files, ``file`` the last one handled."""

    done: int
    total: int
    file: str


ProgressCallback = Callable[[ImportProgress], None]


@dataclass(frozen=True)
class ImportedDocument:
    """A document created by an import; ``renamed`` when its name is not the file name."""

    id: int
    name: str
    file: str
    length: int
    turns: int
    segments: int
    renamed: bool = False
    #: In a preview (:func:`preview_import`): every line start that looked like a
    #: speaker label, taken as one or not, with its count, first line and why.
    labels: tuple[LabelCandidate, ...] = ()


@dataclass(frozen=True)
class SkippedFile:
    """A file not imported because its text is already stored as ``duplicate_of``."""

    file: str
    duplicate_of: str

    @property
    def message(self) -> str:
        """Why the file was skipped, for people."""
        return f"duplicate of {self.duplicate_of}"


@dataclass(frozen=True)
class FailedFile:
    """A file that could not be imported, and why (``message`` names the problem,
    prefixed with ``line N:`` when known)."""

    file: str
    message: str


@dataclass(frozen=True)
class ImportReport:
    """What an import did: documents created, duplicates skipped, files that failed."""

    imported: tuple[ImportedDocument, ...] = ()
    duplicates: tuple[SkippedFile, ...] = ()
    failures: tuple[FailedFile, ...] = ()

    @property
    def files(self) -> int:
        """How many files the batch had."""
        return len(self.imported) + len(self.duplicates) + len(self.failures)

    def summary(self) -> str:
        """One sentence: ``Imported 3 documents; 1 duplicate skipped; 1 file failed.``"""
        parts = [f"Imported {counted(len(self.imported), 'document')}"]
        if self.duplicates:
            parts.append(f"{counted(len(self.duplicates), 'duplicate')} skipped")
        if self.failures:
            parts.append(f"{counted(len(self.failures), 'file')} failed")
        return "; ".join(parts) + "."


# ---------------------------------------------------------------- naming


class _Names:
    """Chooses unique document names (letter case ignored) for a batch."""

    def __init__(self, taken: Sequence[str], files: Sequence[SourceFile]) -> None:
        self.taken = {name.casefold() for name in taken}
        counts = Counter(file.name.casefold() for file in files)
        self.shared = {name for name, count in counts.items() if count > 1}

    def choose(self, file: SourceFile) -> str:
        """The name for ``file``, reserved; see the module docstring for the rule."""
        candidates = [] if file.name.casefold() in self.shared else [file.name]
        candidates.append(file.relative)
        stem, suffix = PurePath(file.name).stem, PurePath(file.name).suffix
        for candidate in candidates:
            if candidate.casefold() not in self.taken:
                return self._reserve(candidate)
        number = 2
        while f"{stem} ({number}){suffix}".casefold() in self.taken:
            number += 1
        return self._reserve(f"{stem} ({number}){suffix}")

    def _reserve(self, name: str) -> str:
        self.taken.add(name.casefold())
        return name


# ---------------------------------------------------------------- writing


class DocumentWriter:
    """Writes parsed documents with their turns, segments and index rows in bulk."""

    def __init__(self, uow: UnitOfWork, participant_ids: Sequence[int]) -> None:
        self.uow = uow
        self.participant_ids = list(participant_ids)
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
                "title": read.title[:500] or name,
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
        segment_ids = bulk.allocate_ids(self.uow.session, TextSegment, len(read.segments))
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
    ``"cp1252"``); ``progress`` is called after each file. Raises
    :class:`ValidationError` for a bad option or an empty batch,
    :class:`~qualframe.errors.NotFoundError` for an unknown participant,
    and, with ``on_error="stop"``, :class:`BatchImportError` (or the
    :class:`InputFileError` of a single file) when a file fails; nothing
    is written then.
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
    reads = read_all(files, encoding, speaker_hints(uow), candidates)
    return _store_batch(uow, files, failures, reads, people, on_error, progress, encoding)


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
    is a failure and nothing is written). Returns the report."""
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
    return _store_batch(uow, files, [], reads, people, "stop", progress, None)


def _store_batch(
    uow: UnitOfWork,
    files: Sequence[SourceFile],
    failures: list[FailedFile],
    reads: Iterator[tuple[SourceFile, Prepared | Unreadable]],
    people: Sequence[int],
    on_error: OnError,
    progress: ProgressCallback | None,
    encoding: str | None,
) -> ImportReport:
    """Store each read file of a batch (see :func:`import_documents` for the rules)."""
    names = _Names(queries.documents.document_names(uow.session, uow.project_id), files)
    stored = queries.documents.content_hashes(uow.session, uow.project_id)
    writer = DocumentWriter(uow, list(dict.fromkeys(people)))
    total = len(files) + len(failures)
    imported: list[ImportedDocument] = []
    duplicates: list[SkippedFile] = []
    for done, (file, read) in enumerate(reads, start=len(failures) + 1):
        if isinstance(read, Unreadable):
            where = "" if read.line is None else f"line {read.line}: "
            failures.append(FailedFile(file.shown, where + read.problem))
        elif read.content_hash in stored:
            duplicates.append(SkippedFile(file.shown, stored[read.content_hash]))
        elif not (failures and on_error == "stop"):  # a failed batch is not written at all
            name = names.choose(file)
            stored[read.content_hash] = name
            imported.append(writer.write(read, name, file))
        if progress is not None:
            progress(ImportProgress(done, total, file.shown))
    if failures and on_error == "stop":
        _raise_failures(failures, total)
    report = ImportReport(tuple(imported), tuple(duplicates), tuple(failures))
    if imported:
        _record_import(uow, report, people, encoding)
    return report


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
) -> None:
    single = report.imported[0].id if len(report.imported) == 1 else None
    audit.record(
        uow,
        "document.import",
        "document",
        single,
        report.summary(),
        {
            "imported": [
                {"id": d.id, "name": d.name, "file": d.file, "length": d.length}
                for d in report.imported
            ],
            "duplicates": [
                {"file": d.file, "duplicate_of": d.duplicate_of} for d in report.duplicates
            ],
            "failures": [{"file": f.file, "message": f.message} for f in report.failures],
            "participants": list(people),
            "encoding": encoding,
        },
    )


__all__ = [
    "MAX_SEGMENT_CHARS",
    "FailedFile",
    "ImportProgress",
    "ImportReport",
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
