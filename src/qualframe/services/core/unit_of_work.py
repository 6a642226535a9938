"""The unit of work: one user action's transaction, its project and who acts.

Every use case takes a :class:`UnitOfWork` first. It is opened by the edges
(one web request, one CLI command, one facade call or ``atomic()`` block of
the Python API) and carries what every area needs: the database session of
the open transaction, the project acted on, the :class:`Actor` the audit log
and the edited records are attributed to, and a cache of what many use cases
of one request read again (the codebook tree, the people of the study).

A unit of work is all or nothing, with one exception its opener allows: a
unit of work that is a transaction of its own (one facade call of the Python
API) may be committed in parts by a long use case (an import of many files),
at its :meth:`UnitOfWork.checkpoint` s, so that on SQLite, where one writer at
a time holds the database, others can write between the parts.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, TypeVar

from qualframe.services.core.actor import Actor
from qualframe.storage.caching import transaction_cache
from qualframe.storage.database import commit_part, discard_part
from qualframe.vocabulary import ProjectRole

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

T = TypeVar("T")


@dataclass(frozen=True)
class UnitOfWork:
    """One transaction on one project, acted by ``actor``.

    ``session`` is the open SQLAlchemy session (committed or rolled back by
    whoever opened the unit of work, never by a use case); ``project_id``
    the project every query is confined to; ``actor`` who the changes are
    attributed to (a display name is accepted and made an :class:`Actor`);
    ``in_parts`` whether a long use case may commit it in parts (see
    :meth:`checkpoint`): set by an opener whose transaction holds this one
    call and nothing else; ``role`` the acting account's role in the project
    (None: an unrestricted local operator, the CLI, a script or a local
    server, allowed everything). Open one with
    :func:`qualframe.services.core.access.open_unit`, which looks the role up.
    """

    session: Session
    project_id: int
    actor: Actor
    in_parts: bool = False
    role: ProjectRole | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.actor, Actor):
            object.__setattr__(self, "actor", Actor.of(self.actor))

    def acting_as(self, actor: str | Actor) -> UnitOfWork:
        """The same transaction and project, with changes attributed to ``actor``
        (e.g. the labellers of an imported dataset); the role stays the opener's,
        so acting as another name grants nothing more."""
        return replace(self, actor=Actor.of(actor))

    def checkpoint(self) -> bool:
        """Commit the work done so far and go on in a new transaction, when this
        unit of work may be committed in parts (``in_parts``: one facade call of
        the Python API, which is its own transaction); returns whether it
        committed. Anywhere else (an ``atomic()`` block, a web request, a CLI
        command's one transaction, a preview) it does nothing, and the whole
        stays all or nothing.

        A long use case calls it between steps each of which is complete (an
        import: between files), so that other writers get the database
        between the parts, and says in its docstring what stays written
        when a later part fails. After a checkpoint, what was read before may
        have been changed by others (read it again) and the cache is empty;
        on SQLite the new part holds the write lock from its start, so what
        is read then stays true until the next checkpoint. Raises
        :class:`~qualframe.errors.BusyError` when another writer keeps the
        database past the waiting time (what was committed stays).
        """
        if not self.in_parts:
            return False
        commit_part(self.session)
        return True

    def discard(self) -> bool:
        """Undo everything done since the last :meth:`checkpoint` (or the start)
        and hold no lock until the next write, when this unit of work may be
        committed in parts; returns whether it did. Anywhere else it does
        nothing and returns False. For a long use case that wrote ahead on
        the chance of finishing soon (an import checking its files while it
        writes them) and must now let others in before it goes on."""
        if not self.in_parts:
            return False
        discard_part(self.session)
        return True

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
