"""The database opens through the migrations and enforces invariants itself."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect
from sqlalchemy.exc import IntegrityError

import qualframe
from qualframe.storage.database import Database
from qualframe.storage.models import Case, Code, Coding, Document, Participant


def test_opening_builds_every_table_through_the_migrations(database: Database) -> None:
    tables = set(inspect(database.engine).get_table_names())
    assert {"projects", "documents", "codings", "codes", "audit_log", "alembic_version"} <= tables
    assert "segment_search" in tables


def test_opening_twice_is_harmless(database_url: str) -> None:
    Database(database_url).close()
    Database(database_url).close()


def test_sqlite_database_has_foreign_keys_on_and_wal(tmp_path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'a.db'}")
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    db.close()


def test_a_malformed_url_is_a_configuration_error() -> None:
    with pytest.raises(qualframe.ConfigurationError, match="not a database URL"):
        Database("no such thing")


def _document(project_id: int) -> Document:
    return Document(
        project_id=project_id,
        name="a.txt",
        title="a",
        format="text",
        text="hello",
        length=5,
        content_hash="h",
    )


def test_the_database_rejects_a_span_with_start_after_end(
    database: Database, project: qualframe.Project
) -> None:
    with pytest.raises(IntegrityError), database.transaction() as session:
        document = _document(project.info.id)
        code = Code(project_id=project.info.id, name="c")
        session.add_all([document, code])
        session.flush()
        session.add(
            Coding(
                project_id=project.info.id,
                document_id=document.id,
                code_id=code.id,
                start=4,
                end=2,
                quote="",
                coder="x",
            )
        )
        session.flush()


def test_the_database_keeps_a_participant_in_its_case_project(
    database: Database, project: qualframe.Project
) -> None:
    other = qualframe.create_project("Other", database=database)
    with pytest.raises(IntegrityError), database.transaction() as session:
        case = Case(project_id=other.info.id, name="Trust A")
        session.add(case)
        session.flush()
        session.add(Participant(project_id=project.info.id, case_id=case.id, identifier="P1"))
        session.flush()


def test_upgrading_an_older_sqlite_database_keeps_its_data(tmp_path) -> None:
    from alembic import command
    from sqlalchemy import create_engine, text

    from qualframe.storage.database import alembic_config

    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_engine(url)
    with engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
        connection.execute(
            text(
                "INSERT INTO projects (id, name, description, created_at) "
                "VALUES (1, 'Old', '', '2025-01-01')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO attribute_definitions (id, project_id, name, level, type, levels, "
                "description, position) VALUES (1, 1, 'employer', 'case', 'categorical', "
                "'[\"NHS\"]', '', 0)"
            )
        )
        connection.execute(
            text(
                "INSERT INTO cases (id, project_id, name, description) VALUES (1, 1, 'Trust A', '')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO attribute_values (definition_id, case_id, value) VALUES (1, 1, 'NHS')"
            )
        )
    engine.dispose()
    db = Database(url)  # upgrades to the newest schema
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM attribute_values").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    db.close()
