"""`qualframe speakers reject|accept|undo|decisions|map-unmapped|create-participants|
sections|suggest` and `speakers map --section`."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import qualframe
from qualframe.cli.app import build_app
from qualframe.storage.database import Database

runner = CliRunner()

DAY = (
    "Ms Jane Smith (affirmed)\n------------------------\n\n"
    "**Counsel**: Did you attend the meetings?\n\n"
    "**The Witness**: I attended most of them. We met weekly.\n\n"
    "**You say**: we met weekly, but the minutes say monthly.\n\n"
    "Lead counsel for the inquiry: Were they minuted?\n\n"
    "**The Witness**: Always.\n\n"
    "Evidence of Professor Alan Jones\n--------------------------------\n\n"
    "**Counsel**: Professor, what did you advise?\n\n"
    "**The Witness**: I advised caution.\n"
)


@pytest.fixture
def cli(database_url: str, tmp_path: Path) -> list[str]:
    """Arguments opening a project with one hearing day, witnesses W01 and W02, and
    a coding on the first witness's words."""
    database = Database(database_url)
    project = qualframe.create_project("Inquiry", database=database, user="tester")
    project.study.add_case("Witnesses")
    project.study.add_participant("W01", "Witnesses", description="Jane Smith, chief nurse")
    project.study.add_participant("W02", "Witnesses", description="Alan Jones")
    project.documents.import_bytes("day4.txt", DAY.encode())
    project.codebook.add("Meetings")
    start = DAY.index("We met weekly.")
    project.coding.apply("day4.txt", "Meetings", start, start + len("We met weekly."))
    database.close()
    return ["--database", database_url]


def _run(cli: list[str], *args: str) -> tuple[int, str]:
    result = runner.invoke(build_app(), [*cli, *args], env={"COLUMNS": "200"})
    return result.exit_code, result.output


def test_a_label_is_rejected_accepted_listed_and_undone(cli: list[str]) -> None:
    code, output = _run(cli, "speakers", "reject", "You say")
    assert code == 0, output
    assert "You say is not a speaker; 1 turn merged into the turn before;" in output
    code, output = _run(cli, "speakers", "accept", "Lead counsel for the inquiry")
    assert code == 0, output
    assert "Lead counsel for the inquiry is a speaker; 1 turn split off; 1 document" in output
    code, output = _run(cli, "speakers", "decisions")
    assert code == 0 and "not a speaker" in output and "tester" in output
    code, output = _run(cli, "speakers", "undo", "lead counsel for the inquiry")
    assert code == 0 and "inquiry is as detected again; 1 turn merged" in output
    code, output = _run(cli, "speakers", "reject", "Chairman")
    assert code == 1 and output.startswith("Error: No speaker label 'Chairman'")


def test_unmapped_labels_are_mapped_in_one_go(cli: list[str]) -> None:
    code, output = _run(cli, "speakers", "map-unmapped", "--role", "other")
    assert code == 0, output
    assert "Mapped 3 labels to other: Counsel, The Witness, You say" in output
    code, output = _run(cli, "speakers", "map-unmapped", "--role", "interviewer")
    assert code == 0 and "No label is unmapped: nothing to do." in output
    code, output = _run(cli, "speakers", "map-unmapped", "--role", "participant")
    assert code == 2 and "participant" in output  # not one of the choices


def test_participants_are_made_from_labels(cli: list[str]) -> None:
    code, output = _run(cli, "speakers", "create-participants", "Counsel", "You say")
    assert code == 0, output
    assert "Made 2 participants and 2 cases: Counsel, You say" in output
    code, output = _run(cli, "speakers", "list")
    assert "Counsel" in output and "unmapped somewhere" in output
    code, output = _run(cli, "speakers", "create-participants", "Counsel", "--case", "Panel")
    assert code == 1 and "Error: No case called 'Panel'" in output


def test_sections_are_listed_suggested_and_mapped(cli: list[str]) -> None:
    code, output = _run(cli, "speakers", "map", "Counsel", "--interviewer")
    assert code == 0, output
    code, output = _run(cli, "speakers", "sections", "day4.txt")
    assert code == 0, output
    assert "Ms Jane Smith (affirmed)" in output and "Counsel (1): interviewer [project]" in output
    code, output = _run(cli, "speakers", "suggest", "day4.txt")
    assert code == 0, output
    assert "W01 — Jane Smith, chief nurse" in output and "Map them all with --accept" in output
    code, output = _run(
        cli,
        "speakers",
        "map",
        "The Witness",
        "--participant",
        "W01",
        "--document",
        "day4.txt",
        "--section",
        "Ms Jane Smith (affirmed)",
    )
    assert code == 0, output
    assert (
        "Mapped The Witness in section 1 (Ms Jane Smith (affirmed)) of day4.txt to W01; "
        "1 coding re-attributed." in output
    )
    code, output = _run(cli, "speakers", "suggest", "day4.txt", "--accept")
    assert code == 0 and "Mapped 1 suggestion; 0 codings re-attributed." in output
    code, output = _run(cli, "speakers", "unmap", "The Witness", "--document", "day4.txt")
    assert code == 1 and "is not mapped in 'day4.txt'" in output
    code, output = _run(
        cli, "speakers", "unmap", "The Witness", "--document", "day4.txt", "--section", "1"
    )
    assert code == 0 and "Removed the mapping of The Witness in section 1" in output
    code, output = _run(
        cli, "speakers", "map", "The Witness", "--other", "--document", "day4.txt", "--section", "7"
    )
    assert code == 1 and "has sections 1 to 2; there is no section 7" in output


def _mappings_and_activity(cli: list[str]) -> tuple[list[object], int]:
    """The project's speaker mappings and how many changes the audit log holds."""
    database = Database(cli[1])
    project = qualframe.open_project("Inquiry", database=database, user="tester")
    try:
        return list(project.documents.mapping_list()), len(project.activity())
    finally:
        database.close()


def test_a_documents_turns_are_listed_and_one_turn_is_mapped_and_unmapped(
    cli: list[str],
) -> None:
    assert _run(cli, "speakers", "map", "The Witness", "--participant", "W01")[0] == 0
    code, output = _run(cli, "speakers", "turns", "day4.txt")
    assert code == 0, output
    assert "Speaker turns of day4.txt (6)" in output
    lines = [line for line in output.splitlines() if "The Witness" in line]
    assert "2" in lines[0] and "I attended most of them" in lines[0]
    assert "W01" in lines[0] and "project-wide" in lines[0]
    assert "unmapped" in next(line for line in output.splitlines() if "Counsel" in line)

    code, output = _run(cli, "speakers", "map-turn", "day4.txt", "2", "W02")
    assert code == 0, output
    assert "Mapped turn 2 (The Witness) of day4.txt to W02; 1 coding re-attributed." in output
    code, output = _run(cli, "speakers", "map-turn", "day4.txt", "1", "--role", "interviewer")
    assert code == 0 and "Mapped turn 1 (Counsel) of day4.txt to interviewer" in output
    code, output = _run(cli, "speakers", "turns", "day4.txt")
    witness = next(line for line in output.splitlines() if "I attended" in line)
    assert "W02" in witness and "this turn" in witness
    code, output = _run(cli, "speakers", "list")
    assert code == 0 and "1 turn" in output

    code, output = _run(cli, "speakers", "unmap-turn", "day4.txt", "2")
    assert code == 0, output
    assert "Removed the mapping of turn 2 (The Witness) of day4.txt; 1 coding re-attributed." in (
        output
    )


def test_mapping_a_turn_wrongly_says_why_and_changes_nothing(cli: list[str]) -> None:
    before = _mappings_and_activity(cli)
    code, output = _run(cli, "speakers", "map-turn", "day4.txt", "9", "W01")
    assert code == 1 and "Error: Document 'day4.txt' has turns 1 to 6; there is no turn 9." in (
        output
    )
    code, output = _run(cli, "speakers", "map-turn", "day4.txt", "2", "W09")
    assert code == 1 and "W09" in output
    code, output = _run(cli, "speakers", "map-turn", "day4.txt", "2", "W01", "--role", "other")
    assert code == 1 and "cannot also be 'other'" in output
    code, output = _run(cli, "speakers", "map-turn", "day4.txt", "2")
    assert code == 1 and "Say who the speaker is" in output
    code, output = _run(cli, "speakers", "map-turn", "day4.txt", "2", "--role", "chair")
    assert code == 2  # not one of the choices
    code, output = _run(cli, "speakers", "map-turn", "day5.txt", "2", "W01")
    assert code == 1 and "day5.txt" in output
    code, output = _run(cli, "speakers", "unmap-turn", "day4.txt", "2")
    assert code == 1 and "has no mapping of its own" in output
    assert _mappings_and_activity(cli) == before
