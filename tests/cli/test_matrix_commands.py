"""``qualframe matrix ...`` through the CLI runner."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

import qualframe
from qualframe.cli.app import build_app
from qualframe.storage.database import Database
from services.matrix_study import MatrixStudy, build_study

runner = CliRunner()


@pytest.fixture
def study(database_url: str) -> Iterator[MatrixStudy]:
    database = Database(database_url)
    project = qualframe.create_project("Study", database=database, user="tester")
    yield build_study(project)
    database.close()


def run(url: str, *args: str) -> Result:
    return runner.invoke(build_app(), ["--database", url, *args])


def test_show_prints_the_matrix_with_groups(study: MatrixStudy, database_url: str) -> None:
    study.project.matrix.write_summary("P1", "Barriers > Stigma", "Felt judged by staff.")
    result = run(
        database_url, "matrix", "show", "--theme", "Barriers", "--group-by", "stakeholder group"
    )
    assert result.exit_code == 0, result.output
    assert "Felt judged by staff." in result.output
    assert "peer worker" in result.output and "service user" in result.output
    assert "[not asked]" in result.output  # P3 was not asked Q1
    assert "(1 coding)" in result.output  # P10's uncharted cell


def test_show_counts(study: MatrixStudy, database_url: str) -> None:
    result = run(
        database_url, "matrix", "show", "--rows", "cases", "--code", "Hope", "--value", "codings"
    )
    assert result.exit_code == 0, result.output
    assert "Trust A" in result.output and "2" in result.output


def test_write_link_and_show_a_cell(study: MatrixStudy, database_url: str) -> None:
    url = database_url
    result = run(
        url,
        "matrix",
        "write",
        "P1",
        "Hope",
        "--summary",
        "Hopes things improve.",
        "--status",
        "draft",
    )
    assert result.exit_code == 0, result.output
    assert "Wrote P1 × Hope (draft; version 1)." in result.output
    coding_id = study.codings["P1", "Hope"]
    result = run(url, "matrix", "link", "P1", "Hope", str(coding_id))
    assert result.exit_code == 0, result.output
    result = run(url, "matrix", "cell", "P1", "Hope")
    assert result.exit_code == 0, result.output
    assert "Hopes things improve." in result.output
    assert f"[{coding_id}] “hope” (interview-P1, P1, para 1)" in result.output
    assert "write (draft)" in result.output and "link_quote" in result.output


def test_bad_input_is_one_line_and_writes_nothing(study: MatrixStudy, database_url: str) -> None:
    url = database_url
    before = len(study.project.audit_log())
    result = run(url, "matrix", "status", "P1", "Hope", "finished")
    assert result.exit_code == 1
    assert "Error: 'finished' is not a cell status" in result.output
    other = study.codings["P2", "Hope"]
    result = run(url, "matrix", "link", "P1", "Hope", str(other))
    assert result.exit_code == 1
    assert "spoken by P2, who is not in the row" in result.output
    result = run(url, "matrix", "show", "--code", "Hope", "--group-by", "colour")
    assert "No attribute called 'colour'" in result.output
    assert len(study.project.audit_log()) == before


def test_draft_and_export(study: MatrixStudy, database_url: str, tmp_path: Path) -> None:
    url = database_url
    result = run(url, "matrix", "draft", "--code", "Hope", "--code", "Trust")
    assert result.exit_code == 0, result.output
    assert "Drafted 3 cells (3 quotes linked)" in result.output
    for name in ("m.csv", "m.xlsx", "m.html"):
        result = run(
            url,
            "matrix",
            "export",
            str(tmp_path / name),
            "--code",
            "Hope",
            "--theme",
            "Barriers",
            "--group-by",
            "stakeholder group",
        )
        assert result.exit_code == 0, result.output
        assert (tmp_path / name).stat().st_size > 0
    text = (tmp_path / "m.csv").read_text("utf-8-sig")
    assert text.splitlines()[0] == "group,participant,Hope,Barriers > Stigma,Barriers > Boundaries"
    assert "“hope” (interview-P1, P1)" in text
    result = run(url, "matrix", "export", str(tmp_path / "m.pdf"), "--code", "Hope")
    assert result.exit_code == 1 and "not '.pdf'" in result.output


def test_coverage_commands(study: MatrixStudy, database_url: str) -> None:
    url = database_url
    result = run(url, "matrix", "cover", "Q1", "Hope")
    assert result.exit_code == 0, result.output
    result = run(url, "matrix", "coverage")
    assert "Hope" in result.output and "Barriers" in result.output
    result = run(url, "matrix", "uncover", "Q1", "Hope")
    assert result.exit_code == 0, result.output
    assert len(study.project.matrix.coverage()) == 1


def test_an_edit_from_a_stale_version_is_refused(study: MatrixStudy, database_url: str) -> None:
    url = database_url
    result = run(url, "matrix", "write", "P1", "Hope", "--summary", "First.", "--if-version", "0")
    assert result.exit_code == 0, result.output
    assert "version 1" in result.output
    before = len(study.project.audit_log())
    result = run(url, "matrix", "status", "P1", "Hope", "draft", "--if-version", "0")
    assert result.exit_code == 1
    assert "(you read version 0; it is now at version 1); nothing was saved" in result.output
    coding_id = str(study.codings["P1", "Hope"])
    result = run(url, "matrix", "link", "P1", "Hope", coding_id, "--if-version", "1")
    assert result.exit_code == 0, result.output
    assert "(1 quote; version 2)" in result.output
    assert "Version 2." in run(url, "matrix", "cell", "P1", "Hope").output
    assert len(study.project.audit_log()) == before + 1


def test_show_says_how_many_codings_spoken_by_nobody_are_left_out(
    study: MatrixStudy, database_url: str
) -> None:
    from services.matrix_study import add_unattributed

    ids = add_unattributed(study.project)
    result = run(database_url, "matrix", "show", "--code", "Hope", "--code", "Trust")
    assert result.exit_code == 0, result.output
    lines = [" ".join(line.split()) for line in result.output.splitlines()]
    assert (
        "2 codings of the codes shown (Hope: 1, Trust: 1) are left out of every cell: "
        "spoken by nobody in the study (for example the interviewer, or a speaker not "
        "mapped to a participant)." in lines
    )
    listed = run(database_url, "matrix", "left-out", "--code", "Hope", "--code", "Trust")
    assert listed.exit_code == 0, listed.output
    assert str(ids["Hope"]) in listed.output and "Interviewer" in listed.output
    assert "Speaker 3" in listed.output and "group-notes" in listed.output


def test_show_says_nothing_when_no_coding_is_left_out(
    study: MatrixStudy, database_url: str
) -> None:
    result = run(database_url, "matrix", "show", "--code", "Hope")
    assert result.exit_code == 0, result.output
    assert "left out" not in result.output
    listed = run(database_url, "matrix", "left-out", "--code", "Hope")
    assert "none is left out" in listed.output


def test_progress_prints_each_themes_cells_by_status(study: MatrixStudy, database_url: str) -> None:
    study.project.matrix.write_summary("P1", "Hope", "Hopes things improve.")
    result = run(database_url, "matrix", "progress")
    assert result.exit_code == 0, result.output
    lines = {line.split("│")[1].strip(): line for line in result.output.splitlines() if "│" in line}
    counts = [part.strip() for part in lines["Hope"].split("│")[2:8]]
    assert counts == ["0", "1", "1", "2", "0", "4"]  # done, draft, to chart, no data, ...
    assert "all 4 participants" in result.output


def test_writing_a_summary_says_it_is_a_draft(study: MatrixStudy, database_url: str) -> None:
    result = run(database_url, "matrix", "write", "P2", "Trust", "--summary", "Trusts staff.")
    assert result.exit_code == 0, result.output
    assert "(draft; version 1)" in result.output
