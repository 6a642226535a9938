"""The records of a file import: its progress, the documents it made, the files
it skipped as duplicates or could not read, and its report (see
:mod:`qualframe.services.documents.file_import`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from qualframe.formats.speaker_turns import LabelCandidate
from qualframe.services.core.wording import counted

#: What to do when some files of a batch cannot be read.
OnError = Literal["stop", "skip"]
#: What an import is doing: reading and checking the files, or storing them.
ImportStage = Literal["reading", "storing"]


@dataclass(frozen=True)
class ImportProgress:
    """Progress of an import: ``done`` of ``total`` files, ``file`` the last one
    handled; ``stage`` ``"reading"`` while the files are read and checked
    before any is stored (``on_error="stop"``), then ``"storing"``."""

    done: int
    total: int
    file: str
    stage: ImportStage = "storing"


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


__all__ = [
    "FailedFile",
    "ImportProgress",
    "ImportReport",
    "ImportStage",
    "ImportedDocument",
    "OnError",
    "ProgressCallback",
    "SkippedFile",
]
