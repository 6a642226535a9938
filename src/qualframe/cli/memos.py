"""CLI commands: ``qualframe memos ...``, typed notes on the project or one object."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.markdown import Markdown
from rich.markup import escape
from rich.table import Table

from qualframe.cli.state import state
from qualframe.errors import InputFileError, ValidationError

_KINDS = "analytic, methodological, reflexive or theoretical"


def _body(body: str | None, file: Path | None) -> str | None:
    """The memo text from --body or --file (a UTF-8 or detected-encoding text file)."""
    from qualframe.formats.text_decoding import decode_text

    if body is not None and file is not None:
        raise ValidationError("Give the memo text with --body or --file, not both.")
    if file is None:
        return body
    try:
        data = file.read_bytes()
    except FileNotFoundError:
        raise InputFileError(file, "the file does not exist") from None
    except OSError as error:
        raise InputFileError(file, f"the file cannot be read ({error.strerror or error})") from None
    return decode_text(data, str(file))


def _links(
    code: str | None,
    document: str | None,
    case: str | None,
    participant: str | None,
    coding: int | None,
) -> dict[str, Any]:
    return {
        "code": code,
        "document": document,
        "case": case,
        "participant": participant,
        "coding": coding,
    }


def _print_memo(cli: Any, memo: Any) -> None:
    cli.console.print(f"[bold]#{memo.id} {escape(memo.title)}[/]")
    cli.console.print(
        f"[dim]{memo.kind.value} memo on {escape(memo.target_label)} · by {escape(memo.author)} · "
        f"written {memo.created_at:%Y-%m-%d %H:%M}, changed {memo.updated_at:%Y-%m-%d %H:%M}[/]"
    )
    if memo.body:
        cli.console.print()
        cli.console.print(Markdown(memo.body))


_CODE = typer.Option(None, "--code", help="Link to this code (path or name).")
_DOCUMENT = typer.Option(None, "--document", help="Link to this document (name).")
_CASE = typer.Option(None, "--case", help="Link to this case (name).")
_PARTICIPANT = typer.Option(None, "--participant", help="Link to this participant (identifier).")
_CODING = typer.Option(None, "--coding", help="Link to this coding (id).")
_BODY = typer.Option(None, "--body", help="The memo text (Markdown).")
_FILE = typer.Option(None, "--file", help="Read the memo text from a Markdown file.")


#: Add ``qualframe memos`` and its subcommands to ``app``.
app = typer.Typer()

memos = typer.Typer(
    help=f"Memos: {_KINDS} notes on the project, a document, code, coding, case or participant.",
    no_args_is_help=True,
)
app.add_typer(memos, name="memos")


@memos.command("list")
def list_memos(
    ctx: typer.Context,
    kind: str | None = typer.Option(None, "--kind", help=f"Only memos of this kind: {_KINDS}."),
    code: str | None = typer.Option(None, "--code", help="Only memos on this code."),
    document: str | None = typer.Option(None, "--document", help="Only memos on this document."),
    case: str | None = typer.Option(None, "--case", help="Only memos on this case."),
    participant: str | None = typer.Option(
        None, "--participant", help="Only memos on this participant."
    ),
    coding: int | None = typer.Option(None, "--coding", help="Only memos on this coding."),
    on: str | None = typer.Option(
        None, "--on", help="Only memos on this type of object: project, document, code, ..."
    ),
    author: str | None = typer.Option(None, "--author", help="Only memos by this user."),
    contains: str | None = typer.Option(
        None, "--contains", help="Only memos whose title or text contains this."
    ),
) -> None:
    """List memos, oldest first."""
    cli = state(ctx)
    found = cli.open_project().memos.list(
        kind=kind,
        target_type=on,
        author=author,
        contains=contains,
        **_links(code, document, case, participant, coding),
    )
    if not found:
        cli.console.print("No memos found.")
        return
    table = Table("id", "kind", "title", "on", "author", "changed")
    for memo in found:
        table.add_row(
            str(memo.id),
            memo.kind.value,
            escape(memo.title),
            escape(memo.target_label),
            escape(memo.author),
            f"{memo.updated_at:%Y-%m-%d}",
        )
    cli.console.print(table)


@memos.command("show")
def show(ctx: typer.Context, memo_id: int = typer.Argument(..., help="Memo id.")) -> None:
    """Show a memo with its text."""
    cli = state(ctx)
    _print_memo(cli, cli.open_project().memos.get(memo_id))


@memos.command("add")
def add(
    ctx: typer.Context,
    title: str = typer.Argument(..., help="The memo's title."),
    kind: str = typer.Option(..., "--kind", help=f"{_KINDS}."),
    body: str | None = _BODY,
    file: Path | None = _FILE,
    code: str | None = _CODE,
    document: str | None = _DOCUMENT,
    case: str | None = _CASE,
    participant: str | None = _PARTICIPANT,
    coding: int | None = _CODING,
) -> None:
    """Write a memo, on the project or linked to one object."""
    cli = state(ctx)
    memo = cli.open_project().memos.add(
        title,
        kind=kind,
        body=_body(body, file) or "",
        **_links(code, document, case, participant, coding),
    )
    cli.console.print(
        f"Memo #{memo.id} {escape(memo.title)!r} saved on {escape(memo.target_label)}"
    )


@memos.command("edit")
def edit(
    ctx: typer.Context,
    memo_id: int = typer.Argument(..., help="Memo id."),
    title: str | None = typer.Option(None, "--title", help="A new title."),
    kind: str | None = typer.Option(None, "--kind", help=f"{_KINDS}."),
    body: str | None = _BODY,
    file: Path | None = _FILE,
    code: str | None = _CODE,
    document: str | None = _DOCUMENT,
    case: str | None = _CASE,
    participant: str | None = _PARTICIPANT,
    coding: int | None = _CODING,
    project: bool = typer.Option(
        False, "--project", help="Link it to the project instead of an object."
    ),
) -> None:
    """Change a memo's title, kind, text or link."""
    cli = state(ctx)
    links = _links(code, document, case, participant, coding)
    extra: dict[str, Any] = {"target": "project"} if project else {}
    memo = cli.open_project().memos.edit(
        memo_id, title=title, kind=kind, body=_body(body, file), **links, **extra
    )
    cli.console.print(f"Memo #{memo.id} {escape(memo.title)!r} updated")


@memos.command("delete")
def delete(ctx: typer.Context, memo_id: int = typer.Argument(..., help="Memo id.")) -> None:
    """Delete a memo."""
    cli = state(ctx)
    memo = cli.open_project().memos.delete(memo_id)
    cli.console.print(f"Deleted memo #{memo.id} {escape(memo.title)!r}")
