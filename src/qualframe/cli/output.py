"""How commands print: one-line messages, shortened text, counted nouns, tables, CSV files."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.markup import escape
from rich.table import Table

from qualframe.errors import ValidationError
from qualframe.services.core.wording import counted

__all__ = ["cell_text", "counted", "print_table", "say", "short", "titled_table", "write_csv"]

if TYPE_CHECKING:
    import pandas as pd

    from qualframe.cli.state import CliState


def say(cli: CliState, message: str) -> None:
    """Print one message line as is (no markup, no highlighting, no wrapping)."""
    cli.console.print(message, markup=False, highlight=False, soft_wrap=True)


def short(text: object, limit: int) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def titled_table(title: str, *columns: str) -> Table:
    """A rich table with a bold title on the left and these columns."""
    table = Table(title=title, title_justify="left", title_style="bold")
    for column in columns:
        table.add_column(column)
    return table


def print_table(
    cli: CliState, title: str, columns: Sequence[str], rows: Iterable[Sequence[str]]
) -> None:
    """Print ``rows`` (a rich-markup cell per column) as a :func:`titled_table`
    ("": no title)."""
    table = titled_table(title, *columns)
    for row in rows:
        table.add_row(*row)
    cli.console.print(table)


def cell_text(value: Any) -> str:
    """A cell of a rich table: empty for a missing value (None, NaN), markup escaped."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return escape(str(value))


def write_csv(frame: pd.DataFrame, path: Path, *, encoding: str = "utf-8") -> None:
    """Write ``frame`` to ``path`` as CSV (``-``: standard output).

    Raises :class:`ValidationError` naming the file when it cannot be written.
    """
    if str(path) == "-":
        typer.echo(frame.to_csv(index=False), nl=False)
        return
    try:
        frame.to_csv(path, index=False, encoding=encoding)
    except OSError as error:
        raise ValidationError(f"Cannot write {path}: {error.strerror or error}.") from None
