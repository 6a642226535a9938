"""CLI commands: ``import``, ``documents`` and ``speakers`` (the latter in
:mod:`qualframe.cli.speakers`).

``qualframe import`` reads files and folders (recursively) with a progress
bar and prints what it did: documents imported, duplicates skipped, files
that failed. Without ``--skip-bad`` one bad file stops the import and
nothing is written.
"""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from qualframe.cli import familiarisation, speakers as speaker_commands
from qualframe.cli.app import Commands, command_group
from qualframe.cli.output import cell_text, print_table
from qualframe.cli.state import CliState

if TYPE_CHECKING:
    from qualframe.services.documents.coding_progress import CodingProgress
    from qualframe.services.documents.file_import import ImportProgress, ImportReport
    from qualframe.services.documents.revisions import TextRevision

#: Lines of text ``documents show`` prints unless told otherwise.
SHOWN_LINES = 20

# ---------------------------------------------------------------- options of this area

DocumentName = Annotated[str, typer.Argument(help="The document's name.")]
ParticipantIds = Annotated[list[str], typer.Argument(help="Participant identifiers.")]
#: The version of the document the change is based on (``documents show`` prints it).
IfVersion = Annotated[
    int | None,
    typer.Option(
        "--if-version",
        min=0,
        help="Only if the document is still at this version (as `documents show` printed "
        "it); otherwise nothing is changed.",
        show_default=False,
    ),
]


# ---------------------------------------------------------------- import


def _print_report(cli: CliState, report: ImportReport, *, dry_run: bool = False) -> None:
    counts = [
        ("imported", str(len(report.imported))),
        ("duplicates skipped", str(len(report.duplicates))),
        ("failed", str(len(report.failures))),
    ]
    print_table(cli, "Import", ("", "files"), counts)
    renamed = [(d.file, d.name) for d in report.imported if d.renamed]
    duplicates = [(d.file, d.duplicate_of) for d in report.duplicates]
    failures = [(failed.file, failed.message) for failed in report.failures]
    for title, column, files in (
        ("Renamed (the name was taken)", "document name", renamed),
        ("Duplicates skipped", "same text as", duplicates),
        ("Failed", "problem", failures),
    ):
        if files:
            rows = [(escape(file), escape(about)) for file, about in files]
            print_table(cli, title, ("file", column), rows)
    summary = report.summary()
    if dry_run:
        summary = "Dry run, nothing was imported: " + summary.replace("Imported", "would import", 1)
    cli.console.print(escape(summary))


def _print_labels(cli: CliState, report: ImportReport) -> None:
    """Each previewed document's speaker labels: taken (turns, first line) or not (why)."""
    for document in report.imported:
        if not document.labels:
            continue
        rows = [
            (
                escape(label.label),
                "yes" if label.accepted else "no",
                str(label.count),
                cell_text(label.first_line),
                escape(label.reason),
            )
            for label in document.labels
        ]
        print_table(
            cli,
            f"Speaker labels of {escape(document.name)}",
            ("label", "speaker", "lines", "first line", "why"),
            rows,
        )


#: Add ``import``, ``documents`` and ``speakers`` to ``app``.
app = Commands()

documents = command_group(app, "documents", "Documents: list, show, link to participants, delete.")
app.add_typer(speaker_commands.app, name="speakers")
familiarisation.register(documents)


@app.command("import")
def import_files(
    cli: CliState,
    paths: list[Path] = typer.Argument(
        ...,
        help="Files (.txt .md .rst .html .docx .odt .rtf .pdf .vtt .srt) or folders (searched "
        "recursively).",
    ),
    encoding: str | None = typer.Option(
        None, "--encoding", help="Codec of text files when it cannot be detected (e.g. cp1252)."
    ),
    participants: list[str] | None = typer.Option(
        None,
        "--participant",
        help="Link every imported document to this participant (repeatable).",
    ),
    skip_bad: bool = typer.Option(
        False,
        "--skip-bad",
        help="Import the good files and list the bad ones (default: stop, import nothing).",
    ),
    dry_run: bool = typer.Option(
        False,
        "--dry-run",
        help="Show what would be imported and each document's speaker labels (taken or not, "
        "and why); import nothing.",
    ),
) -> None:
    """Import documents: transcripts, notes and reports."""
    if dry_run:
        report = cli.open_project().documents.preview_import(
            paths,
            participants=participants or None,
            encoding=encoding,
            on_error="skip" if skip_bad else "stop",
        )
        _print_labels(cli, report)
        _print_report(cli, report, dry_run=True)
        return
    from qualframe.services.documents import file_reading

    # The files of a big batch are being read while the rest is imported and
    # the project opened; the import takes those readings (see start_reading).
    file_reading.start_reading(paths, encoding)
    try:
        report = _import(cli, paths, encoding, participants, skip_bad)
    finally:
        file_reading.stop_reading()
    _print_report(cli, report)
    _before_exit(cli)


def _before_exit(cli: CliState) -> None:
    """Close the database (the import is committed): its connections and
    write-ahead log are done with before the process ends."""
    cli.open_database().close()


def _import(
    cli: CliState,
    paths: list[Path],
    encoding: str | None,
    participants: list[str] | None,
    skip_bad: bool,
) -> ImportReport:
    """Import ``paths`` into the project with a progress bar; returns the report."""
    from qualframe.project import open_project

    # A call of its own, not a step of the command's one transaction: a long
    # import commits in parts so that others can write meanwhile (SQLite lets
    # one writer in at a time; see import_documents).
    project = open_project(cli.project, database=cli.open_database(), user=cli.actor())
    many = len(paths) > 1 or any(path.is_dir() for path in paths)
    # No auto-refresh: rich's refresh thread would be a second live thread, and
    # the import reads big batches in forked processes only while the process
    # runs one thread (forking with a live thread is unsafe). The bar is redrawn
    # from the progress callback instead, at most ten times a second.
    with Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=cli.console,
        transient=True,
        disable=not many,
        auto_refresh=False,
    ) as progress:
        task = progress.add_task("Importing", total=None)
        drawn = [0.0]

        def advance(update: ImportProgress) -> None:
            name = Path(update.file).name
            progress.update(
                task,
                total=update.total,
                completed=update.done,
                description=("Checking " if update.stage == "reading" else "") + cell_text(name),
            )
            now = time.monotonic()
            if now - drawn[0] >= 0.1 or update.done == update.total:
                drawn[0] = now
                progress.refresh()

        return project.documents.import_files(
            paths,
            participants=participants or None,
            encoding=encoding,
            on_error="skip" if skip_bad else "stop",
            progress=advance,
        )


@documents.command("list", reads=True)
def list_documents(
    cli: CliState,
    not_done: bool = typer.Option(
        False,
        "--not-done",
        help="Only the documents whose coding is not marked done (not coded or in progress).",
    ),
) -> None:
    """List the documents with their size, speaker turns, participants, codings and
    whether their coding is marked done: by whom and when (UTC), or "no (in
    progress)" (coded, not marked done) or "no (not coded)"."""
    project = cli.open_project()
    documents = project.documents.document_list()
    progress = {found.document_id: found for found in project.documents.coding_progress()}
    if not_done:
        documents = [d for d in documents if d.id in progress and not progress[d.id].done]
    columns = ("name", "format", "characters", "words", "turns", "participants", "codings")
    rows = [
        (
            escape(info.name),
            info.format,
            f"{info.length:,}",
            f"{info.words:,}",
            str(info.turns),
            cell_text(", ".join(info.participants)),
            str(info.codings),
            _coding_state(progress.get(info.id)),
            f"{info.imported_at:%Y-%m-%d}",
        )
        for info in documents
    ]
    title = "Documents not marked coding done" if not_done else "Documents"
    print_table(
        cli, f"{title} ({len(documents)})", (*columns, "coding done (UTC)", "imported"), rows
    )
    if not_done and not documents:
        cli.console.print("Every document's coding is marked done.")


def _coding_state(found: CodingProgress | None) -> str:
    """A document's coding-done mark in a table cell: who marked it and when
    ("Ana, 2026-03-01 14:05", UTC), or "no" with its progress ("no (in
    progress)", "no (not coded)")."""
    if found is None:  # imported while the list was read
        return ""
    if found.done_at is None:
        return f"no ({found.status})"
    return f"{cell_text(found.done_by or '')}, {found.done_at:%Y-%m-%d %H:%M}"


@documents.command("show", reads=True)
def show_document(
    cli: CliState,
    name: DocumentName,
    lines: int = typer.Option(SHOWN_LINES, "--lines", help="Lines of text to print (0: all)."),
) -> None:
    """Show a document: its details, speakers and the start of its text."""
    project = cli.open_project()
    record = project.documents.document(name)
    console = cli.console
    console.print(
        f"[bold]{escape(record.name)}[/] (id {record.id}, {record.format}, "
        f"version {record.version})"
    )
    console.print(
        f"{record.length:,} characters, {record.words:,} words, {record.turns} speaker turns, "
        f"{record.codings} codings; imported {record.imported_at:%Y-%m-%d %H:%M} "
        f"by {escape(record.imported_by)}"
    )
    console.print("Participants: " + (escape(", ".join(record.participants)) or "none linked"))
    for key, value in (record.details.get("metadata") or {}).items():
        console.print(f"{escape(str(key))}: {escape(str(value))}")
    counts = Counter(turn.label for turn in project.documents.turn_list(record.id))
    if counts:
        console.print("Speakers: " + escape(", ".join(f"{k} ({v})" for k, v in counts.items())))
    text_lines = record.text.splitlines()
    shown = text_lines if lines <= 0 else text_lines[:lines]
    console.print()
    console.print(escape("\n".join(shown)), highlight=False)
    if len(shown) < len(text_lines):
        console.print(
            f"[dim]... {len(text_lines) - len(shown)} more lines (--lines 0 shows all)[/]"
        )


@documents.command("link")
def link(
    cli: CliState,
    name: DocumentName,
    participants: ParticipantIds,
    if_version: IfVersion = None,
) -> None:
    """Link a document to the participant(s) it records (several for a focus group)."""
    info = cli.open_project().documents.link_participants(name, participants, if_version=if_version)
    cli.console.print(
        f"[bold]{escape(info.name)}[/] is linked to {escape(', '.join(info.participants))}"
    )


@documents.command("unlink")
def unlink(
    cli: CliState,
    name: DocumentName,
    participants: ParticipantIds,
    if_version: IfVersion = None,
) -> None:
    """Remove links between a document and participants."""
    info = cli.open_project().documents.unlink_participants(
        name, participants, if_version=if_version
    )
    linked = ", ".join(info.participants) or "no participant"
    cli.console.print(f"[bold]{escape(info.name)}[/] is linked to {escape(linked)}")


@documents.command("position")
def position(
    cli: CliState,
    name: DocumentName,
    value: int | None = typer.Argument(None, help="Its place in interview order (omit: none)."),
    if_version: IfVersion = None,
) -> None:
    """Set a document's place in interview order."""
    info = cli.open_project().documents.set_position(name, value, if_version=if_version)
    cli.console.print(f"[bold]{escape(info.name)}[/] position: {info.position}")


@documents.command("done")
def coding_done(
    cli: CliState,
    name: DocumentName,
    undo: bool = typer.Option(False, "--undo", help="Take the mark back: coding not done."),
    if_version: IfVersion = None,
) -> None:
    """Mark a document's coding done (who and when are kept); --undo takes it back."""
    marked = cli.open_project().documents.mark_coding_done(name, not undo, if_version=if_version)
    if marked.done_at is not None:
        who = escape(marked.done_by or "")
        state = f"coding done (marked by {who}, {marked.done_at:%Y-%m-%d %H:%M} UTC)"
    else:
        state = f"{marked.status} (not marked done)"
    cli.console.print(f"[bold]{escape(marked.document)}[/]: {state}; version {marked.version}")


@documents.command("delete")
def delete(
    cli: CliState,
    name: DocumentName,
    force: bool = typer.Option(False, "--force", help="Delete it even if coded (its codings too)."),
    if_version: IfVersion = None,
) -> None:
    """Delete a document with its speaker turns (a coded one only with --force)."""
    deleted = cli.open_project().documents.delete(name, force=force, if_version=if_version)
    tail = f" and its {deleted.codings} codings" if deleted.codings else ""
    cli.console.print(f"Deleted [bold]{escape(deleted.name)}[/]{tail}")


@documents.command("rename")
def rename(
    cli: CliState,
    name: DocumentName,
    title: str = typer.Argument(..., help="The new title (the file name is kept)."),
    if_version: IfVersion = None,
) -> None:
    """Give a document a new title, shown wherever it is named."""
    info = cli.open_project().documents.rename(name, title, if_version=if_version)
    cli.console.print(f"[bold]{escape(info.name)}[/] is now titled {escape(info.title)!r}")


@documents.command("replace")
def replace(
    cli: CliState,
    name: DocumentName,
    file: Path | None = typer.Argument(
        None,
        help="The corrected file; omit it to read the stored text again with today's "
        "readers (text, Markdown, reStructuredText, HTML).",
        show_default=False,
    ),
    reason: str = typer.Option("", "--reason", help="Why the text is replaced (kept with it)."),
    encoding: str | None = typer.Option(
        None, "--encoding", help="Codec of a text file when it cannot be detected."
    ),
    dry_run: bool = typer.Option(
        False, "--dry-run", help="Show what would happen to the codings; change nothing."
    ),
    if_version: IfVersion = None,
) -> None:
    """Replace a document's text, keeping its codings; the old text is kept as a revision."""
    documents_api = cli.open_project().documents
    call = documents_api.preview_replace_text if dry_run else documents_api.replace_text
    change = call(name, file, reason=reason, encoding=encoding, if_version=if_version)
    _print_revision(cli, change, dry_run)


def _print_revision(cli: CliState, change: TextRevision, dry_run: bool) -> None:
    for title, codings in (
        ("Codings to review (their text changed)", change.to_review),
        ("Codings removed (their text is gone)", change.removed),
    ):
        if codings:
            rows = [
                (str(c.id), escape(c.code), cell_text(c.before), cell_text(c.after or ""))
                for c in codings
            ]
            print_table(cli, title, ("coding", "code", "before", "after"), rows)
    summary = change.summary()
    if dry_run and not change.unchanged:
        summary = "Dry run, nothing changed: " + summary
    cli.console.print(escape(summary))


@documents.command("revisions", reads=True)
def revisions(cli: CliState, name: DocumentName) -> None:
    """List a document's earlier texts (kept when its text was replaced)."""
    found = cli.open_project().documents.revisions(name)
    rows = [
        (
            str(r.number),
            f"{r.length:,}",
            escape(r.reason),
            r.replaced_at.strftime("%Y-%m-%d %H:%M"),
            escape(r.replaced_by),
        )
        for r in found
    ]
    print_table(cli, f"Revisions of {escape(name)}", ("#", "characters", "why", "when", "by"), rows)
    if not found:
        cli.console.print("No earlier text: the document has its imported text.")
