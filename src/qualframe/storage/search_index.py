"""The full-text index over text segments, in each database's own engine.

SQLite: ``segment_search`` is an FTS5 table with external content (the
view ``segment_texts`` slices segment text out of the documents), Porter
stemming and diacritics folded; rows are written here from Python with the
segment's text, and must be deleted with exactly the text they were
indexed with (FTS5's ``'delete'`` command). PostgreSQL: ``segment_search``
holds an English ``tsvector`` per segment under a GIN index and goes away
with its segment (foreign-key cascade).

A query reaches the engines as a :class:`MatchQuery` built by the search
service from what the user typed: terms are quoted here (FTS5 phrases,
``tsquery`` lexemes), so no user text is ever parsed as query syntax.
All the dialect-specific SQL of search lives in this module.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import (
    ColumnElement,
    Select,
    TextClause,
    case,
    column,
    false,
    func,
    select,
    table,
    text,
    true,
)
from sqlalchemy.orm import Session

from qualframe.storage import queries
from qualframe.storage.models import (
    Document,
    DocumentParticipant,
    DocumentSection,
    SpeakerTurn,
    TextSegment,
)
from qualframe.storage.queries.attributes import AttributeWhere

# ---------------------------------------------------------------- queries


@dataclass(frozen=True)
class MatchTerm:
    """A word or phrase to find: its ``tokens`` in order (letters and digits
    only), the last one a prefix when ``prefix`` is true."""

    tokens: tuple[str, ...]
    prefix: bool = False


@dataclass(frozen=True)
class MatchQuery:
    """What a segment must contain: every group of ``groups`` (a group is
    satisfied by any one of its terms) and none of ``excluded``."""

    groups: tuple[tuple[MatchTerm, ...], ...]
    excluded: tuple[MatchTerm, ...] = ()


def _expression(
    query: MatchQuery, term: Callable[[MatchTerm], str], any_of: str, all_of: str, but_not: str
) -> str:
    """``query`` in a boolean search syntax: each group's terms (written by
    ``term``) joined by ``any_of`` in parentheses, the groups joined by
    ``all_of``, and the excluded terms after ``but_not``."""

    def either(items: Sequence[MatchTerm]) -> str:
        return "(" + any_of.join(term(item) for item in items) + ")"

    expression = all_of.join(either(group) for group in query.groups)
    if query.excluded:
        expression = f"({expression}){but_not}{either(query.excluded)}"
    return expression


def fts5_expression(query: MatchQuery) -> str:
    """The FTS5 MATCH expression of ``query``; every token is a quoted string."""
    return _expression(query, _fts5_term, " OR ", " AND ", " NOT ")


def tsquery_expression(query: MatchQuery) -> str:
    """The PostgreSQL ``to_tsquery`` text of ``query``; every token is a quoted lexeme."""
    return _expression(query, _tsquery_term, " | ", " & ", " & !")


def _fts5_term(item: MatchTerm) -> str:
    """A phrase of quoted strings, ``*`` after it for a prefix."""
    quoted = '"' + " ".join(t.replace('"', '""') for t in item.tokens) + '"'
    return quoted + " *" if item.prefix else quoted


def _tsquery_term(item: MatchTerm) -> str:
    """Quoted lexemes following each other (``<->``), the last ``:*`` for a prefix."""
    lexemes = ["'" + t.replace("'", "''").replace("\\", "\\\\") + "'" for t in item.tokens]
    if item.prefix:
        lexemes[-1] += ":*"
    return "(" + " <-> ".join(lexemes) + ")"


# ---------------------------------------------------------------- writing the index


def _is_sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def index_segments(session: Session, rows: Sequence[tuple[int, str]]) -> None:
    """Index segments ``(segment id, segment text)`` in one executemany."""
    if not rows:
        return
    if _is_sqlite(session):
        statement = "INSERT INTO segment_search(rowid, body) VALUES (?, ?)"
    else:
        statement = (
            "INSERT INTO segment_search(segment_id, tsv) VALUES (%s, to_tsvector('english', %s))"
        )
    session.connection().exec_driver_sql(statement, list(rows))


def unindex_segments(session: Session, rows: Sequence[tuple[int, str]]) -> None:
    """Remove segments ``(segment id, text it was indexed with)`` from the index."""
    if not rows:
        return
    if _is_sqlite(session):
        statement = (
            "INSERT INTO segment_search(segment_search, rowid, body) VALUES ('delete', ?, ?)"
        )
        parameters: list[Any] = list(rows)
    else:
        statement = "DELETE FROM segment_search WHERE segment_id = %s"
        parameters = [(segment_id,) for segment_id, _ in rows]
    session.connection().exec_driver_sql(statement, parameters)


def _document_segments(session: Session, document_id: int) -> list[tuple[int, str]]:
    """``(segment id, segment text)`` of a document's segments, from its current text."""
    text_row = session.execute(select(Document.text).where(Document.id == document_id)).first()
    if text_row is None:
        return []
    spans = session.execute(
        select(TextSegment.id, TextSegment.start, TextSegment.end).where(
            TextSegment.document_id == document_id
        )
    )
    return [(segment_id, text_row[0][start:end]) for segment_id, start, end in spans]


def unindex_documents(session: Session, document_ids: Iterable[int]) -> None:
    """Remove every segment of the given documents from the index.

    Call before deleting documents (or a project) by any other path than
    the document service, and before changing a document's text (then
    :func:`index_documents` after): SQLite's FTS5 table is not reached by
    foreign-key cascades, stale entries would match later segments, and an
    entry must be removed with the very text it was indexed with.
    """
    for document_id in document_ids:
        unindex_segments(session, _document_segments(session, document_id))


def index_documents(session: Session, document_ids: Iterable[int]) -> None:
    """Index every segment of the given documents from their current text
    (after :func:`unindex_documents` and a change of text)."""
    for document_id in document_ids:
        index_segments(session, _document_segments(session, document_id))


def rebuild_index(session: Session) -> None:
    """Rebuild the whole index from the segments (repair; slow on a large corpus)."""
    if _is_sqlite(session):
        session.execute(text("INSERT INTO segment_search(segment_search) VALUES ('rebuild')"))
        return
    session.execute(text("DELETE FROM segment_search"))
    session.execute(
        text(
            "INSERT INTO segment_search(segment_id, tsv) "
            "SELECT s.id, to_tsvector('english', substr(d.text, s.start + 1, s.\"end\" - s.start)) "
            "FROM text_segments s JOIN documents d ON d.id = s.document_id"
        )
    )


# ---------------------------------------------------------------- searching


class SegmentFilter(NamedTuple):
    """Which matching segments count: in these documents, spoken by these
    speaker labels, by participants (or in documents) with these attribute
    values, in sections whose title contains one of ``sections`` (ignoring
    case). None means no restriction."""

    document_ids: Collection[int] | None = None
    speakers: Collection[str] | None = None
    where: AttributeWhere | None = None
    sections: Collection[str] | None = None


class SegmentHit(NamedTuple):
    """A matching segment: where it is and who speaks it.

    ``document`` is the document's name, ``title`` its title;
    ``participant_id`` is the participant of the segment's speaker turn or,
    outside any turn, the document's only participant.
    """

    segment_id: int
    document_id: int
    document: str
    title: str
    start: int
    end: int
    speaker: str | None
    participant_id: int | None


def _hit_participant() -> ColumnElement[Any]:
    """Who speaks a segment: its turn's participant, else the document's sole participant."""
    sole = (
        select(
            case(
                (func.count() == 1, func.min(DocumentParticipant.participant_id)),
                else_=None,
            )
        )
        .where(DocumentParticipant.document_id == TextSegment.document_id)
        .correlate(TextSegment)
        .scalar_subquery()
    )
    return case((TextSegment.turn_id.is_not(None), SpeakerTurn.participant_id), else_=sole)


def _matching(
    session: Session,
    project_id: int,
    query: MatchQuery,
    segment_filter: SegmentFilter,
    columns: Sequence[Any],
) -> tuple[Select[Any], ColumnElement[Any]]:
    """A select of ``columns`` over the segments matching ``query``, and the
    index's segment-id column (ordering by it lets SQLite stream the index)."""
    match: TextClause
    if _is_sqlite(session):
        index = table("segment_search", column("rowid"))
        key = index.c.rowid
        match = text("segment_search MATCH :match_expression").bindparams(
            match_expression=fts5_expression(query)
        )
    else:
        index = table("segment_search", column("segment_id"))
        key = index.c.segment_id
        match = text("segment_search.tsv @@ to_tsquery('english', :match_expression)").bindparams(
            match_expression=tsquery_expression(query)
        )
    statement = (
        select(*columns)
        .select_from(index)
        .join(TextSegment, TextSegment.id == key)
        .join(Document, Document.id == TextSegment.document_id)
        .outerjoin(SpeakerTurn, SpeakerTurn.id == TextSegment.turn_id)
        .where(match, Document.project_id == project_id)
    )
    return statement.where(_conditions(session, project_id, segment_filter)), key


def _conditions(
    session: Session, project_id: int, segment_filter: SegmentFilter
) -> ColumnElement[bool]:
    condition: ColumnElement[bool] = true()
    if segment_filter.document_ids is not None:
        condition = condition & TextSegment.document_id.in_(list(segment_filter.document_ids))
    if segment_filter.speakers is not None:
        condition = condition & SpeakerTurn.label.in_(list(segment_filter.speakers))
    if segment_filter.where:
        condition = condition & queries.attributes.attribute_filter(
            session, project_id, segment_filter.where, _hit_participant(), TextSegment.document_id
        )
    if segment_filter.sections:
        condition = condition & _in_sections(session, project_id, segment_filter.sections)
    return condition


def _in_sections(session: Session, project_id: int, titles: Collection[str]) -> ColumnElement[bool]:
    """The segment starts inside a section whose title contains one of ``titles``,
    ignoring case as Python does (SQLite's ``lower`` knows only ASCII letters,
    so titles are matched here, the same on both databases)."""
    wanted = [words.casefold() for words in titles]
    sections = session.execute(
        select(DocumentSection.id, DocumentSection.title)
        .join(Document, Document.id == DocumentSection.document_id)
        .where(Document.project_id == project_id)
    )
    ids = [id_ for id_, title in sections if any(w in title.casefold() for w in wanted)]
    if not ids:
        return false()
    return (
        select(DocumentSection.id)
        .where(
            DocumentSection.id.in_(ids),
            DocumentSection.document_id == TextSegment.document_id,
            DocumentSection.start <= TextSegment.start,
            TextSegment.start < DocumentSection.end,
        )
        .exists()
    )


def matching_segments(
    session: Session,
    project_id: int,
    query: MatchQuery,
    segment_filter: SegmentFilter = SegmentFilter(),
    *,
    limit: int | None = None,
    offset: int = 0,
    after: int | None = None,
) -> list[SegmentHit]:
    """The segments of the project matching ``query`` and ``segment_filter``.

    In segment order (documents in import order, then text order): the
    ``limit`` segments after ``offset`` of them, or, with ``after``, those
    whose id is greater (for walking through every hit in chunks).
    """
    statement, key = _matching(
        session,
        project_id,
        query,
        segment_filter,
        [
            TextSegment.id,
            TextSegment.document_id,
            Document.name,
            Document.title,
            TextSegment.start,
            TextSegment.end,
            SpeakerTurn.label,
            _hit_participant(),
        ],
    )
    if after is not None:
        statement = statement.where(key > after)
    statement = statement.order_by(key).offset(offset)
    if limit is not None:
        statement = statement.limit(limit)
    return [SegmentHit(*row) for row in session.execute(statement)]


def count_matching(
    session: Session, project_id: int, query: MatchQuery, segment_filter: SegmentFilter
) -> int:
    """How many segments of the project match ``query`` and ``segment_filter``.

    Without a filter, in a database holding only this project's documents,
    the index alone counts (several times faster on a large corpus than
    joining every match to its segment and document); this relies on the
    index holding exactly the existing segments, which every deletion path
    keeps true through :func:`unindex_segments`/:func:`unindex_documents`.
    """
    if segment_filter == SegmentFilter() and not _other_projects_have_documents(
        session, project_id
    ):
        if _is_sqlite(session):
            statement = text("SELECT count(*) FROM segment_search WHERE segment_search MATCH :q")
            return session.scalar(statement, {"q": fts5_expression(query)}) or 0
        statement = text(
            "SELECT count(*) FROM segment_search WHERE tsv @@ to_tsquery('english', :q)"
        )
        return session.scalar(statement, {"q": tsquery_expression(query)}) or 0
    counting, _ = _matching(session, project_id, query, segment_filter, [func.count()])
    return session.scalar(counting) or 0


def _other_projects_have_documents(session: Session, project_id: int) -> bool:
    query = select(Document.id).where(Document.project_id != project_id).limit(1)
    return session.scalar(query) is not None
