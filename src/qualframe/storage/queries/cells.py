"""Queries over the framework matrix's ``matrix_cells``, ``cell_quotes`` and
``cell_revisions``.

The matrix services own the rules (which rows, which statuses, what a draft
says); these functions only read and write rows. Matrix builds read plain
tuples, not ORM objects: a 500 x 60 matrix must build in well under a second.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import delete, inspect, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, make_transient_to_detached

from qualframe.storage.bulk import insert_mappings, table_of
from qualframe.storage.models import (
    Case,
    CellQuote,
    CellRevision,
    Code,
    Coding,
    Document,
    MatrixCell,
    Participant,
)
from qualframe.storage.queries.batches import chunks
from qualframe.storage.queries.codings import passage_columns
from qualframe.vocabulary import CellStatus, RowKind

# ---------------------------------------------------------------- cells


class StoredCellRow(NamedTuple):
    """A stored cell as matrix builds read it: no quotes, no history."""

    id: int
    guid: str
    version: int
    code_id: int
    row_kind: RowKind
    participant_id: int | None
    case_id: int | None
    group_key: str | None
    summary: str
    status: CellStatus
    author: str
    updated_at: datetime | None


#: Columns of :func:`stored_cells` rows, in order.
CELL_COLUMNS = StoredCellRow._fields


def stored_cells(
    session: Session,
    project_id: int,
    code_ids: Collection[int],
    row_kinds: Collection[RowKind],
) -> list[StoredCellRow]:
    """Every stored cell of rows of ``row_kinds`` for the given codes (one query
    per batch of codes)."""
    session.flush()
    found: list[StoredCellRow] = []
    kinds = sorted(set(row_kinds), key=str)
    for chunk in chunks(code_ids) if kinds else ():
        query = select(
            MatrixCell.id,
            MatrixCell.guid,
            MatrixCell.version,
            MatrixCell.code_id,
            MatrixCell.row_kind,
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
            MatrixCell.row_kind.in_(kinds),
        )
        found.extend(map(StoredCellRow._make, session.connection().execute(query)))
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


def insert_new_cell(session: Session, cell: MatrixCell) -> bool:
    """Store the new ``cell`` (added to the session, not flushed yet) unless a
    cell of its (row, code) is stored already, in one statement that cannot
    clash: ``INSERT ... ON CONFLICT DO NOTHING``. Of two first writes of one
    cell at the same moment, the second waits for the first (for its commit
    on PostgreSQL, for the write lock on SQLite) and then inserts nothing.

    Returns True when ``cell`` was inserted: it is then the stored row
    (version 1), persistent in the session. Returns False when another
    transaction stored the cell first: ``cell`` is then out of the session
    and nothing was written; the stored cell is visible to the next query.
    """
    session.expunge(cell)
    return insert_new_cells(session, [cell]) == [True]


#: Cells per multi-row INSERT (a dozen parameters each, well within every limit).
_CELLS_PER_INSERT = 500


def _cell_key(values: Any) -> tuple[object, ...]:
    """What tells a cell from every other: its code and its row (one of the three)."""
    return (values.code_id, values.participant_id, values.case_id, values.group_key)


def insert_new_cells(session: Session, cells: Sequence[MatrixCell]) -> list[bool]:
    """Store the new ``cells`` (not in the session) as :func:`insert_new_cell`
    stores one, with one ``INSERT ... ON CONFLICT DO NOTHING`` per batch.

    Returns, for each cell in order, True when it was inserted (it is then
    the stored row, version 1, persistent in the session) or False when
    another transaction stored a cell of its (row, code) first (it stays out
    of the session; nothing of it was written).
    """
    mapper = inspect(MatrixCell)
    table = table_of(MatrixCell)
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    by_key = {_cell_key(cell): cell for cell in cells}
    # A multi-row INSERT needs the same columns in every row: rows are grouped
    # by the columns they give (the others take their defaults).
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for cell in cells:
        given = {
            attribute.key: value
            for attribute in mapper.column_attrs
            if (value := getattr(cell, attribute.key)) is not None
        }
        groups.setdefault(tuple(given), []).append(given)
    stored: set[tuple[object, ...]] = set()
    for rows in groups.values():
        for begin in range(0, len(rows), _CELLS_PER_INSERT):
            # No conflict target: each kind of row has its own unique key
            # (participant, case or group with the code), and any of them taken
            # means "stored already". Returned rows are matched to their cells
            # by that key: a row not inserted returns nothing.
            statement = (
                insert(table)
                .values(rows[begin : begin + _CELLS_PER_INSERT])
                .on_conflict_do_nothing()
                .returning(*table.c)
            )
            for row in session.execute(statement):
                cell = by_key[_cell_key(row)]
                for attribute in mapper.column_attrs:
                    setattr(cell, attribute.key, getattr(row, attribute.columns[0].key))
                make_transient_to_detached(cell)  # as if loaded: persistent once added
                session.add(cell)
                stored.add(_cell_key(row))
    return [_cell_key(cell) in stored for cell in cells]


def cells_by_id(session: Session, cell_ids: Collection[int]) -> dict[int, MatrixCell]:
    """The stored cells with the given ids, to edit (one query per batch)."""
    found: dict[int, MatrixCell] = {}
    for chunk in chunks(cell_ids):
        for cell in session.scalars(select(MatrixCell).where(MatrixCell.id.in_(chunk))):
            found[cell.id] = cell
    return found


def cells_of_code(session: Session, code_id: int) -> Sequence[MatrixCell]:
    """Every stored cell of one code."""
    return session.scalars(
        select(MatrixCell).where(MatrixCell.code_id == code_id).order_by(MatrixCell.id)
    ).all()


def cell_ids_of(
    session: Session,
    *,
    code_ids: Collection[int] = (),
    participant_ids: Collection[int] = (),
    case_ids: Collection[int] = (),
) -> list[int]:
    """The ids of the stored cells of any of these codes, participants or cases
    (the cells their deletion takes with it)."""
    found: set[int] = set()
    for column, ids in (
        (MatrixCell.code_id, code_ids),
        (MatrixCell.participant_id, participant_ids),
        (MatrixCell.case_id, case_ids),
    ):
        for chunk in chunks(ids):
            found.update(session.scalars(select(MatrixCell.id).where(column.in_(chunk))))
    return sorted(found)


# ---------------------------------------------------------------- quotes


class LinkedQuoteRow(NamedTuple):
    """A coding quoted in a cell: the cell, the quote's position there, the
    coded passage (the columns of :func:`~qualframe.storage.queries.codings.passage_columns`
    with the participant's identifier; ``start``/``end`` and ``text`` are the
    whole coding's), and the quoted passage ``[passage_start, passage_end)``
    (code points of the document; both None when the whole coding is quoted)."""

    cell_id: int
    position: int
    coding_id: int
    code_id: int
    document_id: int
    document: str
    title: str
    speaker: str | None
    participant: str | None
    start: int
    end: int
    text: str
    passage_start: int | None
    passage_end: int | None


#: Columns of :func:`linked_quotes` rows, in order.
QUOTE_COLUMNS = LinkedQuoteRow._fields


def linked_quotes(session: Session, cell_ids: Collection[int]) -> list[LinkedQuoteRow]:
    """The quotes linked to the given cells, each cell's in the analyst's order."""
    session.flush()
    found: list[LinkedQuoteRow] = []
    for chunk in chunks(cell_ids):
        query = (
            select(
                CellQuote.cell_id,
                CellQuote.position,
                *passage_columns(Participant.identifier),
                CellQuote.start,
                CellQuote.end,
            )
            .join(Coding, Coding.id == CellQuote.coding_id)
            .join(Document, Document.id == Coding.document_id)
            .outerjoin(Participant, Participant.id == Coding.participant_id)
            .where(CellQuote.cell_id.in_(chunk))
            .order_by(CellQuote.cell_id, CellQuote.position, Coding.id)
        )
        # Plain rows through the connection: ORM row handling would double the time
        # for a matrix whose every coding is quoted.
        found.extend(map(LinkedQuoteRow._make, session.connection().execute(query)))
    return found


def quotes_of_cell(session: Session, cell_id: int) -> Sequence[CellQuote]:
    """The quote links of one cell, in the analyst's order."""
    query = (
        select(CellQuote)
        .where(CellQuote.cell_id == cell_id)
        .order_by(CellQuote.position, CellQuote.coding_id)
    )
    return session.scalars(query).all()


def quote_link(session: Session, cell_id: int, coding_id: int) -> CellQuote | None:
    """The link quoting coding ``coding_id`` in cell ``cell_id``, to edit, if any."""
    return session.get(CellQuote, (cell_id, coding_id))


class QuotePassageRow(NamedTuple):
    """A quote with its own passage: the cell, the coding and the passage
    ``[start, end)`` (code points of the coding's document)."""

    cell_id: int
    coding_id: int
    start: int
    end: int


def passages_of_codings(session: Session, coding_ids: Collection[int]) -> list[QuotePassageRow]:
    """The quotes of ``coding_ids`` that quote a passage (not the whole coding), by cell."""
    session.flush()
    found: list[QuotePassageRow] = []
    for chunk in chunks(coding_ids):
        query = (
            select(CellQuote.cell_id, CellQuote.coding_id, CellQuote.start, CellQuote.end)
            .where(CellQuote.coding_id.in_(chunk), CellQuote.start.is_not(None))
            .order_by(CellQuote.cell_id, CellQuote.coding_id)
        )
        found.extend(map(QuotePassageRow._make, session.connection().execute(query)))
    return found


def set_quote_passages(
    session: Session, passages: Sequence[tuple[int, int, int | None, int | None]]
) -> None:
    """Give quotes new passages: ``(cell id, coding id, start, end)``, both None
    for the whole coding (one UPDATE per quote; a Core write)."""
    for cell_id, coding_id, start, end in passages:
        session.execute(
            update(CellQuote)
            .where(CellQuote.cell_id == cell_id, CellQuote.coding_id == coding_id)
            .values(start=start, end=end)
        )


def quoted_coding_ids(session: Session, cell_id: int) -> list[int]:
    """The ids of the codings one cell quotes, in the analyst's order (no rows loaded)."""
    query = (
        select(CellQuote.coding_id)
        .where(CellQuote.cell_id == cell_id)
        .order_by(CellQuote.position, CellQuote.coding_id)
    )
    return list(session.scalars(query))


def insert_quotes(session: Session, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert many quote links (``cell_id``, ``coding_id``, ``position``) in one executemany.

    A Core insert: drafting a whole matrix links every coding, and the ORM
    unit of work would cost several times the insert itself.
    """
    insert_mappings(session, CellQuote, rows)


def delete_quotes_of_cell(session: Session, cell_id: int) -> None:
    """Remove every quote link of one cell."""
    session.execute(
        delete(CellQuote).where(CellQuote.cell_id == cell_id),
        execution_options={"synchronize_session": False},
    )


# ---------------------------------------------------------------- revisions


def revisions_of_cell(session: Session, cell_id: int) -> Sequence[CellRevision]:
    """The saved states of one cell, oldest first."""
    query = (
        select(CellRevision)
        .where(CellRevision.cell_id == cell_id)
        .order_by(CellRevision.at, CellRevision.id)
    )
    return session.scalars(query).all()


def insert_revisions(session: Session, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert many cell revisions (every column but ``id``) in one executemany."""
    insert_mappings(session, CellRevision, rows)


def move_revisions(session: Session, source_cell_id: int, target_cell_id: int) -> int:
    """Give the source cell's revisions to the target cell; returns how many moved."""
    result = session.execute(
        update(CellRevision)
        .where(CellRevision.cell_id == source_cell_id)
        .values(cell_id=target_cell_id),
        execution_options={"synchronize_session": False},
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


# ---------------------------------------------------------------- what points at them


class CellUse(NamedTuple):
    """A matrix cell that quotes a coding or charts a code: the cell, what it is
    about (a coding id or a code id), its code's name and its row, as people
    name it (participant identifier, case name or group key)."""

    cell_id: int
    about_id: int
    code: str
    row_kind: RowKind
    row: str


def _cell_uses(session: Session, about: Any, joined: Any, *conditions: Any) -> list[CellUse]:
    """:class:`CellUse` rows of the cells of ``joined`` (a select of cells, maybe
    joined to their quotes) meeting ``conditions``, ``about`` naming what each
    is about; by cell."""
    query = (
        joined.add_columns(
            about,
            Code.name,
            MatrixCell.row_kind,
            Participant.identifier,
            Case.name,
            MatrixCell.group_key,
        )
        .join(Code, Code.id == MatrixCell.code_id)
        .outerjoin(Participant, Participant.id == MatrixCell.participant_id)
        .outerjoin(Case, Case.id == MatrixCell.case_id)
        .where(*conditions)
        .order_by(MatrixCell.id, about)
    )
    return [
        CellUse(cell_id, about_id, code, kind, identifier or case or key or "")
        for cell_id, about_id, code, kind, identifier, case, key in session.execute(query)
    ]


def quotes_of_codings(session: Session, coding_ids: Collection[int]) -> list[CellUse]:
    """The cells quoting any of ``coding_ids`` (``about_id``: the coding), by cell."""
    session.flush()
    quoting = select(MatrixCell.id).join(CellQuote, CellQuote.cell_id == MatrixCell.id)
    found: list[CellUse] = []
    for chunk in chunks(coding_ids):
        found += _cell_uses(session, CellQuote.coding_id, quoting, CellQuote.coding_id.in_(chunk))
    return found


def charted_cells_of_codes(session: Session, code_ids: Collection[int]) -> list[CellUse]:
    """The cells of ``code_ids`` that hold charting: a summary or a quote
    (``about_id``: the code), by cell."""
    session.flush()
    quoted = select(CellQuote.cell_id).where(CellQuote.cell_id == MatrixCell.id).exists()
    charted = (MatrixCell.summary != "") | quoted
    found: list[CellUse] = []
    for chunk in chunks(code_ids):
        cells = select(MatrixCell.id)
        found += _cell_uses(
            session, MatrixCell.code_id, cells, MatrixCell.code_id.in_(chunk), charted
        )
    return found
