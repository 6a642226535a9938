"""The "coding done" mark of a document: who and when, taken back, versioned."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

import qualframe
from qualframe.errors import NotFoundError, StaleVersionError, ValidationError

TEXT = "abcdefghij" * 10  # 100 code points


@pytest.fixture
def documents(project: qualframe.Project) -> qualframe.Project:
    project.documents.import_bytes("coded.txt", TEXT.encode())
    project.documents.import_bytes("blank.txt", ("z" * 50).encode())
    code = project.codebook.add("Hope")
    project.coding.apply("coded.txt", code.id, 0, 25)
    return project


def _status(project: qualframe.Project) -> dict[str, str]:
    return {p.document: p.status for p in project.documents.coding_progress()}


def test_documents_are_not_coded_then_in_progress_then_done(documents: qualframe.Project) -> None:
    assert _status(documents) == {"blank.txt": "not coded", "coded.txt": "in progress"}
    before = datetime.now(UTC)

    marked = documents.documents.mark_coding_done("coded.txt")

    assert marked.status == "done" and marked.done
    assert marked.done_by == "tester"
    assert marked.done_at is not None and marked.done_at >= before.replace(microsecond=0)
    assert (marked.codings, marked.coded, marked.coverage) == (1, 25, 0.25)
    assert _status(documents)["coded.txt"] == "done"
    assert documents.documents.document_progress("coded.txt") == marked
    assert documents.documents.document_progress("blank.txt").status == "not coded"


def test_the_mark_names_who_set_it_and_can_be_taken_back(documents: qualframe.Project) -> None:
    first = documents.acting_as("Ana").documents.mark_coding_done("blank.txt")
    assert (first.status, first.done_by) == ("done", "Ana")

    undone = documents.documents.mark_coding_done("blank.txt", done=False)

    assert (undone.status, undone.done_at, undone.done_by) == ("not coded", None, None)
    assert undone.version == first.version + 1
    log = documents.audit_log()
    marks = log[log["action"].str.startswith("document.coding_")]
    assert sorted(zip(marks["action"], marks["actor"], strict=True)) == [
        ("document.coding_done", "Ana"),
        ("document.coding_undone", "tester"),
    ]


def test_marking_twice_changes_nothing_the_second_time(documents: qualframe.Project) -> None:
    first = documents.documents.mark_coding_done("coded.txt")
    audited = len(documents.audit_log())

    again = documents.documents.mark_coding_done("coded.txt", if_version=first.version)

    assert (again.version, again.done_at) == (first.version, first.done_at)
    assert len(documents.audit_log()) == audited


def test_a_stale_version_is_refused_and_nothing_is_marked(documents: qualframe.Project) -> None:
    read = documents.documents.info("coded.txt").version
    documents.documents.set_position("coded.txt", 1)  # someone else's change

    with pytest.raises(StaleVersionError, match="nothing was saved"):
        documents.documents.mark_coding_done("coded.txt", if_version=read)

    assert _status(documents)["coded.txt"] == "in progress"
    assert documents.documents.info("coded.txt").version == read + 1


def test_a_stale_version_is_refused_when_taking_the_mark_back(
    documents: qualframe.Project,
) -> None:
    marked = documents.documents.mark_coding_done("coded.txt")

    with pytest.raises(StaleVersionError):
        documents.documents.mark_coding_done("coded.txt", done=False, if_version=marked.version - 1)

    assert _status(documents)["coded.txt"] == "done"


@pytest.mark.parametrize(
    ("document", "done", "error", "message"),
    [
        ("missing.txt", True, NotFoundError, "missing.txt"),
        ("coded.txt", "yes", ValidationError, "True or False"),
    ],
)
def test_bad_marks_say_what_is_wrong_and_change_nothing(
    documents: qualframe.Project, document: str, done: object, error: type, message: str
) -> None:
    audited = len(documents.audit_log())

    with pytest.raises(error, match=message):
        documents.documents.mark_coding_done(document, done)  # type: ignore[arg-type]

    assert _status(documents) == {"blank.txt": "not coded", "coded.txt": "in progress"}
    assert len(documents.audit_log()) == audited
