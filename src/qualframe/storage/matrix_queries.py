"""Queries behind framework matrices: coding counts, stored cells, quotes, coverage.

The matrix services own the rules (which rows, which statuses, what a draft
says); these functions only read and write rows. Matrix builds read plain
tuples, not ORM objects: a 500 x 60 matrix must build in well under a second.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any, cast

from sqlalchemy import Table, delete, func, insert, select, update
from sqlalchemy.orm import Session

from qualframe.storage.coding_queries import _chunks
from qualframe.storage.models import (
    Answer,
    CellQuote,
    CellRevision,
    Coding,
    Document,
    MatrixCell,
    Participant,
    Question,
    QuestionCode,
)
from qualframe.vocabulary import RowKind

# ---------------------------------------------------------------- people


def participant_cases(session: Session, project_id: int) -> list[tuple[int, str, int]]:
    """``(id, identifier, case id)`` of every participant of the project."""
    query = select(Participant.id, Participant.identifier, Participant.case_id).where(
        Participant.project_id == project_id
    )
    return [(pid, identifier, case_id) for pid, identifier, case_id in session.execute(query)]


# ---------------------------------------------------------------- codings


def coding_counts(
    session: Session, project_id: int, code_ids: Collection[int]
) -> list[tuple[int, int, int]]:
    """``(code id, participant id, number of codings)`` for the given codes.

    Codings nobody is attributed to (the interviewer, unmapped speakers) are
    left out: they belong to no matrix row. One grouped statement served by
    the ``(code_id, participant_id)`` index: no coding text is read.
    """
    found: list[tuple[int, int, int]] = []
    for chunk in _chunks(code_ids):
        query = (
            select(Coding.code_id, Coding.participant_id, func.count())
            .where(
                Coding.project_id == project_id,
                Coding.code_id.in_(chunk),
                Coding.participant_id.is_not(None),
            )
            .group_by(Coding.code_id, Coding.participant_id)
        )
        for code_id, participant_id, count in session.connection().execute(query):
            if participant_id is not None:  # excluded by the query; narrows the type
                found.append((code_id, participant_id, int(count)))
    return found


#: Columns of :func:`coding_excerpts` rows, in order.
EXCERPT_COLUMNS = (
    "coding_id",
    "code_id",
    "participant_id",
    "document_id",
    "document",
    "speaker",
    "start",
    "end",
    "text",
)


def coding_excerpts(
    session: Session,
    project_id: int,
    code_ids: Collection[int],
    participant_ids: Collection[int] | None = None,
) -> list[Any]:
    """Codings of ``code_ids`` with their text and location (see :data:`EXCERPT_COLUMNS`).

    Only attributed codings (of ``participant_ids`` when given), by document
    order (position, then name), then position in the document.
    """
    session.flush()
    found: list[Any] = []
    for chunk in _chunks(code_ids):
        query = (
            select(
                Coding.id,
                Coding.code_id,
                Coding.participant_id,
                Coding.document_id,
                Document.name,
                Coding.speaker,
                Coding.start,
                Coding.end,
                Coding.quote,
            )
            .join(Document, Document.id == Coding.document_id)
            .where(
                Coding.project_id == project_id,
                Coding.code_id.in_(chunk),
                Coding.participant_id.is_not(None),
            )
        )
        if participant_ids is not None:
            query = query.where(Coding.participant_id.in_(sorted(set(participant_ids))))
        found.extend(session.connection().execute(query))
    return found


def document_order(session: Session, project_id: int) -> dict[int, int]:
    """``{document id: rank}`` in document order (position when set, then name)."""
    query = (
        select(Document.id)
        .where(Document.project_id == project_id)
        .order_by(Document.position.is_(None), Document.position, Document.name)
    )
    return {doc_id: rank for rank, doc_id in enumerate(session.scalars(query))}


def document_texts(session: Session, document_ids: Collection[int]) -> dict[int, str]:
    """``{document id: text}`` of the given documents."""
    texts: dict[int, str] = {}
    for chunk in _chunks(document_ids):
        query = select(Document.id, Document.text).where(Document.id.in_(chunk))
        texts.update({doc_id: text for doc_id, text in session.execute(query)})
    return texts


# ---------------------------------------------------------------- cells

#: Columns of :func:`stored_cells` rows, in order.
CELL_COLUMNS = (
    "id",
    "code_id",
    "participant_id",
    "case_id",
    "group_key",
    "summary",
    "status",
    "author",
    "updated_at",
)


def stored_cells(
    session: Session, project_id: int, code_ids: Collection[int], row_kind: RowKind
) -> list[Any]:
    """Every stored cell of ``row_kind`` rows for the given codes (see :data:`CELL_COLUMNS`)."""
    session.flush()
    found: list[Any] = []
    for chunk in _chunks(code_ids):
        query = select(
            MatrixCell.id,
            MatrixCell.code_id,
            MatrixCell.participant_id,
            MatrixCell.case_id,
            MatrixCell.group_key,
            MatrixCell.summary,
            MatrixCell.status,
            MatrixCell.author,
            MatrixCell.updated_at,
        ).where(
            MatrixCell.project_id == project_id,
            MatrixCell.code_id.in_(chunk),
            MatrixCell.row_kind == row_kind,
        )
        found.extend(session.connection().execute(query).all())
    return found


#: Columns of :func:`linked_quotes` rows, in order.
QUOTE_COLUMNS = (
    "cell_id",
    "position",
    "coding_id",
    "code_id",
    "document_id",
    "document",
    "speaker",
    "participant",
    "start",
    "end",
    "text",
)


def linked_quotes(session: Session, cell_ids: Collection[int]) -> list[Any]:
    """The quotes linked to the given cells, each cell's in the analyst's order."""
    session.flush()
    found: list[Any] = []
    for chunk in _chunks(cell_ids):
        query = (
            select(
                CellQuote.cell_id,
                CellQuote.position,
                Coding.id,
                Coding.code_id,
                Coding.document_id,
                Document.name,
                Coding.speaker,
                Participant.identifier,
                Coding.start,
                Coding.end,
                Coding.quote,
            )
            .join(Coding, Coding.id == CellQuote.coding_id)
            .join(Document, Document.id == Coding.document_id)
            .outerjoin(Participant, Participant.id == Coding.participant_id)
            .where(CellQuote.cell_id.in_(chunk))
            .order_by(CellQuote.cell_id, CellQuote.position, Coding.id)
        )
        # Plain rows through the connection: ORM row handling would double the time
        # for a matrix whose every coding is quoted.
        found.extend(session.connection().execute(query).all())
    return found


def find_cell(
    session: Session,
    project_id: int,
    code_id: int,
    row_kind: RowKind,
    row_id: int | None,
    group_key: str | None,
) -> MatrixCell | None:
    """The stored cell of (row, code), if any; ``row_id`` is the participant or case id."""
    query = select(MatrixCell).where(
        MatrixCell.project_id == project_id,
        MatrixCell.code_id == code_id,
        MatrixCell.row_kind == row_kind,
    )
    if row_kind is RowKind.PARTICIPANT:
        query = query.where(MatrixCell.participant_id == row_id)
    elif row_kind is RowKind.CASE:
        query = query.where(MatrixCell.case_id == row_id)
    else:
        query = query.where(MatrixCell.group_key == group_key)
    return session.scalar(query)


def cells_of_code(session: Session, code_id: int) -> Sequence[MatrixCell]:
    """Every stored cell of one code."""
    return session.scalars(
        select(MatrixCell).where(MatrixCell.code_id == code_id).order_by(MatrixCell.id)
    ).all()


def quotes_of_cell(session: Session, cell_id: int) -> Sequence[CellQuote]:
    """The quote links of one cell, in the analyst's order."""
    query = (
        select(CellQuote)
        .where(CellQuote.cell_id == cell_id)
        .order_by(CellQuote.position, CellQuote.coding_id)
    )
    return session.scalars(query).all()


def revisions_of_cell(session: Session, cell_id: int) -> Sequence[CellRevision]:
    """The saved states of one cell, oldest first."""
    query = (
        select(CellRevision)
        .where(CellRevision.cell_id == cell_id)
        .order_by(CellRevision.at, CellRevision.id)
    )
    return session.scalars(query).all()


def move_revisions(session: Session, source_cell_id: int, target_cell_id: int) -> int:
    """Give the source cell's revisions to the target cell; returns how many moved."""
    result = session.execute(
        update(CellRevision)
        .where(CellRevision.cell_id == source_cell_id)
        .values(cell_id=target_cell_id),
        execution_options={"synchronize_session": False},
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def delete_quotes_of_cell(session: Session, cell_id: int) -> None:
    """Remove every quote link of one cell."""
    session.execute(
        delete(CellQuote).where(CellQuote.cell_id == cell_id),
        execution_options={"synchronize_session": False},
    )


def relink_coding_quotes(session: Session, source_coding_id: int, target_coding_id: int) -> int:
    """Make cells quoting ``source_coding_id`` quote ``target_coding_id`` instead.

    A cell quoting both keeps only the target. Returns how many links changed.
    """
    query = select(CellQuote).where(CellQuote.coding_id == source_coding_id)
    moved = 0
    for link in session.scalars(query).all():
        twin = session.get(CellQuote, (link.cell_id, target_coding_id))
        position, cell_id = link.position, link.cell_id
        session.delete(link)
        session.flush()
        if twin is None:
            session.add(CellQuote(cell_id=cell_id, coding_id=target_coding_id, position=position))
            session.flush()
        moved += 1
    return moved


# ---------------------------------------------------------------- coverage


def coverage_pairs(session: Session, project_id: int) -> list[tuple[int, int]]:
    """``(question id, code id)`` of every question's covered codes."""
    query = (
        select(QuestionCode.question_id, QuestionCode.code_id)
        .join(Question, Question.id == QuestionCode.question_id)
        .where(Question.project_id == project_id)
        .order_by(Question.position, Question.id, QuestionCode.code_id)
    )
    return [(q, c) for q, c in session.execute(query)]


def not_asked(
    session: Session, project_id: int, question_ids: Collection[int]
) -> list[tuple[int, int]]:
    """``(question id, participant id)`` of every question not put to a participant."""
    found: list[tuple[int, int]] = []
    for chunk in _chunks(question_ids):
        query = (
            select(Answer.question_id, Answer.participant_id)
            .join(Question, Question.id == Answer.question_id)
            .where(
                Question.project_id == project_id,
                Answer.question_id.in_(chunk),
                Answer.asked.is_(False),
            )
        )
        found.extend((q, p) for q, p in session.execute(query))
    return found


def insert_quotes(session: Session, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert many quote links (``cell_id``, ``coding_id``, ``position``) in one executemany.

    A Core insert: drafting a whole matrix links every coding, and the ORM
    unit of work would cost several times the insert itself.
    """
    if rows:
        session.execute(insert(cast(Table, CellQuote.__table__)), list(rows))


def insert_revisions(session: Session, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert many cell revisions (every column but ``id``) in one executemany."""
    if rows:
        session.execute(insert(cast(Table, CellRevision.__table__)), list(rows))
