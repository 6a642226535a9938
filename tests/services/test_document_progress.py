"""Coding progress and unmapped speaker labels in the documents listing."""

from __future__ import annotations

import pytest

import qualframe
from services.builders import INTERVIEW, add_people

TEXT = "abcdefghijklmnopqrstuvwxyz" * 4  # 104 code points, no speaker turns


@pytest.fixture
def coded(project: qualframe.Project) -> qualframe.Project:
    project.documents.import_bytes("plain.txt", TEXT.encode())
    return project


def _coverage(project: qualframe.Project, name: str = "plain.txt") -> tuple[int, float]:
    info = project.documents.info(name)
    return info.coded, info.coverage


def test_an_uncoded_document_has_no_coverage(coded: qualframe.Project) -> None:
    assert _coverage(coded) == (0, 0.0)
    row = coded.documents.documents().iloc[0]
    assert (row["coded"], row["coverage"], row["unmapped_labels"]) == (0, 0.0, "")


def test_overlapping_codings_count_their_text_once(coded: qualframe.Project) -> None:
    first = coded.codebook.add("First")
    second = coded.codebook.add("Second")
    coded.coding.apply("plain.txt", first.id, 0, 10)
    coded.coding.apply("plain.txt", second.id, 5, 20)  # overlaps the first
    coded.coding.apply("plain.txt", second.id, 2, 8)  # inside the first
    coded.coding.apply("plain.txt", first.id, 30, 40)  # apart
    coded.coding.apply("plain.txt", second.id, 30, 40)  # the same span again
    assert _coverage(coded) == (30, pytest.approx(30 / len(TEXT)))
    row = coded.documents.documents().iloc[0]
    assert row["coded"] == 30


def test_a_document_coded_throughout_is_fully_covered(coded: qualframe.Project) -> None:
    code = coded.codebook.add("All")
    coded.coding.apply("plain.txt", code.id, 0, 60)
    coded.coding.apply("plain.txt", code.id, 50, len(TEXT))
    assert _coverage(coded) == (len(TEXT), 1.0)


def test_coverage_is_counted_per_document(coded: qualframe.Project) -> None:
    coded.documents.import_bytes("other.txt", ("x" * 50).encode())
    code = coded.codebook.add("Code")
    coded.coding.apply("other.txt", code.id, 0, 25)
    frame = coded.documents.documents().set_index("name")
    assert frame.loc["other.txt", "coverage"] == 0.5
    assert frame.loc["plain.txt", "coverage"] == 0.0


def test_unmapped_labels_are_listed_until_mapped(project: qualframe.Project) -> None:
    add_people(project, "P01")
    project.documents.import_bytes("interview.txt", INTERVIEW.encode())
    assert project.documents.info("interview.txt").unmapped_labels == ("Interviewer", "P01")
    project.documents.map_speaker("Interviewer", role="interviewer")
    assert project.documents.documents().iloc[0]["unmapped_labels"] == "P01"
    project.documents.map_speaker("P01", "P01", document="interview.txt")
    assert project.documents.info("interview.txt").unmapped_labels == ()
