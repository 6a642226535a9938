"""A coder changes only their own codings and memos; an analyst changes anyone's."""

from __future__ import annotations

import pytest
from team_accounts import as_account

import qualframe
from qualframe.errors import PermissionDeniedError
from qualframe.services.coding.splitting import split_coding
from qualframe.services.core import access
from qualframe.services.core.actor import Actor
from qualframe.storage.database import Database

TEXT = "Interviewer: How was it?\n\nP01: I trusted her. Hope came back.\n"
OTHER_CODINGS = (
    r"^Your role in this project is coder: it does not allow changing other coders' "
    r"codings \(analysts and owners can\)\. Nothing was saved\.$"
)
OTHER_MEMOS = (
    r"^Your role in this project is coder: it does not allow changing other people's "
    r"memos \(analysts and owners can\)\. Nothing was saved\.$"
)


@pytest.fixture
def two_coders(database: Database, team: str) -> str:
    """The team study with a document and a code, and "nora" a second coder."""
    owner = as_account(database, "olga")
    owner.documents.import_bytes("p01.txt", TEXT.encode())
    owner.codebook.add("Trust")
    owner.codebook.add("Hope")
    owner.members.add("nora", "coder")
    return team


def _codings(project: qualframe.Project) -> list[tuple[str, str, int, int]]:
    frame = project.coding.codings()
    return sorted(zip(frame["coder"], frame["code"], frame["start"], frame["end"], strict=True))


def test_a_coder_cannot_remove_or_change_another_coders_coding(
    database: Database, two_coders: str
) -> None:
    cody, nora = as_account(database, "cody"), as_account(database, "nora")
    theirs = nora.coding.apply("p01.txt", "Trust", 28, 39)
    before, audited = _codings(cody), len(cody.activity())

    with pytest.raises(PermissionDeniedError, match=OTHER_CODINGS):
        cody.coding.remove(theirs.id)
    with pytest.raises(PermissionDeniedError, match=OTHER_CODINGS):
        cody.coding.change(theirs.id, code="Hope", start=28, end=44)

    assert _codings(cody) == before
    assert len(cody.activity()) == audited


def test_a_coder_cannot_split_another_coders_coding(database: Database, two_coders: str) -> None:
    nora = as_account(database, "nora")
    theirs = nora.coding.apply("p01.txt", "Trust", 28, 39)
    cody = qualframe.open_accounts(database).find("cody")
    before = _codings(nora)

    with database.transaction() as session:
        uow = access.open_unit(session, nora.info.id, Actor(cody.display_name, cody.id))
        with pytest.raises(PermissionDeniedError, match=OTHER_CODINGS):
            split_coding(uow, theirs.id, [33])

    assert _codings(nora) == before


def test_a_coder_changes_and_removes_their_own_codings(database: Database, two_coders: str) -> None:
    cody = as_account(database, "cody")
    mine = cody.coding.apply("p01.txt", "Trust", 28, 39)
    other = cody.coding.apply("p01.txt", "Trust", 40, 44)

    cody.coding.change(mine.id, code="Hope")
    cody.coding.remove(other.id)

    assert _codings(cody) == [("Cody", "Hope", 28, 39)]


def test_an_analyst_changes_and_removes_any_coders_codings(
    database: Database, two_coders: str
) -> None:
    nora, analyst = as_account(database, "nora"), as_account(database, "ann")
    first = nora.coding.apply("p01.txt", "Trust", 28, 39)
    second = nora.coding.apply("p01.txt", "Trust", 40, 44)

    analyst.coding.change(first.id, code="Hope")
    analyst.coding.remove(second.id)

    assert _codings(analyst) == [("Nora", "Hope", 28, 39)]


def test_a_coder_cannot_edit_or_delete_another_persons_memo(
    database: Database, two_coders: str
) -> None:
    cody, nora = as_account(database, "cody"), as_account(database, "nora")
    theirs = nora.memos.add("Nora's note", kind="analytic", body="Trust first.")

    with pytest.raises(PermissionDeniedError, match=OTHER_MEMOS):
        cody.memos.edit(theirs.id, body="Mine now.")
    with pytest.raises(PermissionDeniedError, match=OTHER_MEMOS):
        cody.memos.link(theirs.id, ("code", "Trust"))
    with pytest.raises(PermissionDeniedError, match=OTHER_MEMOS):
        cody.memos.delete(theirs.id)

    assert cody.memos.get(theirs.id) == theirs


def test_a_coder_edits_their_own_memo_and_an_analyst_anyones(
    database: Database, two_coders: str
) -> None:
    cody, analyst = as_account(database, "cody"), as_account(database, "ann")
    mine = cody.memos.add("Cody's note", kind="analytic", body="Trust first.")

    assert cody.memos.edit(mine.id, body="Trust, then hope.").body == "Trust, then hope."
    assert analyst.memos.edit(mine.id, title="Cody's note, tidied").author == "Cody"
    analyst.memos.delete(mine.id)

    assert cody.memos.list() == []


def test_a_local_operator_changes_anyones_work_as_before(
    database: Database, two_coders: str
) -> None:
    nora = as_account(database, "nora")
    theirs = nora.coding.apply("p01.txt", "Trust", 28, 39)
    memo = nora.memos.add("Nora's note", kind="analytic", body="x")
    local = qualframe.open_project(two_coders, database=database, user="Local")

    local.coding.remove(theirs.id)
    local.memos.delete(memo.id)

    assert local.coding.codings().empty
    assert local.memos.list() == []
