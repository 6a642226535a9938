"""The unit of work's cache lasts one transaction and never serves data a write changed."""

from __future__ import annotations

import qualframe
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.storage.database import Database
from qualframe.storage.models import Code


def _loads(uow: UnitOfWork, counter: list[int]) -> int:
    def load() -> int:
        counter.append(1)
        return len(counter)

    return uow.cached("thing", load)


def test_a_value_is_loaded_once_per_transaction_across_savepoints(database: Database) -> None:
    project = qualframe.create_project("Cache", database=database, user="ana")
    loads: list[int] = []
    with database.transaction(block=True) as session:
        uow = UnitOfWork(session, project.info.id, "ana")
        with session.begin_nested():
            _loads(uow, loads)
        with session.begin_nested():
            _loads(uow, loads)
    assert len(loads) == 1
    with database.transaction() as session:
        _loads(UnitOfWork(session, project.info.id, "ana"), loads)
    assert len(loads) == 2, "a new transaction loads afresh"


def test_a_write_or_a_rolled_back_savepoint_empties_the_cache(database: Database) -> None:
    project = qualframe.create_project("Cache", database=database, user="ana")
    loads: list[int] = []
    with database.transaction(block=True) as session:
        uow = UnitOfWork(session, project.info.id, "ana")
        _loads(uow, loads)
        session.add(Code(project_id=project.info.id, name="New"))
        session.flush()
        _loads(uow, loads)
        assert len(loads) == 2, "a flush empties the cache"
        savepoint = session.begin_nested()
        _loads(uow, loads)
        savepoint.rollback()
        _loads(uow, loads)
        assert len(loads) == 3, "a rolled back savepoint empties the cache"
