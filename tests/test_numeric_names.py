"""Names made of digits are names, ids are ids: never guessed (Python API and CLI).

Qualitative studies often identify participants "1", "2", "3" or "101" and
name transcripts after them. Here the participants identified "3", "2", "1"
are created in that order, so their ids are 1, 2, 3: a digit read as an id
would pick the wrong person. The web's own tests check the same through
HTTP (``tests/web``).
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from typer.testing import CliRunner

import qualframe
from qualframe.cli.app import build_app
from services.builders import make_document

runner = CliRunner()


@dataclass(frozen=True)
class Numbered:
    """The study: participant identifiers -> ids, document names -> ids, code ids."""

    people: dict[str, int]
    documents: dict[str, int]
    code_seven: int
    code_one: int


@pytest.fixture
def numbered(project: qualframe.Project) -> Numbered:
    """Participants "3", "2", "1" (ids 1, 2, 3) each with a transcript named after
    them, codes named "7" and "1"; each participant's transcript coded with "7"."""
    project.study.add_case("Site")
    people = {}
    documents = {}
    for identifier in ("3", "2", "1"):
        people[identifier] = project.study.add_participant(identifier, "Site").id
        with project.database.transaction() as session:
            text = f"Participant {identifier} speaks about trust."
            documents[identifier] = make_document(session, project.info.id, identifier, text).id
        project.documents.link_participants(documents[identifier], identifier)
    seven = project.codebook.add("7").id
    one = project.codebook.add("1").id
    for identifier in ("3", "2", "1"):
        project.coding.apply(identifier, "7", 0, 11)
    return Numbered(people, documents, seven, one)


def test_an_identifier_of_digits_names_that_participant_and_an_int_is_an_id(
    project, numbered: Numbered
) -> None:
    by_name = project.coding.codings(participant="1")
    assert set(by_name["participant"]) == {"1"}
    by_id = project.coding.codings(participant=1)  # id 1 is the participant "3"
    assert set(by_id["participant"]) == {"3"}
    assert numbered.people["3"] == 1


def test_a_document_named_by_digits_is_found_by_its_name(project, numbered: Numbered) -> None:
    assert project.documents.info("2").id == numbered.documents["2"]
    assert project.documents.info(numbered.documents["3"]).name == "3"
    with pytest.raises(qualframe.NotFoundError):
        project.documents.info("99")  # no document is called "99": no id is guessed


def test_a_code_named_by_digits_is_found_by_its_name(project, numbered: Numbered) -> None:
    assert project.codebook.get("7").id == numbered.code_seven
    assert project.codebook.get(numbered.code_one).name == "1"
    assert len(project.coding.codings("7")) == 3
    assert len(project.coding.codings("1")) == 0


def test_the_command_line_reads_digits_as_names(project, numbered: Numbered) -> None:
    url = project.database.url
    result = runner.invoke(
        build_app(), ["--database", url, "codings", "--participant", "1", "--csv", "-"]
    )
    assert result.exit_code == 0, result.output
    rows = result.output.strip().splitlines()[1:]
    assert len(rows) == 1 and ",1," in rows[0]
    shown = runner.invoke(build_app(), ["--database", url, "documents", "show", "1"])
    assert shown.exit_code == 0, shown.output
    assert "Participant 1 speaks" in shown.output
    missing = runner.invoke(build_app(), ["--database", url, "documents", "show", "99"])
    assert missing.exit_code == 1
    assert "no document called '99'" in missing.output
