"""CLI commands under ``qualframe matrix``: show, chart and export framework matrices.

Rows are participants, cases or attribute groups; columns are codes
(``--code``, repeatable) or a theme's sub-codes (``--theme``). A ROW
argument is a participant identifier, a case name (``case:NAME`` or
``participant:ID`` when a name is both) or a group written
``'stakeholder group=peer worker|employer=NHS'``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table

from qualframe.cli import options
from qualframe.cli.app import Commands, command_group
from qualframe.cli.output import counted, say, short
from qualframe.cli.state import CliState
from qualframe.errors import ValidationError
from qualframe.services.core.where_filters import parse_where

if TYPE_CHECKING:
    from qualframe.project import Project
    from qualframe.services.matrix.matrices import CellView
    from qualframe.services.matrix.quotes import QuoteView
    from qualframe.services.matrix.spec import MatrixSpec

#: Characters of a summary shown in a table cell.
SHOWN_TEXT = 60

# ---------------------------------------------------------------- options of this area

Row = Annotated[str, typer.Argument(help="Participant, case, or group 'attribute=value|...'.")]
Code = Annotated[str, typer.Argument(help="Code path or name, e.g. 'Barriers > Stigma'.")]
Question = Annotated[str, typer.Argument(help="Question identifier, e.g. Q3.")]
IfVersion = Annotated[
    int | None,
    typer.Option(
        "--if-version",
        help="Only if the cell is still at this version (see 'matrix cell'; 0: not "
        "charted yet); otherwise nothing is changed.",
        show_default=False,
        min=0,
    ),
]


@dataclass(frozen=True)
class MatrixChoice(options.OptionGroup):
    """The matrix a command's options describe, declared once: the settings of
    ``project.matrix.spec``, under its names."""

    rows: Annotated[
        str,
        typer.Option("--rows", help="participants, cases or groups."),
    ] = "participants"
    group_by: Annotated[
        list[str] | None,
        typer.Option(
            "--group-by",
            help="Attribute (or 'case') to group rows by; repeatable.",
            show_default=False,
        ),
    ] = None
    where: options.Where = None
    theme: Annotated[
        list[str] | None,
        typer.Option(
            "--theme", help="A theme whose sub-codes are columns (repeatable).", show_default=False
        ),
    ] = None
    columns: Annotated[
        list[str] | None,
        typer.Option(
            "--code", help="A code column, by path or name (repeatable).", show_default=False
        ),
    ] = None
    include_subcodes: options.IncludeSubcodes = False
    order_by: Annotated[
        list[str] | None,
        typer.Option(
            "--order-by", help="Attribute to order rows by (repeatable).", show_default=False
        ),
    ] = None

    def spec(self, project: Project) -> MatrixSpec:
        """The :class:`MatrixSpec`; raises :class:`ValidationError` for a bad ``--where``."""
        return project.matrix.spec(**{**self.keywords(), "where": parse_where(self.where)})


#: Add the ``matrix`` command group to ``app``.
app = Commands()

matrix_app = command_group(
    app, "matrix", "Framework matrices: show, chart cells, draft from data, export, coverage."
)


@matrix_app.command("show", reads=True)
def show(
    cli: CliState,
    matrix: MatrixChoice,
    value: Annotated[
        str,
        typer.Option("--value", help="summary, status, codings, participants or excerpts."),
    ] = "summary",
) -> None:
    """Show a matrix as a table (summaries truncated).

    Under each group, the "(all)" row gives participants with codings / participants.
    """
    if value not in ("summary", "status", "codings", "participants", "excerpts"):
        raise ValidationError(
            f"--value is summary, status, codings, participants or excerpts, not {value!r}."
        )
    project = cli.open_project()
    spec = matrix.spec(project)
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
    if built.unattributed.total:
        say(cli, built.unattributed.note())
        say(cli, "List them with 'qualframe matrix left-out' and the same options.")


@matrix_app.command("left-out", reads=True)
def left_out(cli: CliState, matrix: MatrixChoice) -> None:
    """List the codings of the matrix's codes that no cell holds: spoken by
    nobody in the study (the interviewer, speakers not mapped to a participant)."""
    project = cli.open_project()
    found = project.matrix.unattributed(matrix.spec(project))
    if not found:
        say(cli, "Every coding of the codes shown is spoken by a participant: none is left out.")
        return
    table = Table("Coding", "Document [start, end)", "Code", "Speaker", "Text", show_lines=True)
    for coding in found:
        table.add_row(
            str(coding.coding_id),
            escape(f"{coding.document} [{coding.start}, {coding.end})"),
            escape(coding.code),
            escape(coding.speaker or "(no speaker turn)"),
            escape(short(coding.text, SHOWN_TEXT)),
        )
    cli.console.print(table)
    from qualframe.services.matrix.unattributed import WHY_LEFT_OUT

    say(cli, f"{counted(len(found), 'coding')} {WHY_LEFT_OUT}.")


@matrix_app.command("cell", reads=True)
def cell(cli: CliState, row: Row, code: Code) -> None:
    """Show one cell: summary, status, quotes and history."""
    project = cli.open_project()
    found = project.matrix.cell(row, code)
    _print_cell(cli, f"{row} × {code}", found)
    say(cli, f"Version {found.version}.")
    history = project.matrix.history_records(row, code)
    if history:
        say(cli, "")
        say(cli, "History:")
        for entry in history:
            when = f"{entry.at:%Y-%m-%d %H:%M}"
            say(cli, f"  {when} {entry.author}: {entry.action} ({entry.status.value})")


@matrix_app.command("write")
def write(
    cli: CliState,
    row: Row,
    code: Code,
    summary: Annotated[str, typer.Option("--summary", help="The cell's summary text.")],
    status: Annotated[
        str | None,
        typer.Option(
            "--status",
            help="draft, done, no_data, ... (default: draft for a new summary; empty if no text).",
        ),
    ] = None,
    if_version: IfVersion = None,
) -> None:
    """Write a cell's summary."""
    found = cli.open_project().matrix.write_summary(
        row, code, summary, status, if_version=if_version
    )
    say(cli, f"Wrote {row} × {code} ({found.status.value}; version {found.version}).")


@matrix_app.command("status")
def set_status(
    cli: CliState,
    row: Row,
    code: Code,
    status: Annotated[str, typer.Argument(help="empty, draft, done, no_data or not_asked.")],
    if_version: IfVersion = None,
) -> None:
    """Set a cell's status, keeping its summary."""
    found = cli.open_project().matrix.set_status(row, code, status, if_version=if_version)
    say(cli, f"Marked {row} × {code} {found.status.value} (version {found.version}).")


#: Options naming a passage of a coding to quote (one key sentence of a long turn).
PassageStart = Annotated[
    int | None,
    typer.Option("--start", help="Quote only from here: a code point of the coding's document."),
]
PassageEnd = Annotated[
    int | None,
    typer.Option("--end", help="...to here (exclusive), inside the coding's span."),
]
PassageWords = Annotated[
    str | None,
    typer.Option(
        "--passage",
        help="Quote only these words of the coding (found in it; instead of --start/--end).",
    ),
]


def _quoted(row: str, code: str, coding_id: int, passage: tuple[int | None, int | None]) -> str:
    """What a quote is, for messages: the coding, or a passage of it."""
    start, end = passage
    what = f"coding {coding_id}" if start is None else f"[{start}, {end}) of coding {coding_id}"
    return f"{what} in {row} × {code}"


@matrix_app.command("link")
def link(
    cli: CliState,
    row: Row,
    code: Code,
    coding_id: Annotated[
        int, typer.Argument(help="The coding to quote (see 'qualframe codings').")
    ],
    start: PassageStart = None,
    end: PassageEnd = None,
    passage: PassageWords = None,
    if_version: IfVersion = None,
) -> None:
    """Quote a coding in a cell: the whole coding, or only a passage of it."""
    matrix = cli.open_project().matrix
    found = matrix.link_quote(
        row, code, coding_id, start=start, end=end, passage=passage, if_version=if_version
    )
    quotes = counted(len(found.quote_ids), "quote")
    quoted = _quoted(row, code, coding_id, _passage_of(matrix.cell(row, code).quotes, coding_id))
    say(cli, f"Quoted {quoted} ({quotes}; version {found.version}).")


@matrix_app.command("quote")
def quote(
    cli: CliState,
    row: Row,
    code: Code,
    coding_id: Annotated[int, typer.Argument(help="The quoted coding's id.")],
    start: PassageStart = None,
    end: PassageEnd = None,
    passage: PassageWords = None,
    whole: Annotated[bool, typer.Option("--whole", help="Quote the whole coding again.")] = False,
    if_version: IfVersion = None,
) -> None:
    """Quote only a passage of a coding a cell quotes (--passage, or --start and
    --end), or the whole coding again (--whole)."""
    if whole == (start is not None or end is not None or passage is not None):
        raise ValidationError("Give the passage (--passage, or --start and --end), or --whole.")
    matrix = cli.open_project().matrix
    found = matrix.quote_passage(
        row, code, coding_id, start, end, passage=passage, if_version=if_version
    )
    shown = next((q for q in matrix.cell(row, code).quotes if q.coding_id == coding_id), None)
    if shown is None:  # unlinked by someone else since
        say(cli, f"The passage was saved (version {found.version}).")
        return
    quoted = _quoted(row, code, coding_id, _passage_of([shown], coding_id))
    say(cli, f"Quoting {quoted} (version {found.version}): “{short(shown.text, 120)}”")


def _passage_of(quotes: Sequence[QuoteView], coding_id: int) -> tuple[int | None, int | None]:
    """The passage ``(start, end)`` of the quote of ``coding_id``, (None, None) if whole."""
    for quoted in quotes:
        if quoted.coding_id == coding_id and not quoted.whole:
            return quoted.start, quoted.end
    return None, None


@matrix_app.command("unlink")
def unlink(
    cli: CliState,
    row: Row,
    code: Code,
    coding_id: Annotated[int, typer.Argument(help="The quoted coding's id.")],
    if_version: IfVersion = None,
) -> None:
    """Remove a quote from a cell."""
    found = cli.open_project().matrix.unlink_quote(row, code, coding_id, if_version=if_version)
    left = len(found.quote_ids)
    say(
        cli,
        f"Removed quote {coding_id} from {row} × {code} ({left} left; version {found.version}).",
    )


@matrix_app.command("draft")
def draft(cli: CliState, matrix: MatrixChoice) -> None:
    """Fill the matrix's empty cells with their coded excerpts (as drafts).

    Cells with a summary, or marked done, no data or not asked, are left alone.
    """
    project = cli.open_project()
    report = project.matrix.draft_from_data(matrix.spec(project))
    say(
        cli,
        f"Drafted {report.drafted} cells ({report.quotes_linked} quotes linked); "
        f"left {report.skipped} charted cells alone; {report.without_data} empty cells "
        "have no codings.",
    )


@matrix_app.command("export", reads=True)
def export(
    cli: CliState,
    file: Annotated[Path, typer.Argument(help="Where to write: .xlsx, .csv or .html.")],
    matrix: MatrixChoice,
    counts: Annotated[
        bool, typer.Option("--counts", help="CSV: codings counts, not summaries.")
    ] = False,
) -> None:
    """Export a matrix (the format follows the file's suffix)."""
    project = cli.open_project()
    written = project.matrix.export(matrix.spec(project), file, counts=counts)
    say(cli, f"Wrote {written}.")


@matrix_app.command("cover")
def cover(
    cli: CliState,
    question: Question,
    codes: Annotated[list[str], typer.Argument(help="Codes the question collects data for.")],
) -> None:
    """Record that a question covers codes (for 'not asked' cells)."""
    added = cli.open_project().matrix.cover(question, codes)
    say(cli, f"Question {question} now covers {counted(added, 'more code')}.")


@matrix_app.command("uncover")
def uncover(
    cli: CliState,
    question: Question,
    codes: Annotated[list[str], typer.Argument(help="Codes to remove from its coverage.")],
) -> None:
    """Remove codes from a question's coverage."""
    removed = cli.open_project().matrix.uncover(question, codes)
    say(cli, f"Question {question} no longer covers {removed} code(s).")


@matrix_app.command("coverage", reads=True)
def coverage(cli: CliState) -> None:
    """List which codes each question covers."""
    links = cli.open_project().matrix.coverage_links()
    if not links:
        say(cli, "No question covers any code yet (see 'qualframe matrix cover').")
        return
    table = Table("Question", "Code")
    for entry in links:
        table.add_row(escape(entry.question), escape(entry.code))
    cli.console.print(table)


@matrix_app.command("progress", reads=True)
def progress(cli: CliState) -> None:
    """Charting progress per theme: cells done, draft, to chart, no data and not
    asked, in each theme's matrix of every participant by its sub-codes."""
    found = cli.open_project().matrix.progress()
    if not found.themes:
        say(cli, "The codebook has no themes yet, so there is nothing to chart.")
        return
    table = Table("Theme", "Done", "Draft", "To chart", "No data", "Not asked", "Cells")
    for t in found.themes:
        counts = (t.done, t.draft, t.to_chart, t.no_data, t.not_asked, t.cells)
        table.add_row(escape(t.theme), *(f"{n:,}" for n in counts))
    cli.console.print(table)
    say(cli, f"Rows: all {found.participants:,} participants; columns: each theme's sub-codes.")


def _cell_text(cell: CellView, value: str) -> str:
    """What a table cell shows: the summary (with a status marker unless done),
    a marker alone, or how many codings wait to be charted."""
    if value == "status":
        return cell.status.value
    if value != "summary":
        return str(getattr(cell, value))
    from qualframe.formats.framework_workbook import status_marker  # openpyxl: not at start-up

    marker = status_marker(cell.status.value)
    marker += " " if marker else ""
    if cell.summary:
        return escape(marker + short(cell.summary, SHOWN_TEXT))
    if cell.codings:
        return f"({counted(cell.codings, 'coding')})"
    return escape(marker.strip())


def _print_cell(cli: CliState, label: str, cell: CellView) -> None:
    say(cli, f"{label}: {cell.status.value}" + (f" (by {cell.author})" if cell.author else ""))
    say(
        cli,
        f"{counted(cell.codings, 'coding')} from {counted(cell.participants, 'participant')}; "
        f"{counted(len(cell.quotes), 'quote')}, {counted(cell.excerpts, 'excerpt')} not quoted",
    )
    if cell.summary:
        say(cli, "")
        say(cli, cell.summary)
    for quoted in cell.quotes:
        part = "" if quoted.whole else f"part [{quoted.start}, {quoted.end}) of it, "
        say(cli, f"  [{quoted.coding_id}] “{short(quoted.text, 120)}” ({part}{quoted.reference})")
