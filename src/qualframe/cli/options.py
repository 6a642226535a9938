"""Options that several commands share, each declared once.

A command declares a shared option by its type: ``where: options.Where = None``.
The filters that choose codings or text (``--where``, ``--document``,
``--participant``, ``--case``, ``--speaker``, ``--coder``) read the same
everywhere; ``--include-subcodes`` (also spelled ``--subcodes``) counts a
code's sub-codes with it.

Options that commands take together are an :class:`OptionGroup`, declared
once as a dataclass whose fields are the options. A command's parameter
typed with the group stands for all its options (or, typed
``Annotated[Group, Only(...)]``, those named), in its place; the command
receives them as one value (see :class:`~qualframe.cli.app.Commands`)::

    @app.command("codings")
    def codings(cli: CliState, filters: Annotated[Filters, Only("where", "coder")]) -> None:
        scope = filters.scope()
"""

from __future__ import annotations

import dataclasses
import inspect
import typing
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer

from qualframe.services.core.scope import Scope
from qualframe.services.core.where_filters import parse_where

Where = Annotated[
    list[str] | None,
    typer.Option(
        "--where",
        help="Only where an attribute has this value: 'NAME=VALUE' (repeat for several; "
        "the same name twice means either value).",
        show_default=False,
    ),
]
Documents = Annotated[
    list[str] | None,
    typer.Option("--document", help="Only this document (repeatable).", show_default=False),
]
Participants = Annotated[
    list[str] | None,
    typer.Option("--participant", help="Only this participant (repeatable).", show_default=False),
]
Cases = Annotated[
    list[str] | None,
    typer.Option("--case", help="Only this case (repeatable).", show_default=False),
]
Speakers = Annotated[
    list[str] | None,
    typer.Option(
        "--speaker", help="Only turns with this speaker label (repeatable).", show_default=False
    ),
]
Coder = Annotated[
    str | None,
    typer.Option("--coder", help="Only this coder's codings.", show_default=False),
]
IncludeSubcodes = Annotated[
    bool,
    typer.Option(
        "--include-subcodes",
        "--subcodes",
        help="Count each code's sub-codes' codings with it.",
    ),
]
Chart = Annotated[
    Path | None,
    typer.Option(
        "--chart", help="Also draw the chart to this .png or .svg file.", show_default=False
    ),
]
Apply = Annotated[
    bool, typer.Option("--apply", help="Code the proposed spans (default: preview only).")
]


# ---------------------------------------------------------------- option groups


@dataclass(frozen=True)
class OptionGroup:
    """Options that commands take together: subclass it as a frozen dataclass
    whose fields are the options, each typed as a command's parameter would be
    (``Annotated[T, typer.Option(...)]``) with its default; a field without
    a default is a required option or argument."""

    @classmethod
    def parameters(cls, only: Sequence[str] | None = None) -> list[inspect.Parameter]:
        """The group's options (those named in ``only``, in that order) as
        keyword parameters of a command.

        Raises ``TypeError`` (when the command is declared, not when it runs)
        for a name the group does not have, or for leaving out an option that
        has no default.
        """
        hints = typing.get_type_hints(cls, include_extras=True)
        fields = {field.name: field for field in dataclasses.fields(cls)}
        if only is not None:
            unknown = sorted(set(only) - set(fields))
            required = [
                name
                for name, field in fields.items()
                if name not in only and field.default is dataclasses.MISSING
            ]
            if unknown or required:
                raise TypeError(
                    f"{cls.__name__}: no options {unknown}; cannot leave out {required}"
                )
        return [
            inspect.Parameter(
                name,
                inspect.Parameter.KEYWORD_ONLY,
                annotation=hints[name],
                default=inspect.Parameter.empty
                if fields[name].default is dataclasses.MISSING
                else fields[name].default,
            )
            for name in (only if only is not None else fields)
        ]

    def keywords(self) -> dict[str, Any]:
        """The options' values by name (the keywords of the use case they are for)."""
        return {field.name: getattr(self, field.name) for field in dataclasses.fields(self)}


class Only:
    """In ``Annotated[SomeGroup, Only("a", "b")]``: only the options ``a`` and
    ``b`` of the group, in that order (the others keep their defaults)."""

    def __init__(self, *names: str) -> None:
        self.names = names


def group_of(hint: Any) -> tuple[type[OptionGroup] | None, Sequence[str] | None]:
    """The option group a parameter's type names (None: it names none), and
    the options chosen with :class:`Only` (None: all)."""
    only: Sequence[str] | None = None
    if typing.get_origin(hint) is Annotated:
        hint, *extras = typing.get_args(hint)
        only = next((extra.names for extra in extras if isinstance(extra, Only)), None)
    if isinstance(hint, type) and issubclass(hint, OptionGroup):
        return hint, only
    return None, None


@dataclass(frozen=True)
class Filters(OptionGroup):
    """The filters that choose codings or text, as one :class:`Scope`: a command
    offers those it names, ``Annotated[Filters, Only("where", "documents")]``."""

    where: Where = None
    documents: Documents = None
    participants: Participants = None
    cases: Cases = None
    speakers: Speakers = None
    coder: Coder = None

    def scope(self) -> Scope:
        """The scope they choose (an empty option is no filter); raises
        :class:`~qualframe.errors.ValidationError` for a bad ``--where``."""
        return Scope(
            documents=self.documents or None,
            participants=self.participants or None,
            cases=self.cases or None,
            speakers=self.speakers or None,
            coder=self.coder,
            where=parse_where(self.where),
        )
