"""`qualframe documents replace | revisions | rename` (issue 10 §5)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import qualframe
from qualframe.cli.app import build_app
from qualframe.storage.database import Database

runner = CliRunner()

INTERVIEW = "Interviewer: What helped?\n\nP01: Peer support helped me most.\n"


@pytest.fixture
def cli(database_url: str, tmp_path: Path) -> list[str]:
    """A project with one coded interview, p01.txt."""
    database = Database(database_url)
    project = qualframe.create_project("Study", database=database, user="tester")
    project.documents.import_bytes("p01.txt", INTERVIEW.encode())
    project.codebook.add("Support")
    start = INTERVIEW.index("Peer support")
    project.coding.apply("p01.txt", "Support", start, start + len("Peer support"))
    database.close()
    return ["--database", database_url]


def _run(cli: list[str], *args: str) -> tuple[int, str]:
    result = runner.invoke(build_app(), [*cli, *args], env={"COLUMNS": "200"})
    return result.exit_code, result.output


def test_replacing_with_a_corrected_file_keeps_the_codings(cli: list[str], tmp_path: Path) -> None:
    corrected = tmp_path / "p01.txt"
    corrected.write_text(INTERVIEW.replace("What helped?", "What helped you?"), encoding="utf-8")
    code, output = _run(cli, "documents", "replace", "p01.txt", str(corrected), "--dry-run")
    assert code == 0, output
    assert "Dry run, nothing changed" in output and "1 coding kept (1 moved)" in output
    code, output = _run(cli, "documents", "revisions", "p01.txt")
    assert code == 0 and "No earlier text" in output
    code, output = _run(cli, "documents", "replace", "p01.txt", str(corrected), "--reason", "typo")
    assert code == 0, output
    assert "the old text is revision 1" in output
    code, output = _run(cli, "documents", "revisions", "p01.txt")
    assert code == 0 and "typo" in output


def test_codings_whose_text_changed_are_listed(cli: list[str], tmp_path: Path) -> None:
    corrected = tmp_path / "p01.txt"
    corrected.write_text(INTERVIEW.replace("Peer support", "Peer work"), encoding="utf-8")
    code, output = _run(cli, "documents", "replace", "p01.txt", str(corrected))
    assert code == 0, output
    assert "Codings to review" in output and "Peer work" in output
    assert "1 coding to review (text changed)" in output


def test_a_replacement_that_is_not_text_is_refused_and_changes_nothing(
    cli: list[str], tmp_path: Path
) -> None:
    bad = tmp_path / "scan.pdf"
    bad.write_bytes(b"not a pdf at all")
    code, output = _run(cli, "documents", "replace", "p01.txt", str(bad))
    assert code == 1
    assert "scan.pdf: this is not a PDF file" in output
    code, output = _run(cli, "documents", "revisions", "p01.txt")
    assert "No earlier text" in output


def test_renaming_shows_the_new_title(cli: list[str]) -> None:
    code, output = _run(cli, "documents", "rename", "p01.txt", "Interview one")
    assert code == 0, output
    assert "p01.txt is now titled 'Interview one'" in output


PROSE = (
    "Interviewer: What did the report say?\n\n"
    "P01: It was clear. You say:\n\n"
    '"we were not ready"\n\n'
    "Interviewer: And then?\n\n"
    "P01: We changed.\n"
)


def test_an_import_dry_run_lists_the_labels_taken_and_not(cli: list[str], tmp_path: Path) -> None:
    transcript = tmp_path / "p02.txt"
    transcript.write_text(PROSE, encoding="utf-8")
    code, output = _run(cli, "import", str(transcript), "--dry-run")
    assert code == 0, output
    assert "Speaker labels of p02.txt" in output
    assert "Interviewer" in output and "P01" in output
    assert "Dry run, nothing was imported: would import 1 document." in output
    code, output = _run(cli, "documents", "list")
    assert "p02.txt" not in output
