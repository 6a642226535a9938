"""What a running ``qualframe`` command knows: the global options, resolved lazily."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import typer
from rich.console import Console

from qualframe import config

if TYPE_CHECKING:
    from qualframe.project import Project
    from qualframe.storage.database import Database


@dataclass
class CliState:
    """The global options (``--database``, ``--project``, ``--user``) and the
    console; the database is opened on first use, so ``--help`` never opens one."""

    database: str | None = None
    project: str | None = None
    user: str | None = None
    console: Console = field(default_factory=Console)
    _db: Database | None = None
    _command: ExitStack | None = None
    _writes: bool = True
    _project: Project | None = None

    def open_database(self, *, upgrade: bool | None = None) -> Database:
        """The :class:`~qualframe.Database` named by ``--database`` or the environment
        (``upgrade``: see :class:`~qualframe.Database`; the first call decides)."""
        from qualframe.storage.database import Database

        if self._db is None:
            url = config.resolve("database", self.database)
            assert url is not None  # the setting has a default
            self._db = Database(url, upgrade=upgrade)
        return self._db

    def actor(self) -> str:
        """Who the changes are attributed to."""
        return config.resolve("user", self.user) or "analyst"

    def open_project(self) -> Project:
        """The project named by ``--project`` (or the only one).

        Inside :meth:`one_transaction` (every command), the project is opened
        once and every call made through it joins the command's transaction."""
        from qualframe.project import open_project, project_transaction

        if self._project is not None:
            return self._project
        database, user = self.open_database(), self.actor()
        if self._command is None:
            return open_project(self.project, database=database, user=user)
        opened = project_transaction(database, name=self.project, user=user, writes=self._writes)
        self._project = self._command.enter_context(opened)
        return self._project

    @contextmanager
    def one_transaction(self, *, writes: bool = True) -> Iterator[None]:
        """Run a command as one unit of work: what it does through
        :meth:`open_project` commits when it ends and is rolled back as a whole
        when it fails (an error, or an exit with a non-zero status).
        ``writes`` False: the command only reads (no write lock, one snapshot)."""
        with ExitStack() as stack:
            self._command, self._writes = stack, writes
            try:
                yield
            finally:
                self._command, self._project, self._writes = None, None, True


def state(ctx: typer.Context) -> CliState:
    """The :class:`CliState` of the running command."""
    obj = ctx.find_root().obj
    assert isinstance(obj, CliState)
    return obj
