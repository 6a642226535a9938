"""Versions of codes: every change counts one, a stale one is refused and
nothing is saved; the tree is read once per unit of work; retiring a theme
reads the codings of that theme only."""

from __future__ import annotations

import uuid

import pytest

import qualframe
from qualframe.services.codebook import editing
from qualframe.services.codebook.tree import CodeTree
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.storage.database import Database
from statements import counted

STALE = "was changed by someone else since you read it"


@pytest.fixture
def book(project: qualframe.Project) -> qualframe.Project:
    """Mechanisms > (Trust, Hope); Spare."""
    project.codebook.add("Mechanisms")
    project.codebook.add("Trust", parent="Mechanisms", definition="Trust in the worker.")
    project.codebook.add("Hope", parent="Mechanisms")
    project.codebook.add("Spare")
    return project


def _version(project: qualframe.Project, path: str) -> int:
    return project.codebook.get(path).version


def test_a_new_code_is_at_version_1_with_a_guid_that_a_rename_keeps(
    book: qualframe.Project,
) -> None:
    trust = book.codebook.get("Mechanisms > Trust")
    assert trust.version == 1 and uuid.UUID(trust.guid)
    renamed = book.codebook.rename("Mechanisms > Trust", "Trusting", if_version=1)
    assert (renamed.version, renamed.guid) == (2, trust.guid)
    assert book.codebook.tree()[1].version == 2


def test_editing_name_and_fields_at_once_counts_one_version(book: qualframe.Project) -> None:
    info = book.codebook.edit(
        "Mechanisms > Hope", name="Hopes", definition="Hope again.", colour="#0072B2"
    )
    assert (info.name, info.definition, info.version) == ("Hopes", "Hope again.", 2)
    assert book.codebook.edit("Mechanisms > Hopes", definition="Hope again.").version == 2


@pytest.mark.parametrize(
    ("change", "path", "after"),
    [
        (lambda book, v: book.codebook.move("Spare", "Mechanisms", if_version=v), "Spare", 2),
        (lambda book, v: book.codebook.shift("Spare", -1, if_version=v), "Spare", 2),
        (lambda book, v: book.codebook.retire("Mechanisms", if_version=v)[0], "Mechanisms", 2),
    ],
    ids=["move", "shift", "retire"],
)
def test_a_change_returns_the_new_version(book: qualframe.Project, change, path, after) -> None:
    result = change(book, _version(book, path))
    assert result.version == after


def test_retiring_and_restoring_count_a_version_for_each_code_changed(
    book: qualframe.Project,
) -> None:
    retired = book.codebook.retire("Mechanisms", if_version=1)
    assert [(c.path_text, c.version, c.retired) for c in retired] == [
        ("Mechanisms", 2, True),
        ("Mechanisms > Trust", 2, True),
        ("Mechanisms > Hope", 2, True),
    ]
    assert book.codebook.retire("Mechanisms") == []  # already retired: nothing changes
    restored = book.codebook.restore("Mechanisms > Hope", if_version=2)
    assert [(c.path_text, c.version) for c in restored] == [
        ("Mechanisms", 3),
        ("Mechanisms > Hope", 3),
    ]
    assert _version(book, "Mechanisms > Trust") == 2


@pytest.mark.parametrize(
    "change",
    [
        lambda book: book.codebook.edit("Mechanisms > Trust", definition="Late.", if_version=7),
        lambda book: book.codebook.rename("Mechanisms > Trust", "Late", if_version=7),
        lambda book: book.codebook.move("Mechanisms > Trust", None, if_version=7),
        lambda book: book.codebook.shift("Mechanisms > Trust", 1, if_version=7),
        lambda book: book.codebook.retire("Mechanisms > Trust", if_version=7),
        lambda book: book.codebook.delete("Mechanisms > Trust", if_version=7),
        lambda book: book.codebook.merge("Spare", "Mechanisms > Trust", if_version=7),
    ],
    ids=["edit", "rename", "move", "shift", "retire", "delete", "merge into it"],
)
def test_a_stale_version_is_refused_and_nothing_is_saved(book: qualframe.Project, change) -> None:
    before = book.codebook.tree()
    activity = len(book.activity())
    with pytest.raises(qualframe.StaleVersionError) as refused:
        change(book)
    assert str(refused.value) == (
        "The code 'Mechanisms > Trust' was changed by someone else since you read it (you "
        "read version 7; it is now at version 1); nothing was saved. Reload it and make your "
        "change again."
    )
    assert book.codebook.tree() == before
    assert len(book.activity()) == activity


def test_restoring_from_a_stale_read_is_refused(book: qualframe.Project) -> None:
    book.codebook.retire("Spare")
    with pytest.raises(qualframe.StaleVersionError, match=STALE):
        book.codebook.restore("Spare", if_version=1)
    assert book.codebook.get("Spare").retired


def test_a_merge_counts_a_version_of_the_target(book: qualframe.Project) -> None:
    summary = book.codebook.merge("Spare", "Mechanisms > Hope", if_version=1)
    assert (summary.target_id, summary.target_version) == (
        book.codebook.get("Mechanisms > Hope").id,
        2,
    )
    assert _version(book, "Mechanisms > Hope") == 2


def test_the_tree_is_read_once_per_unit_of_work_and_fresh_after_a_change(
    book: qualframe.Project, database: Database
) -> None:
    hope_id = book.codebook.get("Mechanisms > Hope").id
    with database.transaction() as session, counted(database) as statements:
        uow = UnitOfWork(session, book.info.id, "ana")
        first = CodeTree.load(uow)
        assert CodeTree.load(uow) is first
        reads = len(statements.touching("FROM codes"))
        hope = first.by_id[hope_id]
        hope.parent_id = None  # an ORM change not flushed yet
        moved = CodeTree.load(uow)
        editing.create_code(uow, "Belonging", parent="Mechanisms")
        after = CodeTree.load(uow)
    assert reads == 1, statements.listing()
    assert moved is not first and hope in moved.children[None]
    assert len(after.codes) == len(first.codes) + 1


def test_retiring_a_theme_with_14_sub_codes_counts_their_codings_once(
    project: qualframe.Project, database: Database
) -> None:
    project.documents.import_bytes("a.txt", ("word " * 100).encode())
    with project.atomic():
        project.codebook.add("Theme")
        for number in range(14):
            project.codebook.add(f"Sub {number}", parent="Theme")
            project.coding.apply("a.txt", f"Theme > Sub {number}", number, number + 4)
    with counted(database) as statements:
        retired = project.codebook.retire("Theme")
    assert len(retired) == 15 and all(c.version == 2 and c.retired for c in retired)
    assert [c.coding_count for c in retired] == [0] + [1] * 14
    # Before: 34 statements (15 UPDATEs of codes, the tree read twice, every
    # coding of the project counted); the issue measured 15 full aggregations
    # over all codings on the web path. Now: the code and the tree read once,
    # one UPDATE, one count of this theme's codings, and the 15 audit entries.
    assert len(statements.touching("FROM codings")) == 1, statements.listing()
    assert len(statements.touching("UPDATE codes")) == 1, statements.listing()
    assert len(statements) <= 21, statements.listing()  # now 19


def test_moving_a_code_counts_a_version_for_it_and_not_for_the_siblings_it_renumbers(
    book: qualframe.Project,
) -> None:
    hope_before = _version(book, "Mechanisms > Hope")
    book.codebook.shift("Mechanisms > Trust", 1)  # Trust goes after Hope
    assert [c.name for c in book.codebook.tree() if c.parent_id is not None] == ["Hope", "Trust"]
    assert _version(book, "Mechanisms > Trust") == 2
    assert _version(book, "Mechanisms > Hope") == hope_before
    # So an edit of the sibling based on what was read before the move is not refused.
    book.codebook.edit("Mechanisms > Hope", definition="Looking forward.", if_version=hope_before)
