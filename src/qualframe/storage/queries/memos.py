"""Queries over memos and their links (``memo_links``) to the objects a memo is about."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, case, delete, exists, func, or_, select, true, update
from sqlalchemy.orm import InstrumentedAttribute, Session

from qualframe.storage.bulk import insert_mappings, plain_rows
from qualframe.storage.models import Coding, Memo, MemoLinkRow
from qualframe.storage.queries.batches import chunks
from qualframe.vocabulary import MemoKind

#: The ``memo_links`` column holding each kind of link (a memo on the project has none).
LINK_COLUMNS: Mapping[str, InstrumentedAttribute[int | None]] = {
    "document": MemoLinkRow.document_id,
    "code": MemoLinkRow.code_id,
    "coding": MemoLinkRow.coding_id,
    "case": MemoLinkRow.case_id,
    "participant": MemoLinkRow.participant_id,
    "cell": MemoLinkRow.cell_id,
}


class LinkRow(NamedTuple):
    """One link of a memo: the kind (a key of :data:`LINK_COLUMNS`), the
    object's id, and for a document link its passage (code points; None for
    the whole document)."""

    memo_id: int
    kind: str
    target_id: int
    start: int | None = None
    end: int | None = None


def _linked(condition: ColumnElement[bool]) -> ColumnElement[bool]:
    """Memos having a link that meets ``condition``."""
    return exists().where(MemoLinkRow.memo_id == Memo.id, condition)


def _link_condition(target_type: str | None, target_id: int | None) -> ColumnElement[bool]:
    """Condition selecting memos with a link to ``target_type`` (and ``target_id``
    if given); ``"project"``: memos with no link."""
    if target_type is None:
        return true()
    if target_type == "project":
        return ~exists().where(MemoLinkRow.memo_id == Memo.id)
    column = LINK_COLUMNS[target_type]
    return _linked(column.is_not(None) if target_id is None else column == target_id)


def project_memos(
    session: Session,
    project_id: int,
    *,
    kind: str | None = None,
    target_type: str | None = None,
    target_id: int | None = None,
    author: str | None = None,
) -> Sequence[Memo]:
    """The project's memos, oldest first, filtered by kind, link and author.

    ``target_type`` is a :class:`~qualframe.vocabulary.MemoTarget` value; a
    memo matches with any of its links (a document matches its passages
    too); ``"project"`` selects memos linked to no object.
    """
    query = select(Memo).where(Memo.project_id == project_id)
    if kind is not None:
        query = query.where(Memo.kind == kind)
    if author is not None:
        query = query.where(Memo.author == author)
    query = query.where(_link_condition(target_type, target_id))
    return session.scalars(query.order_by(Memo.created_at, Memo.id)).all()


def links_of_memos(session: Session, memo_ids: Collection[int]) -> dict[int, list[LinkRow]]:
    """``{memo id: its links in order}`` (memos without links are left out)."""
    found: dict[int, list[LinkRow]] = {}
    columns = [MemoLinkRow.memo_id, *LINK_COLUMNS.values(), MemoLinkRow.start, MemoLinkRow.end]
    kinds = list(LINK_COLUMNS)
    for chunk in chunks(memo_ids):
        query = (
            select(*columns)
            .where(MemoLinkRow.memo_id.in_(chunk))
            .order_by(MemoLinkRow.memo_id, MemoLinkRow.position, MemoLinkRow.id)
        )
        for memo_id, *targets, start, end in plain_rows(session, query):
            index = next(i for i, value in enumerate(targets) if value is not None)
            found.setdefault(memo_id, []).append(
                LinkRow(memo_id, kinds[index], targets[index], start, end)
            )
    return found


def set_links(session: Session, memo_id: int, links: Sequence[LinkRow]) -> None:
    """Replace the links of memo ``memo_id`` by ``links`` (in that order).
    Does not count the memo's version: the caller changes the memo itself.

    The memo's row is locked first (PostgreSQL: ``SELECT ... FOR UPDATE``;
    SQLite writes one at a time anyway): a second writer of the same memo
    waits here, then sees the first one's links, and its versioned update of
    the memo reports the conflict, instead of both replacing links read
    before either committed (which broke the unique links)."""
    session.execute(select(Memo.id).where(Memo.id == memo_id).with_for_update())
    session.execute(
        delete(MemoLinkRow).where(MemoLinkRow.memo_id == memo_id),
        execution_options={"synchronize_session": False},
    )
    insert_mappings(session, MemoLinkRow, [_mapping(link, i) for i, link in enumerate(links)])


def _mapping(link: LinkRow, position: int) -> dict[str, Any]:
    """The row of ``link`` with every column (an executemany takes one shape)."""
    row: dict[str, Any] = {column.key: None for column in LINK_COLUMNS.values()}
    row.update(memo_id=link.memo_id, position=position, start=link.start, end=link.end)
    row[LINK_COLUMNS[link.kind].key] = link.target_id
    return row


def memos_about_documents(
    session: Session, project_id: int, document_ids: Collection[int]
) -> Sequence[Memo]:
    """The memos linked to any of the documents, a passage of them or a coding in
    them, each once, oldest first."""
    documents = sorted(set(document_ids))
    codings = select(Coding.id).where(Coding.document_id.in_(documents)).correlate(None)
    condition = or_(MemoLinkRow.document_id.in_(documents), MemoLinkRow.coding_id.in_(codings))
    query = (
        select(Memo)
        .where(Memo.project_id == project_id, _linked(condition))
        .order_by(Memo.created_at, Memo.id)
    )
    return session.scalars(query).all()


def memos_on_cells(session: Session, cell_ids: Collection[int]) -> list[tuple[int, Memo]]:
    """``(cell id, memo)`` for each memo linked to one of the cells, by cell, each
    cell's memos oldest first."""
    found: list[tuple[int, Memo]] = []
    for chunk in chunks(cell_ids):
        query = (
            select(MemoLinkRow.cell_id, Memo)
            .join(Memo, Memo.id == MemoLinkRow.memo_id)
            .where(MemoLinkRow.cell_id.in_(chunk))
            .order_by(MemoLinkRow.cell_id, Memo.created_at, Memo.id)
        )
        found.extend((cell, memo) for cell, memo in session.execute(query) if cell is not None)
    return found


def memo_counts_by_coding(session: Session, document_id: int) -> dict[int, int]:
    """``{coding id: number of memos}`` for the document's codings that have memos."""
    query = (
        select(MemoLinkRow.coding_id, func.count())
        .join(Coding, Coding.id == MemoLinkRow.coding_id)
        .where(Coding.document_id == document_id)
        .group_by(MemoLinkRow.coding_id)
    )
    return {coding_id: count for coding_id, count in plain_rows(session, query)}


def count_memo_versions(session: Session, memo_ids: Collection[int]) -> None:
    """One more version for each memo of ``memo_ids`` (its links changed);
    loaded memos are updated too."""
    for chunk in chunks(memo_ids):
        session.execute(
            update(Memo).where(Memo.id.in_(chunk)).values(version=Memo.version + 1),
            execution_options={"synchronize_session": "fetch"},
        )


def _memos_linked(session: Session, column: Any, ids: Sequence[int]) -> set[int]:
    query = select(MemoLinkRow.memo_id).where(column.in_(ids)).distinct()
    return {memo_id for (memo_id,) in plain_rows(session, query)}


def _relink(session: Session, link: str, moves: Mapping[int, int]) -> int:
    """Make the links of kind ``link`` to the objects of ``moves`` (``{from: to}``)
    point at the object each maps to; a memo linked to both keeps one link.
    Each memo whose links changed counts one more version; returns how many."""
    column = LINK_COLUMNS[link]
    moved: set[int] = set()
    for chunk in chunks(moves):
        rows = plain_rows(
            session,
            # In link order: of two links folding into one, the first is kept.
            select(MemoLinkRow.id, MemoLinkRow.memo_id, column)
            .where(column.in_(chunk))
            .order_by(MemoLinkRow.memo_id, MemoLinkRow.position, MemoLinkRow.id),
        )
        if not rows:
            continue
        targets = sorted({moves[source] for _, _, source in rows})
        present = set(
            plain_rows(session, select(MemoLinkRow.memo_id, column).where(column.in_(targets)))
        )
        seen = set(present)
        kept: dict[int, int] = {}
        doubled: list[int] = []
        for link_id, memo, source in rows:
            if (memo, moves[source]) in seen:
                doubled.append(link_id)
            else:
                seen.add((memo, moves[source]))
                kept[link_id] = moves[source]
        if doubled:
            session.execute(delete(MemoLinkRow).where(MemoLinkRow.id.in_(doubled)))
        if kept:
            target = case(kept, value=MemoLinkRow.id)
            session.execute(
                update(MemoLinkRow)
                .where(MemoLinkRow.id.in_(list(kept)))
                .values({column.key: target})
            )
        moved |= {memo for _, memo, _ in rows}
    count_memo_versions(session, moved)
    return len(moved)


def relink_code_memos(session: Session, source_code_id: int, target_code_id: int) -> int:
    """Move the memos' links on one code to another, each memo counting one more
    version (a memo on both keeps one link); returns how many memos moved."""
    return _relink(session, "code", {source_code_id: target_code_id})


def relink_coding_memos(session: Session, moves: Mapping[int, int]) -> int:
    """Move the memos' links on the codings of ``moves`` (``{from: to}``) to the
    coding each maps to, each memo counting one more version (a memo on both
    keeps one link). Returns how many memos moved."""
    return _relink(session, "coding", moves)


def relink_cell_memos(session: Session, moves: Mapping[int, int]) -> int:
    """Move the memos' links on the matrix cells of ``moves`` (``{from: to}``,
    e.g. cells folded into another code's) to the cell each maps to, each memo
    counting one more version (a memo on both keeps one link). Returns how
    many memos moved."""
    return _relink(session, "cell", moves)


def unlink_memos(session: Session, link: str, ids: Collection[int]) -> int:
    """Remove the links of kind ``link`` (a key of :data:`LINK_COLUMNS`:
    ``"document"``, ``"code"``, ``"coding"``, ``"case"``, ``"participant"``,
    ``"cell"``) to the objects ``ids`` (a document's passages too); the memos
    stay, each counting one more version (with no link left a memo is about
    the project). Returns how many memos lost a link.

    The foreign keys do the same on delete; doing it here first keeps loaded
    memos and their versions current and gives the count the change reports.
    """
    return unlink_objects(session, {link: ids})


def unlink_objects(session: Session, objects: Mapping[str, Collection[int]]) -> int:
    """Remove the memos' links to the objects of ``objects`` (``{kind: ids}``, as
    :func:`unlink_memos` takes them) at once: each memo that lost a link
    counts one more version, and once in the count returned (a memo on a
    document and on a coding in it is one memo)."""
    touched: set[int] = set()
    for link, ids in objects.items():
        column = LINK_COLUMNS[link]
        for chunk in chunks(ids):
            memos = _memos_linked(session, column, chunk)
            if memos:
                session.execute(delete(MemoLinkRow).where(column.in_(chunk)))
                touched |= memos
    count_memo_versions(session, touched)
    return len(touched)


def unlink_code_memos(session: Session, code_ids: Collection[int]) -> int:
    """Remove the memos' links to ``code_ids`` (see :func:`unlink_memos`)."""
    return unlink_memos(session, "code", code_ids)


def unlink_coding_memos(session: Session, coding_ids: Collection[int]) -> int:
    """Remove the memos' links to ``coding_ids`` (see :func:`unlink_memos`)."""
    return unlink_memos(session, "coding", coding_ids)


def passage_memos(session: Session, document_id: int) -> Sequence[MemoLinkRow]:
    """The links to passages of a document (ORM rows, to move them; ``memo_id``
    names the memo)."""
    return session.scalars(
        select(MemoLinkRow)
        .where(MemoLinkRow.document_id == document_id, MemoLinkRow.start.is_not(None))
        .order_by(MemoLinkRow.id)
    ).all()


def whole_document_links(session: Session, document_id: int) -> set[int]:
    """The memos linked to the whole document (not a passage of it)."""
    query = select(MemoLinkRow.memo_id).where(
        MemoLinkRow.document_id == document_id, MemoLinkRow.start.is_(None)
    )
    return {memo_id for (memo_id,) in plain_rows(session, query)}


def insert_passage_memos(
    session: Session,
    project_id: int,
    document_id: int,
    comments: Sequence[tuple[int, int, str, str, str]],
) -> None:
    """Store a file's comments ``(start, end, text, author, date)`` as memos on those
    passages of the document (a Word comment becomes an analytic memo titled
    after its first words, by its author, dated when the date reads as ISO 8601)."""
    memos: list[tuple[Memo, int, int]] = []
    for start, end, text, author, date in comments:
        words = " ".join(text.split())
        title = words if len(words) <= 80 else words[:79] + "\u2026"
        moment = _moment(date)
        memo = Memo(
            project_id=project_id,
            kind=MemoKind.ANALYTIC,
            title=title or "Comment",
            body=text,
            author=(author or "")[:200],
        )
        if moment is not None:
            memo.created_at = memo.updated_at = moment
        session.add(memo)
        memos.append((memo, start, end))
    if not memos:
        return
    session.flush()
    links = [LinkRow(memo.id, "document", document_id, start, end) for memo, start, end in memos]
    insert_mappings(session, MemoLinkRow, [_mapping(link, 0) for link in links])


def _moment(value: str) -> datetime | None:
    """An ISO 8601 date(-time) as an aware datetime (UTC when no zone), or None."""
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
