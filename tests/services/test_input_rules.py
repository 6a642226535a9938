"""One behaviour on both databases: input SQLite would store and PostgreSQL refuses
(NUL characters, half characters, values longer than their column) gets the
same clear refusal, or is stored the same cleaned way, on every database.

Every refusal is checked for its message and for leaving every table as it was.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

import qualframe
from qualframe.errors import ProjectChoiceError, ValidationError
from qualframe.storage.database import Database
from row_counts import row_counts

NUL = "\x00"
HALF = "\ud800"  # a lone surrogate: the JSON escape "\ud800", or a non-UTF-8 file name

#: (what is refused, how the message names it)
BAD_NAMES = [
    (f"Tr{NUL}ust", "contains a NUL character"),
    (f"Tr{HALF}ust", "contains U\\+D800, half of a character"),
]


def _refused(
    database: Database, action: Callable[[], object], message: str, error: type = ValidationError
) -> None:
    before = row_counts(database)
    with pytest.raises(error, match=message):
        action()
    assert row_counts(database) == before


# ---------------------------------------------------------------- projects and users


@pytest.mark.parametrize(("name", "message"), BAD_NAMES)
def test_a_project_name_no_database_stores_is_refused(
    database: Database, project: qualframe.Project, name: str, message: str
) -> None:
    _refused(
        database,
        lambda: qualframe.create_project(name, database=database),
        "The project name " + message,
    )


def test_a_project_name_longer_than_its_column_is_refused(
    database: Database, project: qualframe.Project
) -> None:
    _refused(
        database,
        lambda: qualframe.create_project("S" * 201, database=database),
        "The project name 'S+'\u2026 is 201 characters long; at most 200 fit.",
    )
    assert qualframe.create_project("S" * 200, database=database).name == "S" * 200


def test_a_project_description_with_a_nul_is_refused(database: Database) -> None:
    _refused(
        database,
        lambda: qualframe.create_project("Study", database=database, description=f"a{NUL}b"),
        "The project's description contains a NUL character",
    )


def test_a_project_name_no_project_can_have_is_simply_not_found(
    database: Database, project: qualframe.Project
) -> None:
    for name in (f"Study{NUL}", f"Study{HALF}"):
        with pytest.raises(ProjectChoiceError, match=r"No project called .*projects: Study"):
            qualframe.open_project(name, database=database)


def test_a_user_name_longer_than_its_column_is_refused_before_anything_is_written(
    database: Database,
) -> None:
    _refused(
        database,
        lambda: qualframe.create_project("Study", database=database, user="u" * 201),
        "The user name 'u+'\u2026 is 201 characters long; at most 200 fit.",
    )


@pytest.mark.parametrize(("name", "message"), BAD_NAMES)
def test_a_user_name_no_database_stores_is_refused(
    database: Database, project: qualframe.Project, name: str, message: str
) -> None:
    def act() -> None:
        with project.acting_as(name):
            project.codebook.add("Hope")

    _refused(database, act, "The user name " + message)


# ---------------------------------------------------------------- names in a project


@pytest.mark.parametrize(("name", "message"), BAD_NAMES)
def test_names_no_database_stores_are_refused_everywhere_they_are_given(
    database: Database, project: qualframe.Project, name: str, message: str
) -> None:
    project.study.add_case("Site A")
    project.study.add_participant("P01", "Site A")
    project.documents.import_bytes("p01.txt", b"P01: Hello there.\n")
    attempts: list[tuple[Callable[[], object], str]] = [
        (lambda: project.codebook.add(name), "code name"),
        (lambda: project.study.add_case(name), "case name"),
        (lambda: project.study.rename_case("Site A", name), "case name"),
        (lambda: project.study.add_participant(name, "Site A"), "participant identifier"),
        (
            lambda: project.study.define_attribute(name, "case", "text"),
            "attribute name",
        ),
        (lambda: project.memos.add(name, kind="analytic"), "memo title"),
        (lambda: project.documents.rename("p01.txt", name), "document title"),
    ]
    for action, what in attempts:
        _refused(database, action, f"The {what} {message}")


@pytest.mark.parametrize(("name", "message"), BAD_NAMES)
def test_a_name_no_database_stores_names_nothing_when_looked_up(
    database: Database, project: qualframe.Project, name: str, message: str
) -> None:
    project.codebook.add("Hope")
    lookups: list[tuple[Callable[[], object], str]] = [
        (lambda: project.codebook.add("Sub", parent=name), "There is no code called"),
        (lambda: project.documents.rename(name, "New title"), "There is no document called"),
    ]
    for action, expected in lookups:
        _refused(database, action, expected, qualframe.NotFoundError)


def test_names_longer_than_their_columns_are_refused_with_the_same_message(
    database: Database, project: qualframe.Project
) -> None:
    project.study.add_case("Site A")
    project.documents.import_bytes("p01.txt", b"P01: Hello there.\n")
    attempts: list[tuple[Callable[[], object], str, int]] = [
        (lambda: project.codebook.add("n" * 201), "code name", 200),
        (lambda: project.study.add_case("n" * 201), "case name", 200),
        (lambda: project.study.add_participant("n" * 201, "Site A"), "participant identifier", 200),
        (lambda: project.memos.add("n" * 501, kind="analytic"), "memo title", 500),
        (lambda: project.documents.rename("p01.txt", "n" * 501), "document title", 500),
    ]
    for action, what, width in attempts:
        _refused(
            database,
            action,
            f"The {what} 'n+'\u2026 is {width + 1} characters long; at most {width} fit.",
        )


# ---------------------------------------------------------------- imported files


def test_a_file_name_longer_than_its_column_is_shortened_and_reported_as_renamed(
    database: Database, project: qualframe.Project
) -> None:
    name = "interview with a very long name " * 20 + ".txt"  # 644 characters
    report = project.documents.import_bytes(name, b"P01: Hello there.\n")
    stored = report.imported[0]
    assert stored.renamed
    assert len(stored.name) == 500 and stored.name.endswith("\u2026.txt")
    assert [d.name for d in project.documents.document_list()] == [stored.name]
    again = project.documents.import_bytes(name, b"P01: Something else.\n")
    assert again.imported[0].name.endswith(" (2).txt") and len(again.imported[0].name) <= 500


@pytest.mark.parametrize("name", [f"p{NUL}01.txt", f"caf{chr(0xDCE9)}.txt"])
def test_a_file_name_no_database_stores_is_cleaned_in_name_and_title(
    database: Database, project: qualframe.Project, name: str
) -> None:
    report = project.documents.import_bytes(name, b"P01: Hello there.\n")
    (document,) = project.documents.document_list()
    assert report.imported[0].renamed
    assert NUL not in document.name and HALF not in document.name
    assert NUL not in document.title and "\udce9" not in document.title


def test_nul_characters_in_a_transcript_are_left_out_on_import(
    project: qualframe.Project,
) -> None:
    text = "Interviewer: How was it?\n\nP01: It was fine, thank you for asking.\n"
    data = text.replace("fine", f"fi{NUL}ne").encode()
    report = project.documents.import_bytes("p01.txt", data)
    assert project.documents.document(report.imported[0].id).text == text


def test_a_transcript_in_utf16_without_a_byte_order_mark_is_imported(
    project: qualframe.Project,
) -> None:
    text = "Interviewer: How was it?\n\nP01: Grüße, it was fine.\n"
    report = project.documents.import_bytes("p01.txt", text.encode("utf-16-le"))
    assert project.documents.document(report.imported[0].id).text == text


def test_a_non_text_codec_is_refused_by_name_and_nothing_is_written(
    database: Database, project: qualframe.Project
) -> None:
    _refused(
        database,
        lambda: project.documents.import_bytes("p01.txt", b"aGVsbG8=", encoding="base64"),
        r"p01\.txt: --encoding 'base64' is not a text encoding",
        qualframe.InputFileError,
    )


def test_a_voice_label_longer_than_its_column_is_stored_cut_to_fit(
    project: qualframe.Project,
) -> None:
    voice = "Speaker with a very long name " * 10
    vtt = (
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Bob>Hello.</v>\n\n"
        f"00:00:02.000 --> 00:00:03.000\n<v {voice}>Who am I?</v>\n"
    )
    report = project.documents.import_bytes("call.vtt", vtt.encode())
    labels = [turn.label for turn in project.documents.turn_list(report.imported[0].id)]
    assert labels[0] == "Bob"
    assert len(labels[1]) == 200 and labels[1].endswith("\u2026")
