"""What points at codings, codes, matrix cells and memos, and what happens to it.

Every foreign key of the schema that points at one of these four is declared
here with its policy (:data:`REFERENCES`); a test walks the schema and fails
on a key without one. The policies:

- ``follows``: the row belongs to its target and goes with it (a code's
  codings, when the code is deleted on purpose; a cell's revisions; a
  memo's link to a deleted coding, code or cell: the link goes, the memo
  stays, about the project when it has no other link, and the change says
  so);
- ``detach``: the row is kept and its link set to null, and the change says
  so (none today: memos keep their links in rows of their own);
- ``refuse``: the row carries an analyst's argument, so its target cannot
  be deleted while it exists (a quote in a matrix cell; a charted cell of a
  code): the refusal says where it is used, to unlink it first.

Every path that deletes codings or codes asks here first
(:func:`refuse_quoted_codings`, :func:`refuse_charted_codes`). Previews say
what a change does to what points at its objects, counted here
(:func:`what_points_at`: "moves 4 codings, 1 memo, 2 cells and 3 quotes").

Merging a code into another replaces the references to it in one place,
:func:`replace_code`: its codings move to the other code (a coding that
would repeat one of the other code's is folded into it, and its quotes and
memos move to the coding kept: nothing an analyst linked is dropped), memos
about the code and its question coverage move, and its matrix cells are
folded by the cells area's rule (passed in, as the cells area sits above
this one). Sub-codes are the codebook's own business (moved or merged by
name).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, fields
from enum import StrEnum
from typing import Any, Literal, Protocol

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
    MemoLinkRow,
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
    Reference(MemoLinkRow.coding_id, OnDelete.FOLLOWS, "the memo's link goes; the memo stays"),
    Reference(Coding.code_id, OnDelete.FOLLOWS, "codings go with a code deleted on purpose"),
    Reference(Code.parent_id, OnDelete.FOLLOWS, "sub-codes go with a theme deleted on purpose"),
    Reference(MatrixCell.code_id, OnDelete.REFUSE, "a charted cell is analysis (empty ones go)"),
    Reference(QuestionCode.code_id, OnDelete.FOLLOWS, "a question's coverage of the code"),
    Reference(MemoLinkRow.code_id, OnDelete.FOLLOWS, "the memo's link goes; the memo stays"),
    Reference(CellQuote.cell_id, OnDelete.FOLLOWS, "a cell's own quote links"),
    Reference(CellRevision.cell_id, OnDelete.FOLLOWS, "a cell's own history"),
    Reference(MemoLinkRow.cell_id, OnDelete.FOLLOWS, "the memo's link goes; the memo stays"),
    Reference(MemoLinkRow.memo_id, OnDelete.FOLLOWS, "a memo's own links"),
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


# ---------------------------------------------------------------- counting for previews

#: What each count of :class:`PointedAt` is called, moved and removed.
_NOUNS: Mapping[str, tuple[str, str]] = {
    "codings": ("coding", "coding"),
    "memos": ("memo", "memo link"),
    "cells": ("cell", "empty cell"),
    "quotes": ("quote", "quote"),
    "questions": ("question link", "question link"),
    "sub_codes": ("sub-code", "sub-code"),
}


@dataclass(frozen=True)
class PointedAt:
    """What points at some codes, codings and matrix cells, counted for a preview.

    ``codings``: the codings of the codes (and those named); ``memos``: the
    memo links to the codes, those codings or those cells; ``cells``: the matrix cells of
    the codes (and those named); ``quotes``: the cells' quote links to those
    codings or in those cells; ``questions``: the interview questions
    covering the codes; ``sub_codes``: the codes directly under the codes
    (not among them).
    """

    codings: int = 0
    memos: int = 0
    cells: int = 0
    quotes: int = 0
    questions: int = 0
    sub_codes: int = 0

    @property
    def anything(self) -> bool:
        """Whether anything points at the objects."""
        return any(getattr(self, f.name) for f in fields(self))

    def sentence(self, verb: Literal["moves", "removes"]) -> str:
        """What a change does to these rows, as words: ``"moves 4 codings, 1 memo,
        2 cells and 3 quotes"``; with ``"removes"`` memos are counted as the memo
        links removed (the memos stay) and cells as empty cells (charted ones
        are never removed). Counts of 0 are left out ("moves nothing")."""
        removing = verb == "removes"
        parts = [
            counted(getattr(self, name), nouns[removing])
            for name, nouns in _NOUNS.items()
            if getattr(self, name)
        ]
        if not parts:
            return f"{verb} nothing"
        listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
        return f"{verb} {listed}"


def what_points_at(
    uow: UnitOfWork,
    *,
    codes: Collection[int] = (),
    codings: Collection[int] = (),
    cells: Collection[int] = (),
    memos: Collection[int] = (),
) -> PointedAt:
    """Count what points at the codes, codings, cells and memos given by id
    (see :class:`PointedAt`; a code's codings and cells count with it), in
    one statement. Nothing in the schema points at a memo yet (evidence links
    will), so ``memos`` adds nothing today. Reads only."""
    del memos  # no foreign key points at a memo yet
    found = queries.references.count_pointing_at(uow.session, codes, codings, cells)
    return PointedAt(*found)


# ---------------------------------------------------------------- replacing on merges


class CellFolder(Protocol):
    """Folds the matrix cells of one code into another's (the cells area's rule,
    :func:`qualframe.services.cells.merging.merge_cells`); returns how many
    cells moved and how many were combined with the other code's."""

    def __call__(self, uow: UnitOfWork, source: Code, target: Code) -> tuple[int, int]: ...


@dataclass(frozen=True)
class Replaced:
    """What :func:`replace_code` moved from one code to another.

    ``duplicates_folded`` counts the source's codings that repeated one of
    the target's (same document, span and coder): removed, their quotes
    and memos moved to the coding kept (``quotes_relinked`` and part of
    ``memos_relinked``).
    """

    codings_moved: int
    duplicates_folded: int
    memos_relinked: int
    quotes_relinked: int
    questions_moved: int
    cells_moved: int
    cells_combined: int


def replace_code(uow: UnitOfWork, source: Code, target: Code, fold_cells: CellFolder) -> Replaced:
    """Make everything that points at code ``source`` (and at its codings)
    point at code ``target``; ``source`` itself is left for the caller to
    delete, with its sub-codes (moved or merged by the codebook).

    Codings move to the target; one repeating a target coding is folded
    into it: its quote links and memos move to the coding kept first, so
    nothing linked is dropped. Memos about the code move (each memo counts
    a version, as does each cell whose quotes changed); the questions
    covering it cover the target (once); its cells are folded by
    ``fold_cells``. A fixed number of statements, whatever the number of
    codings. Not audited here: the caller records the merge.
    """
    session = uow.session
    session.flush()
    moves = dict(queries.codings.duplicate_codings(session, source.id, target.id))
    memos = queries.memos.relink_coding_memos(session, moves)
    quotes = queries.references.relink_quotes(session, moves, keep_version_of=source.id)
    folded = queries.codings.delete_codings(session, list(moves))
    moved = queries.codings.reassign_codings(session, source.id, target.id)
    memos += queries.memos.relink_code_memos(session, source.id, target.id)
    questions = queries.references.move_question_codes(session, source.id, target.id)
    cells_moved, cells_combined = fold_cells(uow, source, target)
    return Replaced(moved, folded, memos, quotes, questions, cells_moved, cells_combined)
