"""What the framework-matrix API answers (and the pages show): matrices, cells,
quotes, coded excerpts and history, with the words people read for statuses
and changes."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from functools import cache
from typing import Any, TypeVar

from pydantic import BaseModel, Field

from qualframe.project import Project
from qualframe.services.codebook.tree import CodeInfo
from qualframe.services.matrix.cells import HistoryEntry
from qualframe.services.matrix.drafts import draftable
from qualframe.services.matrix.matrices import CellView, Matrix, MatrixColumn
from qualframe.services.matrix.quotes import QuoteView
from qualframe.services.matrix.rows import group_label, parse_group_key
from qualframe.vocabulary import CellStatus, RowKind
from qualframe.web.matrix.params import CellParams
from qualframe.web.server.links import document_link

Out = TypeVar("Out", bound=BaseModel)

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
    "set_passage": "chose the quoted passage",
    "create": "stored it for a memo",
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
    ``version`` is the stored cell's (0 when nothing is stored): send it as
    ``if_version`` with the next change; ``guid`` its lasting identity (None
    when nothing is stored).
    """

    row_kind: RowKind
    row: str
    code_id: int
    cell_id: int | None
    guid: str | None
    version: int
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


class UnattributedColumnOut(BaseModel):
    """A column with codings spoken by nobody: its code and how many."""

    code_id: int
    path: str
    codings: int


class UnattributedOut(BaseModel):
    """The codings of the matrix's columns that no cell holds: spoken by nobody
    in the study (interviewer turns, speaker labels mapped to no participant)."""

    total: int = Field(description="Codings left out, each counted once.")
    columns: list[UnattributedColumnOut] = Field(description="Per column having any.")
    note: str = Field(description='The notice for people ("" when none).')
    link: str = Field(description="The API listing of these codings.")
    page: str = Field(description="The page listing them.")


class MatrixOut(BaseModel):
    """A built framework matrix."""

    rows_of: str = Field(description="participants, cases or groups.")
    columns: list[ColumnOut]
    rows: list[RowOut]
    groups: list[GroupOut]
    unattributed: UnattributedOut = Field(
        description="Codings of the columns left out of every cell (spoken by nobody)."
    )


class HistoryOut(BaseModel):
    """One saved state of a cell: when (UTC), who, what they did (``action``, and
    ``description`` for people), and the summary and status it left."""

    at: datetime
    author: str
    action: str
    description: str
    summary: str
    status: CellStatus


def history_out(entry: HistoryEntry) -> HistoryOut:
    """A cell's saved state as answered."""
    description = HISTORY_LABELS.get(entry.action, entry.action.replace("_", " "))
    return HistoryOut(**_copied(HistoryOut, entry, "description"), description=description)


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


@cache
def _names(model: type[BaseModel]) -> tuple[str, ...]:
    return tuple(model.model_fields)


def _copied(model: type[BaseModel], record: object, *computed: str) -> dict[str, Any]:
    """The values of ``model``'s fields that ``record`` has under the same names
    (all but the ``computed`` ones)."""
    return {name: getattr(record, name) for name in _names(model) if name not in computed}


def passage_out(model: type[Out], project_id: int, passage: QuoteView) -> Out:
    """A quote or an excerpt (``model``: :class:`QuoteOut` or :class:`ExcerptOut`)
    as answered, with the link to the document view at the passage."""
    link = document_link(project_id, passage.document_id, passage.start, passage.end)
    return model(**_copied(model, passage, "link"), link=link)


def cell_out(project_id: int, view: CellView) -> CellOut:
    """A cell as answered."""
    return CellOut(
        **_copied(CellOut, view, "row", "status_label", "quotes", "draftable"),
        row=view.row_key,
        status_label=STATUS_LABELS[view.status.value],
        quotes=[passage_out(QuoteOut, project_id, q) for q in view.quotes],
        draftable=draftable(view) and view.codings > 0,
    )


def column_out(column: MatrixColumn, code: CodeInfo | None) -> ColumnOut:
    """A column, with its code's definition and colour when known."""
    return ColumnOut(
        **_copied(ColumnOut, column, "definition", "colour"),
        definition=code.definition if code else "",
        colour=code.colour if code else None,
    )


def matrix_out(
    project_id: int, matrix: Matrix, codes: Mapping[int, CodeInfo], spec_query: str
) -> MatrixOut:
    """A built matrix as answered; ``spec_query`` (its settings as a query
    string) addresses the listing of the codings it leaves out."""
    rows = [
        RowOut(
            **_copied(RowOut, row, "cells"), cells=[cell_out(project_id, view) for view in cells]
        )
        for row, cells in zip(matrix.rows, matrix.cells, strict=True)
    ]
    groups = [
        GroupOut(
            **_copied(GroupOut, group, "kind", "cells"),
            kind=group.aggregate[0].row_kind if group.aggregate else RowKind.GROUP,
            cells=[cell_out(project_id, view) for view in group.aggregate],
        )
        for group in matrix.groups
    ]
    return MatrixOut(
        rows_of=matrix.spec.rows,
        columns=[column_out(c, codes.get(c.code_id)) for c in matrix.columns],
        rows=rows,
        groups=groups,
        unattributed=UnattributedOut(
            total=matrix.unattributed.total,
            columns=[
                UnattributedColumnOut(code_id=c.code_id, path=c.path, codings=c.codings)
                for c in matrix.unattributed.columns
            ],
            note=matrix.unattributed.note(),
            link=f"/api/projects/{project_id}/matrix/unattributed?{spec_query}",
            page=f"/projects/{project_id}/matrix/unattributed?{spec_query}",
        ),
    )


def row_label(kind: RowKind, key: str) -> str:
    """How a row is named for people: a group's values joined by " · "."""
    return group_label(parse_group_key(key)) if kind is RowKind.GROUP else key


def cell_detail(project: Project, cell: CellParams) -> CellDetailOut:
    """Everything a cell editor shows, read through the facades (a few reads;
    raises what they raise for an unknown row or code)."""
    matrix = project.matrix
    view = cell.read(matrix.cell)
    excerpts = cell.read(matrix.excerpts)
    history = matrix.history_records(cell.row_ref, cell.code_ref)
    code = project.codebook.get(cell.code_ref)
    pid = project.info.id
    return CellDetailOut(
        row=RowInfo(
            kind=view.row_kind, key=view.row_key, label=row_label(view.row_kind, view.row_key)
        ),
        column=column_out(MatrixColumn(code.id, code.path_text, code.name), code),
        include_subcodes=cell.include_subcodes,
        cell=cell_out(pid, view),
        excerpts=[passage_out(ExcerptOut, pid, e) for e in excerpts],
        history=[history_out(entry) for entry in history],
    )
