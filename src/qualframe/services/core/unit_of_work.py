"""The unit of work: one user action's transaction, its project and who acts.

Every use case takes a :class:`UnitOfWork` first. It is opened by the edges
(one web request, one CLI command, one facade call or ``atomic()`` block of
the Python API) and carries what every area needs: the database session of
the open transaction, the project acted on, the :class:`Actor` the audit log
and the edited records are attributed to, and a cache of what many use cases
of one request read again (the codebook tree, the people of the study).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, TypeVar

from qualframe.services.core.actor import Actor
from qualframe.storage.caching import transaction_cache

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

T = TypeVar("T")


@dataclass(frozen=True)
class UnitOfWork:
    """One transaction on one project, acted by ``actor``.

    ``session`` is the open SQLAlchemy session (committed or rolled back by
    whoever opened the unit of work, never by a use case); ``project_id``
    the project every query is confined to; ``actor`` who the changes are
    attributed to (a display name is accepted and made an :class:`Actor`).
    """

    session: Session
    project_id: int
    actor: Actor

    def __post_init__(self) -> None:
        if not isinstance(self.actor, Actor):
            object.__setattr__(self, "actor", Actor.of(self.actor))

    def acting_as(self, actor: str | Actor) -> UnitOfWork:
        """The same transaction and project, with changes attributed to ``actor``
        (e.g. the labellers of an imported dataset)."""
        return replace(self, actor=Actor.of(actor))

    def cached(self, key: Hashable, load: Callable[[], T]) -> T:
        """``load()``'s result, computed once per transaction and ``key``
        (which names what is loaded, e.g. ``("code tree", project_id)``).

        Pending changes are written first (a flush). The cache is emptied
        whenever the transaction writes (each flush or write statement), when
        a savepoint is rolled back and when the transaction ends, so a cached
        value never outlives the data it was read from. Only cache what is
        read again and again within one action."""
        # Changes not yet written would not be seen by the load; writing them
        # empties the cache too.
        self.session.flush()
        cache = transaction_cache(self.session)
        if key not in cache:
            cache[key] = load()
        found: T = cache[key]
        return found
