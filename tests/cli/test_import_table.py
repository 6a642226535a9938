"""`qualframe import-table`: a table of utterances as documents."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import qualframe
from qualframe.cli.app import build_app
from qualframe.storage.database import Database

runner = CliRunner()

TABLE = (
    "interview,turn,speaker,text,site,themes\n"
    "FG1,2,P01,It helped me.,North,Trust;Hope\n"
    "FG2,1,Interviewer,Welcome.,South,\n"
    "FG1,1,Interviewer,What helped?,North,\n"
    "FG2,2,P03,,South,Trust\n"
)
MAPPING = (
    "--document", "interview", "--text", "text", "--speaker", "speaker", "--order", "turn",
    "--attribute", "site", "--code", "themes",
)  # fmt: skip


@pytest.fixture
def cli(database_url: str) -> list[str]:
    """Arguments opening a database with an empty project "Study"."""
    database = Database(database_url)
    qualframe.create_project("Study", database=database, user="tester")
    database.close()
    return ["--database", database_url]


@pytest.fixture
def table(tmp_path: Path) -> Path:
    path = tmp_path / "groups.csv"
    path.write_text(TABLE, encoding="utf-8")
    return path


def _run(cli: list[str], *args: str) -> tuple[int, str]:
    result = runner.invoke(build_app(), [*cli, *args], env={"COLUMNS": "200"})
    return result.exit_code, result.output


def _project(cli: list[str]) -> qualframe.Project:
    return qualframe.open_project("Study", database=Database(cli[1]), user="tester")


def test_importing_a_table_prints_what_was_made(cli: list[str], table: Path) -> None:
    code, output = _run(cli, "import-table", str(table), *MAPPING)

    assert code == 0, output
    assert (
        "Imported 2 documents (3 turns) from groups.csv; 1 attribute; 2 codes, 2 codings; "
        "1 row without text skipped." in output
    )
    assert "themes > Hope" in output and "themes > Trust" in output
    assert "Rows skipped" in output and "no text" in output
    project = _project(cli)
    assert [d.name for d in project.documents.document_list()] == ["FG1", "FG2"]
    assert project.documents.document("FG1").text == (
        "Interviewer: What helped?\n\nP01: It helped me."
    )


def test_a_dry_run_shows_the_first_documents_and_writes_nothing(
    cli: list[str], table: Path
) -> None:
    code, output = _run(cli, "import-table", str(table), *MAPPING, "--dry-run")

    assert code == 0, output
    assert "Would import 2 documents (3 turns)" in output and "Nothing was written." in output
    assert "FG1 (site = North)" in output
    assert "P01: It helped me." in output and "themes > Trust; themes > Hope" in output
    assert _project(cli).documents.document_list() == []


def test_coders_and_flag_columns_are_taken_from_the_table(cli: list[str], tmp_path: Path) -> None:
    path = tmp_path / "fft.csv"
    path.write_text("id,comment,Staff,who\n1,Kind staff.,1,ana\n2,Slow.,0,ben\n", encoding="utf-8")

    code, output = _run(
        cli, "import-table", str(path), "--document", "id", "--text", "comment",
        "--code", "Staff", "--coder", "who",
    )  # fmt: skip

    assert code == 0, output
    codings = _project(cli).coding.codings()
    assert list(zip(codings["code"], codings["coder"], codings["text"], strict=True)) == [
        ("Staff", "ana", "Kind staff.")
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--document", "interview", "--text", "words"),
            "Error: {file}: there is no column 'words' (asked for as the text column)",
        ),
        (
            ("--document", "interview", "--text", "text", "--attribute", "site"),
            "Error: {file}, line 3: the attribute column 'site' has two values",
        ),
    ],
)
def test_a_bad_table_stops_with_one_line_naming_the_file_and_writes_nothing(
    cli: list[str], tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("interview,text,site\nA,One.,North\nA,Two.,South\n", encoding="utf-8")

    code, output = _run(cli, "import-table", str(path), *args)

    assert code == 1
    assert output.strip().splitlines()[-1].startswith(message.format(file=path))
    assert "Traceback" not in output
    assert _project(cli).documents.document_list() == []


def test_a_file_that_is_not_a_table_is_refused(cli: list[str], tmp_path: Path) -> None:
    path = tmp_path / "notes.pdf"
    path.write_bytes(b"%PDF-1.4")

    code, output = _run(cli, "import-table", str(path), "--document", "a", "--text", "b")

    assert code == 1
    assert f"Error: {path}: files ending in '.pdf' are not tables" in output


def test_the_document_and_text_columns_are_required(cli: list[str], table: Path) -> None:
    code, output = _run(cli, "import-table", str(table), "--document", "interview")

    assert code == 2
    assert "--text" in output
