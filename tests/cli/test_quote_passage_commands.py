"""``qualframe matrix link ... --passage`` and ``qualframe matrix quote``: a quote
of only a passage of its coding, through the CLI runner."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from typer.testing import CliRunner, Result

import qualframe
from qualframe.cli.app import build_app
from qualframe.storage.database import Database
from services.matrix_study import TEXT, MatrixStudy, build_study

runner = CliRunner()
SENTENCE = "Staff judged me, stigma everywhere."
CODE = "Barriers > Stigma"


@pytest.fixture
def study(database_url: str) -> Iterator[tuple[MatrixStudy, int]]:
    """The matrix study with P1's whole stigma sentence coded; yields its coding's id."""
    database = Database(database_url)
    project = qualframe.create_project("Study", database=database, user="tester")
    built = build_study(project)
    start = TEXT.index(SENTENCE)
    coding = project.coding.apply("interview-P1", CODE, start, start + len(SENTENCE))
    yield built, coding.id
    database.close()


def run(url: str, *args: str) -> Result:
    return runner.invoke(build_app(), ["--database", url, *args])


def test_linking_only_some_words_of_a_coding(
    study: tuple[MatrixStudy, int], database_url: str
) -> None:
    _, coding = study
    result = run(database_url, "matrix", "link", "P1", CODE, str(coding), "--passage", "judged me")
    assert result.exit_code == 0, result.output
    start = TEXT.index("judged me")
    assert f"Quoted [{start}, {start + 9}) of coding {coding} in P1 × {CODE}" in result.output
    result = run(database_url, "matrix", "cell", "P1", CODE)
    assert f"[{coding}] “judged me” (part [{start}, {start + 9}) of it," in result.output


def test_changing_the_passage_by_offsets_and_back_to_the_whole_coding(
    study: tuple[MatrixStudy, int], database_url: str
) -> None:
    _, coding = study
    assert run(database_url, "matrix", "link", "P1", CODE, str(coding)).exit_code == 0
    start = TEXT.index("stigma everywhere")
    result = run(
        database_url,
        "matrix",
        "quote",
        "P1",
        CODE,
        str(coding),
        "--start",
        str(start),
        "--end",
        str(start + 17),
        "--if-version",
        "1",
    )
    assert result.exit_code == 0, result.output
    assert "(version 2): “stigma everywhere”" in result.output
    result = run(database_url, "matrix", "quote", "P1", CODE, str(coding), "--whole")
    assert result.exit_code == 0, result.output
    assert f"Quoting coding {coding} in P1 × {CODE} (version 3): “{SENTENCE}”" in result.output


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--passage", "went to the moon"], "does not contain “went to the moon”"),
        (["--start", "0", "--end", "4"], "is not inside coding"),
        (["--start", "40"], "Give both the start and the end of the passage"),
        ([], "Give the passage (--passage, or --start and --end), or --whole."),
        (["--whole", "--passage", "judged"], "Give the passage"),
    ],
)
def test_a_bad_passage_is_one_line_and_changes_nothing(
    study: tuple[MatrixStudy, int], database_url: str, options: list[str], message: str
) -> None:
    built, coding = study
    assert run(database_url, "matrix", "link", "P1", CODE, str(coding)).exit_code == 0
    before = len(built.project.audit_log())
    result = run(database_url, "matrix", "quote", "P1", CODE, str(coding), *options)
    assert result.exit_code == 1
    output = " ".join(result.output.split())
    assert output.startswith("Error: ") and message in output
    assert len(built.project.audit_log()) == before
    assert built.project.matrix.cell("P1", CODE).quotes[0].whole
