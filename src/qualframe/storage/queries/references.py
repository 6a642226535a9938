"""Counting and replacing what points at codes, codings and matrix cells.

The rules (which links move, fold, are refused or detached) belong to
:mod:`qualframe.services.core.references`; these statements only count the
rows that point at a set of codes, codings and cells, and move the links of
one code's codings and question coverage to another code's. Each runs a
fixed number of statements, whatever the number of rows.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any, NamedTuple

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session

from qualframe.storage.bulk import insert_mappings, plain_rows
from qualframe.storage.models import (
    CellQuote,
    Code,
    Coding,
    MatrixCell,
    MemoLinkRow,
    QuestionCode,
)
from qualframe.storage.queries import citations
from qualframe.storage.queries.batches import chunks


class PointerCounts(NamedTuple):
    """How many rows point at a set of codes, codings and cells (see
    :func:`count_pointing_at`)."""

    codings: int
    memos: int
    cells: int
    quotes: int
    questions: int
    sub_codes: int
    evidence: int
    bindings: int


def count_pointing_at(
    session: Session,
    code_ids: Collection[int],
    coding_ids: Collection[int] = (),
    cell_ids: Collection[int] = (),
    memo_ids: Collection[int] = (),
) -> PointerCounts:
    """Count, in one statement, the codings of ``code_ids`` (with ``coding_ids``),
    the memo links to those codes, codings or cells, the cells of the codes (with
    ``cell_ids``), the quote links to those codings or in those cells, the
    questions covering the codes, the codes directly under them (not
    among them), the change-model evidence citing those codings, cells or the
    memos ``memo_ids``, and the change-model nodes bound to the codes. The ids
    are bound as lists: a preview names a few codes; their codings and cells
    are selected inside the statement."""
    codes = list(code_ids)
    # correlate(None): each id list is a query of its own, never tied to the
    # table of the statement that uses it.
    codings = (
        select(Coding.id)
        .where(or_(Coding.code_id.in_(codes), Coding.id.in_(list(coding_ids))))
        .correlate(None)
    )
    cells = (
        select(MatrixCell.id)
        .where(or_(MatrixCell.code_id.in_(codes), MatrixCell.id.in_(list(cell_ids))))
        .correlate(None)
    )

    def number(table: Any, *conditions: Any) -> Any:
        return select(func.count()).select_from(table).where(*conditions).scalar_subquery()

    query = select(
        number(Coding, Coding.id.in_(codings)),
        number(
            MemoLinkRow,
            or_(
                MemoLinkRow.code_id.in_(codes),
                MemoLinkRow.coding_id.in_(codings),
                MemoLinkRow.cell_id.in_(cells),
            ),
        ),
        number(MatrixCell, MatrixCell.id.in_(cells)),
        number(CellQuote, or_(CellQuote.coding_id.in_(codings), CellQuote.cell_id.in_(cells))),
        number(QuestionCode, QuestionCode.code_id.in_(codes)),
        number(Code, Code.parent_id.in_(codes), Code.id.not_in(codes)),
        *citations.count_citing(codings, cells, memo_ids, codes),
    )
    row = plain_rows(session, query)[0]
    return PointerCounts(*(int(value or 0) for value in row))


def relink_quotes(session: Session, moves: Mapping[int, int], *, keep_version_of: int) -> int:
    """Make the cells quoting a coding of ``moves`` (``{from: to}``) quote the
    coding it maps to instead; a cell quoting both keeps its link to the
    target, at its place. Each cell whose quotes changed counts one more
    version, except the cells of code ``keep_version_of`` (a merge folds
    those cells, which counts their version). Returns how many links moved.
    """
    moved = 0
    for chunk in chunks(moves):
        # A quote's passage moves with it: the coding kept has the same span.
        links = plain_rows(
            session,
            select(
                CellQuote.cell_id,
                CellQuote.coding_id,
                CellQuote.position,
                CellQuote.start,
                CellQuote.end,
            ).where(CellQuote.coding_id.in_(chunk)),
        )
        if not links:
            continue
        cell_ids = sorted({cell_id for cell_id, *_ in links})
        present = set(
            plain_rows(
                session,
                select(CellQuote.cell_id, CellQuote.coding_id).where(
                    CellQuote.cell_id.in_(cell_ids),
                    CellQuote.coding_id.in_([moves[c] for c in chunk]),
                ),
            )
        )
        session.execute(
            delete(CellQuote).where(CellQuote.coding_id.in_(chunk)),
            execution_options={"synchronize_session": "fetch"},
        )
        rows = [
            {
                "cell_id": cell_id,
                "coding_id": moves[coding_id],
                "position": position,
                "start": start,
                "end": end,
            }
            for cell_id, coding_id, position, start, end in links
            if (cell_id, moves[coding_id]) not in present
        ]
        insert_mappings(session, CellQuote, rows)
        _count_versions(session, cell_ids, keep_version_of)
        moved += len(links)
    return moved


def _count_versions(session: Session, cell_ids: list[int], except_code: int) -> None:
    """One more version for the cells ``cell_ids`` not of code ``except_code``."""
    session.execute(
        update(MatrixCell)
        .where(MatrixCell.id.in_(cell_ids), MatrixCell.code_id != except_code)
        .values(version=MatrixCell.version + 1),
        execution_options={"synchronize_session": "fetch"},
    )


def move_question_codes(session: Session, source_code_id: int, target_code_id: int) -> int:
    """Make the questions covering code ``source_code_id`` cover ``target_code_id``
    instead (a question covering both keeps one link); returns how many
    questions newly cover the target."""
    covered = (
        select(QuestionCode.question_id)
        .where(QuestionCode.code_id == target_code_id)
        .correlate(None)
    )
    result = session.execute(
        update(QuestionCode)
        .where(QuestionCode.code_id == source_code_id, QuestionCode.question_id.not_in(covered))
        .values(code_id=target_code_id),
        execution_options={"synchronize_session": "fetch"},
    )
    session.execute(
        delete(QuestionCode).where(QuestionCode.code_id == source_code_id),
        execution_options={"synchronize_session": "fetch"},
    )
    return int(result.rowcount)  # type: ignore[attr-defined]
