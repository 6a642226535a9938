"""What the framework-matrix page and API are asked: matrix and cell references
in query strings and forms, and the request bodies.

A matrix is named by its spec in the query string, the same for the page
(a shareable address) and the API: ``rows`` (participants, cases, groups),
``theme`` and ``columns`` (code ids or paths, repeatable),
``include_subcodes``, ``group_by``, ``where`` (``attribute=value``,
repeatable), ``order_by``. A cell is named by ``row_kind`` (participant,
case or group; optional when the row is unambiguous), ``row`` (participant
identifier, case name, or a group key ``attribute=value|attribute=value``
as :func:`~qualframe.services.matrix.rows.group_key` writes it) and
``code`` (id or path).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated
from urllib.parse import urlencode

from fastapi import Query
from pydantic import BaseModel, Field

from qualframe.services.core.where_filters import parse_where
from qualframe.services.matrix.matrices import MatrixSpec, spec_of
from qualframe.services.matrix.rows import RowRef
from qualframe.vocabulary import CellStatus, RowKind


def code_ref(text: str | int) -> int | str:
    """A code reference from a query string: digits are an id, anything else a path or name."""
    value = str(text).strip()
    return int(value) if value.isdigit() else value


def _filled(items: list[str]) -> list[str]:
    return [item.strip() for item in items if item.strip()]


@dataclass(frozen=True)
class SpecQuery:
    """A matrix spec as the query string gives it (see the module docstring)."""

    rows: str = "participants"
    theme: list[str] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    include_subcodes: bool = False
    group_by: list[str] = field(default_factory=list)
    where: list[str] = field(default_factory=list)
    order_by: list[str] = field(default_factory=list)

    def to_spec(self) -> MatrixSpec:
        """The :class:`MatrixSpec`; raises :class:`ValidationError` for a bad filter."""
        return spec_of(
            self.rows,
            [code_ref(c) for c in _filled(self.columns)],
            theme=[code_ref(t) for t in _filled(self.theme)],
            include_subcodes=self.include_subcodes,
            group_by=_filled(self.group_by),
            where=parse_where(self.where),
            order_by=_filled(self.order_by),
        )

    def items(self) -> list[tuple[str, str]]:
        """The spec as query-string pairs (blank values left out)."""
        pairs: list[tuple[str, str]] = [("rows", self.rows)]
        for name in ("theme", "columns", "group_by", "where", "order_by"):
            pairs += [(name, value) for value in _filled(getattr(self, name))]
        if self.include_subcodes:
            pairs.append(("include_subcodes", "1"))
        return pairs

    def query(self, **extra: str | int) -> str:
        """The spec (and ``extra`` parameters) as a query string, without "?"."""
        return urlencode([*self.items(), *((k, str(v)) for k, v in extra.items())])


def spec_query(
    *,
    rows: Annotated[str, Query(description="participants, cases or groups.")] = "participants",
    theme: Annotated[
        list[str],
        Query(
            default_factory=list, description="A theme (id or path) whose sub-codes are columns."
        ),
    ],
    columns: Annotated[
        list[str], Query(default_factory=list, description="A code column (id or path).")
    ],
    include_subcodes: Annotated[
        bool, Query(description="Count each column's sub-codes' codings too.")
    ] = False,
    group_by: Annotated[
        list[str],
        Query(default_factory=list, description="An attribute (or 'case') to group rows by."),
    ],
    where: Annotated[
        list[str],
        Query(default_factory=list, description="Only participants with attribute=value."),
    ],
    order_by: Annotated[
        list[str], Query(default_factory=list, description="An attribute to order rows by.")
    ],
) -> SpecQuery:
    """The matrix spec of the query string (a route dependency)."""
    return SpecQuery(rows, theme, columns, include_subcodes, group_by, where, order_by)


@dataclass(frozen=True)
class CellQuery:
    """A cell as the query string names it (see the module docstring)."""

    row: str
    code: str
    row_kind: RowKind | None = None
    include_subcodes: bool = False

    @property
    def row_ref(self) -> RowRef:
        """The row reference the services take."""
        return (self.row_kind.value, self.row) if self.row_kind else self.row

    @property
    def code_ref(self) -> int | str:
        """The code reference the services take."""
        return code_ref(self.code)

    def items(self) -> list[tuple[str, str]]:
        """The cell as query-string pairs."""
        pairs = [("row", self.row), ("code", self.code)]
        if self.row_kind:
            pairs.insert(0, ("row_kind", self.row_kind.value))
        if self.include_subcodes:
            pairs.append(("include_subcodes", "1"))
        return pairs


def cell_query(
    row: Annotated[
        str,
        Query(
            description="Participant identifier, case name, or group key "
            "'attribute=value|attribute=value'."
        ),
    ],
    code: Annotated[str, Query(description="The code's id or path.")],
    row_kind: Annotated[
        RowKind | None, Query(description="participant, case or group (when ambiguous).")
    ] = None,
    include_subcodes: Annotated[
        bool, Query(description="Count the code's sub-codes' codings too, as the matrix does.")
    ] = False,
) -> CellQuery:
    """The cell of the query string (a route dependency)."""
    return CellQuery(row, code, row_kind, include_subcodes)


# ---------------------------------------------------------------- request bodies


class SpecIn(BaseModel):
    """A matrix spec in a request body (see ``GET /matrix`` for the fields)."""

    rows: str = Field("participants", description="participants, cases or groups.")
    columns: list[int | str] = Field(default_factory=list, description="Code ids or paths.")
    theme: list[int | str] = Field(
        default_factory=list, description="Themes whose sub-codes are columns."
    )
    include_subcodes: bool = False
    group_by: list[str] = Field(default_factory=list)
    where: dict[str, str | list[str]] | None = Field(
        None, description='e.g. {"employer": "NHS"}; a list means any of its values.'
    )
    order_by: list[str] = Field(default_factory=list)

    def to_spec(self) -> MatrixSpec:
        """The :class:`MatrixSpec`."""
        return spec_of(
            self.rows,
            [code_ref(c) for c in self.columns],
            theme=[code_ref(t) for t in self.theme],
            include_subcodes=self.include_subcodes,
            group_by=self.group_by,
            where=self.where,
            order_by=self.order_by,
        )


class CellRefIn(BaseModel):
    """A cell in a request body."""

    row: str = Field(description="Participant identifier, case name or group key.")
    code: int | str = Field(description="The code's id or path.")
    row_kind: RowKind | None = None

    @property
    def row_ref(self) -> RowRef:
        """The row reference the services take."""
        return (self.row_kind.value, self.row) if self.row_kind else self.row


class SummaryIn(BaseModel):
    """A cell's new summary, and optionally its status."""

    summary: str = Field(max_length=100_000, description="The analyst's text (Markdown).")
    status: CellStatus | None = Field(
        None, description="Without it, a written summary marks the cell done, a cleared one empty."
    )


class StatusIn(BaseModel):
    """A cell's new status."""

    status: CellStatus


class QuoteIn(BaseModel):
    """A coding to quote in a cell."""

    coding_id: int = Field(ge=1)


class QuoteOrderIn(BaseModel):
    """Every quote of a cell, in the wanted order."""

    coding_ids: list[int]


class DraftIn(BaseModel):
    """A matrix to draft from data, optionally only some of its cells."""

    spec: SpecIn
    cells: list[CellRefIn] | None = Field(
        None, description="Only these cells (each must be in the matrix); default: all."
    )
