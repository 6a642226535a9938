"""CLI commands: ``code``, ``uncode``, ``codings`` and ``autocode``.

Offsets are character positions (Unicode code points) in the stored text,
end exclusive: ``qualframe code interview-01.txt Hope 120 188`` codes
characters 120 to 187. Codes are named by path ("Theme > Sub-code") or by
name alone when no other code has it. ``autocode`` only previews unless
``--apply`` is given.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.markup import escape
from rich.table import Table

from qualframe.cli.output import counted, say, short, write_csv
from qualframe.cli.state import state
from qualframe.services.core.where_filters import parse_where
from qualframe.vocabulary import AutocodeUnit

if TYPE_CHECKING:
    import pandas as pd

    from qualframe.cli.state import CliState

#: Rows ``codings`` prints by default (``--csv`` writes them all).
DEFAULT_ROWS = 50
#: Proposed spans ``autocode`` prints by default.
DEFAULT_PREVIEW = 20
#: Characters of coded text shown in a table cell.
SHOWN_TEXT = 80

_CODE = typer.Option(..., "--code", help="The code to apply: its path or name.")
_WHERE = typer.Option(
    None,
    "--where",
    help="Only where an attribute has this value: 'NAME=VALUE' (repeat for several; "
    "the same name twice means either value).",
)
_DOCUMENTS = typer.Option(None, "--document", help="Only this document (repeatable).")
_APPLY = typer.Option(False, "--apply", help="Code the proposed spans (default: preview only).")
_LIMIT = typer.Option(DEFAULT_PREVIEW, "--limit", help="Most proposed spans to list.")


#: Add ``code``, ``uncode``, ``codings`` and ``autocode`` to ``app``.
app = typer.Typer()

autocode = typer.Typer(
    help="Code many spans at once: by speaker, by question section or by keyword. "
    "Previews unless --apply is given.",
    no_args_is_help=True,
)
app.add_typer(autocode, name="autocode")


@app.command("code")
def code(
    ctx: typer.Context,
    document: str = typer.Argument(..., help="Document name (or id)."),
    code: str = typer.Argument(..., help="Code path or name, e.g. 'Hope > Future'."),
    start: int = typer.Argument(..., help="First character (0-based code point)."),
    end: int = typer.Argument(..., help="Character after the last one (exclusive)."),
) -> None:
    """Code the span START..END of DOCUMENT with CODE."""
    cli = state(ctx)
    record = cli.open_project().coding.apply(document, code, start, end)
    who = f", spoken by {record.speaker}" if record.speaker else ""
    say(
        cli,
        f"Coded {record.document} [{record.start}, {record.end}) with {record.code!r} "
        f'(coding {record.id}{who}): "{short(record.text, SHOWN_TEXT)}"',
    )


@app.command("uncode")
def uncode(
    ctx: typer.Context,
    coding_id: int = typer.Argument(..., help="The coding's id (see 'qualframe codings')."),
) -> None:
    """Remove one coding."""
    cli = state(ctx)
    record = cli.open_project().coding.remove(coding_id)
    say(
        cli,
        f"Removed coding {record.id}: {record.code!r} from {record.document} "
        f"[{record.start}, {record.end}).",
    )


@app.command("codings")
def codings(
    ctx: typer.Context,
    code: str | None = typer.Option(None, "--code", help="Only this code (path or name)."),
    subcodes: bool = typer.Option(False, "--subcodes", help="With --code: its sub-codes too."),
    where: list[str] | None = _WHERE,
    document: list[str] | None = _DOCUMENTS,
    participant: list[str] | None = typer.Option(
        None, "--participant", help="Only this participant (repeatable)."
    ),
    case: list[str] | None = typer.Option(None, "--case", help="Only this case (repeatable)."),
    coder: str | None = typer.Option(None, "--coder", help="Only this coder's codings."),
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
    cli = state(ctx)
    frame = cli.open_project().coding.codings(
        code,
        include_subcodes=subcodes,
        where=parse_where(where),
        document=document or None,
        participant=participant or None,
        case=case or None,
        coder=coder,
    )
    if csv is not None:
        _write_csv(cli, frame, csv)
        return
    if frame.empty:
        say(cli, "No codings match.")
        return
    _print_codings(cli, frame, limit)


@autocode.command("speaker")
def by_speaker(
    ctx: typer.Context,
    code: str = _CODE,
    participant: list[str] | None = typer.Option(
        None, "--participant", help="Code this participant's turns (repeatable)."
    ),
    speaker: list[str] | None = typer.Option(
        None, "--speaker", help="Code turns with this speaker label (repeatable)."
    ),
    where: list[str] | None = _WHERE,
    document: list[str] | None = _DOCUMENTS,
    apply: bool = _APPLY,
    limit: int = _LIMIT,
) -> None:
    """Code every turn of chosen speakers (by participant, label or attribute)."""
    cli = state(ctx)
    project = cli.open_project()
    plan = project.coding.autocode_speaker(
        code,
        participants=participant or None,
        speakers=speaker or None,
        where=parse_where(where),
        documents=document or None,
    )
    _show_plan(cli, project, plan, apply=apply, limit=limit)


@autocode.command("section")
def by_section(
    ctx: typer.Context,
    code: str = _CODE,
    title: str | None = typer.Option(
        None, "--title", help="Sections whose title contains these words (any case)."
    ),
    regex: bool = typer.Option(False, "--regex", help="--title is a regular expression."),
    question: str | None = typer.Option(
        None, "--question", help="Sections of this interview question (its identifier)."
    ),
    include_heading: bool = typer.Option(
        False, "--include-heading", help="Code the heading line too."
    ),
    where: list[str] | None = _WHERE,
    document: list[str] | None = _DOCUMENTS,
    apply: bool = _APPLY,
    limit: int = _LIMIT,
) -> None:
    """Code the body of every section whose title matches."""
    cli = state(ctx)
    project = cli.open_project()
    plan = project.coding.autocode_section(
        code,
        title=title,
        regex=regex,
        question=question,
        include_heading=include_heading,
        where=parse_where(where),
        documents=document or None,
    )
    _show_plan(cli, project, plan, apply=apply, limit=limit)


@autocode.command("keyword")
def by_keyword(
    ctx: typer.Context,
    keywords: list[str] = typer.Argument(
        ..., help="Words or phrases to find; 'hope*' also finds hopes, hopeful."
    ),
    code: str = _CODE,
    unit: AutocodeUnit = typer.Option(
        "sentence", "--unit", help="Code the 'sentence' or 'paragraph'."
    ),
    regex: bool = typer.Option(False, "--regex", help="Keywords are regular expressions."),
    substring: bool = typer.Option(
        False, "--substring", help="Match inside words too (default: whole words)."
    ),
    case_sensitive: bool = typer.Option(False, "--case-sensitive", help="Match letter case."),
    where: list[str] | None = _WHERE,
    document: list[str] | None = _DOCUMENTS,
    apply: bool = _APPLY,
    limit: int = _LIMIT,
) -> None:
    """Code every sentence (or paragraph) containing any of KEYWORDS."""
    cli = state(ctx)
    project = cli.open_project()
    plan = project.coding.autocode_keywords(
        code,
        keywords,
        unit=unit,
        regex=regex,
        whole_word=not substring,
        case_sensitive=case_sensitive,
        where=parse_where(where),
        documents=document or None,
    )
    _show_plan(cli, project, plan, apply=apply, limit=limit)


def _write_csv(cli: CliState, frame: pd.DataFrame, path: Path) -> None:
    write_csv(frame, path)
    if str(path) != "-":
        say(cli, f"Wrote {counted(len(frame), 'coding')} to {path}.")


def _print_codings(cli: Any, frame: Any, limit: int) -> None:
    table = Table("id", "code", "document", "span", "who", "text")
    for row in frame.head(max(limit, 0)).itertuples(index=False):
        who = row.participant if isinstance(row.participant, str) else row.speaker
        table.add_row(
            str(row.coding_id),
            escape(row.code),
            escape(row.document),
            escape(f"[{row.start}, {row.end})"),
            escape(who) if isinstance(who, str) else "",
            escape(short(row.text, SHOWN_TEXT)),
        )
    cli.console.print(table)
    more = len(frame) - max(limit, 0)
    tail = f" (showing {limit}; use --limit or --csv FILE for the rest)" if more > 0 else ""
    say(cli, f"{counted(len(frame), 'coding')}{tail}.")


def _show_plan(cli: Any, project: Any, plan: Any, *, apply: bool, limit: int) -> None:
    """Print a plan's spans and counts; with ``apply``, code them and say how many."""
    say(cli, f"Auto-code {plan.code!r}: {plan.description}.")
    if not plan.spans:
        say(cli, f"Nothing found in {counted(plan.documents_searched, 'document')} searched.")
        return
    if not apply:
        table = Table("document", "span", "speaker", "status", "text")
        for span in plan.spans[: max(limit, 0)]:
            table.add_row(
                escape(span.document),
                escape(f"[{span.start}, {span.end})"),
                escape(span.speaker or ""),
                "already coded" if span.already_coded else "new",
                escape(span.excerpt),
            )
        cli.console.print(table)
        if len(plan.spans) > limit:
            say(cli, f"(showing the first {limit}; use --limit to see more)")
    found = f"{counted(len(plan.spans), 'span')} in {counted(plan.documents, 'document')}"
    counts = f"{found}: {plan.new} new, {plan.already_coded} already coded"
    if not apply:
        say(cli, f"{counts}. Nothing was written; add --apply to code them.")
        return
    added = project.coding.apply_plan(plan)
    say(cli, f"{counts}. Coded {counted(added, 'span')} with {plan.code!r}.")
