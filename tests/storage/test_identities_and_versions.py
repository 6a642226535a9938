"""Migration 0003 gives every exchanged object a GUID and every edited record a
version, keeping every row of a database made by the previous release; and the
migrations build exactly the schema the models declare."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import MetaData, create_engine, func, select, text

import qualframe
from qualframe.storage.database import Database
from qualframe.storage.models import Base
from schema_revisions import at_revision

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)

#: The rows a study made with release 0002 holds (one of each kind), by table.
OLD_ROWS: dict[str, list[dict[str, object]]] = {
    "projects": [{"id": 1, "name": "Old study", "description": "", "created_at": NOW}],
    "attribute_definitions": [
        {
            "id": 1,
            "project_id": 1,
            "name": "employer",
            "level": "case",
            "type": "text",
            "levels": [],
            "description": "",
            "position": 0,
            "typology": False,
        },
    ],
    "cases": [
        {"id": 1, "project_id": 1, "name": "Trust A", "description": ""},
        {"id": 2, "project_id": 1, "name": "Charity B", "description": ""},
    ],
    "participants": [
        {"id": 1, "project_id": 1, "case_id": 1, "identifier": "01", "description": ""},
    ],
    "attribute_values": [
        {"id": 1, "definition_id": 1, "case_id": 1, "value": "NHS", "number": None},
    ],
    "questions": [
        {
            "id": 1,
            "project_id": 1,
            "identifier": "Q1",
            "position": 0,
            "text": "Role?",
            "kind": "open",
            "scale": None,
            "levels": [],
            "heading": "",
        },
    ],
    "documents": [
        {
            "id": 1,
            "project_id": 1,
            "name": "p01.txt",
            "title": "P01",
            "format": "text",
            "text": "I felt hope.",
            "length": 12,
            "content_hash": "h1",
            "details": {},
            "position": None,
            "imported_at": NOW,
            "imported_by": "ana",
        },
    ],
    "codes": [
        {
            "id": 1,
            "project_id": 1,
            "parent_id": None,
            "name": "Hope",
            "definition": "",
            "inclusion": "",
            "exclusion": "",
            "example": "",
            "origin": "deductive",
            "colour": None,
            "retired": False,
            "position": 0,
            "created_at": NOW,
        },
    ],
    "codings": [
        {
            "id": 1,
            "project_id": 1,
            "document_id": 1,
            "code_id": 1,
            "start": 2,
            "end": 11,
            "quote": "felt hope",
            "coder": "ana",
            "participant_id": 1,
            "speaker": None,
            "created_at": NOW,
        },
    ],
    "memos": [
        {
            "id": 1,
            "project_id": 1,
            "kind": "analytic",
            "title": "On hope",
            "body": "…",
            "author": "ana",
            "coding_id": 1,
            "created_at": NOW,
            "updated_at": NOW,
        },
    ],
    "matrix_cells": [
        {
            "id": 1,
            "project_id": 1,
            "code_id": 1,
            "row_kind": "participant",
            "participant_id": 1,
            "summary": "Hopeful.",
            "status": "done",
            "author": "ana",
            "created_at": NOW,
            "updated_at": NOW,
        },
    ],
    "cell_quotes": [{"cell_id": 1, "coding_id": 1, "position": 0}],
}

IDENTIFIED = (
    "projects",
    "attribute_definitions",
    "cases",
    "participants",
    "questions",
    "documents",
    "codes",
    "codings",
    "memos",
    "matrix_cells",
)
VERSIONED = (
    "attribute_definitions",
    "cases",
    "participants",
    "documents",
    "codes",
    "memos",
    "matrix_cells",
)


def _fill_at_0002(url: str) -> None:
    at_revision(url, "0002")
    engine = create_engine(url)
    old = MetaData()
    old.reflect(engine)
    with engine.begin() as connection:
        for table, rows in OLD_ROWS.items():
            connection.execute(old.tables[table].insert(), rows)
        if engine.dialect.name == "postgresql":
            for table in OLD_ROWS:
                if "id" in old.tables[table].c:
                    connection.execute(
                        text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), 10)")
                    )
    engine.dispose()


def _check_upgrade_keeps_rows_and_fills_identities(url: str) -> None:
    _fill_at_0002(url)
    database = Database(url, upgrade=True)
    current = MetaData()
    current.reflect(database.engine)
    with database.engine.connect() as connection:
        for table, rows in OLD_ROWS.items():
            count = connection.execute(select(func.count()).select_from(current.tables[table]))
            assert count.scalar() == len(rows), table
        guids = []
        for table in IDENTIFIED:
            found = connection.execute(select(current.tables[table].c.guid)).scalars().all()
            assert all(uuid.UUID(guid).version == 4 for guid in found), table
            guids += found
        assert len(set(guids)) == len(guids), "a GUID was given twice"
        for table in VERSIONED:
            versions = connection.execute(select(current.tables[table].c.version)).scalars()
            assert set(versions) == {1}, table
    # The old study works on: its data reads back and edits bump versions.
    project = qualframe.open_project("Old study", database=database, user="ben")
    code = project.codebook.edit("Hope", definition="Looking forward.")
    assert code.version == 2
    assert project.coding.codings()["text"].tolist() == ["felt hope"]
    # The search index still reads the documents (SQLite's view was rebuilt).
    assert project.search.find("hope")
    new_case = project.study.add_case("Trust C")
    assert uuid.UUID(project.study.cases()[-1].guid) and new_case.version == 1
    database.close()


def test_an_sqlite_database_of_release_0002_keeps_every_row_and_gains_identities(
    tmp_path,
) -> None:
    _check_upgrade_keeps_rows_and_fills_identities(f"sqlite:///{tmp_path / 'old.db'}")


@pytest.mark.postgres
def test_a_postgresql_database_of_release_0002_keeps_every_row_and_gains_identities(
    server_database: str,
) -> None:
    _check_upgrade_keeps_rows_and_fills_identities(server_database)


def _not_search_index(obj, name, type_, reflected, compare_to) -> bool:
    # The full-text index is made by hand in the migrations, not by the models.
    return not (type_ == "table" and name is not None and name.startswith("segment_search"))


def test_the_migrations_build_exactly_the_schema_the_models_declare(database_url: str) -> None:
    database = Database(database_url)
    with database.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_object": _not_search_index, "compare_type": True}
        )
        differences = compare_metadata(context, Base.metadata)
    database.close()
    assert differences == []
