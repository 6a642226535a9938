"""CLI commands: ``code``, ``uncode``, ``codings`` and ``autocode``.

Offsets are character positions (Unicode code points) in the stored text,
end exclusive: ``qualframe code interview-01.txt Hope 120 188`` codes
characters 120 to 187. Codes are named by path ("Theme > Sub-code") or by
name alone when no other code has it. ``autocode`` only previews unless
``--apply`` is given.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table

from qualframe.cli import options
from qualframe.cli.app import Commands, command_group
from qualframe.cli.output import counted, say, short, write_csv
from qualframe.cli.state import CliState
from qualframe.vocabulary import AutocodeUnit

if TYPE_CHECKING:
    from qualframe.project import Project
    from qualframe.services.coding.autocode import AutocodePlan
    from qualframe.services.coding.listing import CodingListing

#: Rows ``codings`` prints by default (``--csv`` writes them all).
DEFAULT_ROWS = 50
#: Proposed spans ``autocode`` prints by default.
DEFAULT_PREVIEW = 20
#: Characters of coded text shown in a table cell.
SHOWN_TEXT = 80

# ---------------------------------------------------------------- options of this area

CodeToApply = Annotated[
    str, typer.Option("--code", help="The code to apply: its path or name.", show_default=False)
]
Limit = Annotated[int, typer.Option("--limit", help="Most proposed spans to list.")]
Regex = Annotated[bool, typer.Option("--regex", help="The text to match is a regular expression.")]
Keywords = Annotated[
    list[str],
    typer.Argument(help="Words or phrases to find; 'hope*' also finds hopes, hopeful."),
]
#: The filters of ``autocode section`` and ``autocode keyword``.
InDocuments = Annotated[options.Filters, options.Only("where", "documents")]


@dataclass(frozen=True)
class Preview(options.OptionGroup):
    """How every ``autocode`` command ends: it lists the spans it proposes, or
    with ``--apply`` codes them."""

    apply: options.Apply = False
    limit: Limit = DEFAULT_PREVIEW

    def show(self, cli: CliState, project: Project, plan: AutocodePlan) -> None:
        """Print the plan's spans and counts; with ``--apply``, code them and say how many."""
        say(cli, f"Auto-code {plan.code!r}: {plan.description}.")
        if not plan.spans:
            say(cli, f"Nothing found in {counted(plan.documents_searched, 'document')} searched.")
            return
        if not self.apply:
            table = Table("document", "span", "speaker", "status", "text")
            for span in plan.spans[: max(self.limit, 0)]:
                table.add_row(
                    escape(span.document),
                    escape(f"[{span.start}, {span.end})"),
                    escape(span.speaker or ""),
                    "already coded" if span.already_coded else "new",
                    escape(span.excerpt),
                )
            cli.console.print(table)
            if len(plan.spans) > self.limit:
                say(cli, f"(showing the first {self.limit}; use --limit to see more)")
        found = f"{counted(len(plan.spans), 'span')} in {counted(plan.documents, 'document')}"
        counts = f"{found}: {plan.new} new, {plan.already_coded} already coded"
        if not self.apply:
            say(cli, f"{counts}. Nothing was written; add --apply to code them.")
            return
        added = project.coding.apply_plan(plan)
        say(cli, f"{counts}. Coded {counted(added, 'span')} with {plan.code!r}.")


#: Add ``code``, ``uncode``, ``codings`` and ``autocode`` to ``app``.
app = Commands()

autocode = command_group(
    app,
    "autocode",
    "Code many spans at once: by speaker, by question section or by keyword. "
    "Previews unless --apply is given.",
)


@app.command("code")
def code(
    cli: CliState,
    document: str = typer.Argument(..., help="The document's name."),
    code: str = typer.Argument(..., help="Code path or name, e.g. 'Hope > Future'."),
    start: int = typer.Argument(..., help="First character (0-based code point)."),
    end: int = typer.Argument(..., help="Character after the last one (exclusive)."),
) -> None:
    """Code the span START..END of DOCUMENT with CODE."""
    record = cli.open_project().coding.apply(document, code, start, end)
    who = f", spoken by {record.speaker}" if record.speaker else ""
    say(
        cli,
        f"Coded {record.document} [{record.start}, {record.end}) with {record.code!r} "
        f'(coding {record.id}{who}): "{short(record.text, SHOWN_TEXT)}"',
    )


@app.command("uncode")
def uncode(
    cli: CliState,
    coding_id: int = typer.Argument(..., help="The coding's id (see 'qualframe codings')."),
) -> None:
    """Remove one coding (memos about it are kept, without their link to it)."""
    record = cli.open_project().coding.remove(coding_id)
    kept = f" {record.consequence}" if record.consequence else ""
    say(
        cli,
        f"Removed coding {record.id}: {record.code!r} from {record.document} "
        f"[{record.start}, {record.end}).{kept}",
    )


@app.command("codings", reads=True)
def codings(
    cli: CliState,
    code: str | None = typer.Option(None, "--code", help="Only this code (path or name)."),
    subcodes: options.IncludeSubcodes = False,
    *,
    filters: Annotated[
        options.Filters, options.Only("where", "documents", "participants", "cases", "coder")
    ],
    csv: Path | None = typer.Option(
        None,
        "--csv",
        help="Write every matching coding, with attributes, to this CSV "
        "file ('-' for standard output).",
        show_default=False,
    ),
    limit: int = typer.Option(DEFAULT_ROWS, "--limit", help="Most codings to print."),
) -> None:
    """List codings, filtered by code, attribute, document, participant, case or coder."""
    project = cli.open_project()
    scope = filters.scope()
    if csv is not None:
        frame = project.coding.codings(code, include_subcodes=subcodes, scope=scope)
        write_csv(frame, csv)
        if str(csv) != "-":
            say(cli, f"Wrote {counted(len(frame), 'coding')} to {csv}.")
        return
    listing = project.coding.listing(code, include_subcodes=subcodes, scope=scope)
    if not len(listing):
        say(cli, "No codings match.")
        return
    _print_codings(cli, listing, limit)


@autocode.command("speaker")
def by_speaker(
    cli: CliState,
    code: CodeToApply,
    filters: Annotated[
        options.Filters, options.Only("participants", "speakers", "where", "documents")
    ],
    preview: Preview,
) -> None:
    """Code every turn of chosen speakers (by participant, label or attribute)."""
    project = cli.open_project()
    plan = project.coding.autocode_speaker(code, scope=filters.scope())
    preview.show(cli, project, plan)


@autocode.command("section")
def by_section(
    cli: CliState,
    code: CodeToApply,
    title: str | None = typer.Option(
        None, "--title", help="Sections whose title contains these words (any case)."
    ),
    regex: Regex = False,
    question: str | None = typer.Option(
        None, "--question", help="Sections of this interview question (its identifier)."
    ),
    include_heading: bool = typer.Option(
        False, "--include-heading", help="Code the heading line too."
    ),
    *,
    filters: InDocuments,
    preview: Preview,
) -> None:
    """Code the body of every section whose title matches."""
    project = cli.open_project()
    plan = project.coding.autocode_section(
        code,
        title=title,
        regex=regex,
        question=question,
        include_heading=include_heading,
        scope=filters.scope(),
    )
    preview.show(cli, project, plan)


@autocode.command("keyword")
def by_keyword(
    cli: CliState,
    keywords: Keywords,
    code: CodeToApply,
    unit: AutocodeUnit = typer.Option(
        "sentence", "--unit", help="Code the 'sentence' or 'paragraph'."
    ),
    regex: Regex = False,
    substring: bool = typer.Option(
        False, "--substring", help="Match inside words too (default: whole words)."
    ),
    case_sensitive: bool = typer.Option(False, "--case-sensitive", help="Match letter case."),
    *,
    filters: InDocuments,
    preview: Preview,
) -> None:
    """Code every sentence (or paragraph) containing any of KEYWORDS."""
    project = cli.open_project()
    plan = project.coding.autocode_keywords(
        code,
        keywords,
        unit=unit,
        regex=regex,
        whole_word=not substring,
        case_sensitive=case_sensitive,
        scope=filters.scope(),
    )
    preview.show(cli, project, plan)


def _print_codings(cli: CliState, listing: CodingListing, limit: int) -> None:
    table = Table("id", "code", "document", "span", "who", "text")
    for shown, row in enumerate(listing):
        if shown >= limit:
            break
        who = row.participant or row.speaker
        table.add_row(
            str(row.id),
            escape(row.code),
            escape(row.document),
            escape(f"[{row.start}, {row.end})"),
            escape(who) if who else "",
            escape(short(row.text, SHOWN_TEXT)),
        )
    cli.console.print(table)
    more = len(listing) - max(limit, 0)
    tail = f" (showing {limit}; use --limit or --csv FILE for the rest)" if more > 0 else ""
    say(cli, f"{counted(len(listing), 'coding')}{tail}.")
