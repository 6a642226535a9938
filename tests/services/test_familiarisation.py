"""Familiarisation: each person marks documents read (and takes the mark back),
writes familiarisation notes, and everyone's progress is counted."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy.exc import IntegrityError

import qualframe
from qualframe.errors import NotFoundError
from qualframe.storage.database import Database
from qualframe.storage.models import DocumentReading
from qualframe.vocabulary import MemoKind


@pytest.fixture
def documents(project: qualframe.Project) -> qualframe.Project:
    project.documents.import_bytes("p01.txt", b"P01: It helped me a lot.\n")
    project.documents.import_bytes("p02.txt", b"P02: Not much, really.\n")
    project.documents.import_bytes("p03.txt", b"P03: Some weeks it did.\n")
    return project


def _read_by(project: qualframe.Project) -> dict[str, tuple[str, ...]]:
    return {row.document: row.read_by for row in project.documents.reading_progress().documents}


def _counts(project: qualframe.Project) -> dict[str, tuple[int, int, int]]:
    return {
        p.reader: (p.read, p.documents, p.notes)
        for p in project.documents.reading_progress().people
    }


def test_each_person_marks_documents_read_and_progress_counts_them(
    documents: qualframe.Project,
) -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    version = documents.documents.info("p01.txt").version

    mark = documents.documents.mark_read("p01.txt")
    documents.acting_as("Ben").documents.mark_read("p01.txt")
    documents.acting_as("Ben").documents.mark_read("p02.txt")

    assert (mark.document, mark.reader, mark.read) == ("p01.txt", "tester", True)
    assert mark.read_at is not None and mark.read_at >= before
    assert _read_by(documents) == {
        "p01.txt": ("Ben", "tester"),
        "p02.txt": ("Ben",),
        "p03.txt": (),
    }
    assert _counts(documents) == {"Ben": (2, 3, 0), "tester": (1, 3, 0)}
    # A reading is not a change to the document: coders never collide with readers.
    assert documents.documents.info("p01.txt").version == version
    actions = [entry.action for entry in documents.activity()]
    assert actions.count("document.read") == 3


def test_marking_again_keeps_the_first_moment_and_records_nothing(
    documents: qualframe.Project,
) -> None:
    first = documents.documents.mark_read("p01.txt")
    audited = len(documents.activity())

    again = documents.documents.mark_read("p01.txt")

    assert again.read_at == first.read_at
    assert len(documents.activity()) == audited


def test_unmarking_takes_only_your_mark_back(documents: qualframe.Project) -> None:
    documents.documents.mark_read("p01.txt")
    documents.acting_as("Ben").documents.mark_read("p01.txt")

    mark = documents.documents.unmark_read("p01.txt")

    assert (mark.read, mark.read_at) == (False, None)
    assert _read_by(documents)["p01.txt"] == ("Ben",)
    assert documents.activity()[-1].action == "document.unread"
    audited = len(documents.activity())
    assert not documents.documents.unmark_read("p01.txt").read  # nothing to take back
    assert len(documents.activity()) == audited


def test_an_unknown_document_is_refused_and_nothing_changes(
    documents: qualframe.Project,
) -> None:
    documents.documents.mark_read("p01.txt")
    audited = len(documents.activity())

    for call in (
        documents.documents.mark_read,
        documents.documents.unmark_read,
        documents.documents.familiarisation_notes,
    ):
        with pytest.raises(NotFoundError, match=r"no document called 'p09\.txt'"):
            call("p09.txt")

    assert _read_by(documents)["p01.txt"] == ("tester",)
    assert len(documents.activity()) == audited
    assert documents.memos.list() == []


def test_familiarisation_notes_are_one_memo_per_document_and_person(
    documents: qualframe.Project,
) -> None:
    notes = documents.documents.familiarisation_notes("p02.txt")
    again = documents.documents.familiarisation_notes("p02.txt")
    bens = documents.acting_as("Ben").documents.familiarisation_notes("p02.txt")

    assert again.id == notes.id and bens.id != notes.id
    assert (notes.kind, notes.title, notes.author) == (
        MemoKind.FAMILIARISATION,
        "Familiarisation notes: p02.txt",
        "tester",
    )
    assert (notes.target_type.value, notes.target_id) == ("document", again.document_id)
    documents.memos.edit(notes.id, body="She sounds tired of the service.")
    assert documents.documents.reading_mark("p02.txt").notes == notes.id
    assert _counts(documents) == {"Ben": (0, 3, 1), "tester": (0, 3, 1)}
    listed = documents.memos.list(kind="familiarisation")
    assert [m.body for m in listed] == ["She sounds tired of the service.", ""]


def test_you_are_always_a_reader_even_before_reading(documents: qualframe.Project) -> None:
    progress = documents.documents.reading_progress()

    assert progress.readers == ("tester",)
    assert [row.document for row in progress.documents] == ["p01.txt", "p02.txt", "p03.txt"]
    assert all(not mark.read for row in progress.documents for mark in row.marks)


def test_deleting_a_document_takes_its_marks(documents: qualframe.Project) -> None:
    documents.documents.mark_read("p03.txt")

    documents.documents.delete("p03.txt")

    assert _counts(documents) == {"tester": (0, 2, 0)}


def test_the_database_keeps_one_mark_per_document_and_reader(
    documents: qualframe.Project, database: Database
) -> None:
    documents.documents.mark_read("p01.txt")
    info = documents.documents.info("p01.txt")
    for reader in ("tester", ""):
        with pytest.raises(IntegrityError), database.transaction() as session:
            session.add(
                DocumentReading(project_id=documents.info.id, document_id=info.id, reader=reader)
            )
            session.flush()
    assert _read_by(documents)["p01.txt"] == ("tester",)
