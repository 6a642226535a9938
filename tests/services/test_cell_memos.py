"""Memos on framework-matrix cells: written where the charting happens, shown
on the cell and counted in the grid."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

import qualframe
from qualframe.errors import NotFoundError, ValidationError
from qualframe.storage.models import MatrixCell, Memo
from qualframe.vocabulary import MemoTarget
from services.matrix_study import MatrixStudy, build_study


@pytest.fixture
def study(project: qualframe.Project) -> MatrixStudy:
    return build_study(project)


def _rows(project: qualframe.Project) -> tuple[int, int, int]:
    """Stored cells, memos and audit entries: what a refused memo must leave."""
    with project.database.transaction() as session:
        cells = session.scalar(select(func.count()).select_from(MatrixCell)) or 0
        memos = session.scalar(select(func.count()).select_from(Memo)) or 0
    return cells, memos, len(project.audit_log())


def test_a_memo_on_a_cell_not_stored_yet_stores_it_empty(study: MatrixStudy) -> None:
    matrix = study.project.matrix
    assert matrix.cell("P1", "Hope").cell_id is None
    written = matrix.add_memo("P1", "Hope", "Hope or relief?", body="Reads as *relief*.")
    cell = matrix.cell("P1", "Hope")
    assert written.cell.cell_id == cell.cell_id and cell.version == 1
    assert (cell.summary, cell.stored_status.value if cell.stored_status else None) == (
        "",
        "empty",
    )
    assert written.memo.title == "Hope or relief?" and written.memo.kind.value == "analytic"
    assert [(link.target_type, link.target_id) for link in written.memo.links] == [
        (MemoTarget.CELL, cell.cell_id)
    ]
    assert written.memo.links[0].label.startswith("cell: P1 × ")
    assert matrix.history("P1", "Hope")["action"].tolist() == ["create"]
    actions = study.project.audit_log()["action"].tolist()[-2:]
    assert actions == ["cell.create", "memo.create"]
    (memo,) = study.project.memos.on_cells([cell.cell_id])[cell.cell_id]
    assert memo.id == written.memo.id


def test_a_memo_on_a_charted_cell_leaves_the_cell_as_it_is(study: MatrixStudy) -> None:
    matrix = study.project.matrix
    charted = matrix.write_summary("P1", "Hope", "Hopes things improve.")
    matrix.add_memo("P1", "Hope", "Second thoughts", kind="reflexive")
    cell = matrix.cell("P1", "Hope")
    assert (cell.version, cell.summary) == (charted.version, "Hopes things improve.")
    assert matrix.history("P1", "Hope")["action"].tolist() == ["write"]


def test_a_memo_linked_to_a_code_a_document_and_a_cell_is_on_that_cell(
    study: MatrixStudy,
) -> None:
    written = study.project.matrix.add_memo(
        "P10",
        "Barriers > Stigma",
        "Stigma across groups",
        kind="theoretical",
        links=[("code", "Barriers > Stigma"), ("document", "interview-P10")],
    )
    kinds = [link.target_type for link in written.memo.links]
    assert kinds == [MemoTarget.CELL, MemoTarget.CODE, MemoTarget.DOCUMENT]
    cell_id = written.cell.cell_id
    (memo,) = study.project.memos.on_cells([cell_id])[cell_id]
    assert memo.title == "Stigma across groups"
    assert "code: Barriers > Stigma" in memo.target_label
    assert "document: interview-P10" in memo.target_label
    # The memo is found from the code and the document too.
    assert [m.id for m in study.project.memos.list(code="Barriers > Stigma")] == [memo.id]


@pytest.mark.parametrize(
    ("title", "links", "error", "message"),
    [
        ("  ", [], ValidationError, "title"),
        ("Fine title", [("document", "no-such-interview")], NotFoundError, "no-such-interview"),
        ("Fine title", [("code", "Hope"), ("code", "Hope")], ValidationError, "twice"),
    ],
)
def test_a_refused_memo_stores_neither_memo_nor_cell(
    study: MatrixStudy, title: str, links: list, error: type[Exception], message: str
) -> None:
    before = _rows(study.project)
    with pytest.raises(error, match=message):
        study.project.matrix.add_memo("P1", "Hope", title, links=links)
    assert _rows(study.project) == before
    assert study.project.matrix.cell("P1", "Hope").cell_id is None


def test_a_memo_on_an_unknown_row_is_refused(study: MatrixStudy) -> None:
    before = _rows(study.project)
    with pytest.raises(NotFoundError, match="P99"):
        study.project.matrix.add_memo("P99", "Hope", "Lost")
    assert _rows(study.project) == before


def test_the_matrix_counts_the_memos_of_its_cells(study: MatrixStudy) -> None:
    matrix = study.project.matrix
    matrix.add_memo("P1", "Hope", "One")
    matrix.add_memo("P1", "Hope", "Two")
    matrix.add_memo("case:Trust A", "Hope", "On the case")
    matrix.add_memo("P2", "Trust", "Not in this matrix")
    matrix.write_summary("P10", "Hope", "No memo here.")
    counts = matrix.memo_counts(matrix.spec(columns=["Hope"], group_by=["case"]))
    assert [(c.row_kind.value, c.row_key, c.memos) for c in counts] == [
        ("participant", "P1", 2),
        ("case", "Trust A", 1),
    ]


def test_a_memo_on_a_cell_folded_by_a_code_merge_moves_to_the_combined_cell(
    study: MatrixStudy,
) -> None:
    project, matrix = study.project, study.project.matrix
    project.codebook.add("Relief")
    matrix.write_summary("P1", "Hope", "Hopes things improve.")
    matrix.write_summary("P1", "Relief", "Relieved to be heard.")
    written = matrix.add_memo("P1", "Relief", "Relief is hope?", links=[("code", "Hope")])
    project.codebook.merge("Relief", "Hope")
    combined = matrix.cell("P1", "Hope").cell_id
    assert combined is not None
    (memo,) = project.memos.on_cells([combined])[combined]
    assert memo.id == written.memo.id
    assert [link.target_type for link in memo.links] == [MemoTarget.CELL, MemoTarget.CODE]


def test_a_cell_link_says_where_the_cell_is_in_the_matrix_for_any_row(
    study: MatrixStudy,
) -> None:
    project, matrix = study.project, study.project.matrix
    on_person = matrix.add_memo("P1", "Hope", "A person's cell").memo.links[0]
    on_group = matrix.add_memo(
        {"stakeholder group": "peer worker"}, "Hope", "A group's cell"
    ).memo.links[0]
    assert (on_person.cell_row, on_person.cell_code) == ("participant:P1", "Hope")
    assert (on_group.cell_row, on_group.cell_code) == ("stakeholder group=peer worker", "Hope")
    # The places given resolve back to the same cells.
    assert matrix.cell(on_person.cell_row, on_person.cell_code).cell_id == on_person.target_id
    assert matrix.cell(on_group.cell_row, on_group.cell_code).cell_id == on_group.target_id
    assert project.memos.describe_target(("cell", on_group.target_id)).cell_row == (
        "stakeholder group=peer worker"
    )


def test_deleting_a_code_removes_memo_links_to_its_cells_and_says_so(
    study: MatrixStudy,
) -> None:
    project = study.project
    project.codebook.add("Spare")
    written = project.matrix.add_memo("P1", "Spare", "On the cell", links=[("participant", "P1")])
    summary = project.codebook.delete("Spare")
    after = project.memos.get(written.memo.id)
    assert summary.memos_unlinked == 1
    assert after.version == written.memo.version + 1
    assert [link.label for link in after.links] == ["participant: P1"]
    assert "the memos stay (without those links)" in summary.effect


def test_deleting_a_participant_removes_memo_links_to_their_cells_and_says_so(
    study: MatrixStudy,
) -> None:
    project = study.project
    project.study.add_participant("P9", "Trust A")
    written = project.matrix.add_memo("participant:P9", "Hope", "On P9's cell")
    project.study.delete_participant("P9")
    after = project.memos.get(written.memo.id)
    assert after.links == () and after.version == written.memo.version + 1
    assert "1 memo on it kept" in project.audit_log()["summary"].tolist()[-1]
