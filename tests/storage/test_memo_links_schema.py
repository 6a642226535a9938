"""Migration 0011: a memo's links move to ``memo_links``. A database at 0010
keeps every memo and its link (passages included) through the upgrade; a
downgrade to 0010 keeps each memo's first link an older qualframe can hold."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, inspect
from sqlalchemy.exc import IntegrityError

import qualframe
from qualframe.storage.database import Database, schema_revisions
from schema_revisions import migrate, run_sql

TEXT = "Interviewer: How was it?\nP01: It helped me a lot, every week.\n"
LINKS = 'document_id, code_id, coding_id, case_id, participant_id, start, "end"'


def _study(url: str) -> dict[str, int]:
    """A project with memos on each kind of object; returns the ids of note."""
    database = Database(url)
    project = qualframe.create_project("Study", database=database, user="tester")
    project.study.add_case("Trust A")
    project.study.add_participant("P01", "Trust A")
    project.documents.import_bytes("p01.txt", TEXT.encode(), participants="P01")
    project.documents.map_speaker("P01", "P01")
    project.codebook.add("Hope")
    coding = project.coding.apply("p01.txt", "Hope", 30, 39).id
    cell = project.matrix.write_summary("P01", "Hope", "Helped.").cell_id
    memos = project.memos
    memos.add("On code", kind="analytic", code="Hope")
    memos.annotate("p01.txt", 0, 11, body="The opening.", title="Passage")
    memos.add("On coding", kind="analytic", coding=coding, body="Weekly help")
    memos.add("On case", kind="reflexive", case="Trust A")
    memos.add(
        "Several",
        kind="analytic",
        participant="P01",
        links=[("cell", cell), ("document", "p01.txt")],
    )
    memos.add("Cell first", kind="analytic", cell=cell, links=[("code", "Hope")])
    memos.add("Project", kind="methodological")
    database.close()
    ids = {"coding": coding, "cell": cell}
    for name, table in (("document", "documents"), ("code", "codes"), ("case", "cases")):
        ids[name] = int(str(run_sql(url, f"SELECT id FROM {table}")[0][0]))
    ids["participant"] = int(str(run_sql(url, "SELECT id FROM participants")[0][0]))
    return ids


def _check_down_and_up_keeps_the_links(url: str) -> None:
    ids = _study(url)
    migrate(url, "downgrade", "0010")
    engine = create_engine(url)
    with engine.connect() as connection:
        assert "memo_links" not in inspect(connection).get_table_names()
    engine.dispose()
    kept = run_sql(url, f"SELECT title, {LINKS}, version FROM memos ORDER BY id")
    document, code, coding = ids["document"], ids["code"], ids["coding"]
    case = ids["case"]
    assert kept == [
        ("On code", None, code, None, None, None, None, None, 1),
        ("Passage", document, None, None, None, None, 0, 11, 1),
        ("On coding", None, None, coding, None, None, None, None, 1),
        ("On case", None, None, None, case, None, None, None, 1),
        # The first link is kept; the memo lost two, so it counts a version.
        ("Several", None, None, None, None, ids["participant"], None, None, 2),
        # An older qualframe has no cell links: the first link it can hold.
        ("Cell first", None, code, None, None, None, None, None, 2),
        ("Project", None, None, None, None, None, None, None, 1),
    ]
    # As an older qualframe could leave it: a passage of a deleted document.
    run_sql(
        url,
        "INSERT INTO memos (guid, version, project_id, kind, title, body, author, created_at, "
        "updated_at, start, \"end\") SELECT 'a1b2c3d4-0000-4000-8000-000000000011', 1, id, "
        "'analytic', 'Orphan passage', '', 'tester', created_at, created_at, 3, 8 FROM projects",
    )

    database = Database(url, upgrade=True)
    assert database.schema_revision() == schema_revisions()[-1]
    project = qualframe.open_project("Study", database=database, user="tester")
    labels = {memo.title: (memo.target_label, memo.version) for memo in project.memos.list()}
    assert labels == {
        "On code": ("code: Hope", 1),
        "Passage": ("document: p01.txt [0:11]", 1),
        "On coding": (f"coding: #{coding} Hope in p01.txt [30:39]", 1),
        "On case": ("case: Trust A", 1),
        "Several": ("participant: P01", 2),
        "Cell first": ("code: Hope", 2),
        "Project": ("project", 1),
        "Orphan passage": ("project", 1),
    }
    passage = next(m for m in project.memos.list() if m.title == "Passage")
    assert (passage.start, passage.end, passage.document_id) == (0, 11, document)
    # Memos are found by their text and their links as before.
    assert [m.title for m in project.memos.list(contains="weekly")] == ["On coding"]
    assert [m.title for m in project.memos.in_document("p01.txt")] == ["Passage", "On coding"]
    linked = project.memos.link(passage.id, ("cell", ids["cell"]))
    assert linked.target_label == "document: p01.txt [0:11]; cell: P01 × Hope"
    assert [hit.document for hit in project.search("helped").hits] == ["p01.txt"]
    database.close()
    _check_the_database_keeps_the_rules(url, passage.id, ids)


def _check_the_database_keeps_the_rules(url: str, memo_id: int, ids: dict[str, int]) -> None:
    insert = "INSERT INTO memo_links (memo_id, position, {columns}) VALUES ({values})"
    refused = [
        # The same code twice on one memo.
        insert.format(columns="code_id", values=f"{memo_id}, 5, {ids['code']}"),
        insert.format(columns="code_id", values=f"{memo_id}, 6, {ids['code']}"),
        # Two objects in one link; none.
        insert.format(
            columns="code_id, case_id", values=f"{memo_id}, 7, {ids['code']}, {ids['code']}"
        ),
        insert.format(columns="start", values=f"{memo_id}, 8, 0"),
        # A passage on a code; out of order.
        insert.format(columns='code_id, start, "end"', values=f"{memo_id}, 9, {ids['code']}, 0, 4"),
        insert.format(
            columns='document_id, start, "end"', values=f"{memo_id}, 9, {ids['document']}, 5, 4"
        ),
        # The same passage twice.
        insert.format(
            columns='document_id, start, "end"', values=f"{memo_id}, 9, {ids['document']}, 0, 11"
        ),
    ]
    run_sql(url, refused[0])
    for statement in refused[1:]:
        with pytest.raises(IntegrityError):
            run_sql(url, statement)
    # A link goes with its object; the memo stays.
    run_sql(url, "DELETE FROM matrix_cells")
    assert run_sql(url, f"SELECT count(*) FROM memo_links WHERE memo_id = {memo_id}") == [(2,)]
    assert run_sql(url, f"SELECT count(*) FROM memos WHERE id = {memo_id}") == [(1,)]


def test_an_sqlite_database_goes_down_to_0010_and_up_again_keeping_its_links(tmp_path) -> None:
    _check_down_and_up_keeps_the_links(f"sqlite:///{tmp_path / 'study.db'}")


@pytest.mark.postgres
def test_a_postgresql_database_goes_down_to_0010_and_up_again_keeping_its_links(
    server_database: str,
) -> None:
    _check_down_and_up_keeps_the_links(server_database)
