"""What the framework-matrix API answers (and the pages show): matrices, cells,
quotes, coded excerpts and history, with the words people read for statuses
and changes."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from qualframe.project import Project
from qualframe.services.codebook.tree import CodeInfo
from qualframe.services.matrix.drafts import draftable
from qualframe.services.matrix.excerpts import CellExcerpt
from qualframe.services.matrix.matrices import CellView, Matrix, MatrixColumn, QuoteView
from qualframe.services.matrix.rows import group_label, parse_group_key
from qualframe.vocabulary import CellStatus, RowKind
from qualframe.web.matrix.params import CellQuery
from qualframe.web.server.frames import records
from qualframe.web.server.links import document_link

#: How each cell status is named on the pages (the shape marker goes beside it).
STATUS_LABELS: dict[str, str] = {status.value: status.label for status in CellStatus}


#: What each kind of cell revision did, for people.
HISTORY_LABELS: dict[str, str] = {
    "write": "wrote the summary",
    "status": "set the status",
    "link_quote": "linked a quote",
    "unlink_quote": "removed a quote",
    "reorder_quotes": "reordered the quotes",
    "draft": "drafted it from the coded data",
    "merge": "merged codes",
}


class QuoteOut(BaseModel):
    """A coded passage: where it is (``start``/``end`` in code points, end
    exclusive; ``paragraph`` 1-based), a reference for readers, and ``link``,
    the document view at that passage."""

    coding_id: int
    text: str
    document_id: int
    document: str
    speaker: str | None
    participant: str | None
    start: int
    end: int
    paragraph: int
    reference: str
    link: str


class ExcerptOut(QuoteOut):
    """A coded excerpt a cell can quote: the code it was coded with, and
    whether the cell quotes it already."""

    code_id: int
    code_path: str
    linked: bool


class CellOut(BaseModel):
    """A cell as a matrix shows it.

    ``status`` is the stored status or, when none, the computed one (empty:
    data to chart; no_data; not_asked); ``codings``/``participants`` count the
    row's codings of the code and who they come from; ``excerpts`` counts the
    codings not yet quoted; ``draftable``: "draft from data" would fill it.
    """

    row_kind: RowKind
    row: str
    code_id: int
    cell_id: int | None
    summary: str
    status: CellStatus
    status_label: str
    stored_status: CellStatus | None
    author: str
    updated_at: datetime | None
    codings: int
    participants: int
    excerpts: int
    quotes: list[QuoteOut]
    draftable: bool


class ColumnOut(BaseModel):
    """A matrix column: its code, the theme it is listed under, its definition and colour."""

    code_id: int
    path: str
    name: str
    theme: str | None
    definition: str = ""
    colour: str | None = None


class RowOut(BaseModel):
    """A matrix row and its cells (one per column)."""

    kind: RowKind
    id: int | None
    key: str
    label: str
    group: str | None
    attributes: dict[str, str]
    cells: list[CellOut]


class GroupOut(BaseModel):
    """A group of rows (indices into ``rows``) with its own cells (a case or group row)."""

    label: str
    key: str
    kind: RowKind
    values: dict[str, str]
    rows: list[int]
    participants: int
    cells: list[CellOut]


class MatrixOut(BaseModel):
    """A built framework matrix."""

    rows_of: str = Field(description="participants, cases or groups.")
    columns: list[ColumnOut]
    rows: list[RowOut]
    groups: list[GroupOut]


class HistoryOut(BaseModel):
    """One saved state of a cell: when (UTC), who, what they did (``action``, and
    ``description`` for people), and the summary and status it left."""

    at: datetime
    author: str
    action: str
    description: str
    summary: str
    status: CellStatus


def history_out(entry: Mapping[str, Any]) -> HistoryOut:
    """A history record (:func:`~qualframe.web.server.frames.records` of the history frame)."""
    action = str(entry["action"])
    return HistoryOut(**entry, description=HISTORY_LABELS.get(action, action.replace("_", " ")))


class RowInfo(BaseModel):
    """The row of a cell: kind, key and label."""

    kind: RowKind
    key: str
    label: str


class CellDetailOut(BaseModel):
    """A cell with what its editor shows: the row and column, the cell, the coded
    excerpts it can quote (in document order) and its history (oldest first)."""

    row: RowInfo
    column: ColumnOut
    include_subcodes: bool
    cell: CellOut
    excerpts: list[ExcerptOut]
    history: list[HistoryOut]


def _quote_fields(project_id: int, quote: QuoteView) -> dict[str, Any]:
    return {
        "coding_id": quote.coding_id,
        "text": quote.text,
        "document_id": quote.document_id,
        "document": quote.document,
        "speaker": quote.speaker,
        "participant": quote.participant,
        "start": quote.start,
        "end": quote.end,
        "paragraph": quote.paragraph,
        "reference": quote.reference,
        "link": document_link(project_id, quote.document_id, quote.start, quote.end),
    }


def quote_out(project_id: int, quote: QuoteView) -> QuoteOut:
    """A linked quote as answered."""
    return QuoteOut(**_quote_fields(project_id, quote))


def excerpt_out(project_id: int, excerpt: CellExcerpt) -> ExcerptOut:
    """A candidate excerpt as answered."""
    return ExcerptOut(
        **_quote_fields(project_id, excerpt.quote),
        code_id=excerpt.code_id,
        code_path=excerpt.code_path,
        linked=excerpt.linked,
    )


def cell_out(project_id: int, view: CellView) -> CellOut:
    """A cell as answered."""
    return CellOut(
        row_kind=view.row_kind,
        row=view.row_key,
        code_id=view.code_id,
        cell_id=view.cell_id,
        summary=view.summary,
        status=view.status,
        status_label=STATUS_LABELS[view.status.value],
        stored_status=view.stored_status,
        author=view.author,
        updated_at=view.updated_at,
        codings=view.codings,
        participants=view.participants,
        excerpts=view.excerpts,
        quotes=[quote_out(project_id, q) for q in view.quotes],
        draftable=draftable(view) and view.codings > 0,
    )


def column_out(column: MatrixColumn, code: CodeInfo | None) -> ColumnOut:
    """A column, with its code's definition and colour when known."""
    return ColumnOut(
        code_id=column.code_id,
        path=column.path,
        name=column.name,
        theme=column.theme,
        definition=code.definition if code else "",
        colour=code.colour if code else None,
    )


def matrix_out(project_id: int, matrix: Matrix, codes: Mapping[int, CodeInfo]) -> MatrixOut:
    """A built matrix as answered."""
    rows = [
        RowOut(
            kind=row.kind,
            id=row.id,
            key=row.key,
            label=row.label,
            group=row.group,
            attributes=dict(row.attributes),
            cells=[cell_out(project_id, view) for view in cells],
        )
        for row, cells in zip(matrix.rows, matrix.cells, strict=True)
    ]
    groups = [
        GroupOut(
            label=group.label,
            key=group.key,
            kind=group.aggregate[0].row_kind if group.aggregate else RowKind.GROUP,
            values=dict(group.values),
            rows=list(group.rows),
            participants=group.participants,
            cells=[cell_out(project_id, view) for view in group.aggregate],
        )
        for group in matrix.groups
    ]
    return MatrixOut(
        rows_of=matrix.spec.rows,
        columns=[column_out(c, codes.get(c.code_id)) for c in matrix.columns],
        rows=rows,
        groups=groups,
    )


def row_label(kind: RowKind, key: str) -> str:
    """How a row is named for people: a group's values joined by " · "."""
    return group_label(parse_group_key(key)) if kind is RowKind.GROUP else key


def cell_detail(project: Project, cell: CellQuery) -> CellDetailOut:
    """Everything a cell editor shows, read through the facades (a few reads;
    raises what they raise for an unknown row or code)."""
    matrix = project.matrix
    view = matrix.cell(cell.row_ref, cell.code_ref, include_subcodes=cell.include_subcodes)
    excerpts = matrix.excerpts(cell.row_ref, cell.code_ref, include_subcodes=cell.include_subcodes)
    history = records(matrix.history(cell.row_ref, cell.code_ref))
    code = project.codebook.get(cell.code_ref)
    pid = project.info.id
    return CellDetailOut(
        row=RowInfo(
            kind=view.row_kind, key=view.row_key, label=row_label(view.row_kind, view.row_key)
        ),
        column=ColumnOut(
            code_id=code.id,
            path=code.path_text,
            name=code.name,
            theme=None,
            definition=code.definition,
            colour=code.colour,
        ),
        include_subcodes=cell.include_subcodes,
        cell=cell_out(pid, view),
        excerpts=[excerpt_out(pid, e) for e in excerpts],
        history=[history_out(entry) for entry in history],
    )
