"""CLI command ``import-table``: a table of utterances (CSV or XLSX) as documents.

``qualframe import-table FILE --document COL --text COL [--speaker COL]
[--order COL] [--coder COL] [--attribute COL]... [--code COL]... [--dry-run]``
groups the rows into documents, each row a turn, and turns attribute and
code columns into document attributes and codes (see
:mod:`qualframe.services.coding.table_import`). It prints what it made
(with ``--dry-run``: what it would make, and the first documents as they
would look) and writes nothing on any error.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from qualframe.cli.app import Commands
from qualframe.cli.output import print_table, say, short
from qualframe.cli.state import CliState

if TYPE_CHECKING:
    from qualframe.services.coding.table_import import TableImport

#: Add ``import-table`` to the command tree.
app = Commands()

#: Most skipped rows and duplicates listed one by one.
LISTED = 10


@app.command("import-table")
def import_table(
    cli: CliState,
    file: Annotated[Path, typer.Argument(help="The table: .csv, .tsv or .xlsx.")],
    document: Annotated[
        str, typer.Option("--document", help="Column naming the document of each row.")
    ],
    text: Annotated[str, typer.Option("--text", help="Column holding the words.")],
    speaker: str | None = typer.Option(
        None, "--speaker", help="Column naming who speaks (turns are written 'Speaker: text')."
    ),
    order: str | None = typer.Option(
        None, "--order", help="Column ordering the turns of a document (default: file order)."
    ),
    coder: str | None = typer.Option(
        None, "--coder", help="Column naming who coded the row (default: the code column's name)."
    ),
    attributes: list[str] | None = typer.Option(
        None, "--attribute", help="Column of a document attribute (repeatable)."
    ),
    codes: list[str] | None = typer.Option(
        None,
        "--code",
        help="Column of codes: yes/no or 1/0 flags make one code; other values make a "
        "theme with a sub-code per value, ';' separating several (repeatable).",
    ),
    sheet: str | None = typer.Option(
        None, "--sheet", help="The sheet of a workbook (default: first)."
    ),
    encoding: str | None = typer.Option(
        None, "--encoding", help="Codec of a CSV file when it cannot be detected (e.g. cp1252)."
    ),
    dry_run: bool = typer.Option(
        False, "--dry-run", help="Show what would be imported, and import nothing."
    ),
) -> None:
    """Import a table with one row per utterance or response as documents."""
    report = cli.open_project().documents.import_table(
        file,
        document=document,
        text=text,
        speaker=speaker,
        order=order,
        coder=coder,
        attributes=attributes or (),
        codes=codes or (),
        sheet=sheet,
        encoding=encoding,
        dry_run=dry_run,
    )
    _print_report(cli, report)


def _print_report(cli: CliState, report: TableImport) -> None:
    counts = [
        ("rows", f"{report.rows:,}"),
        ("documents", f"{len(report.imported):,}"),
        ("turns", f"{report.turns:,}"),
        ("attributes", f"{len(report.attributes):,}"),
        ("codes", f"{len(report.codes):,}"),
        ("codings", f"{report.codings:,}"),
        ("duplicates skipped", f"{len(report.duplicates):,}"),
        ("rows without text", f"{len(report.skipped_rows):,}"),
    ]
    title = "Would import (dry run)" if report.dry_run else "Imported"
    print_table(cli, title, ("", "count"), counts)
    if report.attributes:
        attributes = [
            (escape(a.name), a.type.value, "new" if a.created else "existing", f"{a.values:,}")
            for a in report.attributes
        ]
        print_table(cli, "Document attributes", ("attribute", "type", "", "values"), attributes)
    if report.codes:
        codes = [
            (escape(c.path), "new" if c.created else "existing", f"{c.codings:,}")
            for c in report.codes
        ]
        print_table(cli, "Codes", ("code", "", "codings"), codes)
    _print_listed(cli, report)
    if report.dry_run:
        _print_preview(cli, report)
    say(cli, report.summary() + (" Nothing was written." if report.dry_run else ""))


def _print_listed(cli: CliState, report: TableImport) -> None:
    """The duplicates and skipped rows, the first :data:`LISTED` of each."""
    duplicates = [(escape(d.file), escape(d.duplicate_of)) for d in report.duplicates]
    skipped = [(str(row.line), escape(row.reason)) for row in report.skipped_rows]
    for title, columns, rows in (
        ("Duplicates skipped (their text is stored)", ("document", "same text as"), duplicates),
        ("Rows skipped", ("row", "why"), skipped),
    ):
        if rows:
            more = f" (first {LISTED} of {len(rows):,})" if len(rows) > LISTED else ""
            print_table(cli, title + more, columns, rows[:LISTED])


def _print_preview(cli: CliState, report: TableImport) -> None:
    """The first documents as they would be made: turns, attribute values, codes."""
    for document in report.preview:
        values = ", ".join(f"{name} = {value}" for name, value in document.attributes.items())
        title = document.name + (f" ({values})" if values else "")
        rows = [
            (escape(t.speaker or ""), escape(short(t.text, 80)), escape("; ".join(t.codes)))
            for t in document.turns
        ]
        print_table(cli, escape(title), ("speaker", "text", "codes"), rows)
