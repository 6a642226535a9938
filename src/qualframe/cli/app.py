"""The ``qualframe`` command: global options, error handling, and the command tree.

Each area's module (``projects``, ``study``, ``documents``, ``codebook``,
``coding``, ``memos``, ``search``, ``compare``, ``matrix``, ``serve``) holds a
module-level Typer ``app`` with its commands and command groups; importing
one costs little (typer and rich), because every command imports what it
needs (the project, pandas, the services) when it runs.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

import typer
from typer.core import TyperGroup

from qualframe import config
from qualframe.cli.state import CliState
from qualframe.errors import QualframeError, UserError

#: The command modules, in the order their commands are listed.
MODULES = (
    "projects",
    "study",
    "documents",
    "codebook",
    "coding",
    "memos",
    "search",
    "compare",
    "matrix",
    "serve",
)


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


def _main_options(
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


def build_app() -> typer.Typer:
    """The full command tree (built on demand: nothing happens at import)."""
    app = typer.Typer(
        cls=QualframeGroup,
        help="qualframe: Framework Method analysis of comparative case studies.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
    )
    app.callback()(_main_options)
    for name in MODULES:
        app.add_typer(import_module(f"qualframe.cli.{name}").app)
    return app
