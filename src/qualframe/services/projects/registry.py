"""Creating, listing and choosing projects.

These work before a project is chosen, so they take a session rather than a
unit of work, and return :class:`ProjectInfo` records.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from qualframe.errors import ConflictError, ProjectChoiceError, ValidationError
from qualframe.services.core import audit, text_rules
from qualframe.services.core.actor import Actor
from qualframe.services.core.field_limits import check_field
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.storage import queries
from qualframe.storage.models import Project

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


@dataclass(frozen=True)
class ProjectInfo:
    """A project as listed: id, name, description, creation time (UTC)."""

    id: int
    name: str
    description: str
    created_at: datetime

    @classmethod
    def of(cls, project: Project) -> ProjectInfo:
        """The record of a stored project."""
        return cls(project.id, project.name, project.description, project.created_at)


def create_project(session: Session, name: str, actor: str, description: str = "") -> ProjectInfo:
    """Create an empty project called ``name`` (unique in the database).

    Raises :class:`ValidationError` for an empty name, one longer than
    :data:`~qualframe.services.core.text_rules.NAME_CHARS` or holding a
    character no database stores (:func:`~qualframe.services.core.text_rules.check_name`),
    and :class:`ConflictError` when the name is taken.
    """
    name = name.strip()
    if not name:
        raise ValidationError("A project needs a name.")
    text_rules.check_name(name, "project name")
    if queries.projects.project_named(session, name) is not None:
        raise ConflictError(f"A project called {name!r} exists already.")
    check_field(description, "project's description")
    text_rules.check_text(description, "project's description")
    project = Project(name=name, description=description)
    session.add(project)
    session.flush()
    audit.record(
        UnitOfWork(session, project.id, Actor.of(actor)),
        "project.create",
        "project",
        project.id,
        f"Created project {name!r}",
    )
    return ProjectInfo.of(project)


def list_projects(session: Session) -> list[ProjectInfo]:
    """Every project in the database, by name."""
    return [ProjectInfo.of(p) for p in queries.projects.all_projects(session)]


def get_project(session: Session, project_id: int) -> ProjectInfo:
    """The project with id ``project_id``; raises :class:`ProjectChoiceError` if none."""
    project = queries.projects.project_by_id(session, project_id)
    if project is None:
        raise ProjectChoiceError(f"There is no project with id {project_id}.")
    return ProjectInfo.of(project)


def choose_project(session: Session, name: str | None) -> ProjectInfo:
    """The project called ``name``, or the only project when ``name`` is None.

    Raises :class:`ProjectChoiceError` when the name is unknown, the
    database has no project, or it has several and none was named.
    """
    if name is not None:
        # A name no project can have (a NUL, half a character) is not looked up:
        # PostgreSQL would refuse the query itself.
        storable = text_rules.text_problem(name, "project name") is None
        project = queries.projects.project_named(session, name) if storable else None
        if project is None:
            known = ", ".join(p.name for p in queries.projects.all_projects(session)) or "none"
            raise ProjectChoiceError(f"No project called {name!r} (projects: {known}).")
        return ProjectInfo.of(project)
    projects = queries.projects.all_projects(session)
    if not projects:
        raise ProjectChoiceError(
            "The database has no project yet; create one with 'qualframe init'."
        )
    if len(projects) > 1:
        names = ", ".join(p.name for p in projects)
        raise ProjectChoiceError(
            f"The database has several projects ({names}); name one with --project."
        )
    return ProjectInfo.of(projects[0])
