"""Queries over projects."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from qualframe.storage.models import Project


def all_projects(session: Session) -> Sequence[Project]:
    """Every project in the database, by name."""
    return session.scalars(select(Project).order_by(Project.name)).all()


def project_named(session: Session, name: str) -> Project | None:
    """The project called ``name``, if any."""
    return session.scalar(select(Project).where(Project.name == name))


def project_by_id(session: Session, project_id: int) -> Project | None:
    """The project with id ``project_id``, if any."""
    return session.get(Project, project_id)
