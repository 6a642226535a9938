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
    from qualframe.services.memos.targets import TargetSpec

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
    """The objects a memo is on, as ``memos add``, ``edit``, ``link`` and
    ``unlink`` take them: each option may be repeated (``--code A --code B
    --document P01.txt``); ``--passage START:END`` makes the one document
    given a passage of it."""

    code: Annotated[
        list[str] | None,
        typer.Option(
            "--code", help="Link to this code (path or name; repeat).", show_default=False
        ),
    ] = None
    document: Annotated[
        list[str] | None,
        typer.Option(
            "--document", help="Link to this document (name; repeat).", show_default=False
        ),
    ] = None
    case: Annotated[
        list[str] | None,
        typer.Option("--case", help="Link to this case (name; repeat).", show_default=False),
    ] = None
    participant: Annotated[
        list[str] | None,
        typer.Option(
            "--participant",
            help="Link to this participant (identifier; repeat).",
            show_default=False,
        ),
    ] = None
    coding: Annotated[
        list[int] | None,
        typer.Option("--coding", help="Link to this coding (id; repeat).", show_default=False),
    ] = None
    cell: Annotated[
        list[int] | None,
        typer.Option("--cell", help="Link to this matrix cell (id; repeat).", show_default=False),
    ] = None
    passage: Annotated[
        str | None,
        typer.Option(
            "--passage",
            help="With one --document: only the passage START:END of it (character offsets).",
            show_default=False,
        ),
    ] = None

    def targets(self) -> list[TargetSpec]:
        """The objects given, in the order of the options (documents first, with
        the passage when given). Raises :class:`ValidationError` for a passage
        without exactly one document, or one not written START:END."""
        documents = self.document or []
        if self.passage is not None and len(documents) != 1:
            raise ValidationError("Give --passage with exactly one --document.")
        found: list[TargetSpec] = []
        if self.passage is not None:
            found.append(("document", documents[0], _passage(self.passage)))
        else:
            found += [("document", name) for name in documents]
        for kind in ("code", "coding", "case", "participant", "cell"):
            found += [(kind, ref) for ref in getattr(self, kind) or []]
        return found


def _passage(value: str) -> tuple[int, int]:
    start, sep, end = value.partition(":")
    if not (sep and start.strip().isdecimal() and end.strip().isdecimal()):
        raise ValidationError(
            f"A passage is written START:END in characters, e.g. 120:180; not {value!r}."
        )
    return int(start), int(end)


def _print_memo(cli: CliState, memo: MemoInfo) -> None:
    cli.console.print(f"[bold]#{memo.id} {escape(memo.title)}[/]")
    on = memo.target_label if len(memo.links) < 2 else f"{len(memo.links)} objects"
    cli.console.print(
        f"[dim]{memo.kind.value} memo on {escape(on)} · by {escape(memo.author)} · "
        f"written {memo.created_at:%Y-%m-%d %H:%M}, changed {memo.updated_at:%Y-%m-%d %H:%M} · "
        f"version {memo.version}[/]"
    )
    if len(memo.links) > 1:
        for link in memo.links:
            cli.console.print(f"  - {escape(link.label)}")
    if memo.body:
        cli.console.print()
        from rich.markdown import Markdown  # markdown-it costs every command a tenth of a second

        cli.console.print(Markdown(memo.body))


#: Add ``qualframe memos`` and its subcommands to ``app``.
app = Commands()

memos = command_group(
    app,
    "memos",
    f"Memos: {_KINDS} notes on the project or on documents (or passages), codes, codings, "
    "cases, participants and matrix cells.",
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
    cell: Annotated[
        int | None, typer.Option("--cell", help="Only memos on this matrix cell (id).")
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
    """List memos, oldest first, with everything each is on (a memo matches a
    filter with any of its links)."""
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
        cell=cell,
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
    """Write a memo, on the project or linked to objects (repeat the options
    to link it to several)."""
    memo = cli.open_project().memos.add(
        title, kind=kind, body=text.read() or "", links=link.targets()
    )
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
    """Change a memo's title, kind, text or links (the objects given replace
    its links; with --if-version: only if nobody changed it since you read
    that version)."""
    from qualframe.services.memos.targets import KEEP

    targets = link.targets()
    if project and targets:
        raise ValidationError("Give --project or objects to link the memo to, not both.")
    memo = cli.open_project().memos.edit(
        memo_id,
        title=title,
        kind=kind,
        body=text.read(),
        links=[] if project else targets or KEEP,
        if_version=if_version,
    )
    cli.console.print(f"Memo #{memo.id} {escape(memo.title)!r} updated (version {memo.version})")


@memos.command("delete")
def delete(cli: CliState, memo_id: MemoId, if_version: IfVersion = None) -> None:
    """Delete a memo (with --if-version: only if nobody changed it since)."""
    memo = cli.open_project().memos.delete(memo_id, if_version=if_version)
    cli.console.print(f"Deleted memo #{memo.id} {escape(memo.title)!r}")


@memos.command("link")
def link_memo(cli: CliState, memo_id: MemoId, link: MemoLink, if_version: IfVersion = None) -> None:
    """Link a memo to more objects (keeping its other links)."""
    project = cli.open_project()
    targets = link.targets()
    if not targets:
        raise ValidationError("Say what to link the memo to: --code, --document, --case ...")
    for target in targets:
        memo = project.memos.link(memo_id, target, if_version=if_version)
        if_version = None if if_version is None else memo.version
    cli.console.print(
        f"Memo #{memo.id} {escape(memo.title)!r} is on {escape(memo.target_label)} "
        f"(version {memo.version})"
    )


@memos.command("unlink")
def unlink_memo(
    cli: CliState, memo_id: MemoId, link: MemoLink, if_version: IfVersion = None
) -> None:
    """Remove links of a memo (the memo stays; with no link left it is on the project)."""
    project = cli.open_project()
    targets = link.targets()
    if not targets:
        raise ValidationError("Say which link to remove: --code, --document, --case ...")
    for target in targets:
        memo = project.memos.unlink(memo_id, target, if_version=if_version)
        if_version = None if if_version is None else memo.version
    cli.console.print(
        f"Memo #{memo.id} {escape(memo.title)!r} is on {escape(memo.target_label)} "
        f"(version {memo.version})"
    )


@memos.command("annotate")
def annotate(
    cli: CliState,
    document: Annotated[str, typer.Argument(help="The document (name).", show_default=False)],
    start: Annotated[
        int, typer.Argument(help="Where the passage starts (character offset).", min=0)
    ],
    end: Annotated[int, typer.Argument(help="Where it ends (character offset).", min=0)],
    text: MemoText,
    title: Annotated[
        str | None,
        typer.Option("--title", help="A title (default: the passage's first words)."),
    ] = None,
    kind: Annotated[str, typer.Option("--kind", help=f"{_KINDS}.")] = "analytic",
) -> None:
    """Annotate a passage of a document: a memo on that passage, without coding it."""
    memo = cli.open_project().memos.annotate(
        document, start, end, body=text.read() or "", title=title, kind=kind
    )
    cli.console.print(
        f"Annotation #{memo.id} {escape(memo.title)!r} saved on {escape(memo.target_label)}"
    )
