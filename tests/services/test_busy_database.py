"""A database kept busy by another writer: a clear "busy, try again" user error
and nothing saved, never a bug; and a unit of work committed in parts
(``UnitOfWork.checkpoint``) lets other writers in between its parts."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest

import qualframe
from database_locks import locked, waiting_briefly
from qualframe.api.facade import Facade, use_case
from qualframe.errors import BusyError
from qualframe.services.codebook import editing
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.storage.database import BUSY_MESSAGE, Database
from row_counts import row_counts


def _code_id(project: qualframe.Project, name: str) -> int:
    return project.codebook.get(name).id


def test_a_write_while_another_holds_the_lock_is_refused_as_busy_and_saves_nothing(
    project: qualframe.Project, database: Database, database_url: str
) -> None:
    hope = project.codebook.add("Hope")
    before = row_counts(database)

    with (
        waiting_briefly(database),
        locked(database_url, "codes", hope.id),
        pytest.raises(BusyError) as caught,
    ):
        project.codebook.edit("Hope", definition="Looking forward.")

    assert str(caught.value) == BUSY_MESSAGE
    assert row_counts(database) == before
    stored = project.codebook.get("Hope")
    assert (stored.definition, stored.version) == ("", hope.version)
    # Once the other writer is done, the same write works.
    assert project.codebook.edit("Hope", definition="Looking forward.").version == hope.version + 1


def test_a_block_of_calls_kept_waiting_is_refused_as_busy_as_a_whole(
    project: qualframe.Project, database: Database, database_url: str
) -> None:
    hope = project.codebook.add("Hope")
    before = row_counts(database)

    with (
        waiting_briefly(database),
        locked(database_url, "codes", hope.id),
        pytest.raises(BusyError, match="try again in a moment"),
        project.atomic(),
    ):
        project.codebook.add("Trust")
        project.codebook.edit("Hope", definition="Looking forward.")

    assert row_counts(database) == before


# ---------------------------------------------------------------- committing in parts


def _two_parts(uow: UnitOfWork, first: str, second: str, between: Callable[[], None]) -> bool:
    """Add the code ``first``, call ``between``, checkpoint, add ``second``;
    returns whether the checkpoint committed."""
    editing.create_code(uow, first)
    between()
    committed = uow.checkpoint()
    editing.create_code(uow, second)
    return committed


class _PartsAPI(Facade):
    add_in_two_parts = use_case(_two_parts)


def _created_codes(project: qualframe.Project) -> list[str]:
    """The codes created, in the order their transactions wrote them."""
    entries = sorted(project.activity(), key=lambda record: record.id)
    return [entry.details["path"] for entry in entries if entry.action == "code.create"]


def test_a_checkpoint_commits_the_work_so_far_and_a_waiting_writer_gets_in(
    project: qualframe.Project,
) -> None:
    parts = _PartsAPI(project._binding)
    other = threading.Thread(target=project.codebook.add, args=("Written meanwhile",))

    def between() -> None:
        other.start()
        time.sleep(0.3)  # on SQLite it is waiting for the write lock by now

    assert parts.add_in_two_parts("First part", "Second part", between) is True
    other.join(timeout=10)
    names = [code.name for code in project.codebook.records()]
    assert sorted(names) == ["First part", "Second part", "Written meanwhile"]
    # The other writer got in at the checkpoint, between the two parts.
    assert _created_codes(project) == ["First part", "Written meanwhile", "Second part"]


def test_a_checkpoint_inside_a_larger_transaction_commits_nothing(
    project: qualframe.Project,
) -> None:
    parts = _PartsAPI(project._binding)
    with pytest.raises(RuntimeError), project.atomic():
        assert parts.add_in_two_parts("First part", "Second part", lambda: None) is False
        raise RuntimeError("the block fails after the checkpoint")
    assert project.codebook.records() == []


def test_a_checkpoint_in_a_preview_commits_nothing(project: qualframe.Project) -> None:
    class Preview(Facade):
        add_in_two_parts = use_case(_two_parts, dry_run=True)

    assert Preview(project._binding).add_in_two_parts("First", "Second", lambda: None) is False
    assert project.codebook.records() == []
