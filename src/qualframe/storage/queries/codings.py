"""Queries over the ``codings`` table: codings to find, add, move and remove;
listings with their filters, bare spans and excerpts; counts.

The coding services own the rules (span bounds, retired codes, who speaks
where); these functions only read and write rows. Functions taking many ids
chunk them, because SQLite limits the number of bound parameters. Listings
read plain rows, not ORM objects: they return up to hundreds of thousands of
codings.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import (
    ColumnElement,
    Row,
    bindparam,
    case,
    delete,
    func,
    null,
    select,
    update,
)
from sqlalchemy.orm import Session, aliased

from qualframe.storage.bulk import insert_mappings, plain_rows
from qualframe.storage.models import Case, Coding, Document, Participant
from qualframe.storage.queries import attributes
from qualframe.storage.queries.attributes import AttributeWhere
from qualframe.storage.queries.batches import chunks

# ---------------------------------------------------------------- codings of one document


def coding_by_id(session: Session, project_id: int, coding_id: int) -> Coding | None:
    """The project's coding with id ``coding_id``, if any."""
    return session.scalar(
        select(Coding).where(Coding.project_id == project_id, Coding.id == coding_id)
    )


def codings_of_document(session: Session, document_id: int) -> Sequence[Coding]:
    """Every coding of a document, in text order (ORM objects, to update them)."""
    return session.scalars(
        select(Coding).where(Coding.document_id == document_id).order_by(Coding.start)
    ).all()


class CodingRow(NamedTuple):
    """A coding of the document without its quote (the view slices the text);
    ``created_at`` is None unless asked for (parsing 2,000 timestamps costs)."""

    id: int
    code_id: int
    start: int
    end: int
    coder: str
    speaker: str | None
    participant_id: int | None
    created_at: datetime | None


def coding_rows_of_document(
    session: Session, project_id: int, document_id: int, *, times: bool = False
) -> list[CodingRow]:
    """Every coding of the document, in text order (start, end, id); with
    ``times`` their creation times too."""
    created = Coding.created_at if times else null()
    query = (
        select(
            Coding.id,
            Coding.code_id,
            Coding.start,
            Coding.end,
            Coding.coder,
            Coding.speaker,
            Coding.participant_id,
            created,
        )
        .where(Coding.project_id == project_id, Coding.document_id == document_id)
        .order_by(Coding.start, Coding.end, Coding.id)
    )
    return [CodingRow(*row) for row in plain_rows(session, query)]


def codings_overlapping(
    session: Session,
    project_id: int,
    document_id: int,
    code_ids: Collection[int],
    start: int,
    end: int,
    coder: str | None,
) -> Sequence[Coding]:
    """Codings of ``code_ids`` in a document overlapping ``[start, end)``, in text order.

    ``coder`` None means every coder's codings.
    """
    query = select(Coding).where(
        Coding.project_id == project_id,
        Coding.document_id == document_id,
        Coding.code_id.in_(sorted(code_ids)),
        Coding.start < end,
        Coding.end > start,
    )
    if coder is not None:
        query = query.where(Coding.coder == coder)
    return session.scalars(query.order_by(Coding.start, Coding.end, Coding.id)).all()


def coded_spans(
    session: Session, code_id: int, coder: str, document_ids: Collection[int]
) -> set[tuple[int, int, int]]:
    """``(document id, start, end)`` of the spans ``coder`` coded with ``code_id``."""
    spans: set[tuple[int, int, int]] = set()
    for chunk in chunks(document_ids):
        query = select(Coding.document_id, Coding.start, Coding.end).where(
            Coding.code_id == code_id, Coding.coder == coder, Coding.document_id.in_(chunk)
        )
        spans.update((d, s, e) for d, s, e in session.execute(query))
    return spans


class CodingLabel(NamedTuple):
    """What names a coding for people: its code, its document and its span."""

    code_id: int
    document_id: int
    document: str
    start: int
    end: int


def coding_labels(session: Session, ids: Collection[int]) -> dict[int, CodingLabel]:
    """The :class:`CodingLabel` of each coding, by coding id."""
    if not ids:
        return {}
    query = (
        select(Coding.id, Coding.code_id, Document.id, Document.name, Coding.start, Coding.end)
        .join(Document, Document.id == Coding.document_id)
        .where(Coding.id.in_(ids))
    )
    return {row[0]: CodingLabel._make(row[1:]) for row in session.execute(query)}


def recent_code_ids(session: Session, project_id: int, coder: str, scan: int = 200) -> list[int]:
    """Code ids of ``coder``'s latest codings in the project, newest first
    (one per coding, repeats included; at most ``scan`` codings are read).

    Newest by id: ids grow with time, and the primary key is read backwards
    until ``scan`` codings of the coder are found, without a sort.
    """
    query = (
        select(Coding.code_id)
        .where(Coding.project_id == project_id, Coding.coder == coder)
        .order_by(Coding.id.desc())
        .limit(scan)
    )
    return [code_id for (code_id,) in plain_rows(session, query)]


# ---------------------------------------------------------------- writing


def insert_codings(session: Session, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert many codings at once (one executemany; no ORM objects are built).

    Each row maps every :class:`Coding` column but ``id`` to its value. A
    Core insert on the table: the ORM bulk path costs three times as much
    in Python for 10,000 rows.
    """
    insert_mappings(session, Coding, rows)


def delete_codings(session: Session, coding_ids: Collection[int]) -> int:
    """Delete the codings ``coding_ids``; returns how many were deleted."""
    deleted = 0
    for chunk in chunks(coding_ids):
        result = session.execute(
            delete(Coding).where(Coding.id.in_(chunk)),
            execution_options={"synchronize_session": "fetch"},
        )
        deleted += int(result.rowcount)  # type: ignore[attr-defined]
    return deleted


#: Where codings wait while a text revision moves them (far past any text), so
#: no move meets the unique span of a coding about to move away.
_PARKED = 1_000_000_000


def move_codings(session: Session, moves: Sequence[tuple[int, int, int, str]]) -> None:
    """Give codings new spans and quotes ``(id, start, end, quote)``, in two steps
    (all parked on spans of their own first) so a coding can take the span
    another one is leaving (the unique span per code and coder holds throughout).
    Loaded codings are expired, to be read again."""
    if not moves:
        return
    session.flush()
    parked = [
        {"moved": coding_id, "to_start": _PARKED + coding_id, "to_end": _PARKED + coding_id + 1}
        for coding_id, _, _, _ in moves
    ]
    final = [
        {"moved": coding_id, "to_start": start, "to_end": end, "to_quote": quote}
        for coding_id, start, end, quote in moves
    ]
    span: dict[str, Any] = {"start": bindparam("to_start"), "end": bindparam("to_end")}
    for rows, values in ((parked, span), (final, {**span, "quote": bindparam("to_quote")})):
        statement = update(Coding).where(Coding.id == bindparam("moved")).values(values)
        session.connection().execute(statement, rows)
    moved = {coding_id for coding_id, _, _, _ in moves}
    for instance in list(session.identity_map.values()):
        if isinstance(instance, Coding) and instance.id in moved:
            session.expire(instance)


def delete_codings_of_codes(session: Session, code_ids: Collection[int]) -> int:
    """Delete every coding applying one of ``code_ids``; returns the count."""
    if not code_ids:
        return 0
    statement = delete(Coding).where(Coding.code_id.in_(code_ids))
    result = session.execute(statement, execution_options={"synchronize_session": "fetch"})
    return int(result.rowcount)  # type: ignore[attr-defined]


def coding_ids_of_document(session: Session, document_id: int) -> list[int]:
    """Ids of a document's codings."""
    return list(session.scalars(select(Coding.id).where(Coding.document_id == document_id)))


def coding_ids_of_codes(session: Session, code_ids: Collection[int]) -> list[int]:
    """Ids of the codings applying any of ``code_ids``."""
    if not code_ids:
        return []
    query = select(Coding.id).where(Coding.code_id.in_(code_ids)).order_by(Coding.id)
    return list(session.scalars(query))


def duplicate_codings(session: Session, source_id: int, target_id: int) -> list[tuple[int, int]]:
    """Pairs ``(source coding id, target coding id)`` covering the same span.

    Same document, start, end and coder: moving the source coding onto the
    target code would repeat the target's coding.
    """
    kept = aliased(Coding)
    query = (
        select(Coding.id, kept.id)
        .join(
            kept,
            (kept.document_id == Coding.document_id)
            & (kept.start == Coding.start)
            & (kept.end == Coding.end)
            & (kept.coder == Coding.coder),
        )
        .where(Coding.code_id == source_id, kept.code_id == target_id)
        .order_by(Coding.id)
    )
    return [(source, target) for source, target in session.execute(query)]


def reassign_codings(session: Session, source_id: int, target_id: int) -> int:
    """Point every coding of code ``source_id`` at ``target_id``; returns the count."""
    statement = update(Coding).where(Coding.code_id == source_id).values(code_id=target_id)
    result = session.execute(statement, execution_options={"synchronize_session": "fetch"})
    return int(result.rowcount)  # type: ignore[attr-defined]


# ---------------------------------------------------------------- listings


class CodingFilter(NamedTuple):
    """Restrictions on a codings listing; None means "any".

    ``where`` maps attribute names to a value or any of several values
    (participant attributes include inherited case attributes).
    """

    code_ids: Collection[int] | None = None
    document_ids: Collection[int] | None = None
    participant_ids: Collection[int] | None = None
    case_ids: Collection[int] | None = None
    coder: str | None = None
    where: AttributeWhere | None = None


def _where_conditions(
    session: Session, project_id: int, where: AttributeWhere
) -> list[ColumnElement[bool]]:
    """``where`` as ``IN (subquery)`` conditions on the coding's participant and document.

    ``IN`` rather than a correlated ``EXISTS``: SQLite then seeks the
    ``(code_id, participant_id)`` index for the few matching participants
    instead of reading every coding of the code (5x faster at 200,000
    codings).
    """
    people, documents = attributes.split_where(session, project_id, where)
    conditions: list[ColumnElement[bool]] = []
    if people:
        matching = attributes.attribute_filter(session, project_id, people, Participant.id)
        conditions.append(
            Coding.participant_id.in_(
                select(Participant.id).where(Participant.project_id == project_id, matching)
            )
        )
    if documents:
        matching = attributes.attribute_filter(session, project_id, documents, None, Document.id)
        conditions.append(
            Coding.document_id.in_(
                select(Document.id).where(Document.project_id == project_id, matching)
            )
        )
    return conditions


#: Columns of :func:`coding_listing` rows, in order.
LISTING_COLUMNS = (
    "coding_id",
    "code_id",
    "document_id",
    "document",
    "start",
    "end",
    "text",
    "speaker",
    "participant_id",
    "participant",
    "case",
    "coder",
    "created_at",
    "guid",
)


def coding_listing(
    session: Session, project_id: int, restrict: CodingFilter
) -> Sequence[Row[tuple[Any, ...]]]:
    """Codings as plain rows (see :data:`LISTING_COLUMNS`), by document then position.

    One statement: codings joined to their document (name) and, when
    attributed, participant (identifier) and the participant's case (name).
    Raises :class:`NotFoundError` for an unknown attribute in
    ``restrict.where``. The text is the stored quote, so no document text is read.
    """
    query = (
        select(
            Coding.id,
            Coding.code_id,
            Coding.document_id,
            Document.name,
            Coding.start,
            Coding.end,
            Coding.quote,
            Coding.speaker,
            Coding.participant_id,
            Participant.identifier,
            Case.name,
            Coding.coder,
            Coding.created_at,
            Coding.guid,
        )
        .join(Document, Document.id == Coding.document_id)
        .outerjoin(Participant, Participant.id == Coding.participant_id)
        .outerjoin(Case, Case.id == Participant.case_id)
        .where(Coding.project_id == project_id)
    )
    if restrict.where:
        query = query.where(*_where_conditions(session, project_id, restrict.where))
    if restrict.code_ids is not None:
        query = query.where(Coding.code_id.in_(sorted(restrict.code_ids)))
    if restrict.document_ids is not None:
        query = query.where(Coding.document_id.in_(sorted(restrict.document_ids)))
    if restrict.participant_ids is not None:
        query = query.where(Coding.participant_id.in_(sorted(restrict.participant_ids)))
    if restrict.case_ids is not None:
        query = query.where(Participant.case_id.in_(sorted(restrict.case_ids)))
    if restrict.coder is not None:
        query = query.where(Coding.coder == restrict.coder)
    query = query.order_by(Coding.document_id, Coding.start, Coding.end, Coding.id)
    # Plain rows through the connection: the ORM's row handling costs more
    # than the query itself here.
    return plain_rows(session, query)


#: Columns of :func:`coding_spans` rows, in order.
SPAN_COLUMNS = ("coding_id", "code_id", "document_id", "start", "end", "participant_id", "case_id")


def coding_spans(
    session: Session,
    project_id: int,
    *,
    code_ids: Collection[int] | None = None,
    where: AttributeWhere | None = None,
    coder: str | None = None,
) -> list[tuple[Any, ...]]:
    """Codings as bare spans (:data:`SPAN_COLUMNS`), no text: what counting needs.

    ``where`` keeps codings whose participant (own or case attributes) or
    document has the given values; raises
    :class:`~qualframe.errors.NotFoundError` for an unknown attribute. About
    five times faster than the full listing at 200,000 codings: no quote
    text, no names.
    """
    query = (
        select(
            Coding.id,
            Coding.code_id,
            Coding.document_id,
            Coding.start,
            Coding.end,
            Coding.participant_id,
            Participant.case_id,
        )
        .outerjoin(Participant, Participant.id == Coding.participant_id)
        .where(Coding.project_id == project_id)
    )
    if code_ids is not None:
        query = query.where(Coding.code_id.in_(sorted(code_ids)))
    if coder is not None:
        query = query.where(Coding.coder == coder)
    if where:
        query = query.where(*_where_conditions(session, project_id, where))
    return [tuple(row) for row in plain_rows(session, query)]


def passage_columns(participant: Any) -> tuple[Any, ...]:
    """The columns of a coded passage, to select from codings joined to their
    documents: coding id, code id, document id, name and title, speaker
    label, the column ``participant`` (who: an id or an identifier), span
    (code points) and coded text."""
    return (
        Coding.id,
        Coding.code_id,
        Coding.document_id,
        Document.name,
        Document.title,
        Coding.speaker,
        participant,
        Coding.start,
        Coding.end,
        Coding.quote,
    )


class ExcerptRow(NamedTuple):
    """An attributed coding with its place and text, as cells quote it
    (the columns of :func:`passage_columns`)."""

    coding_id: int
    code_id: int
    document_id: int
    document: str
    title: str
    speaker: str | None
    participant_id: int
    start: int
    end: int
    text: str


#: Columns of :func:`coding_excerpts` rows, in order.
EXCERPT_COLUMNS = ExcerptRow._fields


def coding_excerpts(
    session: Session,
    project_id: int,
    code_ids: Collection[int],
    participant_ids: Collection[int] | None = None,
) -> list[ExcerptRow]:
    """Codings of ``code_ids`` with their text and location.

    Only attributed codings (of ``participant_ids`` when given), by document
    order (position, then name), then position in the document.
    """
    session.flush()
    found: list[ExcerptRow] = []
    for chunk in chunks(code_ids):
        query = (
            select(*passage_columns(Coding.participant_id))
            .join(Document, Document.id == Coding.document_id)
            .where(
                Coding.project_id == project_id,
                Coding.code_id.in_(chunk),
                Coding.participant_id.is_not(None),
            )
        )
        if participant_ids is not None:
            query = query.where(Coding.participant_id.in_(sorted(set(participant_ids))))
        found.extend(map(ExcerptRow._make, session.connection().execute(query)))
    return found


# ---------------------------------------------------------------- counts


def counts_by_code(session: Session, project_id: int) -> dict[int, int]:
    """Number of codings per code id (codes without codings are absent)."""
    query = (
        select(Coding.code_id, func.count())
        .where(Coding.project_id == project_id)
        .group_by(Coding.code_id)
    )
    return {code_id: count for code_id, count in session.execute(query)}


def counts_by_code_and_speaker(
    session: Session, project_id: int, code_ids: Collection[int]
) -> list[tuple[int, int | None, int]]:
    """``(code id, participant id, number of codings)`` for the given codes,
    codings attributed to nobody (the interviewer, unmapped speakers) with
    participant None: a matrix counts its cells and, apart, what no row
    holds, in one grouped statement served by the ``(code_id,
    participant_id)`` index (no coding text is read)."""
    found: list[tuple[int, int | None, int]] = []
    for chunk in chunks(code_ids):
        query = (
            select(Coding.code_id, Coding.participant_id, func.count())
            .where(Coding.project_id == project_id, Coding.code_id.in_(chunk))
            .group_by(Coding.code_id, Coding.participant_id)
        )
        found.extend(
            (code_id, participant_id, int(count))
            for code_id, participant_id, count in session.connection().execute(query)
        )
    return found


def count_of_codes(session: Session, code_ids: Collection[int]) -> int:
    """Number of codings applying any of ``code_ids``."""
    if not code_ids:
        return 0
    query = select(func.count()).select_from(Coding).where(Coding.code_id.in_(code_ids))
    return session.scalar(query) or 0


def count_of_document(session: Session, document_id: int) -> int:
    """How many codings a document has."""
    query = select(func.count()).select_from(Coding).where(Coding.document_id == document_id)
    return session.scalar(query) or 0


def coded_lengths(
    session: Session, project_id: int, document_ids: Collection[int] | None = None
) -> dict[int, int]:
    """``{document_id: code points covered by at least one coding}`` of the project's
    coded documents (of ``document_ids`` when given); overlapping codings count once.

    One grouped query, without reading any text: ordered by start, each coding
    adds the part of its span beyond the furthest end of the codings before it
    (a window function, which SQLite and PostgreSQL both have).
    """
    reach = func.max(Coding.end).over(
        partition_by=Coding.document_id,
        order_by=(Coding.start, Coding.end, Coding.id),
        rows=(None, -1),
    )
    spans_query = select(
        Coding.document_id.label("document_id"),
        Coding.start.label("start"),
        Coding.end.label("end"),
        reach.label("reach"),
    ).where(Coding.project_id == project_id)
    if document_ids is not None:
        spans_query = spans_query.where(Coding.document_id.in_(sorted(set(document_ids))))
    spans = spans_query.subquery()
    fresh = case(
        (spans.c.reach.is_(None) | (spans.c.reach <= spans.c.start), spans.c.end - spans.c.start),
        (spans.c.reach >= spans.c.end, 0),
        else_=spans.c.end - spans.c.reach,
    )
    query = select(spans.c.document_id, func.sum(fresh)).group_by(spans.c.document_id)
    return {int(document_id): int(total or 0) for document_id, total in session.execute(query)}
