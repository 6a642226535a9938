"""The documents part of the Python API: importing, participants, speaker labels.

Documents are given by name or id, participants by identifier or id. Every
call is one transaction: on an error nothing is written.

::

    report = project.documents.import_files(["interviews/"], on_error="skip")
    print(report.summary())
    project.documents.documents()                  # a DataFrame, one row per document
    project.documents.link_participants("fg1.docx", ["P01", "P02", "P03"])
    project.documents.speakers()                   # labels, counts, mappings
    project.documents.map_speaker("Interviewer", role="interviewer")
    project.documents.map_speaker("Speaker 1", "P02", document="fg1.docx")
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from qualframe.api.facade import Facade
from qualframe.services.documents import file_import, library, speakers
from qualframe.services.documents.file_import import (
    FailedFile,
    ImportedDocument,
    ImportProgress,
    ImportReport,
    OnError,
    ProgressCallback,
    SkippedFile,
    Source,
    UploadedFile,
)
from qualframe.services.documents.library import DeletedDocument, DocumentInfo, DocumentRecord
from qualframe.services.documents.speakers import MappingChange, SpeakerMapImport
from qualframe.services.study.tables import TableSource
from qualframe.vocabulary import SpeakerRole

#: A document or participant as the API accepts it: name (identifier) or id.
Ref = int | str

__all__ = [
    "DeletedDocument",
    "DocumentInfo",
    "DocumentRecord",
    "DocumentsAPI",
    "FailedFile",
    "ImportProgress",
    "ImportReport",
    "ImportedDocument",
    "MappingChange",
    "SkippedFile",
    "SpeakerMapImport",
    "UploadedFile",
]


def _refs(refs: Ref | Sequence[Ref]) -> list[Ref]:
    return [refs] if isinstance(refs, (str, int)) else list(refs)


class DocumentsAPI(Facade):
    """The documents of one project (see :mod:`qualframe.services.documents.library`
    and :mod:`qualframe.services.documents.speakers`)."""

    # ------------------------------------------------------------ importing

    def import_files(
        self,
        paths: Source | Sequence[Source],
        *,
        participants: Ref | Sequence[Ref] | None = None,
        encoding: str | None = None,
        on_error: OnError = "stop",
        progress: ProgressCallback | None = None,
    ) -> ImportReport:
        """Import files and folders (searched recursively) as documents.

        Duplicated texts are skipped (reported, not an error); names that
        clash get the file's path in the folder. ``participants`` are
        linked to every imported document; ``encoding`` names the codec of
        text files that cannot be detected. With ``on_error="stop"`` a bad
        file raises BatchImportError (InputFileError for a single file) and
        nothing is imported; with ``"skip"`` the report lists failures.
        """
        people = None if participants is None else _refs(participants)
        return self._run(
            file_import.import_documents,
            paths,
            participants=people,
            encoding=encoding,
            on_error=on_error,
            progress=progress,
        )

    def import_bytes(
        self,
        name: str,
        data: bytes,
        *,
        participants: Ref | Sequence[Ref] | None = None,
        encoding: str | None = None,
    ) -> ImportReport:
        """Import one document from its bytes (an upload); ``name`` is its file name."""
        people = None if participants is None else _refs(participants)
        return self._run(
            file_import.import_documents,
            [UploadedFile(name, data)],
            participants=people,
            encoding=encoding,
        )

    # ------------------------------------------------------------ reading

    def documents(self) -> pd.DataFrame:
        """The documents in order (position, then name): id, name, title, format,
        length (code points), words, turns, participants, codings, position, imported_at."""
        return self._run(library.list_documents)

    def document(self, document: Ref) -> DocumentRecord:
        """One document with its text and details (subtitle cues, file metadata)."""
        return self._run(library.get_document, document)

    def info(self, document: Ref) -> DocumentInfo:
        """One document without its text."""
        return self._run(library.document_info, document)

    def turns(self, document: Ref) -> pd.DataFrame:
        """A document's speaker turns: turn_id, label, start, end, participant, text."""
        return self._run(speakers.turns_frame, document)

    # ------------------------------------------------------------ changing

    def link_participants(self, document: Ref, participants: Ref | Sequence[Ref]) -> DocumentInfo:
        """Link a document to the participant(s) it records and re-attribute its codings."""
        return self._run(library.link_participants, document, _refs(participants))

    def link_many(self, links: Mapping[Ref, Ref | Sequence[Ref]]) -> int:
        """Link many documents to their participants in one go ({document: participant(s)}).

        Checks every name first (nothing is written if one is unknown);
        returns the number of new links.
        """
        return self._run(library.link_many, links)

    def unlink_participants(self, document: Ref, participants: Ref | Sequence[Ref]) -> DocumentInfo:
        """Remove links between a document and participants and re-attribute its codings."""
        return self._run(library.unlink_participants, document, _refs(participants))

    def set_position(self, document: Ref, position: int | None) -> DocumentInfo:
        """Set a document's place in interview order (None: unordered)."""
        return self._run(library.set_position, document, position)

    def delete(self, document: Ref, *, force: bool = False) -> DeletedDocument:
        """Delete a document; a coded one only with ``force`` (its codings go too)."""
        return self._run(library.delete_document, document, force=force)

    # ------------------------------------------------------------ speaker labels

    def speakers(self) -> pd.DataFrame:
        """Every speaker label: turns, documents, project-wide role and participant,
        document_mappings, unmapped_documents (documents where nothing maps it)."""
        return self._run(speakers.speakers_frame)

    def unmapped_speakers(self) -> list[str]:
        """Labels without a mapping in at least one document."""
        return self._run(speakers.unmapped_labels)

    def speaker_mappings(self) -> pd.DataFrame:
        """Every mapping: label, document (None: project-wide), role, participant."""
        return self._run(speakers.mappings_frame)

    def map_speaker(
        self,
        label: str,
        participant: Ref | None = None,
        *,
        role: SpeakerRole | str | None = None,
        document: Ref | None = None,
    ) -> MappingChange:
        """Map a label to a participant, or to ``role="interviewer"``/``"other"``,
        project-wide or in ``document`` only; re-attributes the codings."""
        return self._run(
            speakers.map_speaker, label, participant=participant, role=role, document=document
        )

    def unmap_speaker(self, label: str, *, document: Ref | None = None) -> MappingChange:
        """Remove a label's mapping (project-wide, or in ``document``)."""
        return self._run(speakers.unmap_speaker, label, document=document)

    def import_speaker_map(self, path: TableSource) -> SpeakerMapImport:
        """Map labels from a CSV/XLSX file (a path or an :class:`UploadedFile`) with
        columns label, participant or role, and optionally document. A bad row names
        the file and line; nothing is written."""
        return self._run(speakers.import_speaker_map, path)
