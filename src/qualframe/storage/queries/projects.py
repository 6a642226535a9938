"""Queries over the ``projects`` table, and the counts of what a project holds."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qualframe.storage.models import Code, Coding, Document, Project


def all_projects(session: Session) -> Sequence[Project]:
    """Every project in the database, by name."""
    return session.scalars(select(Project).order_by(Project.name)).all()


def project_named(session: Session, name: str) -> Project | None:
    """The project called ``name``, if any."""
    return session.scalar(select(Project).where(Project.name == name))


def project_by_id(session: Session, project_id: int) -> Project | None:
    """The project with id ``project_id``, if any."""
    return session.get(Project, project_id)


class ProjectCounts(NamedTuple):
    """How many codes (retired included), documents and codings a project has."""

    codes: int
    documents: int
    codings: int


def project_counts(session: Session, project_id: int) -> ProjectCounts:
    """The project's counts of codes, documents and codings (one statement)."""

    def count(model: Any) -> Any:
        return (
            select(func.count()).select_from(model).where(model.project_id == project_id)
        ).scalar_subquery()

    row = session.execute(select(count(Code), count(Document), count(Coding))).one()
    return ProjectCounts(int(row[0]), int(row[1]), int(row[2]))
