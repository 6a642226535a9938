"""Every text and span column of the schema is in the registry, or exempt with a reason."""

from __future__ import annotations

import sqlalchemy as sa

from qualframe.storage.models import Base
from qualframe.storage.text_columns import EXEMPT, SPANS, TEXTS, TextKind

#: Column types that can hold words.
TEXT_TYPES = (sa.String, sa.Text, sa.JSON)


def _schema_columns(kinds: tuple[type, ...]) -> set[str]:
    return {
        f"{table.name}.{column.name}"
        for table in Base.metadata.tables.values()
        for column in table.columns
        if isinstance(column.type, kinds)
    }


def _name(column: object) -> str:
    return f"{column.class_.__tablename__}.{column.key}"  # type: ignore[attr-defined]


def test_every_text_column_is_registered_or_exempt_with_a_reason() -> None:
    registered = {entry.name for entry in TEXTS}
    exempt = {_name(column) for column in EXEMPT}
    assert not registered & exempt, "a column is both registered and exempt"
    unknown = _schema_columns(TEXT_TYPES) - registered - exempt
    assert not unknown, f"text columns neither in TEXTS nor in EXEMPT: {sorted(unknown)}"
    gone = (registered | exempt) - _schema_columns(TEXT_TYPES)
    assert not gone, f"registered columns that are not text columns: {sorted(gone)}"
    assert all(reason.strip() for reason in EXEMPT.values())


def test_every_span_of_a_document_is_registered() -> None:
    spans = {
        f"{table.name}"
        for table in Base.metadata.tables.values()
        if {"start", "end"} <= set(table.columns.keys())
    }
    assert spans == {entry.table for entry in SPANS}
    for entry in SPANS:
        assert (entry.start.key, entry.end.key) == ("start", "end")
        assert entry.document.key == "document_id"


def test_the_sources_and_their_copies_are_listed() -> None:
    kinds = {entry.name: entry.kind for entry in TEXTS}
    assert kinds["documents.text"] is TextKind.SOURCE
    for copied in ("codings.quote", "codings.speaker", "speaker_turns.label", "codes.example"):
        assert kinds[copied] is TextKind.COPY
    for analysis in ("matrix_cells.summary", "cell_revisions.summary", "memos.body"):
        assert kinds[analysis] is TextKind.ANALYSIS
