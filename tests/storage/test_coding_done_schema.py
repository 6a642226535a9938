"""Migration 0008: documents may carry a "coding done" mark. A database at 0007
keeps every document and coding through the upgrade (no document is marked),
and a downgrade to 0007 drops only the marks."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, inspect, text

import qualframe
from qualframe.storage.database import Database, schema_revisions
from schema_revisions import migrate

TEXT = "Interviewer: How was it?\nP01: It helped me a lot, every week.\n"


def _rows(url: str) -> tuple[list[str], list[tuple[object, ...]], int]:
    """The documents table's columns, its (name, version) rows and the codings."""
    engine = create_engine(url)
    with engine.connect() as connection:
        columns = [c["name"] for c in inspect(connection).get_columns("documents")]
        documents = [
            tuple(row)
            for row in connection.execute(text("SELECT name, version FROM documents ORDER BY name"))
        ]
        codings = connection.execute(text("SELECT count(*) FROM codings")).scalar_one()
    engine.dispose()
    return columns, documents, int(codings)


def _check_down_and_up_keeps_the_documents(url: str) -> None:
    database = Database(url)
    project = qualframe.create_project("Study", database=database, user="tester")
    project.documents.import_bytes("p01.txt", TEXT.encode())
    project.documents.import_bytes("p02.txt", b"P02: Not coded yet.\n")
    code = project.codebook.add("Help")
    project.coding.apply("p01.txt", code.id, 30, 44)
    project.documents.mark_coding_done("p01.txt")
    _, before, _ = _rows(url)
    database.close()

    migrate(url, "downgrade", "0007")
    columns, documents, codings = _rows(url)
    assert "coding_done_at" not in columns and "coding_done_by" not in columns
    assert (documents, codings) == (before, 1)

    # Upgrading from 0007, as an older qualframe left it: every document kept, none marked.
    database = Database(url, upgrade=True)
    assert database.schema_revision() == schema_revisions()[-1]
    project = qualframe.open_project("Study", database=database, user="tester")
    progress = {p.document: p.status for p in project.documents.coding_progress()}
    assert progress == {"p01.txt": "in progress", "p02.txt": "not coded"}
    assert project.documents.mark_coding_done("p01.txt").done_by == "tester"
    # The search index reads the documents table: it still finds their text.
    assert [hit.document for hit in project.search("helped").hits] == ["p01.txt"]
    database.close()


def test_an_sqlite_database_goes_down_to_0007_and_up_again_keeping_its_documents(
    tmp_path,
) -> None:
    _check_down_and_up_keeps_the_documents(f"sqlite:///{tmp_path / 'study.db'}")


@pytest.mark.postgres
def test_a_postgresql_database_goes_down_to_0007_and_up_again_keeping_its_documents(
    server_database: str,
) -> None:
    _check_down_and_up_keeps_the_documents(server_database)
