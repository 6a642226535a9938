"""Base of the API facades: one transaction per call."""

from __future__ import annotations

from collections.abc import Callable
from typing import Concatenate, ParamSpec, TypeVar

from sqlalchemy.orm import Session

from qualframe.services.context import ProjectContext
from qualframe.storage.database import Database

P = ParamSpec("P")
R = TypeVar("R")


class Facade:
    """Runs service functions for one project, each in its own transaction.

    Facade methods return typed records or DataFrames, never ORM objects,
    so nothing they return depends on an open session.
    """

    def __init__(self, database: Database, ctx: ProjectContext) -> None:
        self._database = database
        self._ctx = ctx

    def _run(
        self,
        service: Callable[Concatenate[Session, ProjectContext, P], R],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> R:
        """Call ``service(session, ctx, *args, **kwargs)`` in one transaction."""
        with self._database.transaction() as session:
            return service(session, self._ctx, *args, **kwargs)
