"""CLI commands: ``qualframe memos ...``, typed notes on the project or one object."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table

from qualframe.cli import options
from qualframe.cli.app import Commands, command_group
from qualframe.cli.state import CliState
from qualframe.errors import ValidationError

if TYPE_CHECKING:
    from qualframe.services.memos.memos import MemoInfo

_KINDS = "analytic, methodological, reflexive, theoretical or familiarisation"

# ---------------------------------------------------------------- options of this area

MemoId = Annotated[int, typer.Argument(help="Memo id.", show_default=False)]
#: The version of the memo the change is based on (``memos show`` prints it).
IfVersion = Annotated[
    int | None,
    typer.Option(
        "--if-version",
        min=0,
        help="Only if the memo is still at this version (as `memos show` printed it); "
        "otherwise nothing is changed.",
        show_default=False,
    ),
]


@dataclass(frozen=True)
class MemoText(options.OptionGroup):
    """The text of a memo, as ``memos add`` and ``memos edit`` take it."""

    body: Annotated[
        str | None, typer.Option("--body", help="The memo text (Markdown).", show_default=False)
    ] = None
    file: Annotated[
        Path | None,
        typer.Option("--file", help="Read the memo text from a Markdown file.", show_default=False),
    ] = None

    def read(self) -> str | None:
        """The memo text from --body or --file (a UTF-8 or detected-encoding text file)."""
        from qualframe.formats.text_decoding import decode_text

        if self.body is not None and self.file is not None:
            raise ValidationError("Give the memo text with --body or --file, not both.")
        if self.file is None:
            return self.body
        from qualframe.formats.sources import read_file_bytes

        # The file_bytes limit holds here too: a memo is a text field, not an archive.
        return decode_text(read_file_bytes(self.file), str(self.file))


@dataclass(frozen=True)
class MemoLink(options.OptionGroup):
    """The one object a memo is on, as ``memos add`` and ``memos edit`` take it."""

    code: Annotated[
        str | None,
        typer.Option("--code", help="Link to this code (path or name).", show_default=False),
    ] = None
    document: Annotated[
        str | None,
        typer.Option("--document", help="Link to this document (name).", show_default=False),
    ] = None
    case: Annotated[
        str | None, typer.Option("--case", help="Link to this case (name).", show_default=False)
    ] = None
    participant: Annotated[
        str | None,
        typer.Option(
            "--participant", help="Link to this participant (identifier).", show_default=False
        ),
    ] = None
    coding: Annotated[
        int | None, typer.Option("--coding", help="Link to this coding (id).", show_default=False)
    ] = None


def _print_memo(cli: CliState, memo: MemoInfo) -> None:
    cli.console.print(f"[bold]#{memo.id} {escape(memo.title)}[/]")
    cli.console.print(
        f"[dim]{memo.kind.value} memo on {escape(memo.target_label)} · by {escape(memo.author)} · "
        f"written {memo.created_at:%Y-%m-%d %H:%M}, changed {memo.updated_at:%Y-%m-%d %H:%M} · "
        f"version {memo.version}[/]"
    )
    if memo.body:
        cli.console.print()
        from rich.markdown import Markdown  # markdown-it costs every command a tenth of a second

        cli.console.print(Markdown(memo.body))


#: Add ``qualframe memos`` and its subcommands to ``app``.
app = Commands()

memos = command_group(
    app,
    "memos",
    f"Memos: {_KINDS} notes on the project, a document, code, coding, case or participant.",
)


@memos.command("list", reads=True)
def list_memos(
    cli: CliState,
    kind: Annotated[
        str | None, typer.Option("--kind", help=f"Only memos of this kind: {_KINDS}.")
    ] = None,
    code: Annotated[str | None, typer.Option("--code", help="Only memos on this code.")] = None,
    document: Annotated[
        str | None, typer.Option("--document", help="Only memos on this document.")
    ] = None,
    case: Annotated[str | None, typer.Option("--case", help="Only memos on this case.")] = None,
    participant: Annotated[
        str | None, typer.Option("--participant", help="Only memos on this participant.")
    ] = None,
    coding: Annotated[
        int | None, typer.Option("--coding", help="Only memos on this coding.")
    ] = None,
    on: Annotated[
        str | None,
        typer.Option(
            "--on", help="Only memos on this type of object: project, document, code, ..."
        ),
    ] = None,
    author: Annotated[str | None, typer.Option("--author", help="Only memos by this user.")] = None,
    contains: Annotated[
        str | None,
        typer.Option("--contains", help="Only memos whose title or text contains this."),
    ] = None,
) -> None:
    """List memos, oldest first."""
    found = cli.open_project().memos.list(
        kind=kind,
        target_type=on,
        author=author,
        contains=contains,
        code=code,
        document=document,
        case=case,
        participant=participant,
        coding=coding,
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


@memos.command("show", reads=True)
def show(cli: CliState, memo_id: MemoId) -> None:
    """Show a memo with its text."""
    _print_memo(cli, cli.open_project().memos.get(memo_id))


@memos.command("add")
def add(
    cli: CliState,
    title: Annotated[str, typer.Argument(help="The memo's title.", show_default=False)],
    kind: Annotated[str, typer.Option("--kind", help=f"{_KINDS}.", show_default=False)],
    text: MemoText,
    link: MemoLink,
) -> None:
    """Write a memo, on the project or linked to one object."""
    memo = cli.open_project().memos.add(title, kind=kind, body=text.read() or "", **link.keywords())
    cli.console.print(
        f"Memo #{memo.id} {escape(memo.title)!r} saved on {escape(memo.target_label)}"
    )


@memos.command("edit")
def edit(
    cli: CliState,
    memo_id: MemoId,
    title: Annotated[
        str | None, typer.Option("--title", help="A new title.", show_default=False)
    ] = None,
    kind: Annotated[
        str | None, typer.Option("--kind", help=f"{_KINDS}.", show_default=False)
    ] = None,
    *,
    text: MemoText,
    link: MemoLink,
    project: Annotated[
        bool, typer.Option("--project", help="Link it to the project instead of an object.")
    ] = False,
    if_version: IfVersion = None,
) -> None:
    """Change a memo's title, kind, text or link (with --if-version: only if
    nobody changed it since you read that version)."""
    from qualframe.services.memos.targets import KEEP

    memo = cli.open_project().memos.edit(
        memo_id,
        title=title,
        kind=kind,
        body=text.read(),
        target="project" if project else KEEP,
        if_version=if_version,
        **link.keywords(),
    )
    cli.console.print(f"Memo #{memo.id} {escape(memo.title)!r} updated (version {memo.version})")


@memos.command("delete")
def delete(cli: CliState, memo_id: MemoId, if_version: IfVersion = None) -> None:
    """Delete a memo (with --if-version: only if nobody changed it since)."""
    memo = cli.open_project().memos.delete(memo_id, if_version=if_version)
    cli.console.print(f"Deleted memo #{memo.id} {escape(memo.title)!r}")
