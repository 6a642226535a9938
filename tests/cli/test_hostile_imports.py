"""Hostile files through `qualframe import` and `qualframe import-table`: each is
refused with one line naming the file, the problem and the limit that stopped it,
and nothing is stored (on SQLite and PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.formats import hostile_samples as samples
from tests.formats.hostile_samples import HOSTILE_DOCUMENTS, HostileFile
from typer.testing import CliRunner

import qualframe
from qualframe.cli.app import build_app
from qualframe.storage.database import Database

runner = CliRunner()


@pytest.fixture
def cli(database_url: str) -> list[str]:
    """Arguments opening a database with an empty project "Study"."""
    database = Database(database_url)
    qualframe.create_project("Study", database=database, user="tester")
    database.close()
    return ["--database", database_url]


def _run(cli: list[str], *args: str) -> tuple[int, str]:
    result = runner.invoke(build_app(), [*cli, *args], env={"COLUMNS": "400"})
    return result.exit_code, result.output


def _stored(cli: list[str]) -> tuple[int, int]:
    """How many documents and audit entries the project holds."""
    database = Database(cli[1])
    try:
        project = qualframe.open_project("Study", database=database, user="tester")
        return len(project.documents.documents()), len(project.audit_log())
    finally:
        database.close()


@pytest.mark.parametrize("hostile", HOSTILE_DOCUMENTS, ids=lambda hostile: hostile.name)
def test_a_hostile_file_is_refused_in_one_line_and_nothing_is_stored(
    cli: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hostile: HostileFile
) -> None:
    for variable, value in hostile.lowered.items():
        monkeypatch.setenv(variable, value)
    path = tmp_path / hostile.name
    path.write_bytes(hostile.make())
    before = _stored(cli)
    code, output = _run(cli, "import", str(path))
    assert code == 1
    line = " ".join(output.split())
    assert line.startswith(f"Error: {path}: {hostile.problem}")
    assert line.endswith(f"the limit is {hostile.limit}")
    assert "Traceback" not in output
    assert _stored(cli) == before


def test_a_batch_holding_hostile_files_stores_nothing_of_the_batch(
    cli: list[str], tmp_path: Path
) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "a-good.txt").write_text("Interviewer: Hello.\n\nP01: Hi.\n", encoding="utf-8")
    (folder / "b-pages.pdf").write_bytes(samples.page_tree_bomb())
    (folder / "c-lying.docx").write_bytes(samples.lying_ratio_docx())
    before = _stored(cli)
    code, output = _run(cli, "import", str(folder))
    assert code == 1
    line = " ".join(output.split())
    assert "2 of 3 files could not be imported; nothing was written." in line
    assert "QUALFRAME_LIMIT_PDF_PAGES" in line
    assert _stored(cli) == before
    code, output = _run(cli, "import", str(folder), "--skip-bad")
    assert code == 0, output
    assert _stored(cli)[0] == before[0] + 1


def test_a_zip_bomb_workbook_is_refused_by_import_table(cli: list[str], tmp_path: Path) -> None:
    path = tmp_path / "parts.xlsx"
    path.write_bytes(samples.many_parts_xlsx())
    before = _stored(cli)
    code, output = _run(cli, "import-table", str(path), "--document", "a", "--text", "b")
    assert code == 1
    assert " ".join(output.split()) == (
        f"Error: {path}: the workbook unpacked to more than 200 times its compressed size; "
        "it may be a zip bomb; the limit is QUALFRAME_LIMIT_COMPRESSION_RATIO"
    )
    assert _stored(cli) == before
