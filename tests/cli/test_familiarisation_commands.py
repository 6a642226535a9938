"""``qualframe documents read``, ``reading`` and ``notes``: familiarisation from the CLI."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner, Result

import qualframe
from qualframe.cli.app import build_app
from qualframe.storage.database import Database

runner = CliRunner()


@pytest.fixture
def url(database_url: str) -> str:
    """A database with two documents nobody has read."""
    database = Database(database_url)
    project = qualframe.create_project("Study", database=database, user="tester")
    project.documents.import_bytes("p01.txt", b"P01: It helped.\n")
    project.documents.import_bytes("p02.txt", b"P02: Not much.\n")
    database.close()
    return database_url


def run(url: str, *args: str) -> Result:
    return runner.invoke(build_app(), ["--database", url, *args], terminal_width=200)


def _read_by(url: str) -> dict[str, tuple[str, ...]]:
    database = Database(url)
    try:
        project = qualframe.open_project("Study", database=database)
        return {r.document: r.read_by for r in project.documents.reading_progress().documents}
    finally:
        database.close()


def test_documents_read_marks_for_the_user_and_undo_takes_it_back(url: str) -> None:
    marked = run(url, "--user", "Ana", "documents", "read", "p01.txt")
    run(url, "--user", "Ben", "documents", "read", "p01.txt")

    assert marked.exit_code == 0, marked.output
    assert "p01.txt: read by Ana (" in marked.output
    assert _read_by(url) == {"p01.txt": ("Ana", "Ben"), "p02.txt": ()}
    undone = run(url, "--user", "Ana", "documents", "read", "p01.txt", "--undo")
    assert undone.exit_code == 0, undone.output
    assert "p01.txt: not read by Ana" in undone.output
    assert _read_by(url) == {"p01.txt": ("Ben",), "p02.txt": ()}


def test_documents_reading_lists_documents_against_people(url: str) -> None:
    run(url, "--user", "Ana", "documents", "read", "p02.txt")
    notes = run(url, "--user", "Ben", "documents", "notes", "p01.txt")
    assert notes.exit_code == 0, notes.output
    assert "Familiarisation notes: p01.txt" in notes.output

    listed = run(url, "--user", "Ana", "documents", "reading")

    assert listed.exit_code == 0, listed.output
    lines = [" ".join(line.replace("│", " ").split()) for line in listed.output.splitlines()]
    assert "p01.txt - notes" in lines and "p02.txt read -" in lines
    assert "Ana 1 of 2 0" in lines and "Ben 0 of 2 1" in lines


def test_an_unknown_document_is_refused_and_nothing_is_marked(url: str) -> None:
    result = run(url, "documents", "read", "p09.txt")

    assert result.exit_code == 1
    assert "no document called 'p09.txt'" in result.output
    assert _read_by(url) == {"p01.txt": (), "p02.txt": ()}
