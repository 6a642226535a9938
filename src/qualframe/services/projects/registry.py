"""Creating, listing and choosing projects.

These work before a project is chosen, so they take a session rather than a
unit of work, and return :class:`ProjectInfo` records. Given an account
(``account_id``: a team server's logged-in person), they see only the
projects it is a member of, and a project it is not a member of is refused
with the message of a missing one, so that it learns nothing of it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from qualframe.errors import ConflictError, ProjectChoiceError, ValidationError
from qualframe.services.core import access, audit, text_rules
from qualframe.services.core.actor import Actor
from qualframe.services.core.field_limits import check_field
from qualframe.storage import queries
from qualframe.storage.models import Project, ProjectMember
from qualframe.vocabulary import ProjectRole

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


def create_project(
    session: Session,
    name: str,
    actor: str | Actor,
    description: str = "",
    *,
    owner_account_id: int | None = None,
) -> ProjectInfo:
    """Create an empty project called ``name`` (unique in the database); with
    ``owner_account_id`` that account becomes its owner (in the same
    transaction).

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
    acting = Actor.of(actor)
    if owner_account_id is not None and acting.account_id != owner_account_id:
        acting = Actor(acting.name, owner_account_id)
    project = Project(name=name, description=description)
    session.add(project)
    session.flush()
    if owner_account_id is not None:
        session.add(
            ProjectMember(
                project_id=project.id,
                account_id=owner_account_id,
                role=ProjectRole.OWNER,
                added_by=acting.name,
            )
        )
        session.flush()
    audit.record(
        access.open_unit(session, project.id, acting),
        "project.create",
        "project",
        project.id,
        f"Created project {name!r}",
    )
    return ProjectInfo.of(project)


def list_projects(session: Session, account_id: int | None = None) -> list[ProjectInfo]:
    """Every project in the database, by name (with ``account_id``: only those the
    account is a member of). Reads only."""
    return [ProjectInfo.of(p) for p in _projects(session, account_id)]


def _projects(session: Session, account_id: int | None) -> Sequence[Project]:
    if account_id is None:
        return queries.projects.all_projects(session)
    account = queries.accounts.account_by_id(session, account_id)
    if account is None or account.disabled_at is not None:
        return []  # a disabled account sees nothing, as a non-member
    return queries.accounts.projects_of(session, account_id)


def get_project(session: Session, project_id: int, *, account_id: int | None = None) -> ProjectInfo:
    """The project with id ``project_id``; raises :class:`ProjectChoiceError` if
    none, or (with ``account_id``) if the account is not a member or is
    disabled: the same message, so a non-member learns nothing."""
    # With an account, one query asks both (the project, and the account's
    # membership): a non-member's answer takes the path of a missing project.
    project = (
        queries.projects.project_by_id(session, project_id)
        if account_id is None
        else queries.accounts.member_project(session, project_id, account_id)
    )
    if project is None:
        raise ProjectChoiceError(f"There is no project with id {project_id}.")
    return ProjectInfo.of(project)


def choose_project(
    session: Session, name: str | None, *, account_id: int | None = None
) -> ProjectInfo:
    """The project called ``name``, or the only project when ``name`` is None
    (with ``account_id``: among the projects the account is a member of).

    Raises :class:`ProjectChoiceError` when the name is unknown (or the
    project not the account's: the same message), the database has no
    project, or it has several and none was named.
    """
    projects = _projects(session, account_id)
    if name is not None:
        # A name no project can have (a NUL, half a character) is not looked up:
        # PostgreSQL would refuse the query itself.
        storable = text_rules.text_problem(name, "project name") is None
        project = queries.projects.project_named(session, name) if storable else None
        if project is None or (account_id is not None and project not in projects):
            known = ", ".join(p.name for p in projects) or "none"
            raise ProjectChoiceError(f"No project called {name!r} (projects: {known}).")
        return ProjectInfo.of(project)
    if not projects:
        raise ProjectChoiceError(
            "The database has no project yet; create one with 'qualframe init'."
            if account_id is None
            else "You are not a member of any project yet; create one or ask for an invitation."
        )
    if len(projects) > 1:
        names = ", ".join(p.name for p in projects)
        raise ProjectChoiceError(
            f"The database has several projects ({names}); name one with --project."
        )
    return ProjectInfo.of(projects[0])
