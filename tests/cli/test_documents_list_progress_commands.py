"""``qualframe documents list`` shows each document's coding-done mark (who and
when) and ``--not-done`` lists only the documents whose coding is not marked done."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner, Result

import qualframe
from qualframe.cli.app import build_app
from qualframe.storage.database import Database
from services.comparison_study import build_study

runner = CliRunner()


@pytest.fixture
def url(database_url: str) -> str:
    """The hand-countable comparison study: interview-1, -2, -3 and the notes
    coded, interview-4 and -5 not; interview-2 marked done by Ana."""
    database = Database(database_url)
    project = qualframe.create_project("Study", database=database, user="tester")
    build_study(project)
    as_ana = qualframe.open_project("Study", database=database, user="Ana")
    as_ana.documents.mark_coding_done("interview-2")
    database.close()
    return database_url


def run(url: str, *args: str) -> Result:
    return runner.invoke(build_app(), ["--database", url, *args], env={"COLUMNS": "200"})


def _progress(url: str) -> list[tuple[str, str, int]]:
    database = Database(url)
    try:
        project = qualframe.open_project("Study", database=database)
        return [(p.document, p.status, p.version) for p in project.documents.coding_progress()]
    finally:
        database.close()


def _row(output: str, name: str) -> str:
    return next(line for line in output.splitlines() if f" {name} " in line)


def test_the_list_shows_who_marked_coding_done_and_when(url: str) -> None:
    result = run(url, "documents", "list")

    assert result.exit_code == 0, result.output
    assert "Documents (6)" in result.output
    assert "coding done (UTC)" in result.output.splitlines()[2]
    assert re.search(r" Ana, \d{4}-\d\d-\d\d \d\d:\d\d ", _row(result.output, "interview-2"))
    assert "no (in progress)" in _row(result.output, "interview-1")
    assert "no (not coded)" in _row(result.output, "interview-4")


def test_not_done_lists_only_documents_not_marked_done(url: str) -> None:
    result = run(url, "documents", "list", "--not-done")

    assert result.exit_code == 0, result.output
    assert "Documents not marked coding done (5)" in result.output
    assert "interview-2" not in result.output
    for name in ("interview-1", "interview-3", "interview-4", "interview-5", "notes"):
        assert name in result.output


def test_not_done_with_every_document_done_says_so(url: str) -> None:
    for name in ("interview-1", "interview-3", "interview-4", "interview-5", "notes"):
        assert run(url, "documents", "done", name).exit_code == 0

    result = run(url, "documents", "list", "--not-done")

    assert result.exit_code == 0, result.output
    assert "Documents not marked coding done (0)" in result.output
    assert "Every document's coding is marked done." in result.output


def test_a_value_given_to_the_not_done_flag_is_refused_and_nothing_changes(url: str) -> None:
    before = _progress(url)

    result = run(url, "documents", "list", "--not-done=yes")

    assert result.exit_code == 2
    assert "Option '--not-done' does not take a value." in result.output
    assert _progress(url) == before
