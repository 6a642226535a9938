"""CSV files written by commands (codings, co-occurrence) neutralise text a
spreadsheet would run as a formula and keep numbers as numbers."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

import qualframe
from qualframe.cli.app import build_app
from qualframe.storage.database import Database

runner = CliRunner()

CODE = '=HYPERLINK("http://evil.example","x")'
TEXT = "-2+3+cmd|' /C calc'!A0 said P1, and more."


@pytest.fixture
def url(database_url: str) -> str:
    """A project whose codes, quote and participant start like formulas."""
    database = Database(database_url)
    project = qualframe.create_project("Study", database=database, user="tester")
    project.study.add_case("@Site")
    project.study.add_participant("+P1", "@Site")
    project.documents.import_bytes("interview.txt", TEXT.encode(), participants="+P1")
    project.codebook.add(CODE)
    project.codebook.add("@Other")
    project.coding.apply("interview.txt", CODE, 0, 22)
    project.coding.apply("interview.txt", "@Other", 0, 22)
    database.close()
    return database_url


def _run(url: str, *args: str) -> str:
    result = runner.invoke(build_app(), ["--database", url, *args])
    assert result.exit_code == 0, result.output
    return result.output


def _cells(text: str) -> set[str]:
    return {cell for row in csv.reader(io.StringIO(text)) for cell in row}


def test_the_codings_csv_neutralises_codes_quotes_and_names(url: str, tmp_path: Path) -> None:
    target = tmp_path / "codings.csv"
    _run(url, "codings", "--csv", str(target))
    cells = _cells(target.read_text("utf-8"))
    assert "'" + CODE in cells and "'@Other" in cells
    assert "'-2+3+cmd|' /C calc'!A0" in cells and "'+P1" in cells and "'@Site" in cells
    assert not [c for c in cells if c.startswith(("=", "+", "@"))]
    assert "0" in cells and "22" in cells  # offsets stay numbers


def test_the_codings_csv_on_standard_output_is_neutralised_too(url: str) -> None:
    cells = _cells(_run(url, "codings", "--csv", "-"))
    assert "'" + CODE in cells and not [c for c in cells if c.startswith(("=", "+", "@"))]


def test_the_cooccurrence_csv_neutralises_code_names_and_keeps_counts(
    url: str, tmp_path: Path
) -> None:
    target = tmp_path / "pairs.csv"
    _run(url, "cooccurrence", "--csv", str(target))
    rows = list(csv.reader(io.StringIO(target.read_text("utf-8-sig"))))
    cells = {cell for row in rows for cell in row}
    assert "'" + CODE in cells and "'@Other" in cells
    assert not [c for c in cells if c.startswith(("=", "+", "@"))]
    count = rows[0].index("count")
    assert [row[count] for row in rows[1:]] == ["1"]
