"""Migration 0012: change models. A study at 0011 keeps everything through the
upgrade and a downgrade; the database itself keeps a model's graph whole,
its evidence and bindings inside the model's project, and refuses to delete
what a model cites, while a project still goes as a whole."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.exc import IntegrityError

import qualframe
from qualframe.storage.database import Database, schema_revisions
from schema_revisions import migrate

TEXT = "Interviewer: How was it?\nP01: It helped me a lot, every week.\n"
NEW_TABLES = {
    "change_models",
    "model_kinds",
    "model_nodes",
    "model_links",
    "model_node_codes",
    "model_evidence",
    "measures",
    "model_indicators",
    "model_versions",
}


def _sql(url: str, statement: str) -> list[tuple[object, ...]]:
    """Run ``statement`` in a transaction of its own (foreign keys on, as
    qualframe runs SQLite); returns its rows."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            if url.startswith("sqlite"):
                connection.exec_driver_sql("PRAGMA foreign_keys = ON")
                connection.commit()
            with connection.begin():
                result = connection.execute(text(statement))
                return [tuple(row) for row in result] if result.returns_rows else []
    finally:
        engine.dispose()


def _one(url: str, statement: str) -> int:
    return int(str(_sql(url, statement)[0][0]))


def _study(url: str, name: str = "Study") -> dict[str, int]:
    """A project with a coding, a cell and a memo; returns their ids."""
    database = Database(url)
    project = qualframe.create_project(name, database=database, user="tester")
    project.study.add_case("Trust A")
    project.study.add_participant("P01", "Trust A")
    project.documents.import_bytes("p01.txt", TEXT.encode(), participants="P01")
    project.documents.map_speaker("P01", "P01")
    project.codebook.add("Hope")
    coding = project.coding.apply("p01.txt", "Hope", 30, 39).id
    cell = project.matrix.write_summary("P01", "Hope", "Helped.").cell_id
    memo = project.memos.add("On hope", kind="analytic", code="Hope").id
    project_id = project.info.id
    database.close()
    code = _one(url, f"SELECT id FROM codes WHERE project_id = {project_id}")
    return {"project": project_id, "coding": coding, "cell": cell, "memo": memo, "code": code}


def _model(url: str, project: int, name: str = "Model") -> dict[str, int]:
    """A model with two kinds, two nodes and a link, inserted as rows."""
    moment = "'2026-12-07 10:00:00+00'"
    _sql(
        url,
        "INSERT INTO change_models (guid, version, project_id, name, description, created_at, "
        f"updated_at) VALUES ('{name}-{project}-guid', 1, {project}, '{name}', '', {moment}, "
        f"{moment})",
    )
    model = _one(
        url, f"SELECT id FROM change_models WHERE name = '{name}' AND project_id = {project}"
    )
    for kind, column in (("mechanism", 1), ("process outcome", 2)):
        _sql(
            url,
            'INSERT INTO model_kinds (model_id, name, colour, "column", outcome, position) '
            f"VALUES ({model}, '{kind}', '#B3460B', {column}, {column == 2}, 0)",
        )
    kind = _one(url, f"SELECT min(id) FROM model_kinds WHERE model_id = {model}")
    for label in ("Trust", "Hope"):
        _sql(
            url,
            "INSERT INTO model_nodes (guid, version, model_id, kind_id, label, description, "
            f"candidate, position, created_at) VALUES ('{name}-{project}-{label}', 1, {model}, "
            f"{kind}, '{label}', '', false, 0, {moment})",
        )
    trust = _one(url, f"SELECT id FROM model_nodes WHERE model_id = {model} AND label = 'Trust'")
    hope = _one(url, f"SELECT id FROM model_nodes WHERE model_id = {model} AND label = 'Hope'")
    _sql(
        url,
        "INSERT INTO model_links (guid, version, model_id, source_id, target_id, rationale, "
        f"candidate, created_at) VALUES ('{name}-{project}-link', 1, {model}, {trust}, {hope}, "
        f"'', false, {moment})",
    )
    link = _one(url, f"SELECT id FROM model_links WHERE model_id = {model}")
    return {"model": model, "kind": kind, "trust": trust, "hope": hope, "link": link}


def _evidence(url: str, model: dict[str, int], project: int, what: str, guid: str) -> str:
    return (
        "INSERT INTO model_evidence (guid, version, model_id, project_id, node_id, link_id, "
        f'coding_id, start, "end", cell_id, memo_id, stance, note, author, created_at) VALUES '
        f"('{guid}', 1, {model['model']}, {project}, {what}, 'supports', '', 'tester', "
        "'2026-12-07 10:00:00+00')"
    )


def _check_the_upgrade_and_the_rules(url: str) -> None:
    ids = _study(url)
    migrate(url, "downgrade", "0011")
    engine = create_engine(url)
    with engine.connect() as connection:
        assert not NEW_TABLES & set(inspect(connection).get_table_names())
    engine.dispose()
    database = Database(url, upgrade=True)
    assert database.schema_revision() == schema_revisions()[-1]
    project = qualframe.open_project("Study", database=database, user="tester")
    assert project.coding.get(ids["coding"]).id == ids["coding"]
    assert [m.title for m in project.memos.list()] == ["On hope"]
    database.close()

    other = _study(url, "Other")
    model = _model(url, ids["project"])
    second = _model(url, ids["project"], "Second")
    project_id = ids["project"]
    node, link = model["trust"], model["link"]
    coding, cell, memo = ids["coding"], ids["cell"], ids["memo"]
    # Evidence of each kind is accepted.
    _sql(
        url,
        _evidence(url, model, project_id, f"{node}, NULL, {coding}, NULL, NULL, NULL, NULL", "e1"),
    )
    _sql(
        url, _evidence(url, model, project_id, f"NULL, {link}, {coding}, 30, 34, NULL, NULL", "e2")
    )
    _sql(
        url,
        _evidence(url, model, project_id, f"{node}, NULL, NULL, NULL, NULL, {cell}, NULL", "e3"),
    )
    _sql(
        url,
        _evidence(url, model, project_id, f"{node}, NULL, NULL, NULL, NULL, NULL, {memo}", "e4"),
    )
    _sql(
        url,
        "INSERT INTO model_node_codes (node_id, code_id, model_id, project_id) VALUES "
        f"({node}, {ids['code']}, {model['model']}, {project_id})",
    )
    refused = [
        # The same coding twice on a node; two objects; none; two subjects.
        _evidence(url, model, project_id, f"{node}, NULL, {coding}, NULL, NULL, NULL, NULL", "x1"),
        _evidence(
            url, model, project_id, f"{node}, NULL, {coding}, NULL, NULL, {cell}, NULL", "x2"
        ),
        _evidence(url, model, project_id, f"{node}, NULL, NULL, NULL, NULL, NULL, NULL", "x3"),
        _evidence(
            url, model, project_id, f"{node}, {link}, {coding}, NULL, NULL, NULL, NULL", "x4"
        ),
        # A passage on a cell; a passage out of order.
        _evidence(url, model, project_id, f"{node}, NULL, NULL, 1, 4, {cell}, NULL", "x5"),
        _evidence(url, model, project_id, f"{node}, NULL, {coding}, 9, 4, NULL, NULL", "x6"),
        # A coding of another project; a node of another model.
        _evidence(
            url, model, project_id, f"{node}, NULL, {other['coding']}, NULL, NULL, NULL, NULL", "x7"
        ),
        _evidence(
            url,
            model,
            project_id,
            f"{second['trust']}, NULL, {coding}, NULL, NULL, NULL, NULL",
            "x8",
        ),
        # A link to itself, a link to a node of another model, a repeated link.
        "INSERT INTO model_links (guid, version, model_id, source_id, target_id, rationale, "
        f"candidate, created_at) VALUES ('l1', 1, {model['model']}, {node}, {node}, '', false, "
        "'2026-12-07 10:00:00+00')",
        "INSERT INTO model_links (guid, version, model_id, source_id, target_id, rationale, "
        f"candidate, created_at) VALUES ('l2', 1, {model['model']}, {node}, {second['hope']}, '', "
        "false, '2026-12-07 10:00:00+00')",
        "INSERT INTO model_links (guid, version, model_id, source_id, target_id, rationale, "
        f"candidate, created_at) VALUES ('l3', 1, {model['model']}, {node}, {model['hope']}, '', "
        "false, '2026-12-07 10:00:00+00')",
        # A node whose kind is another model's; a code of another project bound.
        "INSERT INTO model_nodes (guid, version, model_id, kind_id, label, description, "
        f"candidate, position, created_at) VALUES ('n1', 1, {model['model']}, {second['kind']}, "
        "'Odd', '', false, 0, '2026-12-07 10:00:00+00')",
        "INSERT INTO model_node_codes (node_id, code_id, model_id, project_id) VALUES "
        f"({model['hope']}, {other['code']}, {model['model']}, {project_id})",
    ]
    for statement in refused:
        with pytest.raises(IntegrityError):
            _sql(url, statement)
    # What a model cites cannot be deleted under it.
    for statement in (
        f"DELETE FROM codings WHERE id = {coding}",
        f"DELETE FROM matrix_cells WHERE id = {cell}",
        f"DELETE FROM memos WHERE id = {memo}",
        f"DELETE FROM codes WHERE id = {ids['code']}",
    ):
        with pytest.raises(IntegrityError):
            _sql(url, statement)
    assert _one(url, "SELECT count(*) FROM model_evidence") == 4
    # A node goes with its links and evidence; the project goes as a whole.
    _sql(url, f"DELETE FROM model_nodes WHERE id = {model['hope']}")
    assert _one(url, f"SELECT count(*) FROM model_links WHERE model_id = {model['model']}") == 0
    assert _one(url, "SELECT count(*) FROM model_evidence") == 3
    _sql(url, f"DELETE FROM projects WHERE id = {project_id}")
    for table in NEW_TABLES - {"measures"}:
        assert _one(url, f"SELECT count(*) FROM {table}") == 0, table
    assert _one(url, "SELECT count(*) FROM codings") == 1  # the other project's


def test_an_sqlite_database_keeps_its_study_and_the_change_model_rules(tmp_path) -> None:
    _check_the_upgrade_and_the_rules(f"sqlite:///{tmp_path / 'study.db'}")


@pytest.mark.postgres
def test_a_postgresql_database_keeps_its_study_and_the_change_model_rules(
    server_database: str,
) -> None:
    _check_the_upgrade_and_the_rules(server_database)
