"""The full-text index: quoting, writing and removing entries, matching, counting."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

import qualframe
from qualframe.storage import bulk, queries, search_index
from qualframe.storage.database import Database, alembic_config
from qualframe.storage.models import Document, TextSegment
from qualframe.storage.search_index import MatchQuery, MatchTerm, SegmentFilter

TEXT = "Peer support helped.\n\nNothing else did.\n\nPeer workers listen."


def _query(*words: str, excluded: tuple[str, ...] = ()) -> MatchQuery:
    return MatchQuery(
        tuple((MatchTerm((word,)),) for word in words),
        tuple(MatchTerm((word,)) for word in excluded),
    )


def test_every_token_is_quoted_for_fts5_and_tsquery() -> None:
    query = MatchQuery(
        ((MatchTerm(("peer", "support")), MatchTerm(("recov",), prefix=True)),),
        (MatchTerm(('it"s',)),),
    )
    assert search_index.fts5_expression(query) == ('(("peer support" OR "recov" *)) NOT ("it""s")')
    assert search_index.tsquery_expression(query) == (
        "((('peer' <-> 'support') | ('recov':*))) & !(('it\"s'))"
    )
    assert search_index.tsquery_expression(_query("o'neil")) == "(('o''neil'))"


def _document(session: Session, project_id: int, name: str, text: str) -> list[int]:
    """A document with one indexed segment per paragraph; returns the segment ids."""
    document = Document(
        project_id=project_id,
        name=name,
        title=name,
        format="text",
        text=text,
        length=len(text),
        content_hash=name,
    )
    session.add(document)
    session.flush()
    spans = []
    start = 0
    for paragraph in text.split("\n\n"):
        start = text.index(paragraph, start)
        spans.append((start, start + len(paragraph)))
        start += len(paragraph)
    ids = bulk.allocate_ids(session, TextSegment, len(spans))
    queries.segments.insert_segments(
        session, [(i, document.id, s, e, None) for i, (s, e) in zip(ids, spans, strict=True)]
    )
    search_index.index_segments(
        session, [(i, text[s:e]) for i, (s, e) in zip(ids, spans, strict=True)]
    )
    return ids


@pytest.fixture
def indexed(database: Database) -> tuple[int, list[int]]:
    project = qualframe.create_project("Index", database=database, user="tester")
    with database.transaction() as session:
        return project.info.id, _document(session, project.info.id, "a.txt", TEXT)


def test_matching_segments_are_found_in_order_and_counted(
    database: Database, indexed: tuple[int, list[int]]
) -> None:
    project_id, ids = indexed
    with database.transaction() as session:
        hits = search_index.matching_segments(session, project_id, _query("peer"))
        assert [hit.segment_id for hit in hits] == [ids[0], ids[2]]
        assert hits[0].document == "a.txt" and (hits[0].start, hits[0].end) == (0, 20)
        assert (
            search_index.count_matching(session, project_id, _query("peer"), SegmentFilter()) == 2
        )
        page = search_index.matching_segments(
            session, project_id, _query("peer"), limit=1, offset=1
        )
        assert [hit.segment_id for hit in page] == [ids[2]]
        after = search_index.matching_segments(session, project_id, _query("peer"), after=ids[0])
        assert [hit.segment_id for hit in after] == [ids[2]]
        stemmed = search_index.matching_segments(session, project_id, _query("listening"))
        assert [hit.segment_id for hit in stemmed] == [ids[2]]
        excluded = _query("peer", excluded=("workers",))
        assert search_index.count_matching(session, project_id, excluded, SegmentFilter()) == 1


def test_a_filtered_count_joins_the_segments(
    database: Database, indexed: tuple[int, list[int]]
) -> None:
    project_id, _ = indexed
    with database.transaction() as session:
        document_id = session.query(Document.id).scalar()
        only = SegmentFilter(document_ids=[document_id])
        none = SegmentFilter(document_ids=[document_id + 1])
        assert search_index.count_matching(session, project_id, _query("peer"), only) == 2
        assert search_index.count_matching(session, project_id, _query("peer"), none) == 0


def test_unindexed_segments_are_no_longer_matched(
    database: Database, indexed: tuple[int, list[int]]
) -> None:
    project_id, ids = indexed
    with database.transaction() as session:
        search_index.unindex_segments(session, [(ids[0], "Peer support helped.")])
        hits = search_index.matching_segments(session, project_id, _query("peer"))
        assert [hit.segment_id for hit in hits] == [ids[2]]


def test_unindexing_documents_removes_all_their_segments(
    database: Database, indexed: tuple[int, list[int]]
) -> None:
    project_id, _ = indexed
    with database.transaction() as session:
        document_id = session.query(Document.id).scalar()
        search_index.unindex_documents(session, [document_id])
        assert (
            search_index.count_matching(session, project_id, _query("peer"), SegmentFilter()) == 0
        )


def test_the_index_can_be_rebuilt_from_the_segments(
    database: Database, indexed: tuple[int, list[int]]
) -> None:
    project_id, ids = indexed
    with database.transaction() as session:
        search_index.rebuild_index(session)
        hits = search_index.matching_segments(session, project_id, _query("nothing"))
        assert [hit.segment_id for hit in hits] == [ids[1]]


def test_allocated_ids_are_fresh(database: Database, indexed: tuple[int, list[int]]) -> None:
    _, ids = indexed
    with database.transaction() as session:
        more = bulk.allocate_ids(session, TextSegment, 3)
        assert len(set(more)) == 3 and min(more) > max(ids)
        assert bulk.allocate_ids(session, TextSegment, 0) == []


def _pending_bytes(url: str) -> str | None:
    engine = create_engine(url)
    with engine.connect() as connection:
        found = connection.exec_driver_sql(
            "SELECT v FROM segment_search_config WHERE k = 'hashsize'"
        ).scalar()
    engine.dispose()
    return None if found is None else str(found)


def test_the_sqlite_index_holds_32_mib_of_new_entries_before_writing_a_segment(tmp_path) -> None:
    """Migration 0007: a bulk import writes (and merges) far fewer index segments;
    the downgrade gives FTS5 back its 1 MiB default, and the index still works."""
    url = f"sqlite:///{tmp_path / 'index.db'}"
    database = Database(url)
    project = qualframe.create_project("Index", database=database, user="tester")
    project.documents.import_bytes("a.txt", TEXT.encode())
    database.close()
    assert _pending_bytes(url) == str(32 * 1024 * 1024)

    engine = create_engine(url)
    with engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, "0006")
    engine.dispose()
    assert _pending_bytes(url) == str(1024 * 1024)

    reopened = qualframe.open_project("Index", database=url, user="tester")
    assert reopened.search.find("peer").total_segments == 2
    assert _pending_bytes(url) == str(32 * 1024 * 1024)
