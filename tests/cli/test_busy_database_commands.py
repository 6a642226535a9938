"""The CLI and a busy database: one clear line and a failing exit status, never
a traceback; and ``qualframe import`` commits in parts so that others can
write meanwhile."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import qualframe
from database_locks import every_database_waiting_briefly, locked
from qualframe.cli.app import build_app
from qualframe.services.documents import file_import, import_parts
from qualframe.storage.database import BUSY_MESSAGE, Database
from row_counts import row_counts

runner = CliRunner()


def _study(database_url: str) -> qualframe.Project:
    project = qualframe.create_project("Study", database=Database(database_url), user="tester")
    project.codebook.add("Hope")
    return project


def test_a_command_kept_waiting_by_another_writer_prints_one_line_and_fails(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = _study(database_url)
    before = row_counts(project.database)
    every_database_waiting_briefly(monkeypatch)
    command = ["--database", database_url, "codes", "edit", "Hope", "--definition", "Forward."]

    with locked(database_url, "codes", project.codebook.get("Hope").id):
        result = runner.invoke(build_app(), command)

    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [f"Error: {BUSY_MESSAGE}"]
    assert row_counts(project.database) == before


def test_the_import_command_commits_in_parts(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = _study(database_url)
    monkeypatch.setattr(file_import, "AHEAD_SECONDS", 0.0)
    monkeypatch.setattr(import_parts, "PART_SECONDS", 0.0)
    for number in (1, 2, 3):
        (tmp_path / f"P0{number}.txt").write_text(f"P0{number}: interview {number}.\n")

    result = runner.invoke(build_app(), ["--database", database_url, "import", str(tmp_path)])

    assert result.exit_code == 0, result.output
    imports = [entry for entry in project.activity() if entry.action == "document.import"]
    assert sorted(entry.details["part"] for entry in imports) == [1, 2, 3]
