"""Generated contract tests over every write use case of the Python API.

For each write: a stale ``if_version`` is refused with
:class:`~qualframe.StaleVersionError` and changes nothing; a member of a
team whose role falls just short of the write's (:mod:`contracts.roles`) is
refused with :class:`~qualframe.PermissionDeniedError` and changes nothing;
the write itself records an audit entry whose changes the write's role may
make (the services' backstop would refuse it otherwise), bumps the version
of the record it changes, and leaves every exchanged row with a GUID of its
own. The web and the CLI call these same use cases, so the contract holds
for them too.
"""

from __future__ import annotations

import importlib
import pkgutil
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import select

import qualframe
from contracts import study
from contracts.registry import Write
from contracts.roles import just_below, needed, opened_as
from contracts.writes_members import _account
from project_facades import area_facades
from qualframe.api.facade import Facade, UseCase
from qualframe.project import Project
from qualframe.services.core.access import least_role
from qualframe.storage.database import Database
from qualframe.storage.models import Base


def _modules() -> Iterator[object]:
    package = importlib.import_module("contracts")
    for info in pkgutil.iter_modules(package.__path__):
        if info.name.startswith("writes_"):
            yield importlib.import_module(f"contracts.{info.name}")


WRITES: list[Write] = [write for module in _modules() for write in module.WRITES]
READS: set[str] = {name for module in _modules() for name in getattr(module, "READS", ())}


def _use_cases() -> dict[str, UseCase]:
    """Every facade method of a project, as ``"<facade>.<method>"``."""
    found: dict[str, UseCase] = {}
    facades: dict[str, type[Facade]] = {"project": Project}
    facades.update(area_facades())
    for facade_name, kind in facades.items():
        for klass in kind.__mro__:
            for name, value in vars(klass).items():
                if isinstance(value, UseCase) and not value.dry_run:
                    found.setdefault(f"{facade_name}.{name}", value)
    return found


def test_every_use_case_is_a_listed_read_or_has_a_write_contract() -> None:
    declared = {write.use_case for write in WRITES} | READS
    missing = sorted(set(_use_cases()) - declared)
    assert not missing, f"use cases with no write contract and not listed as reads: {missing}"
    unknown = sorted(declared - set(_use_cases()))
    assert not unknown, f"contracts for use cases that do not exist: {unknown}"
    twice = {write.use_case for write in WRITES} & READS
    assert not twice, f"listed both as a read and as a write: {sorted(twice)}"


@pytest.fixture
def contract_study(database: Database) -> qualframe.Project:
    project = qualframe.create_project("Contract study", database=database, user="ana")
    study.build(project)
    return project


def _audit_count(project: qualframe.Project) -> int:
    return len(project.activity())


def _guids(database: Database) -> list[str | None]:
    found: list[str | None] = []
    with database.transaction() as session:
        for table in Base.metadata.sorted_tables:
            if "guid" in table.c:
                found += session.scalars(select(table.c.guid)).all()
    return found


@pytest.mark.parametrize("write", WRITES, ids=str)
def test_a_write_is_audited_versioned_refused_when_stale_and_identified(
    write: Write, contract_study: qualframe.Project, database: Database
) -> None:
    project = contract_study
    before = write.version_of(project) if write.version_of else None
    audited = _audit_count(project)
    if write.stating is not None:
        assert before is not None, "a write that states a version needs version_of"
        with pytest.raises(qualframe.StaleVersionError, match="nothing was saved"):
            write.stating(project, before + 1)
        assert _audit_count(project) == audited, "a refused write recorded a change"
        assert write.version_of is not None and write.version_of(project) == before
    audited = _refused_just_below_its_role(write, project)

    write.call(project)

    assert _audit_count(project) > audited, "the write recorded no audit entry"
    role = needed(write.use_case)
    for entry in project.activity(offset=audited):
        assert role.includes(least_role(entry.action, entity_type=entry.entity_type)), (
            f"{write.use_case} is a {role}'s write but records {entry.action!r}, "
            "which the backstop keeps for a higher role"
        )
    if before is not None and write.bumps:
        assert write.version_of is not None and write.version_of(project) == before + 1
    guids = _guids(database)
    assert all(guid and uuid.UUID(guid) for guid in guids), "a row has no GUID"
    assert len(set(guids)) == len(guids), "two rows share a GUID"


def _refused_just_below_its_role(write: Write, project: qualframe.Project) -> int:
    """The write, tried by a member whose role is just short of its own, is
    refused naming that role, and nothing is recorded (one transaction: a
    scenario's own first steps are undone with it); the audit log's length
    afterwards (the member's joining is recorded)."""
    below = just_below(needed(write.use_case))
    member = opened_as(project, below) if below is not None else None
    audited_now = _audit_count(project)
    if member is None or below is None:
        return audited_now
    # The account a members scenario adds is made first: it is the server's,
    # written in a transaction of its own, which the member's block would wait on.
    _account(project)
    refusal = f"^Your role in this project is {below.value}: it does not allow .* Nothing was saved"
    with pytest.raises(qualframe.PermissionDeniedError, match=refusal), member.atomic():
        write.call(member)
    assert _audit_count(project) == audited_now, "a refused write recorded a change"
    return audited_now
