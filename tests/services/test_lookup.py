"""Finding documents by name or id: names that only look like numbers."""

from __future__ import annotations

import pytest

import qualframe
from services.builders import make_document


def test_a_name_of_digits_that_are_not_decimal_is_a_name_not_a_crash(project) -> None:
    with project.database.transaction() as session:
        make_document(session, project.info.id, "P01.txt", "Some text.")
    with pytest.raises(qualframe.NotFoundError, match="²"):
        project.documents.info("²")
    assert project.documents.info("P01.txt").name == "P01.txt"


def test_a_participant_identifier_of_a_superscript_digit_sorts_without_error(project) -> None:
    project.study.add_case("Trust A")
    project.study.add_participant("²", "Trust A")
    project.study.add_participant("P1", "Trust A")
    assert {p.identifier for p in project.study.participants()} == {"²", "P1"}
