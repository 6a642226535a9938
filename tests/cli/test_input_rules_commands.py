"""Input SQLite would store and PostgreSQL refuses, through the CLI: one clear
line (never a traceback), the same on both databases, and nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import qualframe
from qualframe.cli.app import build_app
from qualframe.storage.database import Database
from row_counts import row_counts

runner = CliRunner()

#: A command-line argument holding a byte that is not UTF-8 (Python reads it as
#: the lone surrogate U+DCFF).
NOT_UTF8 = "Study \udcff"


def _run(url: str, *args: str) -> tuple[int, str]:
    result = runner.invoke(build_app(), ["--database", url, *args], env={"COLUMNS": "300"})
    return result.exit_code, result.output


def _counts(url: str) -> dict[str, int]:
    database = Database(url)
    try:
        return row_counts(database)
    finally:
        database.close()


def _refused(url: str, message: str, *args: str) -> None:
    before = _counts(url)
    code, output = _run(url, *args)
    assert code == 1, output
    assert message in output
    assert "Traceback" not in output
    assert _counts(url) == before


@pytest.fixture
def study(database_url: str) -> str:
    """The URL of a database holding the project "Study"."""
    database = Database(database_url)
    qualframe.create_project("Study", database=database, user="tester")
    database.close()
    return database_url


def test_init_with_a_name_longer_than_its_column_is_one_clear_line(database_url: str) -> None:
    _refused(
        database_url,
        "Error: The project name 'SSSS",
        "init",
        "S" * 201,
    )
    _code, output = _run(database_url, "init", "S" * 201)
    assert "is 201 characters long; at most 200 fit." in output.replace("\n", "")


def test_init_with_an_argument_that_is_not_utf8_is_one_clear_line(database_url: str) -> None:
    _refused(database_url, "Error: The project name contains U+DCFF", "init", NOT_UTF8)


def test_a_user_name_longer_than_its_column_is_refused_before_anything_is_written(
    database_url: str,
) -> None:
    _refused(database_url, "Error: The user name 'uuuu", "--user", "u" * 201, "init", "Study")


def test_a_user_name_that_is_not_utf8_is_refused_in_a_project(study: str) -> None:
    _refused(
        study, "Error: The user name contains U+DCFF", "--user", NOT_UTF8, "codes", "add", "Hope"
    )


def test_a_code_name_that_is_not_utf8_is_refused(study: str) -> None:
    _refused(study, "Error: The code name contains U+DCFF", "codes", "add", NOT_UTF8)


def test_a_document_name_that_is_not_utf8_is_not_found(study: str) -> None:
    _refused(study, "There is no document called 'Study \\udcff'", "documents", "show", NOT_UTF8)


@pytest.mark.parametrize("codec", ["base64", "rot13"])
def test_import_with_a_non_text_codec_names_the_option_and_the_codec(
    study: str, tmp_path: Path, codec: str
) -> None:
    path = tmp_path / "p01.txt"
    path.write_text("P01: Hello there.\n", encoding="utf-8")
    _refused(
        study,
        f"--encoding '{codec}' is not a text encoding",
        "import",
        str(path),
        "--encoding",
        codec,
    )


def test_import_recognises_utf16_without_a_byte_order_mark(study: str, tmp_path: Path) -> None:
    path = tmp_path / "p01.txt"
    text = "Interviewer: How was it?\n\nP01: Grüße, it was fine.\n"
    path.write_bytes(text.encode("utf-16-le"))
    code, output = _run(study, "import", str(path))
    assert code == 0, output
    database = Database(study)
    project = qualframe.open_project("Study", database=database)
    (document,) = project.documents.document_list()
    assert project.documents.document(document.id).text == text
    database.close()


def test_import_of_a_folder_whose_paths_are_longer_than_a_name_shortens_them(
    study: str, tmp_path: Path
) -> None:
    folder = tmp_path / "deep"
    for part in ("a", "b"):  # two files of one name: each is named by its path
        inner = folder / (part * 200) / ("x" * 200) / ("y" * 200)  # 609 characters
        inner.mkdir(parents=True)
        (inner / "p01.txt").write_text(f"P01: Hello from {part}.\n", encoding="utf-8")
    code, output = _run(study, "import", str(folder))
    assert code == 0, output
    database = Database(study)
    project = qualframe.open_project("Study", database=database)
    names = sorted(d.name for d in project.documents.document_list())
    database.close()
    assert len(names) == 2
    assert all(len(name) == 500 and name.endswith("\u2026.txt") for name in names)
    assert names[0].startswith("a" * 200) and names[1].startswith("b" * 200)
