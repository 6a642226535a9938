"""The ``qualframe`` command: global options, error handling, command registry."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import typer
from rich.console import Console
from typer.core import TyperGroup

from qualframe import config
from qualframe.errors import QualframeError, UserError


class QualframeGroup(TyperGroup):
    """Prints user errors as one clear line and exits with status 1.

    Errors that are bugs (anything not a :class:`QualframeError`) keep their
    traceback, because the user cannot fix them.
    """

    def invoke(self, ctx: Any) -> Any:  # typer vendors its own click Context type
        try:
            return super().invoke(ctx)
        except QualframeError as error:
            kind = "Error" if isinstance(error, UserError) else "Configuration error"
            typer.echo(f"{kind}: {error}", err=True)
            raise typer.Exit(1) from None


@dataclass
class CliState:
    """Global options, resolved lazily so ``--help`` never opens a database."""

    database: str | None = None
    project: str | None = None
    user: str | None = None
    console: Console = field(default_factory=Console)
    _db: Any = None

    def open_database(self) -> Any:
        """The :class:`~qualframe.Database` named by ``--database`` or the environment."""
        from qualframe.storage.database import Database

        if self._db is None:
            url = config.resolve("database", self.database)
            assert url is not None
            self._db = Database(url)
        return self._db

    def actor(self) -> str:
        """Who the changes are attributed to."""
        return config.resolve("user", self.user) or "analyst"

    def open_project(self) -> Any:
        """The project named by ``--project`` (or the only one)."""
        from qualframe.project import open_project

        return open_project(self.project, database=self.open_database(), user=self.actor())


def state(ctx: typer.Context) -> CliState:
    """The :class:`CliState` of the running command."""
    obj = ctx.find_root().obj
    assert isinstance(obj, CliState)
    return obj


def build_app() -> typer.Typer:
    """The full command tree (built on demand: nothing happens at import)."""
    app = typer.Typer(
        cls=QualframeGroup,
        help="qualframe: Framework Method analysis of comparative case studies.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
    )

    @app.callback()
    def main_options(
        ctx: typer.Context,
        database: str | None = typer.Option(
            None, "--database", help=config.setting("database").help, show_default=False
        ),
        project: str | None = typer.Option(
            None, "--project", help=config.setting("project").help, show_default=False
        ),
        user: str | None = typer.Option(
            None, "--user", help=config.setting("user").help, show_default=False
        ),
    ) -> None:
        ctx.obj = CliState(database=database, project=project, user=user)

    from qualframe.cli import (
        codebook_commands,
        coding_commands,
        compare_commands,
        document_commands,
        matrix_commands,
        memo_commands,
        project_commands,
        search_commands,
        serve_commands,
        study_commands,
    )

    for module in (
        project_commands,
        study_commands,
        document_commands,
        codebook_commands,
        coding_commands,
        memo_commands,
        search_commands,
        compare_commands,
        matrix_commands,
        serve_commands,
    ):
        module.register(app)
    return app
