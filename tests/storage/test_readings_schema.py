"""Migration 0009: who has read each document, and the memo kind
"familiarisation". A database at 0008 keeps every document and memo through
the upgrade (nobody has read anything yet); a downgrade to 0008 drops only
the reading marks and keeps familiarisation notes as analytic memos."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, inspect, text

import qualframe
from qualframe.storage.database import Database, schema_revisions
from schema_revisions import migrate

TEXT = "Interviewer: How was it?\nP01: It helped me a lot, every week.\n"


def _rows(url: str) -> tuple[list[str], list[tuple[object, ...]], list[tuple[object, ...]]]:
    """The tables, the (name, version) of documents and (title, kind, body) of memos."""
    engine = create_engine(url)
    with engine.connect() as connection:
        tables = inspect(connection).get_table_names()
        documents = [
            tuple(row)
            for row in connection.execute(text("SELECT name, version FROM documents ORDER BY name"))
        ]
        memos = [
            tuple(row)
            for row in connection.execute(text("SELECT title, kind, body FROM memos ORDER BY id"))
        ]
    engine.dispose()
    return tables, documents, memos


def _check_down_and_up_keeps_the_data(url: str) -> None:
    database = Database(url)
    project = qualframe.create_project("Study", database=database, user="tester")
    project.documents.import_bytes("p01.txt", TEXT.encode())
    project.documents.import_bytes("p02.txt", b"P02: Not read yet.\n")
    project.memos.add("Sampling", kind="methodological", body="Two sites.")
    project.documents.mark_read("p01.txt")
    notes = project.documents.familiarisation_notes("p01.txt")
    project.memos.edit(notes.id, body="Warm, hopeful.")
    _, documents_before, _ = _rows(url)
    database.close()

    migrate(url, "downgrade", "0008")
    tables, documents, memos = _rows(url)
    assert "document_readings" not in tables
    assert documents == documents_before
    assert memos == [
        ("Sampling", "methodological", "Two sites."),
        ("Familiarisation notes: p01.txt", "analytic", "Warm, hopeful."),
    ]

    # Upgrading from 0008, as an older qualframe left it: everything kept, nothing read.
    database = Database(url, upgrade=True)
    assert database.schema_revision() == schema_revisions()[-1]
    project = qualframe.open_project("Study", database=database, user="tester")
    progress = project.documents.reading_progress()
    assert [row.read_by for row in progress.documents] == [(), ()]
    assert [m.kind.value for m in project.memos.list()] == ["methodological", "analytic"]
    assert project.documents.mark_read("p02.txt").read
    again = project.documents.familiarisation_notes("p01.txt")
    assert again.kind.value == "familiarisation" and again.id != notes.id
    # The search index reads the documents table: it still finds their text.
    assert [hit.document for hit in project.search("helped").hits] == ["p01.txt"]
    database.close()


def test_an_sqlite_database_goes_down_to_0008_and_up_again_keeping_its_data(tmp_path) -> None:
    _check_down_and_up_keeps_the_data(f"sqlite:///{tmp_path / 'study.db'}")


@pytest.mark.postgres
def test_a_postgresql_database_goes_down_to_0008_and_up_again_keeping_its_data(
    server_database: str,
) -> None:
    _check_down_and_up_keeps_the_data(server_database)
