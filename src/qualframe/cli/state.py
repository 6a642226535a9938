"""What a running ``qualframe`` command knows: the global options, resolved lazily."""

from __future__ import annotations

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
        """The project named by ``--project`` (or the only one)."""
        from qualframe.project import open_project

        return open_project(self.project, database=self.open_database(), user=self.actor())


def state(ctx: typer.Context) -> CliState:
    """The :class:`CliState` of the running command."""
    obj = ctx.find_root().obj
    assert isinstance(obj, CliState)
    return obj
