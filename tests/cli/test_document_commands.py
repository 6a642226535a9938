"""`qualframe import`, `qualframe documents ...` and `qualframe speakers ...`."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import qualframe
from qualframe.cli.app import build_app
from qualframe.storage.database import Database
from services.builders import make_case, make_participant

runner = CliRunner()

INTERVIEW = "Interviewer: What helped?\n\nP01: Peer support helped.\n"


@pytest.fixture
def cli(database_url: str) -> list[str]:
    """Arguments opening a database with a project "Study" and participants P01, P02."""
    database = Database(database_url)
    project = qualframe.create_project("Study", database=database, user="tester")
    with database.transaction() as session:
        case = make_case(session, project.info.id, "Site A")
        make_participant(session, project.info.id, "P01", case)
        make_participant(session, project.info.id, "P02", case)
    database.close()
    return ["--database", database_url]


def _run(cli: list[str], *args: str) -> tuple[int, str]:
    result = runner.invoke(build_app(), [*cli, *args], env={"COLUMNS": "200"})
    return result.exit_code, result.output


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "interviews"
    (folder / "site b").mkdir(parents=True)
    (folder / "p01.txt").write_text(INTERVIEW, encoding="utf-8")
    (folder / "site b" / "p02.md").write_text("P02: Being listened to.\n", encoding="utf-8")
    (folder / "z-copy.txt").write_text(INTERVIEW, encoding="utf-8")
    return folder


def test_importing_a_folder_prints_a_summary_of_what_happened(
    cli: list[str], tmp_path: Path
) -> None:
    code, output = _run(cli, "import", str(_folder(tmp_path)))
    assert code == 0, output
    assert "imported" in output and "duplicates skipped" in output
    assert "Imported 2 documents; 1 duplicate skipped." in output
    assert "same text as" in output and "z-copy.txt" in output
    code, output = _run(cli, "documents", "list")
    assert code == 0 and "p01.txt" in output and "p02.md" in output


def test_a_bad_file_stops_the_import_with_one_line_and_writes_nothing(
    cli: list[str], tmp_path: Path
) -> None:
    folder = _folder(tmp_path)
    (folder / "broken.txt").write_bytes(b"\x00\x01 binary")
    code, output = _run(cli, "import", str(folder))
    assert code == 1
    assert (
        output.strip()
        .splitlines()[-1]
        .startswith("Error: 1 of 4 files could not be imported; nothing was written.")
    )
    assert "broken.txt" in output and "Traceback" not in output
    _, listing = _run(cli, "documents", "list")
    assert "Documents (0)" in listing


def test_skip_bad_imports_the_good_files_and_lists_the_bad(cli: list[str], tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (folder / "broken.txt").write_bytes(b"\x00\x01 binary")
    code, output = _run(cli, "import", str(folder), "--skip-bad")
    assert code == 0, output
    assert "Failed" in output and "broken.txt" in output and "binary" in output
    assert "Imported 2 documents; 1 duplicate skipped; 1 file failed." in output


def test_import_options_encoding_and_participants(cli: list[str], tmp_path: Path) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes("Caf\u00e9 notes.".encode("cp1252"))
    code, output = _run(
        cli,
        "import",
        str(path),
        "--encoding",
        "cp1252",
        "--participant",
        "P01",
        "--participant",
        "P02",
    )
    assert code == 0, output
    code, output = _run(cli, "documents", "show", "legacy.txt")
    assert code == 0 and "Café notes." in output and "P01, P02" in output


def test_documents_show_link_unlink_position_and_delete(cli: list[str], tmp_path: Path) -> None:
    _run(cli, "import", str(_folder(tmp_path)))
    code, output = _run(cli, "documents", "show", "p01.txt", "--lines", "1")
    assert code == 0 and "Interviewer: What helped?" in output
    assert "Speakers: Interviewer (1), P01 (1)" in output and "more lines" in output
    code, output = _run(cli, "documents", "link", "p01.txt", "P01")
    assert code == 0 and "is linked to P01" in output
    code, output = _run(cli, "documents", "unlink", "p01.txt", "P01")
    assert code == 0 and "is linked to no participant" in output
    code, output = _run(cli, "documents", "position", "p01.txt", "3", "--if-version", "1")
    assert code == 1 and "was changed by someone else" in " ".join(output.split())
    code, output = _run(cli, "documents", "show", "p01.txt", "--lines", "1")
    assert "version 3" in output
    code, output = _run(cli, "documents", "position", "p01.txt", "3", "--if-version", "3")
    assert code == 0 and "position: 3" in output
    code, output = _run(cli, "documents", "delete", "p02.md")
    assert code == 0 and "Deleted p02.md" in output
    code, output = _run(cli, "documents", "show", "p02.md")
    assert code == 1 and "Error: There is no document called 'p02.md'" in output


def test_speakers_list_map_unmap_and_import(cli: list[str], tmp_path: Path) -> None:
    _run(cli, "import", str(_folder(tmp_path)))
    code, output = _run(cli, "speakers", "list")
    assert code == 0 and "Interviewer" in output and "unmapped somewhere" in output
    code, output = _run(cli, "speakers", "map", "Interviewer", "--interviewer")
    assert code == 0 and "Mapped Interviewer to interviewer" in output
    code, output = _run(
        cli, "speakers", "map", "P01", "--participant", "P01", "--document", "p01.txt"
    )
    assert code == 0 and "Mapped P01 in p01.txt to P01" in output
    code, output = _run(cli, "speakers", "unmap", "P01", "--document", "p01.txt")
    assert code == 0 and "Removed the mapping of P01" in output
    mapping = tmp_path / "speakers.csv"
    mapping.write_text("label,participant\nP01,P01\nP02,P02\n", encoding="utf-8")
    code, output = _run(cli, "speakers", "import", str(mapping))
    assert code == 0 and "Mapped 2 label(s)" in output
    code, output = _run(cli, "speakers", "list")
    assert "unmapped somewhere" not in output


def test_speaker_map_mistakes_are_one_line_errors(cli: list[str], tmp_path: Path) -> None:
    _run(cli, "import", str(_folder(tmp_path)))
    code, output = _run(cli, "speakers", "map", "P01")
    assert code == 1 and "Give exactly one of --participant ID, --interviewer, --other." in output
    code, output = _run(cli, "speakers", "map", "P1", "--participant", "P01")
    assert code == 1 and "Error: No speaker label 'P1'" in output
    bad = tmp_path / "bad.csv"
    bad.write_text("label,participant\nP01,P01\nP02,P99\n", encoding="utf-8")
    code, output = _run(cli, "speakers", "import", str(bad))
    assert code == 1 and f"{bad}, line 3: no participant called 'P99'" in output
