"""Versions of documents (links, position, attribute values, deletion), and saving a
document's attributes without reading any document's text (issue 9 §4)."""

from __future__ import annotations

import uuid

import pytest

import qualframe
from qualframe import StaleVersionError
from qualframe.storage.database import Database
from statements import counted

STALE = "was changed by someone else since you read it"
INTERVIEW = "Interviewer: How was it?\n\nP01: It helped me a lot.\n"


@pytest.fixture
def library(project: qualframe.Project) -> qualframe.Project:
    """Two participants, a document attribute and three documents (one long)."""
    project.study.add_case("Trust A")
    project.study.add_participant("P01", "Trust A")
    project.study.add_participant("P02", "Trust A")
    project.study.define_attribute("mode", "document", "categorical", ["phone", "video"])
    project.documents.import_bytes("p01.txt", INTERVIEW.encode(), participants="P01")
    project.documents.import_bytes("p02.txt", b"P02: Some words here.\n")
    project.documents.import_bytes("long.txt", ("Many words. " * 20_000).encode())
    return project


def _version(project: qualframe.Project, name: str = "p01.txt") -> int:
    return project.documents.info(name).version


def test_a_document_lists_with_its_version_and_guid(library: qualframe.Project) -> None:
    info = library.documents.info("p01.txt")
    assert info.version == 1 and uuid.UUID(info.guid)
    frame = library.documents.documents().set_index("name")
    assert frame.loc["p01.txt", "version"] == 1
    assert frame.loc["p01.txt", "guid"] == info.guid


def test_each_document_write_counts_one_change(library: qualframe.Project) -> None:
    docs = library.documents
    assert docs.link_participants("p01.txt", "P02", if_version=1).version == 2
    assert docs.unlink_participants("p01.txt", "P02", if_version=2).version == 3
    assert docs.set_position("p01.txt", 4, if_version=3).version == 4
    assert docs.set_position("p01.txt", 4, if_version=4).version == 4, "no change, no count"
    saved = library.study.set_attributes("document", "p01.txt", {"mode": "Phone"}, if_version=4)
    assert (saved.values, saved.version) == ({"mode": "phone"}, 5)
    assert docs.link_many({"p01.txt": "P02", "p02.txt": ["P01", "P02"]}) == 3
    assert (_version(library), _version(library, "p02.txt")) == (6, 2)
    assert _version(library, "long.txt") == 1


@pytest.mark.parametrize(
    "write",
    [
        lambda p: p.documents.link_participants("p01.txt", "P02", if_version=2),
        lambda p: p.documents.unlink_participants("p01.txt", "P01", if_version=2),
        lambda p: p.documents.set_position("p01.txt", 1, if_version=2),
        lambda p: p.documents.delete("p01.txt", if_version=2),
        lambda p: p.study.set_attributes("document", "p01.txt", {"mode": "video"}, if_version=2),
    ],
    ids=["link", "unlink", "position", "delete", "attributes"],
)
def test_a_stale_document_write_is_refused_and_saves_nothing(
    library: qualframe.Project, write
) -> None:
    activity = len(library.activity())
    with pytest.raises(StaleVersionError, match=STALE) as refused:
        write(library)
    assert str(refused.value).startswith("The document 'p01.txt' was changed")
    info = library.documents.info("p01.txt")
    assert (info.version, info.participants, info.position, info.attributes) == (
        1,
        ("P01",),
        None,
        {},
    )
    assert len(library.activity()) == activity


def test_saving_a_documents_attributes_reads_no_text(
    library: qualframe.Project, database: Database
) -> None:
    # Before: the document was loaded whole (its text with it) to save its values, and
    # the web page's save loaded it twice; on the benchmark corpus saving one document's
    # attributes read about 58 M characters. Now: 6 statements, no text.
    with counted(database) as statements:
        saved = library.study.set_attributes("document", "long.txt", {"mode": "video"})
    assert saved.version == 2
    assert not [sql for sql in statements if "documents.text" in sql], statements.listing()
    assert len(statements) <= 7, statements.listing()


def test_the_documents_list_reads_no_text(library: qualframe.Project, database: Database) -> None:
    with counted(database) as statements:
        listed = library.documents.document_list()
        info = library.documents.info("long.txt")
    assert len(listed) == 3 and info.length == 240_000
    assert not [sql for sql in statements if "documents.text" in sql], statements.listing()


def test_a_document_read_whole_still_has_its_text(library: qualframe.Project) -> None:
    assert library.documents.document("p01.txt").text == INTERVIEW
    turns = library.documents.turn_list("p01.txt")
    assert [turn.text for turn in turns] == ["Interviewer: How was it?", "P01: It helped me a lot."]
    deleted = library.documents.delete("p02.txt", if_version=1)
    assert deleted.name == "p02.txt"


def test_deleting_a_document_keeps_its_memos_as_project_memos_and_counts_their_change(
    library: qualframe.Project,
) -> None:
    document = library.documents.document_list()[0]
    memo = library.memos.add("On this one", kind="analytic", document=document.name)
    deleted = library.documents.delete(document.name, force=True)
    assert deleted.memos_kept == 1
    kept = library.memos.get(memo.id)
    assert kept.version == memo.version + 1
    assert "kept, without those links" in library.activity()[-1].summary
