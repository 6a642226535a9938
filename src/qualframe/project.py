"""Opening a study: the entry point of the Python API."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pandas as pd

from qualframe import config
from qualframe.api.codebook import CodebookAPI
from qualframe.api.coding import CodingAPI
from qualframe.api.compare import CompareAPI
from qualframe.api.documents import DocumentsAPI
from qualframe.api.matrix import MatrixAPI
from qualframe.api.memos import MemosAPI
from qualframe.api.search import SearchAPI
from qualframe.api.study import StudyAPI
from qualframe.api.typologies import TypologyAPI
from qualframe.errors import ValidationError
from qualframe.services.core import audit
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.projects import registry
from qualframe.storage.database import Database


@dataclass(frozen=True)
class ProjectInfo:
    """A project as listed: id, name, description, creation time (UTC)."""

    id: int
    name: str
    description: str
    created_at: datetime


class Project:
    """One study in a database, with its operations grouped by area.

    - ``study``: attributes, cases, participants, interview schedule, answers
    - ``documents``: import, participants, speaker turns and mappings
    - ``codebook``: the code tree and its history
    - ``coding``: apply/remove codes, list codings, auto-code
    - ``memos``: typed memos
    - ``search``: full-text search, keyword in context, code all hits
    - ``matrix``: framework matrices, their cells (summaries, quotes, history), coverage
    - ``compare``: code × group comparisons, structured answers, co-occurrence, saturation
    - ``typologies``: typology dimensions and each case's or participant's category

    Each call is one transaction, attributed to ``user`` in the audit log.
    """

    def __init__(self, database: Database, info: ProjectInfo, user: str) -> None:
        self.database = database
        self.info = info
        self.user = user
        facade = (database, info.id, user)
        self.study = StudyAPI(*facade)
        self.documents = DocumentsAPI(*facade)
        self.codebook = CodebookAPI(*facade)
        self.coding = CodingAPI(*facade)
        self.memos = MemosAPI(*facade)
        self.search = SearchAPI(*facade)
        self.matrix = MatrixAPI(*facade)
        self.compare = CompareAPI(*facade)
        self.typologies = TypologyAPI(*facade)

    @property
    def name(self) -> str:
        """The project's name."""
        return self.info.name

    def audit_log(
        self,
        *,
        entity_type: str | None = None,
        entity_id: int | None = None,
        actor: str | None = None,
        limit: int | None = None,
        offset: int = 0,
        newest_first: bool = False,
    ) -> pd.DataFrame:
        """The recorded changes (who, when, what) as a DataFrame, oldest first
        (``newest_first``: the latest first), filtered by entity type and id and by
        ``actor``; ``offset``/``limit`` page through them."""
        with self.database.transaction() as session:
            return audit.audit_log(
                UnitOfWork(session, self.info.id, self.user),
                entity_type=entity_type,
                entity_id=entity_id,
                actor=actor,
                limit=limit,
                offset=offset,
                newest_first=newest_first,
            )

    def __repr__(self) -> str:
        return f"<Project {self.info.name!r} in {self.database.dialect}>"


def _database(database: str | Database | None) -> Database:
    if isinstance(database, Database):
        return database
    url = config.resolve("database", database)
    assert url is not None  # the setting has a default
    return Database(url)


def _info(project: object) -> ProjectInfo:
    return ProjectInfo(
        id=project.id,  # type: ignore[attr-defined]
        name=project.name,  # type: ignore[attr-defined]
        description=project.description,  # type: ignore[attr-defined]
        created_at=project.created_at,  # type: ignore[attr-defined]
    )


def create_project(
    name: str,
    *,
    database: str | Database | None = None,
    user: str | None = None,
    template: str | None = None,
    description: str = "",
    example: str | None = None,
) -> Project:
    """Create a project and open it.

    ``database`` is a URL or an open :class:`Database` (default: the
    configured one); ``template`` names a built-in study template (e.g.
    ``"peer-worker-study"``) and ``example`` a shipped example project with
    its data (``"peer-worker"``, ``"nhs-fft"``), either applied in the same
    transaction. Raises :class:`~qualframe.errors.ConflictError` if the name
    is taken, :class:`~qualframe.errors.ValidationError` when both are given.
    """
    if template is not None and example is not None:
        raise ValidationError("Give a template or an example, not both.")
    db = _database(database)
    actor = user or config.resolve("user") or "analyst"
    with db.transaction() as session:
        project = registry.create_project(session, name, actor, description)
        uow = UnitOfWork(session, project.id, actor)
        if template is not None:
            from qualframe.services.projects import templates

            templates.apply_template(uow, template)
        if example is not None:
            from qualframe.services import examples

            examples.apply_example(uow, example)
        info = _info(project)
    return Project(db, info, actor)


def open_project(
    name: str | None = None,
    *,
    database: str | Database | None = None,
    user: str | None = None,
    project_id: int | None = None,
) -> Project:
    """Open the project called ``name`` (default: the only one in the database),
    or the one with id ``project_id``.

    Raises :class:`~qualframe.errors.ProjectChoiceError` when the choice is
    unclear or no such project exists.
    """
    db = _database(database)
    actor = user or config.resolve("user") or "analyst"
    with db.transaction() as session:
        if project_id is not None:
            found = registry.get_project(session, project_id)
        else:
            found = registry.choose_project(session, config.resolve("project", name))
        info = _info(found)
    return Project(db, info, actor)


def list_projects(*, database: str | Database | None = None) -> list[ProjectInfo]:
    """Every project in the database, by name."""
    db = _database(database)
    with db.transaction() as session:
        return [_info(p) for p in registry.list_projects(session)]
