"""Every free-text field written through the services is at most
``field_characters`` long: a longer one is refused naming the field and the
limit, and nothing is written (the audit log and the objects stay as they were)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import qualframe
from qualframe.errors import InputFileError, ValidationError
from qualframe.services.core.field_limits import check_field, field_problem
from services.matrix_study import MatrixStudy, build_study

LIMIT = 100
TOO_LONG = "x" * (LIMIT + 1)
FITS = "y" * LIMIT


@pytest.fixture(autouse=True)
def _small_fields(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUALFRAME_LIMIT_FIELD_CHARACTERS", str(LIMIT))


@pytest.fixture
def study(project: qualframe.Project) -> MatrixStudy:
    return build_study(project)


def _refused(project: qualframe.Project, write: Callable[[], object], field: str) -> None:
    """``write`` raises naming ``field`` and the limit, and writes nothing."""
    before = len(project.audit_log())
    with pytest.raises(ValidationError) as raised:
        write()
    message = str(raised.value)
    assert f"The {field} is 101 characters long" in message
    assert "at most 100 characters" in message
    assert "QUALFRAME_LIMIT_FIELD_CHARACTERS" in message
    assert len(project.audit_log()) == before


def test_the_check_names_the_field_and_lets_short_values_through() -> None:
    assert field_problem(FITS, "memo's text") is None
    assert field_problem(None, "memo's text") is None
    with pytest.raises(ValidationError, match=r"^The memo's text is 101 characters long"):
        check_field(TOO_LONG, "memo's text")


def test_a_memo_longer_than_a_field_is_refused(project: qualframe.Project) -> None:
    _refused(
        project, lambda: project.memos.add("Note", kind="analytic", body=TOO_LONG), "memo's text"
    )
    assert project.memos.list() == []
    memo = project.memos.add("Note", kind="analytic", body=FITS)
    _refused(project, lambda: project.memos.edit(memo.id, body=TOO_LONG), "memo's text")
    assert project.memos.get(memo.id).body == FITS


def test_code_texts_longer_than_a_field_are_refused(project: qualframe.Project) -> None:
    add = lambda: project.codebook.add("Trust", definition=TOO_LONG)  # noqa: E731
    _refused(project, add, "definition of the code")
    assert project.codebook.tree() == []
    code = project.codebook.add("Trust", definition=FITS)
    edit = lambda: project.codebook.edit(code.id, example=TOO_LONG)  # noqa: E731
    _refused(project, edit, "example of the code")
    assert project.codebook.get(code.id).example == ""


def test_a_codebook_file_with_a_long_definition_is_refused_naming_the_file(
    project: qualframe.Project, tmp_path: Path
) -> None:
    path = tmp_path / "codebook.csv"
    path.write_text(f"path,definition\nTrust,{TOO_LONG}\n", encoding="utf-8")
    with pytest.raises(
        InputFileError,
        match=r"codebook\.csv: the code .Trust. cannot be used: The definition of the code is 101",
    ):
        project.codebook.import_file(path)
    assert project.codebook.tree() == []


def test_a_cell_summary_longer_than_a_field_is_refused(study: MatrixStudy) -> None:
    project = study.project
    _refused(
        project, lambda: project.matrix.write_summary("P1", "Hope", TOO_LONG), "cell's summary"
    )
    assert project.matrix.cell("P1", "Hope").cell_id is None
    assert project.matrix.write_summary("P1", "Hope", FITS).summary == FITS


def test_case_and_participant_descriptions_are_limited(project: qualframe.Project) -> None:
    study = project.study
    _refused(project, lambda: study.add_case("A", TOO_LONG), "description of the case 'A'")
    assert study.cases() == []
    study.add_case("A", FITS)
    _refused(project, lambda: study.edit_case("A", description=TOO_LONG), "description of 'A'")
    add = lambda: study.add_participant("P1", "A", TOO_LONG)  # noqa: E731
    _refused(project, add, "description of the participant 'P1'")
    study.add_participant("P1", "A")
    edit = lambda: study.edit_participant("P1", description=TOO_LONG)  # noqa: E731
    _refused(project, edit, "description of 'P1'")
    assert study.participants()[0].description == ""


def test_attribute_descriptions_and_text_values_are_limited(project: qualframe.Project) -> None:
    study = project.study
    define = lambda: study.define_attribute("notes", "case", "text", description=TOO_LONG)  # noqa: E731
    _refused(project, define, "description of the attribute 'notes'")
    study.define_attribute("notes", "case", "text")
    _refused(
        project,
        lambda: study.edit_attribute("notes", description=TOO_LONG),
        "description of 'notes'",
    )
    _refused(project, lambda: study.add_case("A", notes=TOO_LONG), "value of the attribute 'notes'")
    assert study.cases() == []
    assert study.add_case("A", notes=FITS).name == "A"


def test_question_texts_and_headings_are_limited(project: qualframe.Project) -> None:
    study = project.study
    _refused(project, lambda: study.add_question("Q1", TOO_LONG), "text of the question 'Q1'")
    add = lambda: study.add_question("Q1", "Why?", heading=TOO_LONG)  # noqa: E731
    _refused(project, add, "heading of the question 'Q1'")
    assert study.questions() == []
    study.add_question("Q1", "Why?")
    _refused(project, lambda: study.edit_question("Q1", text=TOO_LONG), "text of the question 'Q1'")


def test_a_project_description_longer_than_a_field_is_refused(database: qualframe.Database) -> None:
    with pytest.raises(ValidationError, match="project's description is 101 characters long"):
        qualframe.create_project("Long", database=database, description=TOO_LONG)
    assert qualframe.list_projects(database=database) == []


def test_a_spreadsheet_description_longer_than_a_field_is_a_problem_of_its_row(
    project: qualframe.Project, tmp_path: Path
) -> None:
    path = tmp_path / "cases.csv"
    path.write_text(f"case,description\nA,{TOO_LONG}\nB,short\n", encoding="utf-8")
    plan = project.study.preview_import(path, "cases")
    [problem] = plan.problems
    assert (problem.line, problem.column) == (2, "description")
    assert "description of 'A' is 101 characters long" in problem.message
    assert project.study.cases() == []


@pytest.mark.parametrize(
    ("body", "why"), [("a\x00b", "NUL character"), ("caf\udce9", "half of a character")]
)
def test_a_field_holding_what_no_database_stores_is_refused_on_every_database(
    project: qualframe.Project, body: str, why: str
) -> None:
    before = len(project.audit_log())
    with pytest.raises(ValidationError, match=why):
        project.memos.add("Note", kind="analytic", body=body)
    assert project.memos.list() == []
    assert len(project.audit_log()) == before


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        (TOO_LONG, "The reason for replacing the text is 101 characters long"),
        ("typo\x00fixed", "NUL character"),
    ],
)
def test_a_replacement_reason_too_long_or_unstorable_is_refused_on_every_database(
    project: qualframe.Project, tmp_path: Path, reason: str, message: str
) -> None:
    project.documents.import_bytes("a.txt", b"P1: hello there\n")
    corrected = tmp_path / "a.txt"
    corrected.write_text("P1: hello there, again\n")
    before = len(project.audit_log())
    with pytest.raises(ValidationError, match=message):
        project.documents.replace_text("a.txt", corrected, reason=reason)
    assert project.documents.document("a.txt").text == "P1: hello there\n"
    assert project.documents.revisions("a.txt") == []
    assert len(project.audit_log()) == before
