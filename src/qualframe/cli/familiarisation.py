"""CLI commands of familiarisation, in the ``documents`` group:
``qualframe documents read DOC [--undo]`` marks a document read by you
(``--user`` / ``QUALFRAME_USER``), ``qualframe documents reading`` lists who
has read what, and ``qualframe documents notes DOC`` opens your
familiarisation memo on a document (see
:mod:`qualframe.services.documents.familiarisation`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from qualframe.cli.output import cell_text, print_table
from qualframe.cli.state import CliState

if TYPE_CHECKING:
    from qualframe.cli.app import Commands
    from qualframe.services.documents.familiarisation import ReadingMark

DocumentName = Annotated[str, typer.Argument(help="The document's name.")]


def _state(mark: ReadingMark) -> str:
    """One line on a person's mark: read (when) or not, and their notes."""
    if mark.read_at is not None:
        state = f"read by {escape(mark.reader)} ({mark.read_at:%Y-%m-%d %H:%M} UTC)"
    else:
        state = f"not read by {escape(mark.reader)}"
    notes = f"; familiarisation notes: memo {mark.notes}" if mark.notes is not None else ""
    return f"[bold]{escape(mark.document)}[/]: {state}{notes}"


def _cell(mark: ReadingMark) -> str:
    """A person's cell of the listing: read or "-", and "notes" when written."""
    if mark.notes is not None:
        return "read + notes" if mark.read else "notes"
    return "read" if mark.read else "-"


def read(
    cli: CliState,
    name: DocumentName,
    undo: bool = typer.Option(False, "--undo", help="Take your mark back: not read."),
) -> None:
    """Mark a document read by you (familiarisation); --undo takes the mark back."""
    documents = cli.open_project().documents
    mark = documents.unmark_read(name) if undo else documents.mark_read(name)
    cli.console.print(_state(mark))


def reading(cli: CliState) -> None:
    """List who has read each document, and how many each person has read."""
    progress = cli.open_project().documents.reading_progress()
    rows = [
        (
            escape(row.document),
            *(_cell(mark) for mark in row.marks),
        )
        for row in progress.documents
    ]
    readers = tuple(cell_text(reader) for reader in progress.readers)
    print_table(
        cli, f"Familiarisation ({len(progress.documents)} documents)", ("document", *readers), rows
    )
    people = [
        (cell_text(p.reader), f"{p.read} of {p.documents}", str(p.notes)) for p in progress.people
    ]
    print_table(cli, "Read per person", ("person", "read", "notes"), people)


def notes(cli: CliState, name: DocumentName) -> None:
    """Open your familiarisation memo on a document (written when you have none)."""
    memo = cli.open_project().documents.familiarisation_notes(name)
    cli.console.print(
        f"Memo {memo.id}: {escape(memo.title)} (version {memo.version}); "
        f"edit it with `qualframe memos edit {memo.id} --body ...`"
    )


def register(group: Commands) -> None:
    """Add ``read``, ``reading`` and ``notes`` to the ``documents`` group."""
    group.command("read")(read)
    group.command("reading", reads=True)(reading)
    group.command("notes")(notes)
