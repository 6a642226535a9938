"""Importing a table of utterances: documents, turns, attributes and codes from rows.

A CSV or XLSX file holding one row per utterance or response (a survey
export, a coded dataset of comments, interview turns in a spreadsheet)
becomes documents as :mod:`qualframe.formats.utterance_tables` describes:
rows grouped by the document column, each row a turn (``Speaker: text``
with a speaker column), ordered by the order column. Then:

* Documents are stored as :func:`~qualframe.services.documents.file_import.import_parsed`
  stores them, by the same rules as imported files: a name taken in the
  project is numbered, and a document whose text is already stored (in the
  project or earlier in the table: two respondents who both wrote
  "Nothing.") is *skipped as a duplicate*, with its attribute values and
  codes: the same text is never stored twice. The report lists them.
* Attribute columns become *document* attributes, defined when the project
  has none of that name (type inferred from the values, as a study
  spreadsheet's are), else they must already be document attributes whose
  type and allowed values fit. A document takes one value per column.
* Code columns become codes (a flag column's code, or a theme named after
  the column with a sub-code per value), reusing codes of the same names
  already in the codebook; each is applied to the span of the row's turn,
  attributed to the coder the mapping gives. A code is created only when
  it codes something (:mod:`qualframe.services.coding.table_codings`).

The import is all or nothing: any problem (a column the table lacks, a
table without rows or text, two values of an attribute in one document, a
value that does not fit an existing attribute...) raises before anything is
written, naming the file. ``dry_run=True`` works everything out in the
transaction, returns what would be made (with the first documents as they
would look) and rolls it all back.

The use case lives in the coding area, above the documents, study and
codebook areas it draws on, because it creates codes and codings as well as
documents (an area uses only the areas beneath it).

Speed: turns, segments, attribute values and codings are written in bulk
(executemany); the 7,908 rows of the NHS FFT dataset import in about four
seconds on SQLite.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qualframe.errors import InputFileError, ValidationError
from qualframe.formats.sources import Source, UploadedFile, read_file_bytes
from qualframe.formats.utterance_tables import (
    ColumnMapping,
    SkippedRow,
    UtteranceTable,
    read_utterance_table,
)
from qualframe.services.coding.table_codings import (
    CodeKey,
    TableCode,
    coding_path,
    store_codings,
)
from qualframe.services.core import audit
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.core.wording import counted
from qualframe.services.documents.file_import import ImportedDocument, SkippedFile, import_parsed
from qualframe.services.study import attributes as study
from qualframe.services.study.attribute_values import canonical_value, infer_type
from qualframe.storage import bulk, queries
from qualframe.storage.models import AttributeDefinition, AttributeValue
from qualframe.vocabulary import AttributeLevel, AttributeType

#: How many documents a preview shows.
PREVIEW_DOCUMENTS = 5
#: Most characters of a turn a preview shows.
PREVIEW_CHARS = 600

# ---------------------------------------------------------------- records


@dataclass(frozen=True)
class TableAttribute:
    """A document attribute an import set: its ``name``, ``type``, whether the
    import defined it (``created``) and how many documents got a value."""

    name: str
    type: AttributeType
    created: bool
    values: int


@dataclass(frozen=True)
class PreviewTurn:
    """One turn of a previewed document: its speaker label (None: none), its
    text (the first :data:`PREVIEW_CHARS` characters) and the codes applied."""

    speaker: str | None
    text: str
    codes: tuple[str, ...]


@dataclass(frozen=True)
class PreviewDocument:
    """A document as an import makes it: its ``name`` in the project, its
    attribute values (canonical text) and its turns."""

    name: str
    attributes: dict[str, str]
    turns: tuple[PreviewTurn, ...]


@dataclass(frozen=True)
class TableImport:
    """What importing a table did (or, with ``dry_run``, would do).

    ``imported`` are the documents stored (``turns`` there counts speaker
    turns; :attr:`turns` here counts the table's turns, one per row group);
    ``duplicates`` the table's documents whose text is already stored
    (``file`` is the document's name in the table); ``skipped_rows`` rows
    that made nothing; ``preview`` the first documents as made.
    """

    source: str
    dry_run: bool
    rows: int
    imported: tuple[ImportedDocument, ...]
    turns: int
    duplicates: tuple[SkippedFile, ...]
    skipped_rows: tuple[SkippedRow, ...]
    attributes: tuple[TableAttribute, ...]
    codes: tuple[TableCode, ...]
    preview: tuple[PreviewDocument, ...]

    @property
    def codings(self) -> int:
        """How many codings the import added."""
        return sum(code.codings for code in self.codes)

    def summary(self) -> str:
        """One sentence: ``Imported 3 documents (12 turns) from t.csv; 2 codes, 9 codings.``"""
        verb = "Would import" if self.dry_run else "Imported"
        parts = [
            f"{verb} {counted(len(self.imported), 'document')} "
            f"({counted(self.turns, 'turn')}) from {Path(self.source).name}"
        ]
        if self.attributes:
            parts.append(counted(len(self.attributes), "attribute"))
        if self.codes:
            parts.append(f"{counted(len(self.codes), 'code')}, {counted(self.codings, 'coding')}")
        if self.duplicates:
            parts.append(f"{counted(len(self.duplicates), 'duplicate')} skipped")
        if self.skipped_rows:
            parts.append(f"{counted(len(self.skipped_rows), 'row')} without text skipped")
        return "; ".join(parts) + "."


# ---------------------------------------------------------------- the use case


def import_table(
    uow: UnitOfWork,
    file: Source,
    *,
    document: str,
    text: str,
    speaker: str | None = None,
    order: str | None = None,
    coder: str | None = None,
    attributes: str | Sequence[str] = (),
    codes: str | Sequence[str] = (),
    sheet: str | None = None,
    encoding: str | None = None,
    dry_run: bool = False,
) -> TableImport:
    """Import a CSV or XLSX table with one row per utterance or response as documents.

    ``file`` is a path or an :class:`UploadedFile`. The other arguments name
    columns of its header row: ``document`` (rows with one value make one
    document named by it), ``text`` (the words), ``speaker`` (turns written
    ``Speaker: text``), ``order`` (turns sorted by it; rows sharing a
    document, order and speaker are one turn), ``coder`` (who coded the
    row; default: the code column's name), ``attributes`` (document
    attributes) and ``codes`` (a flag column codes rows marked yes/1; any
    other column is a theme with a sub-code per value, ``;`` separating
    several values in a cell). ``sheet`` picks a workbook's sheet,
    ``encoding`` a CSV file's codec. See
    :mod:`qualframe.services.coding.table_import` for the rules
    (duplicate texts are skipped). ``dry_run=True`` writes nothing and
    returns what the import would make.

    Raises :class:`InputFileError` naming the file when it is not a CSV or
    XLSX table, a column is not in it, it has no rows or no text, or its
    values break a rule (an attribute with two values in one document);
    :class:`ValidationError` for an attribute of another level or a value
    that does not fit an existing attribute, or a bad code name. Nothing is
    written then.
    """
    mapping = ColumnMapping(
        document=document,
        text=text,
        speaker=speaker or None,
        order=order or None,
        coder=coder or None,
        attributes=_names(attributes),
        codes=_names(codes),
    )
    data, name = _file_bytes(file)
    known, rejected = _decided_labels(uow)
    table = read_utterance_table(
        data, name, mapping, sheet=sheet, encoding=encoding, known=known, rejected=rejected
    )
    plans = _plan_attributes(uow, table)
    if not dry_run:
        return _store(uow, table, plans, dry_run=False)
    savepoint = uow.session.begin_nested()
    try:
        return _store(uow, table, plans, dry_run=True)
    finally:
        savepoint.rollback()


def _names(columns: str | Sequence[str]) -> tuple[str, ...]:
    """Column names, one or several (each once, blanks left out)."""
    listed = [columns] if isinstance(columns, str) else list(columns)
    return tuple(dict.fromkeys(column for column in listed if column))


def _decided_labels(uow: UnitOfWork) -> tuple[set[str], set[str]]:
    """The project's known speaker labels (accepted ones, participant
    identifiers, mapped labels) and rejected ones, for finding ``Name:``
    labels in the table's text as imports of files do."""
    decisions = queries.speakers.label_decisions(uow.session, uow.project_id)
    known = {d.label for d in decisions if d.is_speaker}
    known |= {p.identifier for p in queries.people.participants(uow.session, uow.project_id)}
    known |= {m.label for m in queries.speakers.project_mappings(uow.session, uow.project_id)}
    return known, {d.label for d in decisions if not d.is_speaker}


def _file_bytes(file: Source) -> tuple[bytes, str]:
    if isinstance(file, UploadedFile):
        return file.data, file.name
    path = Path(os.fspath(file))
    return read_file_bytes(path), str(path)


def _store(
    uow: UnitOfWork, table: UtteranceTable, plans: Sequence[_AttributePlan], *, dry_run: bool
) -> TableImport:
    """Write the table's documents, attribute values and codings; the report."""
    documents = [d.document for d in table.documents]
    report = import_parsed(uow, documents, source=table.source)
    index = {f"{table.source}: {d.name}": n for n, d in enumerate(documents)}
    stored = {index[imported.file]: imported for imported in report.imported}
    duplicates = tuple(
        SkippedFile(documents[index[d.file]].name, d.duplicate_of) for d in report.duplicates
    )
    written = [_store_attribute(uow, table, plan, stored) for plan in plans]
    codes, paths = store_codings(uow, table, stored)
    result = TableImport(
        source=table.source,
        dry_run=dry_run,
        rows=table.rows,
        imported=report.imported,
        turns=sum(len(table.documents[n].turns) for n in stored),
        duplicates=duplicates,
        skipped_rows=table.skipped,
        attributes=tuple(a for a in written if a.values or a.created),
        codes=codes,
        preview=_preview(table, stored, plans, paths),
    )
    if report.imported:
        _record(uow, table, result)
    return result


def _record(uow: UnitOfWork, table: UtteranceTable, result: TableImport) -> None:
    audit.record(
        uow,
        "document.import_table",
        "project",
        uow.project_id,
        result.summary(),
        {
            "file": table.source,
            "rows": table.rows,
            "documents": len(result.imported),
            "turns": result.turns,
            "duplicates": [[d.file, d.duplicate_of] for d in result.duplicates],
            "skipped_rows": [row.line for row in result.skipped_rows],
            "attributes": {a.name: a.values for a in result.attributes},
            "codes": {c.path: c.codings for c in result.codes},
        },
    )


# ---------------------------------------------------------------- attributes


@dataclass(frozen=True)
class _AttributePlan:
    """How one attribute column is stored: under an existing document attribute
    (``existing``) or a new one of ``type``/``levels``."""

    column: str
    existing: AttributeDefinition | None
    type: AttributeType
    levels: tuple[str, ...]


def _plan_attributes(uow: UnitOfWork, table: UtteranceTable) -> list[_AttributePlan]:
    """Check every attribute column against the project before anything is
    written: an existing attribute must describe documents and take every
    value; a new one gets the type its values suggest (and every value must
    fit it). Raises :class:`ValidationError` / :class:`InputFileError`."""
    # Columns with a value in some document, in the mapping's order.
    columns = dict.fromkeys(c for d in table.documents for c in d.attributes)
    known = {
        d.name.casefold(): d
        for d in queries.attributes.attribute_definitions(uow.session, uow.project_id)
    }
    plans = []
    for column in columns:
        existing = known.get(" ".join(column.split()).casefold())
        if existing is None:
            study.check_new_attribute_name(uow, column)
            inferred = infer_type([d.attributes.get(column) for d in table.documents])
            plan = _AttributePlan(column, None, inferred.type, inferred.levels)
        elif existing.level is not AttributeLevel.DOCUMENT:
            raise ValidationError(
                f"{existing.name!r} is a {existing.level.value} attribute; the attribute "
                f"columns of {table.source} become document attributes. Rename the column "
                "or leave it out."
            )
        else:
            levels = tuple(existing.levels or ())
            plan = _AttributePlan(column, existing, existing.type, levels)
        _check_values(table, plan)
        plans.append(plan)
    return plans


def _check_values(table: UtteranceTable, plan: _AttributePlan) -> None:
    """Raise :class:`InputFileError` naming the first document whose value does
    not fit the attribute."""
    name = plan.existing.name if plan.existing is not None else plan.column
    for table_document in table.documents:
        raw = table_document.attributes.get(plan.column)
        try:
            canonical_value(name, plan.type, plan.levels, raw)
        except ValidationError as error:
            line = table_document.turns[0].lines[0]
            raise InputFileError(
                table.source, f"document {table_document.document.name!r}: {error}", line=line
            ) from None


def _store_attribute(
    uow: UnitOfWork,
    table: UtteranceTable,
    plan: _AttributePlan,
    stored: Mapping[int, ImportedDocument],
) -> TableAttribute:
    """Define the attribute if new and set its values on the stored documents
    (new documents have none yet: one bulk insert)."""
    definition = plan.existing
    if definition is None:
        definition = study.new_definition(
            uow,
            plan.column,
            AttributeLevel.DOCUMENT,
            plan.type,
            plan.levels,
            note=f", found in {Path(table.source).name}",
        )
    rows: list[dict[str, Any]] = []
    for n, imported in stored.items():
        raw = table.documents[n].attributes.get(plan.column)
        value = canonical_value(definition.name, plan.type, plan.levels, raw)
        if value is not None:
            rows.append(
                {
                    "definition_id": definition.id,
                    "document_id": imported.id,
                    "value": value.value,
                    "number": value.number,
                }
            )
    bulk.insert_mappings(uow.session, AttributeValue, rows)
    return TableAttribute(definition.name, plan.type, plan.existing is None, len(rows))


# ---------------------------------------------------------------- preview


def _preview(
    table: UtteranceTable,
    stored: Mapping[int, ImportedDocument],
    plans: Sequence[_AttributePlan],
    paths: Mapping[CodeKey, str],
) -> tuple[PreviewDocument, ...]:
    """The first :data:`PREVIEW_DOCUMENTS` stored documents as made."""
    shown = sorted(stored)[:PREVIEW_DOCUMENTS]
    by_turn: dict[tuple[int, int], list[str]] = defaultdict(list)
    wanted = set(shown)
    for coding in table.codings:
        if coding.document in wanted:
            by_turn[(coding.document, coding.start)].append(coding_path(coding, paths))
    previews = []
    for n in shown:
        made = table.documents[n]
        text = made.document.text
        turns = tuple(
            PreviewTurn(
                turn.speaker,
                _shortened(text[turn.start : turn.end]),
                tuple(dict.fromkeys(by_turn.get((n, turn.start), []))),
            )
            for turn in made.turns
        )
        values = {}
        for plan in plans:
            value = canonical_value(
                plan.column, plan.type, plan.levels, made.attributes.get(plan.column)
            )
            if value is not None:
                values[plan.existing.name if plan.existing else plan.column] = value.value
        previews.append(PreviewDocument(stored[n].name, values, turns))
    return tuple(previews)


def _shortened(text: str) -> str:
    if len(text) <= PREVIEW_CHARS:
        return text
    return text[: PREVIEW_CHARS - 1].rstrip() + "\u2026"


# TableCode is defined with the codings it reports (table_codings) and
# exported here with the import's other records, where the public API finds it.
__all__ = [
    "PREVIEW_CHARS",
    "PREVIEW_DOCUMENTS",
    "PreviewDocument",
    "PreviewTurn",
    "TableAttribute",
    "TableCode",
    "TableImport",
    "import_table",
]
