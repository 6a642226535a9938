"""What a cell editor needs from the services: the excerpts a cell can quote,
drafting one cell, the status an edit saves, and writes answering the stored
cell (counts are read as the matrix counts them)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

import qualframe
from qualframe.errors import NotFoundError, ValidationError
from qualframe.services.cells.charting import clean_summary, edited_status
from qualframe.storage.models import CellQuote, CellRevision, MatrixCell
from qualframe.vocabulary import CellStatus as S, RowKind
from services.matrix_study import MatrixStudy, build_study, span


@pytest.fixture
def study(project: qualframe.Project) -> MatrixStudy:
    return build_study(project)


def _stored(project: qualframe.Project) -> tuple[int, int, int, int]:
    """Cells, quotes, revisions, audit entries."""
    with project.database.transaction() as session:
        tables = [
            session.scalar(select(func.count()).select_from(model)) or 0
            for model in (MatrixCell, CellQuote, CellRevision)
        ]
    return (*tables, len(project.audit_log()))  # type: ignore[return-value]


def test_a_cells_excerpts_are_its_rows_codings_of_the_code_with_their_place(
    study: MatrixStudy,
) -> None:
    before = _stored(study.project)
    found = study.project.matrix.excerpts("P1", "Barriers > Stigma")
    assert len(found) == 1
    excerpt = found[0]
    quote = excerpt.quote
    assert (quote.coding_id, quote.text, quote.participant) == (
        study.codings["P1", "Barriers > Stigma"],
        "stigma",
        "P1",
    )
    assert (quote.start, quote.end) == span("stigma")
    assert quote.reference == "interview-P1, P1, para 2"
    assert quote.document == "interview-P1" and quote.document_id > 0
    assert (excerpt.code_path, excerpt.linked) == ("Barriers > Stigma", False)
    assert _stored(study.project) == before  # reading creates nothing


def test_sub_codes_count_only_when_asked(study: MatrixStudy) -> None:
    matrix = study.project.matrix
    assert matrix.excerpts("P1", "Barriers") == []
    found = matrix.excerpts("P1", "Barriers", include_subcodes=True)
    assert [e.code_path for e in found] == ["Barriers > Stigma", "Barriers > Boundaries > Rules"]
    assert [e.quote.paragraph for e in found] == [2, 3]


def test_an_excerpt_quoted_in_the_cell_is_marked_linked(study: MatrixStudy) -> None:
    matrix, coding_id = study.project.matrix, study.codings["P2", "Hope"]
    matrix.link_quote("P2", "Hope", coding_id)
    assert [(e.quote.coding_id, e.linked) for e in matrix.excerpts("P2", "Hope")] == [
        (coding_id, True)
    ]
    # The same coding is not quoted in the case's cell.
    assert [e.linked for e in matrix.excerpts("case:Trust A", "Hope")] == [False, False]


def test_case_and_group_cells_draw_on_all_their_participants(study: MatrixStudy) -> None:
    matrix = study.project.matrix
    case = matrix.excerpts("case:Trust A", "Hope")
    assert [e.quote.participant for e in case] == ["P1", "P2"]
    group = matrix.excerpts({"stakeholder group": "peer worker"}, "Barriers > Stigma")
    assert [e.quote.participant for e in group] == ["P1", "P10"]
    assert matrix.excerpts("P3", "Hope") == []


def test_excerpts_of_an_unknown_row_are_refused(study: MatrixStudy) -> None:
    with pytest.raises(NotFoundError, match="No participant or case called 'P99'"):
        study.project.matrix.excerpts("P99", "Hope")


def test_drafting_one_cell_fills_only_that_cell(study: MatrixStudy) -> None:
    matrix = study.project.matrix
    report = matrix.draft_cell("P2", "Hope")
    assert (report.drafted, report.skipped, report.quotes_linked) == (1, 0, 1)
    cell = matrix.cell("P2", "Hope")
    assert cell.status is S.DRAFT and cell.summary == "- “hope” (interview-P2, P2)"
    assert matrix.cell("P1", "Hope").cell_id is None
    again = matrix.draft_cell("P2", "Hope")  # a draft with text is the analyst's to rewrite
    assert (again.drafted, again.skipped) == (0, 1)


def test_drafting_a_group_cell_and_a_cell_without_data(study: MatrixStudy) -> None:
    matrix = study.project.matrix
    group = {"stakeholder group": "peer worker"}
    report = matrix.draft_cell(group, "Barriers", include_subcodes=True)
    assert (report.drafted, report.quotes_linked) == (1, 4)  # P1: 2, P10: 2
    cell = matrix.cell(group, "Barriers", include_subcodes=True)
    assert cell.row_kind is RowKind.GROUP and len(cell.quotes) == 4
    empty = matrix.draft_cell("P3", "Hope")
    assert (empty.drafted, empty.without_data) == (0, 1)
    assert matrix.cell("P3", "Hope").cell_id is None


def test_drafting_a_charted_cell_writes_nothing(study: MatrixStudy) -> None:
    matrix = study.project.matrix
    matrix.set_status("P1", "Hope", "no data")
    before = _stored(study.project)
    assert matrix.draft_cell("P1", "Hope").skipped == 1
    assert _stored(study.project) == before


@pytest.mark.parametrize(
    ("shown", "chosen", "summary", "saved"),
    [
        ("empty", "empty", "Hopes things improve.", None),  # charting: done
        ("empty", "draft", "Hopes things improve.", S.DRAFT),  # the analyst's choice
        ("draft", "draft", "Rewritten.", S.DRAFT),  # a draft being rewritten stays one
        ("done", "done", "", None),  # cleared: back to chart
        ("no_data", "no_data", "Did not come up.", S.NO_DATA),
        ("done", "not asked", "", S.NOT_ASKED),
    ],
)
def test_an_edit_keeps_a_chosen_status_and_otherwise_follows_the_charting_rule(
    shown: str, chosen: str, summary: str, saved: S | None
) -> None:
    assert edited_status(shown, chosen, summary) is saved


def test_an_edit_with_an_unknown_status_is_refused() -> None:
    with pytest.raises(ValidationError, match="'finished' is not a cell status"):
        edited_status("done", "finished", "Text")


def test_a_summary_from_a_browser_is_stored_with_plain_line_endings(study: MatrixStudy) -> None:
    assert clean_summary("  one\r\ntwo\rthree\n ") == "one\ntwo\nthree"
    cell = study.project.matrix.write_summary("P1", "Hope", "First.\r\n\r\nSecond.\r\n")
    assert cell.summary == "First.\n\nSecond."


def test_writes_answer_the_stored_cell_and_counts_are_read_as_the_matrix_counts(
    study: MatrixStudy,
) -> None:
    matrix = study.project.matrix
    written = matrix.write_summary("P1", "Barriers", "Stigma and rules.")
    assert isinstance(written, qualframe.CellRecord)
    assert (written.row_key, written.row_kind, written.code_path) == (
        "P1",
        RowKind.PARTICIPANT,
        "Barriers",
    )
    assert (written.status, written.quote_ids, written.version) == (S.DRAFT, (), 1)
    rules = study.codings["P1", "Barriers > Boundaries > Rules"]
    linked = matrix.link_quote("P1", "Barriers", rules)
    assert (linked.quote_ids, linked.version, linked.summary) == ((rules,), 2, "Stigma and rules.")
    assert matrix.cell("P1", "Barriers").codings == 0
    shown = matrix.cell("P1", "Barriers", include_subcodes=True)
    assert (shown.codings, shown.excerpts, shown.version) == (2, 1, 2)
    assert (
        shown.quotes[0].document_id
        == matrix.excerpts("P1", "Barriers", include_subcodes=True)[1].quote.document_id
    )
    assert matrix.unlink_quote("P1", "Barriers", rules).quote_ids == ()
    assert matrix.cell("P1", "Barriers", include_subcodes=True).excerpts == 2
