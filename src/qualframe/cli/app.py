"""The ``qualframe`` command: global options, error handling, and the command tree.

Each area's module (``projects``, ``study``, ``documents``, ``codebook``,
``coding``, ``memos``, ``search``, ``compare``, ``matrix``, ``change_model``,
``agreement``, ``users``, ``members``, ``serve``, ``db``, ``limits``) holds a module-level
:class:`Commands` ``app`` with its commands and command groups; importing one
costs little (typer and rich), because every command imports what it needs
(the project, pandas, the services) when it runs.

A command takes the running command's state as a parameter typed
:class:`CliState` (``cli: CliState``), and options that commands share as a
group as a parameter typed with the :class:`~qualframe.cli.options.OptionGroup`.

Every command prints through a :class:`~qualframe.cli.output.TerminalConsole`
(user text reaches the terminal as text). A user error is one line; an
unexpected error (a bug) is one line with an error id, its type and where it
happened, and its traceback only with ``--debug`` (:func:`report_bug`).
"""

from __future__ import annotations

import functools
import inspect
import typing
from collections.abc import Callable
from importlib import import_module
from typing import Any

import typer
from typer.core import TyperGroup
from typer.exceptions import Abort, TyperException
from typer.models import CommandFunctionType

from qualframe import config
from qualframe.cli import options
from qualframe.cli.output import terminal_console, visible
from qualframe.cli.state import CliState, state
from qualframe.errors import QualframeError, UserError

#: The command modules, in the order their commands are listed.
MODULES = (
    "projects",
    "study",
    "documents",
    "table_import",
    "codebook",
    "coding",
    "memos",
    "search",
    "compare",
    "matrix",
    "change_model",
    "agreement",
    "users",
    "members",
    "serve",
    "db",
    "limits",
)
#: Where ``--debug`` is kept for the error printer (the root context's ``meta``).
DEBUG_KEY = "qualframe.debug"


class QualframeGroup(TyperGroup):
    """Prints user errors as one clear line and exits with status 1.

    An error that is a bug (anything not a :class:`QualframeError`, nor
    Click's own) is reported by :func:`report_bug`; the command's
    transaction was rolled back (an import committed in parts keeps the
    parts committed before).
    """

    def invoke(self, ctx: Any) -> Any:  # typer vendors its own click Context type
        try:
            return super().invoke(ctx)
        except QualframeError as error:
            kind = "Error" if isinstance(error, UserError) else "Configuration error"
            typer.echo(visible(f"{kind}: {error}"), err=True)
            raise typer.Exit(1) from None
        except (TyperException, typer.Exit, Abort, BrokenPipeError):
            raise  # Typer prints these itself (usage errors, --help, a closed pipe)
        except Exception as error:
            report_bug(error, debug=bool(ctx.meta.get(DEBUG_KEY)))
            raise typer.Exit(1) from None


def report_bug(error: Exception, *, debug: bool = False) -> None:
    """Tell the user about an unexpected error on standard error, without its
    data: an :class:`~qualframe.incidents.Incident` (an id to quote, the
    error's type, where it happened). The messages of the error and its
    causes, which can quote interview text, and the traceback are written
    only with ``--debug`` or ``QUALFRAME_DEBUG=1`` (:func:`config.debugging`)."""
    import traceback

    from qualframe.incidents import incident

    found = incident(error)
    if config.debugging(debug):
        trace = "".join(traceback.format_exception(error))
        typer.echo(visible(trace.rstrip("\n")), err=True)
        more = "the traceback is above"
    else:
        more = "run the command again with --debug to see the traceback"
    typer.echo(
        f"Unexpected error {found.id}: {found.kind} in {found.where}. This is a bug in "
        f"qualframe, not something you did; what it was doing was not saved (an import "
        f"keeps the parts it had committed). Please report it ({more}).",
        err=True,
    )


def _typer_callback(command: Callable[..., None], *, writes: bool = True) -> Callable[..., None]:
    """The function Typer is to call for ``command``: ``command``'s parameter
    typed :class:`CliState` receives the running command's state, and each
    typed with an option group receives the group, built from the group's
    options, which stand in its place."""
    hints = typing.get_type_hints(command, include_extras=True)
    params: list[inspect.Parameter] = []
    takes_state: str | None = None
    groups: dict[str, tuple[type[options.OptionGroup], list[str]]] = {}
    for param in inspect.signature(command).parameters.values():
        hint = hints.get(param.name)
        if hint is None:
            raise TypeError(f"command {command.__name__}: parameter {param.name!r} has no type")
        group, only = options.group_of(hint)
        if hint is CliState:
            takes_state = param.name
            params.append(inspect.Parameter("ctx", param.KEYWORD_ONLY, annotation=typer.Context))
        elif group is not None:
            members = group.parameters(only)
            groups[param.name] = (group, [member.name for member in members])
            params += members
        else:
            params.append(param.replace(kind=param.KEYWORD_ONLY, annotation=hint))
    if takes_state is None and not groups:
        return command
    names = [param.name for param in params]
    if len(set(names)) < len(names):
        raise TypeError(f"{command.__name__}: two parameters have one name: {names}")

    @functools.wraps(command)
    def run(**given: Any) -> None:
        cli: CliState | None = None
        if takes_state is not None:
            cli = given[takes_state] = state(given.pop("ctx"))
        for name, (group, members) in groups.items():
            given[name] = group(**{member: given.pop(member) for member in members})
        if cli is None:
            command(**given)
            return
        with cli.one_transaction(writes=writes):
            command(**given)

    run.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    run.__annotations__ = {param.name: param.annotation for param in params}
    return run


class Commands(typer.Typer):
    """A Typer app or command group whose commands may take ``cli: CliState``
    and option groups (see the module docstring)."""

    def command(
        self, *args: Any, reads: bool = False, **kwargs: Any
    ) -> Callable[[CommandFunctionType], CommandFunctionType]:
        """Typer's ``command`` decorator, for a command function as written here.

        ``reads``: the command only reads the project (a listing, an export
        to a file): its transaction takes no write lock and sees one snapshot,
        so it runs while others write."""
        register = super().command(*args, **kwargs)

        def decorator(command: CommandFunctionType) -> CommandFunctionType:
            register(_typer_callback(command, writes=not reads))
            return command

        return decorator


def command_group(parent: typer.Typer, name: str, help: str) -> Commands:
    """A group of commands added to ``parent`` as ``name`` (without a command:
    its help)."""
    group = Commands(help=help, no_args_is_help=True)
    parent.add_typer(group, name=name)
    return group


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
    debug: bool = typer.Option(False, "--debug", help=config.setting("debug").help),
) -> None:
    ctx.meta[DEBUG_KEY] = debug
    ctx.obj = CliState(database=database, project=project, user=user, console=terminal_console())


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
