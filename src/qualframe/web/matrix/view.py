"""What the matrix pages show beside the matrix itself: the settings form's
options, addresses of cells and exports, and how a cell's counts read."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import Query

from qualframe.services.core.wording import counted
from qualframe.services.matrix.drafts import draftable
from qualframe.services.matrix.matrices import CellView, Matrix, MatrixRow
from qualframe.services.study.attributes import AttributeRecord
from qualframe.vocabulary import AttributeType, RowKind
from qualframe.web.matrix.answers import STATUS_LABELS
from qualframe.web.matrix.params import SpecParams

#: The row kinds offered, as (value, text).
ROW_CHOICES = (
    ("participants", "Participants"),
    ("cases", "Cases"),
    ("groups", "Attribute groups"),
)
#: What the cells show: their summaries, or only their counts.
Show = Literal["summary", "counts"]
#: A route parameter: what the matrix pages show, from the query string.
ShowQuery = Annotated[Show, Query()]
#: What the cells show, as (value, text).
SHOW_CHOICES = (("summary", "Summaries"), ("counts", "Counts only"))
#: Statuses as (value, text), for the status select boxes.
STATUS_CHOICES = tuple(STATUS_LABELS.items())
#: Attribute types whose values can be offered as filter options.
_LISTED_TYPES = (AttributeType.CATEGORICAL, AttributeType.ORDINAL, AttributeType.BOOLEAN)


def default_spec(themes: Sequence[tuple[int, str]]) -> SpecParams:
    """The matrix shown before anything is chosen: participants, grouped by
    case, the first of the ``themes`` (``(code id, label)``, codes with
    sub-codes in tree order) as columns (no columns without themes), each
    counting its own sub-codes' codings (a column's sub-codes are usually
    where the coding happened)."""
    return SpecParams(
        rows="participants",
        theme_id=[themes[0][0]] if themes else [],
        include_subcodes=True,
        group_by=["case"],
    )


def grouping_choices(attributes: Sequence[AttributeRecord]) -> list[tuple[str, str]]:
    """(name, text) of what rows can be grouped or ordered by: case, then the
    case and participant ``attributes`` (the study's, in its order)."""
    return [("case", "case")] + [
        (attribute.name, f"{attribute.name} ({attribute.level})")
        for attribute in attributes
        if attribute.level in ("case", "participant")
    ]


@dataclass(frozen=True)
class FilterGroup:
    """The filter options of one attribute: ``(attribute=value, value)`` pairs."""

    attribute: str
    options: tuple[tuple[str, str], ...]


def filter_choices(
    attributes: Sequence[AttributeRecord], current: Sequence[str]
) -> list[FilterGroup]:
    """The ``attribute=value`` filters offered: every level of the case and
    participant ``attributes`` with levels (yes/no for booleans), plus any
    filter in ``current`` not among them (from a shared address)."""
    groups: list[FilterGroup] = []
    offered: set[str] = set()
    for attribute in attributes:
        if attribute.level == "document" or attribute.type not in _LISTED_TYPES:
            continue
        if attribute.type is AttributeType.BOOLEAN:
            values: Sequence[tuple[str, str]] = (("true", "yes"), ("false", "no"))
        else:
            values = [(level, level) for level in attribute.levels]
        options = tuple((f"{attribute.name}={value}", text) for value, text in values)
        offered |= {value for value, _ in options}
        groups.append(FilterGroup(attribute.name, options))
    extra = tuple((item, item) for item in current if item.strip() and item not in offered)
    if extra:
        groups.append(FilterGroup("other", extra))
    return groups


def counts_text(view: CellView) -> str:
    """A cell's numbers as a line: "3 codings · 2 participants · 1 quote · 2 not quoted".

    Participants are counted for case and group rows only (a participant row
    is one person); mirrored by ``countsText`` in ``static/js/cell_logic.js``.
    """
    quotes = len(view.quotes)
    if not view.codings and not quotes:
        return "no codings"
    parts = [counted(view.codings, "coding")]
    if view.row_kind is not RowKind.PARTICIPANT:
        parts.append(counted(view.participants, "participant"))
    if quotes:
        parts.append(counted(quotes, "quote"))
        if view.excerpts:
            parts.append(f"{view.excerpts:,} not quoted")
    elif view.codings:
        parts.append("none quoted")
    return " · ".join(parts)


def described_by_value(attributes: Sequence[AttributeRecord]) -> frozenset[str]:
    """The names whose values read well alone beside a row ("NHS", "peer worker"):
    case and the categorical and ordinal attributes (a bare "4" or "true" would not)."""
    named = (AttributeType.CATEGORICAL, AttributeType.ORDINAL)
    return frozenset({"case", *(a.name for a in attributes if a.type in named)})


def row_details(row: MatrixRow, shown: Sequence[str], described: frozenset[str]) -> str:
    """The row's values of the ``described`` attributes not already shown by its group."""
    return " · ".join(
        value
        for name, value in row.attributes.items()
        if value and name in described and name not in shown
    )


def drafts_waiting(matrix: Matrix) -> int:
    """How many of the matrix's cells "draft from data" would fill: not charted,
    with codings (group cells are drafted one by one)."""
    return sum(1 for cells in matrix.cells for view in cells if view.codings and draftable(view))


@dataclass(frozen=True)
class MatrixLinks:
    """Addresses of a matrix's page, its cells and its exports."""

    project_id: int
    spec: SpecParams
    show: str = "summary"

    @property
    def base(self) -> str:
        """The matrix page's path."""
        return f"/projects/{self.project_id}/matrix"

    @cached_property
    def _view_query(self) -> str:
        # Encoded once: a large matrix links to every one of its cells.
        extra = [("show", self.show)] if self.show != "summary" else []
        return urlencode([*self.spec.items(), *extra])

    def page(self) -> str:
        """The matrix page showing this matrix."""
        return f"{self.base}?{self._view_query}"

    def draft(self) -> str:
        """Where the form drafting this matrix from data posts to."""
        return f"{self.base}/draft?{self._view_query}"

    def cell(self, kind: RowKind | str, key: str, code_id: int) -> str:
        """The page of one cell, opened from this matrix."""
        cell = urlencode((("row_kind", str(kind)), ("row", key), ("code_id", str(code_id))))
        return f"{self.base}/cell?{cell}&{self._view_query}"

    def cell_form(self, action: str) -> str:
        """Where a cell page's form ``action`` (e.g. "summary") posts to, keeping
        this matrix in the address (for the page shown again after a refusal)."""
        return f"{self.base}/cell/{action}?{self._view_query}"

    def unattributed(self) -> str:
        """The page listing the codings this matrix leaves out (spoken by nobody)."""
        return f"{self.base}/unattributed?{self._view_query}"

    def export(self, format: str, *, counts: bool = False) -> str:
        """The download of this matrix as ``format`` (xlsx, csv, html)."""
        extra = {"format": format, **({"counts": "1"} if counts else {})}
        return f"/api/projects/{self.project_id}/matrix/export?{self.spec.query(**extra)}"
