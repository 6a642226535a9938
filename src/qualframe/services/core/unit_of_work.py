"""The unit of work: one user action's transaction, its project and who acts.

Every use case takes a :class:`UnitOfWork` first. It is opened by the edges
(one facade call of the Python API, hence one per CLI command and per
action of a web request) and carries what every area needs: the database
session of the open transaction, the project acted on and the actor the
audit log and the edited records are attributed to.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


@dataclass(frozen=True)
class UnitOfWork:
    """One transaction on one project, acted by ``actor``.

    ``session`` is the open SQLAlchemy session (committed or rolled back by
    whoever opened the unit of work, never by a use case); ``project_id``
    the project every query is confined to; ``actor`` the display name the
    changes are attributed to. ``cache`` holds values computed once per
    transaction (keyed by their owner module); a write that makes one stale
    must drop it.
    """

    session: Session
    project_id: int
    actor: str
    cache: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def acting_as(self, actor: str) -> UnitOfWork:
        """The same transaction and project, with changes attributed to ``actor``
        (e.g. the labellers of an imported dataset)."""
        return replace(self, actor=actor)
