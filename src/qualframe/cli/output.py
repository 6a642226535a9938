"""How commands print: one-line messages, shortened text, counted nouns, tables, CSV files.

Everything printed may hold text from users and their files (names,
transcripts, file names), which must reach the terminal as text:

- Control characters a terminal acts on (ESC starting a colour, a cursor
  move or a window-title sequence, C1 controls such as CSI ``\\x9b``, and
  every other C0 control but newline and tab) are shown as visible escapes
  (``\\x1b``): :func:`visible`. The console of every command
  (:class:`TerminalConsole`) does this to all it prints, so no command can
  forget it.
- Rich markup in user text (``Study [/bold] one``) is text, not markup:
  commands embed user text in markup through :func:`shown` (or
  :func:`cell_text` for table cells), and a string that still fails to
  parse as markup is printed as plain text instead of failing the command.
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console, ConsoleOptions, RenderableType
from rich.errors import MarkupError
from rich.markup import escape
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from qualframe.errors import ValidationError
from qualframe.services.core.wording import counted, one_line

__all__ = [
    "TerminalConsole",
    "cell_text",
    "counted",
    "print_table",
    "say",
    "short",
    "shown",
    "titled_table",
    "visible",
    "write_csv",
]

if TYPE_CHECKING:
    import pandas as pd

    from qualframe.cli.state import CliState

#: C0 controls but tab and newline, DEL and the C1 controls: what a terminal acts on.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def visible(text: str) -> str:
    """``text`` with every control character a terminal would act on (ESC,
    CSI, BEL, carriage return, C1 controls; not newline or tab) written as
    a visible escape: ESC becomes the four characters ``\\x1b``."""
    return _CONTROLS.sub(lambda found: f"\\x{ord(found.group()):02x}", text)


def shown(value: object) -> str:
    """User text to embed in a markup string: controls :func:`visible`,
    markup characters escaped (``[bold]`` is printed as ``[bold]``)."""
    return escape(visible(str(value)))


class TerminalConsole(Console):
    """The console commands print to: whatever it is given, no control
    character of the text reaches the terminal (see :func:`visible`), and a
    string that is not valid markup is printed as plain text rather than
    raising :class:`~rich.errors.MarkupError`.

    Text is made visible before it is laid out (so tables keep their
    widths), and once more in the rendered segments, for text that came
    as a ready-made :class:`~rich.text.Text` (a rendered memo's Markdown)."""

    def render_str(self, text: str, **options: Any) -> Text:
        """Rich's ``render_str`` of ``text`` made :func:`visible`; plain text
        when it is not valid markup."""
        safe = visible(text)
        try:
            return super().render_str(safe, **options)
        except MarkupError:
            return super().render_str(safe, **{**options, "markup": False})

    def render(
        self, renderable: RenderableType, options: ConsoleOptions | None = None
    ) -> Iterable[Segment]:
        """Rich's segments of ``renderable``, their text :func:`visible` (the
        console's own control segments, cursor moves of a progress bar, kept)."""
        for segment in super().render(renderable, options):
            if segment.control is None and _CONTROLS.search(segment.text):
                yield Segment(visible(segment.text), segment.style)
            else:
                yield segment


def terminal_console() -> TerminalConsole:
    """The console a command prints to (``:name:`` in text is not an emoji)."""
    return TerminalConsole(emoji=False)


def say(cli: CliState, message: str) -> None:
    """Print one message line as is (no markup, no highlighting, no
    wrapping; controls :func:`visible`)."""
    cli.console.print(visible(message), markup=False, highlight=False, soft_wrap=True)


def short(text: object, limit: int) -> str:
    """``text`` on one line, cut at a word to ``limit`` characters with an ellipsis
    (:func:`~qualframe.services.core.wording.one_line`)."""
    return one_line(str(text), limit)


def titled_table(title: str, *columns: str) -> Table:
    """A rich table with a bold title on the left (markup: user text in it
    through :func:`shown`) and these columns (plain text: an attribute's
    name is printed as it is)."""
    table = Table(title=title, title_justify="left", title_style="bold")
    for column in columns:
        table.add_column(shown(column))
    return table


def print_table(
    cli: CliState, title: str, columns: Sequence[str], rows: Iterable[Sequence[str]]
) -> None:
    """Print ``rows`` (a rich-markup cell per column: user text through
    :func:`cell_text` or :func:`shown`) as a :func:`titled_table` ("": no
    title) with these columns (plain text)."""
    table = titled_table(title, *columns)
    for row in rows:
        table.add_row(*row)
    cli.console.print(table)


def cell_text(value: Any) -> str:
    """A cell of a rich table: empty for a missing value (None, NaN), else
    :func:`shown` (markup escaped, controls visible)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return shown(value)


def write_csv(frame: pd.DataFrame, path: Path, *, encoding: str = "utf-8") -> None:
    """Write ``frame`` to ``path`` as CSV (``-``: standard output), text a
    spreadsheet would run as a formula neutralised
    (:func:`~qualframe.formats.csv_safety.csv_text`). On a terminal the
    text's control characters are shown :func:`visible`; piped, the data is
    written as it is.

    Raises :class:`ValidationError` naming the file when it cannot be written.
    """
    from qualframe.formats.csv_safety import csv_text

    text = csv_text(frame)
    if str(path) == "-":
        typer.echo(visible(text) if sys.stdout.isatty() else text, nl=False)
        return
    try:
        with open(path, "w", encoding=encoding, newline="") as stream:
            stream.write(text)
    except (OSError, UnicodeError) as error:
        reason = getattr(error, "strerror", None) or error
        raise ValidationError(f"Cannot write {path}: {reason}.") from None
