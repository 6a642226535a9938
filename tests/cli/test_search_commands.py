"""`qualframe search`: keyword in context, filters, pages, coding every hit."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

import qualframe
from qualframe.cli.app import build_app
from qualframe.storage.database import Database
from qualframe.storage.models import Coding
from qualframe.vocabulary import AttributeLevel
from services.builders import define_attribute, make_case, make_code, make_participant, set_value

runner = CliRunner()


@pytest.fixture
def cli(database_url: str, tmp_path: Path) -> list[str]:
    """A project with two mapped interviews and a code "Barriers > Stigma"."""
    database = Database(database_url)
    project = qualframe.create_project("Study", database=database, user="tester")
    pid = project.info.id
    with database.transaction() as session:
        case = make_case(session, pid, "Site A")
        p01 = make_participant(session, pid, "P01", case)
        p02 = make_participant(session, pid, "P02", case)
        group = define_attribute(
            session,
            pid,
            "stakeholder group",
            AttributeLevel.PARTICIPANT,
            ["peer worker", "service user"],
        )
        set_value(session, group, p01, "peer worker")
        set_value(session, group, p02, "service user")
        theme = make_code(session, pid, "Barriers")
        make_code(session, pid, "Stigma", theme)
    (tmp_path / "p01.txt").write_text(
        "Interviewer: And stigma?\n\nP01: Stigma was there. Then it faded.\n", encoding="utf-8"
    )
    (tmp_path / "p02.txt").write_text("P02: Stigma from staff hurt.\n", encoding="utf-8")
    project.documents.import_files([tmp_path / "p01.txt", tmp_path / "p02.txt"])
    project.documents.map_speaker("P01", "P01")
    project.documents.map_speaker("P02", "P02")
    database.close()
    return ["--database", database_url]


def _run(cli: list[str], *args: str) -> tuple[int, str]:
    result = runner.invoke(build_app(), [*cli, *args], env={"COLUMNS": "160"})
    return result.exit_code, result.output


def _codings(database_url: str) -> int:
    database = Database(database_url)
    with database.transaction() as session:
        count = session.scalar(select(func.count()).select_from(Coding)) or 0
    database.close()
    return count


def test_search_prints_hits_in_context_with_document_and_speaker(cli: list[str]) -> None:
    code, output = _run(cli, "search", "stigma")
    assert code == 0, output
    assert "3 matching segment(s); showing 1-3 (3 hit(s))." in output
    lines = output.splitlines()
    assert "p01" in lines and "p02" in lines  # the documents' titles head their hits
    assert any("Interviewer" in line and "And stigma?" in line for line in lines)
    assert any("P01" in line and "Stigma was there." in line for line in lines)


def test_search_heads_hits_with_a_renamed_documents_title(cli: list[str]) -> None:
    code, output = _run(cli, "documents", "rename", "p01.txt", "Interview with P01")
    assert code == 0, output
    # The file name stays the identifier the options take; the title is what is shown.
    code, output = _run(cli, "search", "stigma", "--document", "p01.txt")
    assert code == 0, output
    lines = output.splitlines()
    assert "Interview with P01" in lines
    assert "p01" not in lines and "p01.txt" not in output
    assert any("Stigma was there." in line for line in lines)


def test_search_filters_by_attribute_and_pages(cli: list[str]) -> None:
    code, output = _run(cli, "search", "stigma", "--where", "stakeholder group=service user")
    assert code == 0 and "1 matching segment(s)" in output and "staff hurt" in output
    code, output = _run(cli, "search", "stigma", "--limit", "1")
    assert "showing 1-1" in output and "Next page: --offset 1" in output
    code, output = _run(cli, "search", "stigma", "--speaker", "P02")
    assert "1 matching segment(s)" in output
    code, output = _run(cli, "search", "nothing-like-this")
    assert code == 0 and "No segment matches" in output


def test_search_errors_are_one_line(cli: list[str]) -> None:
    code, output = _run(cli, "search", "stigma", "--where", "no equals sign")
    assert code == 1 and "Error: 'no equals sign' is not a filter" in output
    code, output = _run(cli, "search", "--", "-stigma")
    assert code == 1 and "Error: A search needs at least one word to find" in output
    assert "Traceback" not in output


def test_code_option_codes_every_hit_after_showing_the_count(
    cli: list[str], database_url: str
) -> None:
    code, output = _run(
        cli,
        "search",
        "stigma",
        "--code",
        "Barriers > Stigma",
        "--spread",
        "sentence",
        "--preview",
    )
    assert code == 0 and "3 span(s) in 2 document(s)" in output
    assert _codings(database_url) == 0
    code, output = _run(
        cli,
        "search",
        "stigma",
        "--limit",
        "1",
        "--code",
        "Barriers > Stigma",
        "--spread",
        "sentence",
    )
    assert code == 0 and "Added 3 coding(s)." in output
    assert _codings(database_url) == 3
    code, output = _run(cli, "search", "stigma", "--code", "Stigma", "--spread", "sentence")
    assert "Added 0 coding(s); 3 already coded." in output
