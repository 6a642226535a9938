"""Committing a long import in parts, so that others can write in between.

SQLite lets one writer in at a time: an import of a big folder written in one
transaction would keep every other writer (a colleague coding in the web
application) waiting until it ends, and they give up after the busy timeout.
An import that is a call of its own (its unit of work may be committed in
parts: :meth:`~qualframe.services.core.unit_of_work.UnitOfWork.checkpoint`)
commits what it stored every :data:`PART_SECONDS` of writing instead,
between files, so each file is stored whole or not at all and others get
the database between the parts. Anywhere else it is one transaction.
"""

from __future__ import annotations

import time

from qualframe.errors import BusyError
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.core.wording import counted

#: Seconds of writing after which an import that is a call of its own commits
#: what it stored and lets other writers in. A writer waiting meanwhile waits
#: this long at most (SQLite's busy timeout is 10 s); each commit costs about
#: 0.12 s of handing the lock over on SQLite (``storage.database.HANDOVER_SECONDS``).
PART_SECONDS = 2.0


class Parts:
    """The parts one import is committed in: when the next is due, and how many
    documents the parts committed so far hold (``saved``).

    ``wanted``: the import may be committed in parts (not a preview, not a
    step of a larger use case); it is when its unit of work allows it too.
    The first part begins at once (on SQLite with the write lock), so create
    this just before writing, after every file is read and checked.
    """

    def __init__(self, uow: UnitOfWork, *, wanted: bool) -> None:
        self.uow = uow
        self.enabled = wanted and uow.in_parts
        self.saved = 0
        if self.enabled:
            uow.checkpoint()  # commits only reads: the first part begins
        self.started = time.monotonic()

    def due(self, done: int, total: int) -> bool:
        """Whether to commit after file ``done`` of ``total`` (never after the last)."""
        return self.enabled and done < total and time.monotonic() - self.started >= PART_SECONDS

    def commit(self, stored: int) -> None:
        """Commit the part, the import having stored ``stored`` documents so far,
        and begin the next one (whose clock starts now)."""
        # Committing waits for no lock (the part holds it); only beginning the
        # next part can find the database busy, and then this part is saved.
        self.saved = stored
        self.uow.checkpoint()
        self.started = time.monotonic()

    def stopped(self, error: BusyError, done: int, total: int) -> BusyError:
        """The error to raise for ``error`` (the database busy) at file ``done`` of
        ``total``: ``error`` itself when nothing is saved yet, else one saying
        what is saved and how to import the rest."""
        if not self.saved:
            return error
        return BusyError(
            "The database is busy: another user or command is writing (an import?). "
            f"The import stopped at file {done} of {total}: the "
            f"{counted(self.saved, 'document')} of the parts committed before are saved; "
            "import the same files again to add the rest (those already imported are "
            "skipped as duplicates)."
        )
