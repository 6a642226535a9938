"""Speaker-map files: mapping many speaker labels from a CSV or XLSX table.

Each row maps one label to a participant or a role, project-wide or in one
document (see :func:`import_speaker_map`); every row is checked before
anything is written.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from qualframe.errors import InputFileError, NotFoundError, ValidationError
from qualframe.formats.tables import Table
from qualframe.services.core import audit
from qualframe.services.core.lookup import find_document
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.documents import speaker_sections
from qualframe.services.documents.speakers import (
    SpeakerMapImport,
    affected_documents,
    find_label,
    parse_role,
    set_mapping,
)
from qualframe.services.study import attributes as study
from qualframe.services.study.tables import TableSource, read_source, source_name
from qualframe.storage.models import Document, Participant
from qualframe.vocabulary import SpeakerRole

#: Column names accepted in a speaker-map file (letter case ignored).
LABEL_COLUMNS = ("label", "speaker", "speaker label")
PARTICIPANT_COLUMNS = ("participant", "participant id", "identifier")
ROLE_COLUMNS = ("role",)
DOCUMENT_COLUMNS = ("document", "document name")


def _column(table: Table, names: Sequence[str], required: bool) -> str | None:
    for column in table.columns:
        if column.strip().casefold() in names:
            return column
    if required:
        raise InputFileError(
            table.source,
            f"the file needs a column {names[0]!r} (columns found: {', '.join(table.columns)})",
        )
    return None


def _cell(values: dict[str, Any], column: str | None) -> str | None:
    if column is None or values.get(column) is None:
        return None
    text = " ".join(str(values[column]).split())
    return text or None


def _mapping_rows(
    uow: UnitOfWork, table: Table
) -> list[tuple[str, SpeakerRole, Participant | None, Document | None]]:
    """Every row of a speaker-map table, checked; the first bad row raises
    :class:`InputFileError` naming the file and its line."""
    label_column = _column(table, LABEL_COLUMNS, True)
    participant_column = _column(table, PARTICIPANT_COLUMNS, False)
    role_column = _column(table, ROLE_COLUMNS, False)
    document_column = _column(table, DOCUMENT_COLUMNS, False)
    if participant_column is None and role_column is None:
        raise InputFileError(table.source, "the file needs a 'participant' or a 'role' column")
    rows = []
    seen: dict[tuple[str, int | None], int] = {}
    for row in table.rows:
        try:
            label = _cell(row.values, label_column)
            if label is None:
                raise ValidationError("the label is empty")
            identifier = _cell(row.values, participant_column)
            role = parse_role(_cell(row.values, role_column), identifier)
            person = study.find_participant(uow, identifier) if identifier else None
            name = _cell(row.values, document_column)
            document = find_document(uow, name) if name else None
            stored = find_label(uow, label, document)
        except (ValidationError, NotFoundError) as error:
            raise InputFileError(table.source, _sentence(str(error)), line=row.line) from None
        key = (stored.casefold(), document.id if document else None)
        if key in seen:
            raise InputFileError(
                table.source,
                f"the label {stored!r} is mapped twice (also on line {seen[key]})",
                line=row.line,
            )
        seen[key] = row.line
        rows.append((stored, role, person, document))
    return rows


def _sentence(message: str) -> str:
    """A service message as the tail of "file, line N: ..." (lower-case start, no full stop)."""
    message = message.rstrip(".")
    return message[:1].lower() + message[1:] if message[:2] != message[:2].upper() else message


def import_speaker_map(uow: UnitOfWork, path: TableSource) -> SpeakerMapImport:
    """Map speaker labels from a CSV or XLSX file and re-attribute the documents.

    Columns (letter case ignored): ``label``; ``participant`` (identifier)
    or ``role`` (participant, interviewer, other); optionally ``document``
    (a name: the mapping holds in that document only). Every row is
    checked before anything is written: an unknown label, participant,
    document or role raises :class:`InputFileError` naming the file and line.
    """
    table = read_source(path)
    rows = _mapping_rows(uow, table)
    if not rows:
        raise InputFileError(table.source, "the file has no mapping rows")
    for label, role, person, document in rows:
        set_mapping(uow, label, role, person, document)
    affected = affected_documents(
        uow, [(label, doc.id if doc else None) for label, _, _, doc in rows]
    )
    changed = speaker_sections.reattribute_documents(uow, affected)
    audit.record(
        uow,
        "speaker.import_map",
        "speaker_mapping",
        None,
        f"Mapped {len(rows)} speaker label(s) from {source_name(path)}",
        {
            "file": source_name(path),
            "mappings": [
                {
                    "label": label,
                    "role": role.value,
                    "participant": person.identifier if person else None,
                    "document": doc.name if doc else None,
                }
                for label, role, person, doc in rows
            ],
            "codings_reattributed": changed,
        },
    )
    return SpeakerMapImport(len(rows), len(affected), changed)
