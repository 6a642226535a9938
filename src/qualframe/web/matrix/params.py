"""What the framework-matrix pages and API are asked: a matrix and a cell, each
one model for query strings, request bodies and forms alike.

A matrix is named by its spec (:class:`SpecParams`), the same for the page
(a shareable address) and the API: ``rows`` (participants, cases, groups),
``theme`` and ``columns`` (codes by name or path, repeatable) or
``theme_id`` and ``column_id`` (codes by id, repeatable), ``include_subcodes``,
``group_by``, ``where`` (``attribute=value``, repeatable), ``order_by``. A
cell is named by :class:`CellParams`: ``row_kind`` (participant, case or
group; optional when the row is unambiguous), ``row`` (participant
identifier, case name, or a group key ``attribute=value|attribute=value`` as
:func:`~qualframe.services.matrix.rows.group_key` writes it) and the code,
``code`` (its path or name) or ``code_id``. Names and ids are never guessed
from one another (see :mod:`~qualframe.web.server.refs`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar
from urllib.parse import urlencode

from fastapi import Query
from pydantic import BaseModel, Field

from qualframe.services.core.refs import Ref
from qualframe.services.core.where_filters import parse_where
from qualframe.services.matrix.rows import RowRef
from qualframe.services.matrix.spec import MatrixSpec
from qualframe.vocabulary import CellStatus, RowKind
from qualframe.web.server.refs import Ids, OptionalId, one_ref, refs_of

T = TypeVar("T")


def _filled(items: list[Any]) -> list[str]:
    return [str(item).strip() for item in items if str(item).strip()]


class SpecParams(BaseModel):
    """A matrix spec (see the module docstring); in a query string each list is a
    repeated parameter, in a body a list. Blank items (an empty select) are
    ignored."""

    rows: str = Field("participants", description="participants, cases or groups.")
    theme: list[str] = Field(
        default_factory=list,
        description="Themes whose sub-codes are columns, by name or path (repeatable).",
    )
    theme_id: Ids = Field(
        default_factory=list, description="Themes whose sub-codes are columns, by id (repeatable)."
    )
    columns: list[str] = Field(
        default_factory=list,
        description="Code columns by name or path (repeatable), before the themes' sub-codes.",
    )
    column_id: Ids = Field(
        default_factory=list, description="Code columns by id (repeatable), after those by name."
    )
    include_subcodes: bool = Field(False, description="Count each column's sub-codes' codings too.")
    group_by: list[str] = Field(
        default_factory=list, description="Attributes by name (or 'case') to group rows by."
    )
    where: list[str] | dict[str, str | list[str]] = Field(
        default_factory=list,
        description="Only participants with these attribute values: 'attribute=value' items "
        '(repeat a name for any of its values), or in a body {"employer": "NHS"}.',
    )
    order_by: list[str] = Field(
        default_factory=list, description="Attributes to order rows by, by name."
    )

    def to_spec(self) -> MatrixSpec:
        """The :class:`MatrixSpec`; raises :class:`ValidationError` for a bad filter."""
        return MatrixSpec.of(
            rows=self.rows,
            columns=refs_of(self.columns, self.column_id),
            theme=refs_of(self.theme, self.theme_id),
            include_subcodes=self.include_subcodes,
            group_by=_filled(self.group_by),
            where=self.where if isinstance(self.where, dict) else parse_where(self.where),
            order_by=_filled(self.order_by),
        )

    def items(self) -> list[tuple[str, str]]:
        """The spec as query-string pairs (blank values left out)."""
        pairs: list[tuple[str, str]] = [("rows", self.rows)]
        for name in ("theme", "theme_id", "columns", "column_id", "group_by", "where", "order_by"):
            values = self.where_items() if name == "where" else getattr(self, name)
            pairs += [(name, value) for value in _filled(values)]
        if self.include_subcodes:
            pairs.append(("include_subcodes", "1"))
        return pairs

    def where_items(self) -> list[str]:
        """The ``where`` filters as ``attribute=value`` items."""
        if not isinstance(self.where, dict):
            return self.where
        return [
            f"{name}={value}"
            for name, values in self.where.items()
            for value in ([values] if isinstance(values, str) else values)
        ]

    def query(self, **extra: str | int) -> str:
        """The spec (and ``extra`` parameters) as a query string, without "?"."""
        return urlencode([*self.items(), *((k, str(v)) for k, v in extra.items())])


class CellParams(BaseModel):
    """A cell (see the module docstring), and whether its counts include the
    code's sub-codes' codings, as the matrix it is shown in does (for a
    draft: whether it drafts from the sub-codes' codings too)."""

    row: str = Field(
        description="The row by name: participant identifier, case name, or group key "
        "'attribute=value|attribute=value'."
    )
    code: str | None = Field(None, description="The cell's code by path or name (or code_id).")
    code_id: OptionalId = Field(None, description="The cell's code by id (or code).")
    row_kind: RowKind | None = Field(
        None, description="participant, case or group (when ambiguous)."
    )
    include_subcodes: bool = Field(
        False, description="Count the code's sub-codes' codings too, as the matrix does."
    )

    @property
    def row_ref(self) -> RowRef:
        """The row reference the services take."""
        return (self.row_kind.value, self.row) if self.row_kind else self.row

    @property
    def code_ref(self) -> Ref:
        """The code reference the services take; raises :class:`ValidationError`
        unless exactly one of ``code`` and ``code_id`` is given."""
        code = one_ref(self.code, self.code_id, "code", required=True, called="its path or name")
        assert code is not None
        return code

    def read(self, action: Callable[..., T], *args: Any) -> T:
        """Call the matrix facade's reading ``action`` on this cell: ``action(row,
        code, *args)``, counting the sub-codes' codings as asked."""
        return action(self.row_ref, self.code_ref, *args, include_subcodes=self.include_subcodes)

    def write(self, action: Callable[..., T], *args: Any, if_version: int | None = None) -> T:
        """Call the matrix facade's writing ``action`` on this cell: ``action(row,
        code, *args, if_version=...)`` (writes take no display settings)."""
        return action(self.row_ref, self.code_ref, *args, if_version=if_version)

    def items(self) -> list[tuple[str, str]]:
        """The cell as query-string pairs."""
        code = [("code", self.code)] if self.code else []
        code_id = [("code_id", str(self.code_id))] if self.code_id is not None else []
        pairs = [("row", self.row), *code, *code_id]
        if self.row_kind:
            pairs.insert(0, ("row_kind", self.row_kind.value))
        if self.include_subcodes:
            pairs.append(("include_subcodes", "1"))
        return pairs


def if_version_field() -> Any:
    """The ``if_version`` field of a cell write: the version read (0 for a cell
    not stored yet), optional."""
    return Field(
        None,
        ge=0,
        description="The cell's version you read (0 for a cell not stored yet); when the "
        "stored cell has another version, nothing is saved and the answer is 409.",
    )


class CellForm(CellParams):
    """A cell form's hidden fields: the cell, the version of it the page showed,
    and the page to come back to (a path on this site; blank: the cell's own page)."""

    back: str = ""
    if_version: int | None = if_version_field()


# ---------------------------------------------------------------- request bodies


class CellWriteIn(BaseModel):
    """A change to a cell, stating the version of it read."""

    if_version: int | None = if_version_field()


class SummaryIn(CellWriteIn):
    """A cell's new summary, and optionally its status."""

    summary: str = Field(max_length=100_000, description="The analyst's text (Markdown).")
    status: CellStatus | None = Field(
        None,
        description=(
            "Without it, a summary written in a cell to chart makes it a draft, "
            "a cleared one empty."
        ),
    )


class StatusIn(CellWriteIn):
    """A cell's new status."""

    status: CellStatus


class QuoteIn(CellWriteIn):
    """A coding to quote in a cell."""

    coding_id: int = Field(ge=1, description="The coding to quote, by id.")


class QuoteOrderIn(CellWriteIn):
    """Every quote of a cell, in the wanted order."""

    coding_ids: list[int] = Field(description="Every quoted coding's id, in the wanted order.")


class DraftIn(BaseModel):
    """A matrix to draft from data, optionally only some of its cells."""

    spec: SpecParams
    cells: list[CellParams] | None = Field(
        None, description="Only these cells (each must be in the matrix); default: all."
    )


#: A route parameter: the matrix spec of the query string (pages and API).
SpecQuery = Annotated[SpecParams, Query()]
#: A route parameter: the cell of the query string (pages and API).
CellQuery = Annotated[CellParams, Query()]
