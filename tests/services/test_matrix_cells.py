"""Matrix cells: summaries, statuses, quotes, history, drafts from data, code merges."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

import qualframe
from qualframe.errors import ConflictError, NotFoundError, ValidationError
from qualframe.services.cells.merging import combined_status
from qualframe.storage.models import CellQuote, CellRevision, MatrixCell
from qualframe.vocabulary import CellStatus as S, RowKind
from services.matrix_study import MatrixStudy, build_study


@pytest.fixture
def study(project: qualframe.Project) -> MatrixStudy:
    return build_study(project)


def _counts(project: qualframe.Project) -> tuple[int, int, int, int]:
    """Cells, quotes, revisions, audit entries."""
    with project.database.transaction() as session:
        tables = [
            session.scalar(select(func.count()).select_from(model)) or 0
            for model in (MatrixCell, CellQuote, CellRevision)
        ]
    return (*tables, len(project.audit_log()))  # type: ignore[return-value]


def test_reading_a_cell_creates_nothing(study: MatrixStudy) -> None:
    before = _counts(study.project)
    cell = study.project.matrix.cell("P1", "Hope")
    assert (cell.cell_id, cell.status, cell.codings, cell.excerpts) == (None, S.EMPTY, 1, 1)
    assert _counts(study.project) == before


def test_writing_a_summary_charts_the_cell_and_keeps_its_history(study: MatrixStudy) -> None:
    matrix = study.project.matrix
    first = matrix.write_summary("P1", "Hope", "Hopes things improve.", status="draft")
    assert (first.summary, first.status) == ("Hopes things improve.", S.DRAFT)
    second = matrix.write_summary("P1", "Hope", "Hopes things improve; credits peer worker.")
    assert second.status is S.DRAFT and second.cell_id == first.cell_id  # still a draft
    second = matrix.write_summary("P1", "Hope", second.summary, status="done")
    assert second.author == "tester"
    history = matrix.history("P1", "Hope")
    assert list(history.columns) == ["at", "author", "action", "summary", "status"]
    assert history["status"].tolist() == ["draft", "draft", "done"]
    assert history["action"].tolist() == ["write", "write", "write"]
    log = study.project.audit_log(entity_type="cell")
    assert log["action"].tolist() == ["cell.write", "cell.write", "cell.write"]
    assert "P1 × 'Hope'" in log["summary"].iloc[0]


def test_clearing_a_summary_marks_the_cell_empty(study: MatrixStudy) -> None:
    matrix = study.project.matrix
    matrix.write_summary("P1", "Hope", "Something.")
    assert matrix.write_summary("P1", "Hope", "  ").status is S.EMPTY
    assert matrix.cell("P1", "Hope").stored_status is S.EMPTY


def test_set_status_keeps_the_summary(study: MatrixStudy) -> None:
    matrix = study.project.matrix
    matrix.write_summary("P10", "Hope", "Did not mention hope.", status="draft")
    cell = matrix.set_status("P10", "Hope", "no data")
    assert (cell.status, cell.summary) == (S.NO_DATA, "Did not mention hope.")


def test_an_invalid_status_writes_nothing(study: MatrixStudy) -> None:
    before = _counts(study.project)
    with pytest.raises(ValidationError, match="'finished' is not a cell status"):
        study.project.matrix.set_status("P1", "Hope", "finished")
    with pytest.raises(ValidationError, match="statuses: empty, draft, done"):
        study.project.matrix.write_summary("P1", "Hope", "Text", status="finished")
    assert _counts(study.project) == before


@pytest.mark.parametrize(
    ("row", "code", "error", "message"),
    [
        ("P99", "Hope", NotFoundError, "No participant or case called 'P99'"),
        ("P1", "Despair", NotFoundError, "no code called 'Despair'"),
        ({"colour": "red"}, "Hope", NotFoundError, "No attribute called 'colour'"),
        ({"stakeholder group": "pilot"}, "Hope", ValidationError, "'pilot' is not an allowed"),
    ],
)
def test_unknown_rows_and_codes_write_nothing(
    study: MatrixStudy, row: object, code: str, error: type[Exception], message: str
) -> None:
    before = _counts(study.project)
    with pytest.raises(error, match=message):
        study.project.matrix.write_summary(row, code, "Text")
    assert _counts(study.project) == before


def test_a_name_both_participant_and_case_must_be_qualified(study: MatrixStudy) -> None:
    project = study.project
    project.study.add_case("P1")
    with pytest.raises(ValidationError, match="both a participant and a case"):
        project.matrix.cell("P1", "Hope")
    assert project.matrix.cell("participant:P1", "Hope").codings == 1
    assert project.matrix.cell("case:P1", "Hope").row_kind is RowKind.CASE


def test_quotes_link_unlink_and_reorder(study: MatrixStudy) -> None:
    matrix, codings = study.project.matrix, study.codings
    stigma, rules = (
        codings["P1", "Barriers > Stigma"],
        codings["P1", "Barriers > Boundaries > Rules"],
    )
    matrix.link_quote("P1", "Barriers", stigma)  # a sub-code's coding may be quoted
    linked = matrix.link_quote("P1", "Barriers", rules)
    assert linked.quote_ids == (stigma, rules)
    cell = matrix.cell("P1", "Barriers")
    assert [q.coding_id for q in cell.quotes] == [stigma, rules]
    quote = cell.quotes[0]
    assert (quote.text, quote.document, quote.participant, quote.paragraph) == (
        "stigma",
        "interview-P1",
        "P1",
        2,
    )
    assert cell.quotes[1].paragraph == 3
    assert cell.status is S.NO_DATA  # no codings of Barriers itself; quotes do not chart it
    assert matrix.reorder_quotes("P1", "Barriers", [rules, stigma]).quote_ids == (rules, stigma)
    assert [q.coding_id for q in matrix.cell("P1", "Barriers").quotes] == [rules, stigma]
    assert matrix.unlink_quote("P1", "Barriers", rules).quote_ids == (stigma,)
    actions = matrix.history("P1", "Barriers")["action"].tolist()
    assert actions == ["link_quote", "link_quote", "reorder_quotes", "unlink_quote"]


def test_a_group_cell_quotes_its_members_codings(study: MatrixStudy) -> None:
    matrix, codings = study.project.matrix, study.codings
    group = {"stakeholder group": "peer worker"}
    linked = matrix.link_quote(group, "Barriers > Stigma", codings["P10", "Barriers > Stigma"])
    assert linked.row_kind is RowKind.GROUP and linked.row_key == "stakeholder group=peer worker"
    assert matrix.cell(group, "Barriers > Stigma").participants == 2
    with pytest.raises(ValidationError, match="spoken by P2, who is not in the row"):
        matrix.link_quote(group, "Hope", codings["P2", "Hope"])


@pytest.mark.parametrize(
    ("row", "code", "coding", "error", "message"),
    [
        ("P1", "Hope", ("P1", "Barriers > Stigma"), ValidationError, "is of 'Barriers > Stigma'"),
        ("P1", "Hope", ("P2", "Hope"), ValidationError, "spoken by P2, who is not in the row"),
        ("P1", "Hope", None, NotFoundError, "no coding with id 9999"),
    ],
)
def test_a_quote_of_another_code_or_participant_is_refused(
    study: MatrixStudy,
    row: str,
    code: str,
    coding: tuple[str, str] | None,
    error: type[Exception],
    message: str,
) -> None:
    coding_id = study.codings[coding] if coding else 9999
    before = _counts(study.project)
    with pytest.raises(error, match=message):
        study.project.matrix.link_quote(row, code, coding_id)
    assert _counts(study.project) == before


def test_linking_a_quote_twice_is_a_conflict(study: MatrixStudy) -> None:
    matrix, coding_id = study.project.matrix, study.codings["P1", "Hope"]
    matrix.link_quote("P1", "Hope", coding_id)
    with pytest.raises(ConflictError, match="already quoted"):
        matrix.link_quote("P1", "Hope", coding_id)
    with pytest.raises(NotFoundError, match="is not quoted"):
        matrix.unlink_quote("P2", "Hope", coding_id)
    with pytest.raises(ValidationError, match="Give every quote"):
        matrix.reorder_quotes("P1", "Hope", [])


# ---------------------------------------------------------------- drafts


def test_draft_fills_empty_cells_with_their_excerpts(study: MatrixStudy) -> None:
    matrix = study.project.matrix
    report = matrix.draft_from_data(matrix.spec(columns=["Hope", "Trust"]))
    assert (report.drafted, report.skipped, report.quotes_linked) == (3, 0, 3)
    assert report.without_data == 5  # P3 and P10 have no Hope, P1/P3/P10 no Trust
    cell = matrix.cell("P2", "Trust")
    assert cell.status is S.DRAFT
    assert cell.summary == "- “trust” (interview-P2, P2)"
    assert [q.coding_id for q in cell.quotes] == [study.codings["P2", "Trust"]]
    assert matrix.history("P2", "Trust")["action"].tolist() == ["draft"]
    assert study.project.audit_log(entity_type="cell")["action"].tolist() == ["cell.draft"]


def test_drafts_never_overwrite_summaries(study: MatrixStudy) -> None:
    matrix = study.project.matrix
    matrix.write_summary("P1", "Hope", "The analyst's own words.", status="draft")
    matrix.set_status("P2", "Hope", "done")  # charted as done without text
    spec = matrix.spec(columns="Hope")
    report = matrix.draft_from_data(spec)
    assert (report.drafted, report.skipped) == (0, 2)
    assert matrix.cell("P1", "Hope").summary == "The analyst's own words."
    assert matrix.cell("P2", "Hope").summary == ""
    again = matrix.draft_from_data(matrix.build(spec), only=[("P1", "Hope")])
    assert (again.drafted, again.skipped) == (0, 1)


def test_drafting_a_cell_outside_the_matrix_is_refused(study: MatrixStudy) -> None:
    matrix = study.project.matrix
    before = _counts(study.project)
    with pytest.raises(ValidationError, match="P1 × 'Trust' is not in this matrix"):
        matrix.draft_from_data(matrix.spec(columns="Hope"), only=[("P2", "Hope"), ("P1", "Trust")])
    assert _counts(study.project) == before


def test_draft_of_a_group_row_lists_each_members_excerpts(study: MatrixStudy) -> None:
    matrix = study.project.matrix
    spec = matrix.spec(rows="groups", group_by="stakeholder group", columns="Barriers > Stigma")
    assert matrix.draft_from_data(spec).drafted == 1
    cell = matrix.cell({"stakeholder group": "peer worker"}, "Barriers > Stigma")
    assert cell.summary.splitlines() == [
        "- “stigma” (interview-P1, P1)",
        "- “stigma” (interview-P10, P10)",
    ]


# ---------------------------------------------------------------- code merges


def test_a_cell_survives_a_code_merge(study: MatrixStudy) -> None:
    project, codings = study.project, study.codings
    matrix = project.matrix
    matrix.write_summary("P10", "Barriers > Boundaries", "Clear about boundaries.", "done")
    matrix.link_quote("P10", "Barriers > Boundaries", codings["P10", "Barriers > Boundaries"])
    matrix.write_summary("P10", "Barriers > Stigma", "Stigma from staff.", status="done")
    matrix.link_quote("P10", "Barriers > Stigma", codings["P10", "Barriers > Stigma"])
    matrix.write_summary("P1", "Barriers > Boundaries", "Only rules.", status="draft")
    summary = project.codebook.merge("Barriers > Boundaries", "Barriers > Stigma")
    assert (summary.cells_moved, summary.cells_combined) == (1, 1)
    combined = matrix.cell("P10", "Barriers > Stigma")
    assert combined.summary == (
        "Stigma from staff.\n\n--- merged from 'Barriers > Boundaries' ---\nClear about boundaries."
    )
    assert combined.status is S.DONE
    assert [q.coding_id for q in combined.quotes] == [
        codings["P10", "Barriers > Stigma"],
        codings["P10", "Barriers > Boundaries"],
    ]
    history = matrix.history("P10", "Barriers > Stigma")
    assert len(history) == 5 and history["action"].iloc[-1] == "merge"
    moved = matrix.cell("P1", "Barriers > Stigma")
    assert (moved.summary, moved.status) == ("Only rules.", S.DRAFT)
    frame = matrix.build(theme="Barriers").to_frame("codings")
    assert frame.loc["P10", "Barriers > Stigma"] == 2


def test_quotes_of_a_duplicate_coding_follow_the_coding_kept(study: MatrixStudy) -> None:
    project = study.project
    start, end = 2, 6  # "hope" in interview-P1, coded with Hope already
    project.codebook.add("Optimism")
    duplicate = project.coding.apply("interview-P1", "Optimism", start, end)
    project.matrix.link_quote("P1", "Optimism", duplicate.id)
    project.codebook.merge("Optimism", "Hope")
    cell = project.matrix.cell("P1", "Hope")
    assert [q.coding_id for q in cell.quotes] == [study.codings["P1", "Hope"]]


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ((S.DONE, "a"), (S.DONE, "b"), S.DONE),
        ((S.DONE, "a"), (S.DRAFT, "b"), S.DRAFT),
        ((S.EMPTY, ""), (S.DONE, "b"), S.DONE),
        ((S.NO_DATA, ""), (S.DONE, "b"), S.DONE),
        ((S.NOT_ASKED, ""), (S.NOT_ASKED, ""), S.NOT_ASKED),
        ((S.NOT_ASKED, ""), (S.NO_DATA, ""), S.NO_DATA),
        ((S.NO_DATA, "note"), (S.DONE, "b"), S.DRAFT),
        ((S.EMPTY, ""), (S.EMPTY, ""), S.EMPTY),
    ],
)
def test_combined_status_is_the_less_final(
    first: tuple[S, str], second: tuple[S, str], expected: S
) -> None:
    assert combined_status(*first, *second) is expected


# ---------------------------------------------------------------- drafts until done


def test_a_first_summary_is_a_draft_until_marked_done(study: MatrixStudy) -> None:
    matrix = study.project.matrix
    first = matrix.write_summary("P2", "Trust", "Trusts the peer worker.")
    assert first.status is S.DRAFT
    rewritten = matrix.write_summary("P2", "Trust", "Trusts the peer worker most.")
    assert rewritten.status is S.DRAFT
    done = matrix.set_status("P2", "Trust", "done", if_version=rewritten.version)
    assert (done.status, done.summary) == (S.DONE, "Trusts the peer worker most.")
    edited = matrix.write_summary("P2", "Trust", "Trusts her.", if_version=done.version)
    assert edited.status is S.DONE  # rewriting a done summary keeps it done


def test_a_summary_in_a_no_data_cell_keeps_its_status(study: MatrixStudy) -> None:
    matrix = study.project.matrix
    matrix.set_status("P2", "Hope", "no_data")
    assert matrix.write_summary("P2", "Hope", "Said nothing of hope.").status is S.NO_DATA
