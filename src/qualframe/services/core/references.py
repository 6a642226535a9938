"""What points at codings, codes, matrix cells and memos, and what happens to it.

Every foreign key of the schema that points at one of these four is declared
here with its policy (:data:`REFERENCES`); a test walks the schema and fails
on a key without one. The policies:

- ``follows``: the row belongs to its target and goes with it (a code's
  codings, when the code is deleted on purpose; a cell's revisions);
- ``detach``: the row is kept and its link removed, and the change says so
  (a memo about a deleted coding becomes a memo about the project);
- ``refuse``: the row carries an analyst's argument, so its target cannot
  be deleted while it exists (a quote in a matrix cell; a charted cell of a
  code): the refusal says where it is used, to unlink it first.

Every path that deletes codings or codes asks here first
(:func:`refuse_quoted_codings`, :func:`refuse_charted_codes`).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from qualframe.errors import ConflictError
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.core.wording import counted
from qualframe.storage import queries
from qualframe.storage.models import (
    CellQuote,
    CellRevision,
    Code,
    Coding,
    MatrixCell,
    Memo,
    QuestionCode,
)
from qualframe.storage.queries.cells import CellUse
from qualframe.vocabulary import RowKind

#: Most places a refusal names (the rest are counted).
NAMED_PLACES = 5


class OnDelete(StrEnum):
    """What happens to a referring row when the row it points at is deleted."""

    FOLLOWS = "follows"
    DETACH = "detach"
    REFUSE = "refuse"


@dataclass(frozen=True)
class Reference:
    """A foreign key pointing at a coding, code, cell or memo, and its policy."""

    column: Any  # the referring ORM column, e.g. ``CellQuote.coding_id``
    policy: OnDelete
    why: str

    @property
    def name(self) -> str:
        """``table.column``."""
        return f"{self.column.class_.__tablename__}.{self.column.key}"


#: Every reference to codings, codes, matrix cells and memos (see the module docstring).
REFERENCES: tuple[Reference, ...] = (
    Reference(CellQuote.coding_id, OnDelete.REFUSE, "a quote is an analyst's evidence"),
    Reference(Memo.coding_id, OnDelete.DETACH, "the memo stays, about the project"),
    Reference(Coding.code_id, OnDelete.FOLLOWS, "codings go with a code deleted on purpose"),
    Reference(Code.parent_id, OnDelete.FOLLOWS, "sub-codes go with a theme deleted on purpose"),
    Reference(MatrixCell.code_id, OnDelete.REFUSE, "a charted cell is analysis (empty ones go)"),
    Reference(QuestionCode.code_id, OnDelete.FOLLOWS, "a question's coverage of the code"),
    Reference(Memo.code_id, OnDelete.DETACH, "the memo stays, about the project"),
    Reference(CellQuote.cell_id, OnDelete.FOLLOWS, "a cell's own quote links"),
    Reference(CellRevision.cell_id, OnDelete.FOLLOWS, "a cell's own history"),
)


def _places(uses: Sequence[CellUse]) -> str:
    """The cells of ``uses`` as people name them: "P01 × Trust", at most a few."""
    labels = list(dict.fromkeys(f"{_row(use)} × {use.code}" for use in uses))
    shown = ", ".join(labels[:NAMED_PLACES])
    more = len(labels) - NAMED_PLACES
    return shown + (f" and {counted(more, 'other cell')}" if more > 0 else "")


def _row(use: CellUse) -> str:
    if use.row_kind is RowKind.GROUP:
        return use.row.replace("|", ", ")
    return use.row


def refuse_quoted_codings(uow: UnitOfWork, coding_ids: Collection[int], action: str) -> None:
    """Raise :class:`ConflictError` when a matrix cell quotes any of ``coding_ids``.

    ``action`` is what the caller would do ("Removing coding 12"); the message
    says which cells quote which codings, to unlink them in the matrix first.
    Nothing is written.
    """
    uses = queries.cells.quotes_of_codings(uow.session, coding_ids) if coding_ids else []
    if uses:
        quoted = {use.about_id for use in uses}
        raise ConflictError(
            f"{action} would remove {counted(len(uses), 'quote')} of "
            f"{counted(len(quoted), 'coding')} from the framework matrix ({_places(uses)}); "
            "unlink the quotes in the matrix first."
        )


def refuse_charted_codes(uow: UnitOfWork, code_ids: Collection[int], action: str) -> None:
    """Raise :class:`ConflictError` when a matrix cell of any of ``code_ids`` is
    charted (a summary or quotes). Empty cells of the codes go with them; the
    codes' codings are checked with :func:`refuse_quoted_codings`. Nothing is
    written.
    """
    charted = queries.cells.charted_cells_of_codes(uow.session, code_ids) if code_ids else []
    if charted:
        raise ConflictError(
            f"{action} would delete {counted(len(charted), 'charted matrix cell')} "
            f"({_places(charted)}); merge the code into another to keep them, or clear "
            "the cells first."
        )
