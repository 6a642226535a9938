"""CLI commands under ``qualframe matrix``: show, chart and export framework matrices.

Rows are participants, cases or attribute groups; columns are codes
(``--code``, repeatable) or a theme's sub-codes (``--theme``). A ROW
argument is a participant identifier, a case name (``case:NAME`` or
``participant:ID`` when a name is both) or a group written
``'stakeholder group=peer worker|employer=NHS'``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import typer
from rich.markup import escape
from rich.table import Table

from qualframe.cli.output import counted, say, short
from qualframe.cli.state import state
from qualframe.errors import ValidationError
from qualframe.services.core.where_filters import parse_where

#: Characters of a summary shown in a table cell.
SHOWN_TEXT = 60

_ROWS = typer.Option("participants", "--rows", help="participants, cases or groups.")
_GROUP_BY = typer.Option(
    None, "--group-by", help="Attribute (or 'case') to group rows by; repeatable."
)
_WHERE = typer.Option(None, "--where", help="Only participants with ATTRIBUTE=VALUE (repeatable).")
_THEME = typer.Option(None, "--theme", help="A theme whose sub-codes are columns (repeatable).")
_CODES = typer.Option(None, "--code", help="A code column, by path or name (repeatable).")
_SUBCODES = typer.Option(
    False, "--include-subcodes", help="Count each column's sub-codes' codings too."
)
_ORDER_BY = typer.Option(None, "--order-by", help="Attribute to order rows by (repeatable).")
_ROW = typer.Argument(..., help="Participant, case, or group 'attribute=value|...'.")
_CODE = typer.Argument(..., help="Code path or name, e.g. 'Barriers > Stigma'.")


def _spec(
    project: Any,
    rows: str,
    group_by: Sequence[str] | None,
    where: Sequence[str] | None,
    theme: Sequence[str] | None,
    codes: Sequence[str] | None,
    include_subcodes: bool,
    order_by: Sequence[str] | None,
) -> Any:
    return project.matrix.spec(
        rows,
        list(codes or []),
        theme=list(theme or []),
        include_subcodes=include_subcodes,
        group_by=list(group_by or []),
        where=parse_where(where),
        order_by=list(order_by or []),
    )


#: Add the ``matrix`` command group to ``app``.
app = typer.Typer()

matrix = typer.Typer(
    help="Framework matrices: show, chart cells, draft from data, export, coverage.",
    no_args_is_help=True,
)
app.add_typer(matrix, name="matrix")


@matrix.command("show")
def show(
    ctx: typer.Context,
    rows: str = _ROWS,
    group_by: list[str] | None = _GROUP_BY,
    where: list[str] | None = _WHERE,
    theme: list[str] | None = _THEME,
    code: list[str] | None = _CODES,
    include_subcodes: bool = _SUBCODES,
    order_by: list[str] | None = _ORDER_BY,
    value: str = typer.Option(
        "summary", "--value", help="summary, status, codings, participants or excerpts."
    ),
) -> None:
    """Show a matrix as a table (summaries truncated).

    Under each group, the "(all)" row gives participants with codings / participants.
    """
    if value not in ("summary", "status", "codings", "participants", "excerpts"):
        raise ValidationError(
            f"--value is summary, status, codings, participants or excerpts, not {value!r}."
        )
    cli = state(ctx)
    project = cli.open_project()
    spec = _spec(project, rows, group_by, where, theme, code, include_subcodes, order_by)
    built = project.matrix.build(spec)
    table = Table(title=f"Framework matrix ({spec.rows}, {value})", show_lines=True)
    table.add_column(spec.rows.removesuffix("s").capitalize(), style="bold")
    for column in built.columns:
        table.add_column(escape(column.path), overflow="fold")
    groups = built.groups or [None]
    for group in groups:
        indices = group.rows if group is not None else range(len(built.rows))
        if group is not None:
            table.add_row(f"[reverse]{escape(group.label)}[/reverse]")
            aggregate = [
                f"{c.participants}/{group.participants}"
                + (f" {short(c.summary, 30)}" if c.summary else "")
                for c in group.aggregate
            ]
            table.add_row("[italic](all)[/italic]", *(escape(a) for a in aggregate))
        for i in indices:
            cells = [_cell_text(c, value) for c in built.cells[i]]
            table.add_row(escape(built.rows[i].label), *cells)
    cli.console.print(table)


@matrix.command("cell")
def cell(ctx: typer.Context, row: str = _ROW, code: str = _CODE) -> None:
    """Show one cell: summary, status, quotes and history."""
    cli = state(ctx)
    project = cli.open_project()
    found = project.matrix.cell(row, code)
    _print_cell(cli, f"{row} × {code}", found)
    history = project.matrix.history(row, code)
    if len(history):
        say(cli, "")
        say(cli, "History:")
        for entry in history.itertuples():
            when = f"{entry.at:%Y-%m-%d %H:%M}"
            say(cli, f"  {when} {entry.author}: {entry.action} ({entry.status})")


@matrix.command("write")
def write(
    ctx: typer.Context,
    row: str = _ROW,
    code: str = _CODE,
    summary: str = typer.Option(..., "--summary", help="The cell's summary text."),
    status: str | None = typer.Option(
        None, "--status", help="draft, done, no_data, ... (default: done; empty if no text)."
    ),
) -> None:
    """Write a cell's summary."""
    cli = state(ctx)
    found = cli.open_project().matrix.write_summary(row, code, summary, status)
    say(cli, f"Wrote {row} × {code} ({found.status.value}).")


@matrix.command("status")
def set_status(
    ctx: typer.Context,
    row: str = _ROW,
    code: str = _CODE,
    status: str = typer.Argument(..., help="empty, draft, done, no_data or not_asked."),
) -> None:
    """Set a cell's status, keeping its summary."""
    cli = state(ctx)
    found = cli.open_project().matrix.set_status(row, code, status)
    say(cli, f"Marked {row} × {code} {found.status.value}.")


@matrix.command("link")
def link(
    ctx: typer.Context,
    row: str = _ROW,
    code: str = _CODE,
    coding_id: int = typer.Argument(..., help="The coding to quote (see 'qualframe codings')."),
) -> None:
    """Quote a coding in a cell."""
    cli = state(ctx)
    found = cli.open_project().matrix.link_quote(row, code, coding_id)
    say(cli, f"Quoted coding {coding_id} in {row} × {code} ({len(found.quotes)} quotes).")


@matrix.command("unlink")
def unlink(
    ctx: typer.Context,
    row: str = _ROW,
    code: str = _CODE,
    coding_id: int = typer.Argument(..., help="The quoted coding's id."),
) -> None:
    """Remove a quote from a cell."""
    cli = state(ctx)
    found = cli.open_project().matrix.unlink_quote(row, code, coding_id)
    say(cli, f"Removed quote {coding_id} from {row} × {code} ({len(found.quotes)} left).")


@matrix.command("draft")
def draft(
    ctx: typer.Context,
    rows: str = _ROWS,
    group_by: list[str] | None = _GROUP_BY,
    where: list[str] | None = _WHERE,
    theme: list[str] | None = _THEME,
    code: list[str] | None = _CODES,
    include_subcodes: bool = _SUBCODES,
) -> None:
    """Fill the matrix's empty cells with their coded excerpts (as drafts).

    Cells with a summary, or marked done, no data or not asked, are left alone.
    """
    cli = state(ctx)
    project = cli.open_project()
    spec = _spec(project, rows, group_by, where, theme, code, include_subcodes, None)
    report = project.matrix.draft_from_data(spec)
    say(
        cli,
        f"Drafted {report.drafted} cells ({report.quotes_linked} quotes linked); "
        f"left {report.skipped} charted cells alone; {report.without_data} empty cells "
        "have no codings.",
    )


@matrix.command("export")
def export(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="Where to write: .xlsx, .csv or .html."),
    rows: str = _ROWS,
    group_by: list[str] | None = _GROUP_BY,
    where: list[str] | None = _WHERE,
    theme: list[str] | None = _THEME,
    code: list[str] | None = _CODES,
    include_subcodes: bool = _SUBCODES,
    order_by: list[str] | None = _ORDER_BY,
    counts: bool = typer.Option(False, "--counts", help="CSV: codings counts, not summaries."),
) -> None:
    """Export a matrix (the format follows the file's suffix)."""
    cli = state(ctx)
    project = cli.open_project()
    spec = _spec(project, rows, group_by, where, theme, code, include_subcodes, order_by)
    written = project.matrix.export(spec, file, counts=counts)
    say(cli, f"Wrote {written}.")


@matrix.command("cover")
def cover(
    ctx: typer.Context,
    question: str = typer.Argument(..., help="Question identifier, e.g. Q3."),
    codes: list[str] = typer.Argument(..., help="Codes the question collects data for."),
) -> None:
    """Record that a question covers codes (for 'not asked' cells)."""
    cli = state(ctx)
    added = cli.open_project().matrix.cover(question, codes)
    say(cli, f"Question {question} now covers {added} more code{'s' if added != 1 else ''}.")


@matrix.command("uncover")
def uncover(
    ctx: typer.Context,
    question: str = typer.Argument(..., help="Question identifier."),
    codes: list[str] = typer.Argument(..., help="Codes to remove from its coverage."),
) -> None:
    """Remove codes from a question's coverage."""
    cli = state(ctx)
    removed = cli.open_project().matrix.uncover(question, codes)
    say(cli, f"Question {question} no longer covers {removed} code(s).")


@matrix.command("coverage")
def coverage(ctx: typer.Context) -> None:
    """List which codes each question covers."""
    cli = state(ctx)
    frame = cli.open_project().matrix.coverage()
    if frame.empty:
        say(cli, "No question covers any code yet (see 'qualframe matrix cover').")
        return
    table = Table("Question", "Code")
    for entry in frame.itertuples():
        table.add_row(escape(str(entry.question)), escape(str(entry.code)))
    cli.console.print(table)


def _cell_text(cell: Any, value: str) -> str:
    """What a table cell shows: the summary (with a status marker unless done),
    a marker alone, or how many codings wait to be charted."""
    if value == "status":
        return cell.status.value
    if value != "summary":
        return str(getattr(cell, value))
    status = cell.status.value
    marker = "" if status in ("done", "empty") else f"[{status.replace('_', ' ')}] "
    if cell.summary:
        return escape(marker + short(cell.summary, SHOWN_TEXT))
    if cell.codings:
        return f"({cell.codings} coding{'s' if cell.codings != 1 else ''})"
    return escape(marker.strip())


def _print_cell(cli: Any, label: str, cell: Any) -> None:
    say(cli, f"{label}: {cell.status.value}" + (f" (by {cell.author})" if cell.author else ""))
    say(
        cli,
        f"{counted(cell.codings, 'coding')} from {counted(cell.participants, 'participant')}; "
        f"{counted(len(cell.quotes), 'quote')}, {counted(cell.excerpts, 'excerpt')} not quoted",
    )
    if cell.summary:
        say(cli, "")
        say(cli, cell.summary)
    for quote in cell.quotes:
        say(cli, f"  [{quote.coding_id}] “{short(quote.text, 120)}” ({quote.reference})")
