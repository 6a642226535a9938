"""The codes and codings of a table import: a table's code columns as codes of
the codebook, applied in bulk to the documents the import stored.

Part of :mod:`qualframe.services.coding.table_import` (which stores the
documents and attribute values first): the rules for which codes a column
makes and which rows they apply to are in
:mod:`qualframe.formats.table_codes`; here they meet the codebook.

* A flag column's code is a top-level code named after the column; a
  theme's sub-codes sit under a top-level code named after the column. A
  code of that name already in the codebook is reused; a new one is
  created only when it codes something in a stored document (a
  duplicate's codes make nothing).
* Codings are written in bulk (executemany), checked, quoted and
  attributed as :func:`~qualframe.services.coding.codings.add_codings`
  adds them, with one audit entry (``coding.add``) per code and coder,
  written under the coder's name.

Offsets are code points of the stored text, end exclusive. Raises what
:func:`~qualframe.services.codebook.editing.create_code` and
:func:`~qualframe.services.coding.codings.codable_code` raise (a bad code
name, a code that cannot be applied), before that code's codings are written.
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qualframe.formats.utterance_tables import TableCoding, UtteranceTable
from qualframe.services.codebook.editing import create_code
from qualframe.services.codebook.tree import PATH_SEPARATOR, clean_name, sibling_named
from qualframe.services.coding.codings import codable_code
from qualframe.services.core import audit
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.core.wording import counted
from qualframe.services.documents.file_import import ImportedDocument
from qualframe.storage import queries
from qualframe.storage.models.base import utc_now
from qualframe.vocabulary import SpeakerRole


@dataclass(frozen=True)
class TableCode:
    """A code an import applied: its ``path`` ("Theme > Sub-code"), the
    ``column`` it came from, whether the import created it and its
    ``codings`` added."""

    path: str
    column: str
    created: bool
    codings: int


#: A code of a table: its column and, for a theme, the sub-code's value.
CodeKey = tuple[str, str | None]


def store_codings(
    uow: UnitOfWork, table: UtteranceTable, stored: Mapping[int, ImportedDocument]
) -> tuple[tuple[TableCode, ...], dict[CodeKey, str]]:
    """Find or create the codes that code something in the stored documents and
    add their codings in bulk; returns the codes applied and each code's path."""
    spans: dict[CodeKey, dict[str, list[TableCoding]]] = defaultdict(lambda: defaultdict(list))
    for coding in table.codings:
        if coding.document in stored:
            spans[(coding.column, coding.value)][coding.coder].append(coding)
    writer = _CodingWriter(uow, table, stored)
    results: list[TableCode] = []
    paths: dict[CodeKey, str] = {}
    themes: dict[str, int] = {}
    for column in table.code_columns:
        values = [None] if column.flag else list(column.values)
        for key in ((column.column, value) for value in values):
            if key not in spans:
                continue  # codes nothing stored (a duplicate's code): not created
            code_id, path, created = _code(uow, key, themes)
            paths[key] = path
            added = sum(
                writer.write(code_id, coder, codings) for coder, codings in spans[key].items()
            )
            results.append(TableCode(path, column.column, created, added))
    return tuple(results), paths


class _CodingWriter:
    """Adds a table's codings in bulk, as :func:`~qualframe.services.coding.codings.add_codings`
    does (checks, quote, attribution, one audit entry per code and coder).

    Attribution is worked out from the table rather than read per document:
    the documents were created by this import, so they have no document or
    section speaker mappings and no linked participants, and the rule of
    :mod:`qualframe.services.documents.attribution` comes down to the label of
    the turn holding the span's start and that label's project-wide mapping
    (which the document writer also stored on the turn). Reading it per
    document costs three queries each: minutes for a large table.
    """

    def __init__(
        self, uow: UnitOfWork, table: UtteranceTable, stored: Mapping[int, ImportedDocument]
    ) -> None:
        self.uow = uow
        self.table = table
        self.stored = stored
        self.source = Path(table.source).name
        self.mapped = {
            m.label: m.participant_id
            for m in queries.speakers.project_mappings(uow.session, uow.project_id)
            if m.document_id is None
            and getattr(m, "section_id", None) is None
            and m.role is SpeakerRole.PARTICIPANT
        }
        self.now = utc_now()
        self.starts: dict[int, list[int]] = {}

    def write(self, code_id: int, coder: str, codings: Sequence[TableCoding]) -> int:
        """Code ``codings`` (turn spans of stored documents) with ``code_id`` as
        ``coder``; returns how many were added."""
        acting = self.uow.acting_as(coder)
        _code, path = codable_code(acting, code_id)
        rows = [self._row(code_id, coder, coding) for coding in codings]
        queries.codings.insert_codings(self.uow.session, rows)
        per_document = Counter(self.stored[c.document].name for c in codings)
        audit.record(
            acting,
            "coding.add",
            "code",
            code_id,
            f"Coded {counted(len(rows), 'span')} in {counted(len(per_document), 'document')} "
            f"with {path!r}: from {self.source}",
            {
                "code": path,
                "added": len(rows),
                "already_coded": 0,
                "documents": dict(per_document),
                "reason": f"from {self.source}",
            },
        )
        return len(rows)

    def _speaker_at(self, document: int, position: int) -> str | None:
        """The label of the speaker turn of table document ``document`` holding
        ``position`` (None: no turn there)."""
        turns = self.table.documents[document].document.turns
        if not turns:
            return None
        starts = self.starts.get(document)
        if starts is None:
            starts = self.starts[document] = [turn.start for turn in turns]
        index = bisect.bisect_right(starts, position) - 1
        if index >= 0 and turns[index].end > position:
            return turns[index].label
        return None

    def _row(self, code_id: int, coder: str, coding: TableCoding) -> dict[str, Any]:
        made = self.table.documents[coding.document].document
        speaker = self._speaker_at(coding.document, coding.start)
        return {
            "project_id": self.uow.project_id,
            "document_id": self.stored[coding.document].id,
            "code_id": code_id,
            "start": coding.start,
            "end": coding.end,
            "quote": made.text[coding.start : coding.end],
            "coder": coder,
            "participant_id": None if speaker is None else self.mapped.get(speaker),
            "speaker": speaker,
            "created_at": self.now,
        }


def _code(uow: UnitOfWork, key: CodeKey, themes: dict[str, int]) -> tuple[int, str, bool]:
    """The id, path and newness of the code for ``key``, created when the
    codebook has none of that name (at the top level, or under its theme)."""
    column, value = key
    if value is None:
        code_id, created = _find_or_create(uow, None, column)
        return code_id, clean_name(column), created
    if column not in themes:
        themes[column] = _find_or_create(uow, None, column)[0]
    theme_id = themes[column]
    code_id, created = _find_or_create(uow, theme_id, value)
    return code_id, PATH_SEPARATOR.join((clean_name(column), clean_name(value))), created


def _find_or_create(uow: UnitOfWork, parent_id: int | None, name: str) -> tuple[int, bool]:
    existing = sibling_named(uow, parent_id, clean_name(name))
    if existing is not None:
        return existing.id, False
    return create_code(uow, name, parent=parent_id).id, True


def coding_path(coding: TableCoding, paths: Mapping[CodeKey, str]) -> str:
    """How a preview names the code of ``coding``: its path, with the coder in
    brackets when a coder column named one (the column's name when the code
    was not made)."""
    path = paths.get((coding.column, coding.value), coding.column)
    return path if coding.coder == coding.column else f"{path} ({coding.coder})"


__all__ = ["CodeKey", "TableCode", "coding_path", "store_codings"]
