"""Importing documents, listing them, linking participants, deleting them."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from sqlalchemy import select

import qualframe
from qualframe.errors import (
    ConflictError,
    NotFoundError,
    ValidationError,
)
from qualframe.services.coding.codings import add_codings
from qualframe.services.documents import library
from qualframe.storage.models import (
    Coding,
    Document,
)
from services.builders import (
    INTERVIEW,
    Acting,
    add_people,
    import_counts,
    make_code,
    write_file,
)


def test_documents_are_listed_with_their_counts(project: qualframe.Project, tmp_path: Path) -> None:
    add_people(project, "P01")
    project.documents.import_files(write_file(tmp_path, "a.txt", INTERVIEW), participants="P01")
    frame = project.documents.documents()
    assert list(frame.columns) == list(library.DOCUMENT_COLUMNS)
    row = frame.iloc[0]
    assert (row["name"], row["format"], row["turns"], row["participants"], row["codings"]) == (
        "a.txt",
        "text",
        3,
        "P01",
        0,
    )
    assert row["length"] == len(project.documents.document("a.txt").text)


def test_positions_order_the_documents(project: qualframe.Project, tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt", "c.txt"):
        write_file(tmp_path, name, f"Text of {name}.")
    project.documents.import_files(tmp_path)
    project.documents.set_position("c.txt", 0)
    project.documents.set_position("a.txt", 1)
    assert list(project.documents.documents()["name"]) == ["c.txt", "a.txt", "b.txt"]
    with pytest.raises(ValidationError, match="whole number from 0"):
        project.documents.set_position("b.txt", -1)


def _code_everything(project: qualframe.Project, name: str) -> None:
    with project.database.transaction() as session:
        code = make_code(session, project.info.id, "Recovery")
        document = session.scalar(select(Document).where(Document.name == name))
        assert document is not None
        add_codings(Acting.of(project)(session), code.id, [(document.id, 0, 10)])


def test_linking_a_participant_attributes_the_codings_of_an_unlabelled_document(
    project: qualframe.Project, tmp_path: Path
) -> None:
    add_people(project, "P01", "P02")
    project.documents.import_files(write_file(tmp_path, "notes.txt", "Plain notes without labels."))
    _code_everything(project, "notes.txt")

    project.documents.link_participants("notes.txt", "P01")
    with project.database.transaction() as session:
        assert session.scalar(select(Coding.participant_id)) is not None

    project.documents.link_participants("notes.txt", "P02")  # a focus group: nobody alone
    with project.database.transaction() as session:
        assert session.scalar(select(Coding.participant_id)) is None

    info = project.documents.unlink_participants("notes.txt", ["P02"])
    assert info.participants == ("P01",)
    actions = list(project.audit_log(entity_type="document")["action"])
    assert actions.count("document.link") == 2 and "document.unlink" in actions
    with pytest.raises(ValidationError, match="is not linked to 'P02'"):
        project.documents.unlink_participants("notes.txt", "P02")


def test_a_coded_document_is_deleted_only_with_force(
    project: qualframe.Project, tmp_path: Path
) -> None:
    project.documents.import_files(write_file(tmp_path, "a.txt", INTERVIEW))
    _code_everything(project, "a.txt")
    before = import_counts(project)

    with pytest.raises(ConflictError, match=re.escape("'a.txt' has 1 coding")):
        project.documents.delete("a.txt")
    assert import_counts(project) == before

    deleted = project.documents.delete("a.txt", force=True)
    assert (deleted.name, deleted.codings) == ("a.txt", 1)
    after = import_counts(project)
    assert (after["Document"], after["SpeakerTurn"], after["TextSegment"]) == (0, 0, 0)
    assert project.search("recover").total_segments == 0
    # The index holds no stale entry: a new document's segments are found, and only them.
    project.documents.import_files(
        write_file(tmp_path, "b.txt", "Something about how I recovered.")
    )
    assert project.search("recover").total_segments == 1
    assert project.search("peer").total_segments == 0


def test_unknown_documents_are_reported_with_suggestions(
    project: qualframe.Project, tmp_path: Path
) -> None:
    project.documents.import_files(write_file(tmp_path, "interview-01.txt", INTERVIEW))
    with pytest.raises(NotFoundError, match=re.escape("Did you mean 'interview-01.txt'")):
        project.documents.document("interview-1.txt")


def test_a_document_record_is_plain_data(project: qualframe.Project, tmp_path: Path) -> None:
    project.documents.import_files(write_file(tmp_path, "a.txt", INTERVIEW))
    record = project.documents.document(1)
    assert isinstance(record, library.DocumentRecord)
    assert record.participants == () and record.position is None
    buffer = io.StringIO(record.text)
    assert buffer.readline().startswith("Interviewer:")


def test_many_documents_are_linked_in_one_go(project: qualframe.Project, tmp_path: Path) -> None:
    add_people(project, "P01", "P02")
    project.documents.import_files(
        [write_file(tmp_path, "a.txt", "First text."), write_file(tmp_path, "b.txt", "Second.")]
    )
    assert project.documents.link_many({"a.txt": "P01", "b.txt": ["P01", "P02"]}) == 3
    frame = project.documents.documents().set_index("name")
    assert frame.loc["b.txt", "participants"] in ("P01, P02", ["P01", "P02"], ("P01", "P02"))
    assert project.documents.link_many({"a.txt": "P01"}) == 0


def test_linking_many_with_one_unknown_participant_writes_nothing(
    project: qualframe.Project, tmp_path: Path
) -> None:
    add_people(project, "P01")
    project.documents.import_files(
        [write_file(tmp_path, "a.txt", "First text."), write_file(tmp_path, "b.txt", "Second.")]
    )
    before = import_counts(project)
    with pytest.raises(NotFoundError, match="No participant called 'P99'"):
        project.documents.link_many({"a.txt": "P01", "b.txt": "P99"})
    assert import_counts(project) == before
