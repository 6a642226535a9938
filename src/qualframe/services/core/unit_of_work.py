"""The unit of work: one user action's transaction, its project and who acts.

Every use case takes a :class:`UnitOfWork` first. It is opened by the edges
(one facade call of the Python API, hence one per CLI command and per
action of a web request) and carries what every area needs: the database
session of the open transaction, the project acted on and the actor the
audit log and the edited records are attributed to.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


@dataclass(frozen=True)
class UnitOfWork:
    """One transaction on one project, acted by ``actor``.

    ``session`` is the open SQLAlchemy session (committed or rolled back by
    whoever opened the unit of work, never by a use case); ``project_id``
    the project every query is confined to; ``actor`` the display name the
    changes are attributed to.
    """

    session: Session
    project_id: int
    actor: str

    def acting_as(self, actor: str) -> UnitOfWork:
        """The same transaction and project, with changes attributed to ``actor``
        (e.g. the labellers of an imported dataset)."""
        return replace(self, actor=actor)
