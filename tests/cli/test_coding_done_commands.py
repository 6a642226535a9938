"""``qualframe documents done`` and what ``qualframe saturation`` says of coding progress."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner, Result

import qualframe
from qualframe.cli.app import build_app
from qualframe.storage.database import Database
from services.comparison_study import build_study

runner = CliRunner()


@pytest.fixture
def url(database_url: str) -> str:
    """A database holding the hand-countable comparison study (nothing marked done)."""
    database = Database(database_url)
    build_study(qualframe.create_project("Study", database=database, user="tester"))
    database.close()
    return database_url


def run(url: str, *args: str) -> Result:
    return runner.invoke(build_app(), ["--database", url, *args])


def _progress(url: str) -> dict[str, tuple[str, str | None, int]]:
    database = Database(url)
    try:
        project = qualframe.open_project("Study", database=database)
        return {
            p.document: (p.status, p.done_by, p.version)
            for p in project.documents.coding_progress()
        }
    finally:
        database.close()


def test_documents_done_marks_and_undo_takes_the_mark_back(url: str) -> None:
    version = _progress(url)["interview-1"][2]

    marked = run(url, "--user", "Ana", "documents", "done", "interview-1")

    assert marked.exit_code == 0, marked.output
    assert "interview-1: coding done (marked by Ana," in marked.output
    assert _progress(url)["interview-1"] == ("done", "Ana", version + 1)
    undone = run(url, "documents", "done", "interview-1", "--undo")
    assert undone.exit_code == 0, undone.output
    assert "interview-1: in progress (not marked done)" in undone.output
    assert _progress(url)["interview-1"] == ("in progress", None, version + 2)


def test_documents_done_with_a_stale_version_says_so_and_marks_nothing(url: str) -> None:
    before = _progress(url)
    stale = before["interview-1"][2] - 1

    result = run(url, "documents", "done", "interview-1", "--if-version", str(stale))

    assert result.exit_code == 1
    assert "nothing was saved" in result.output
    assert _progress(url) == before


def test_documents_done_for_an_unknown_document_changes_nothing(url: str) -> None:
    before = _progress(url)

    result = run(url, "documents", "done", "interview-9")

    assert result.exit_code == 1
    assert "interview-9" in result.output
    assert _progress(url) == before


def test_saturation_names_documents_not_coded_and_not_done(url: str) -> None:
    run(url, "documents", "done", "interview-1")

    result = run(url, "saturation", "--order", "imported")

    assert result.exit_code == 0, result.output
    assert "Not yet coded, left out of the curve: interview-4, interview-5." in result.output
    assert (
        "Coded but not marked coding done (they may still bring new codes; "
        "`qualframe documents done DOC` marks one): interview-2, interview-3, notes."
    ) in " ".join(result.output.split())
