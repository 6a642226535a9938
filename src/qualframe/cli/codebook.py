"""CLI commands: ``qualframe codes ...``, the codebook (the conceptual framework).

Codes are named by their path, like ``"Theme > Sub-code"``, or by their name
alone when no other code has it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table
from rich.tree import Tree

from qualframe.cli import options
from qualframe.cli.app import Commands, command_group
from qualframe.cli.output import counted
from qualframe.cli.state import CliState
from qualframe.errors import ValidationError

if TYPE_CHECKING:
    from qualframe.services.codebook.tree import CodeInfo

_EMPTY = (
    "The codebook is empty. Add a code with 'qualframe codes add NAME' or import a "
    "codebook with 'qualframe codes import FILE'."
)

# ---------------------------------------------------------------- options of this area

CodeArg = Annotated[str, typer.Argument(help="Code path or name.", show_default=False)]
Position = Annotated[
    int | None,
    typer.Option(help="Place among its siblings, from 0 (default: last).", show_default=False),
]
IfVersion = Annotated[
    int | None,
    typer.Option(
        "--if-version",
        help="Only if the code is still at this version (see 'codes show'); "
        "otherwise nothing is changed.",
        show_default=False,
        min=0,
    ),
]


@dataclass(frozen=True)
class CodeFieldOptions(options.OptionGroup):
    """A code's own fields, as ``codes add`` and ``codes edit`` take them (None: not given)."""

    definition: Annotated[
        str | None, typer.Option(help="What the code means.", show_default=False)
    ] = None
    inclusion: Annotated[
        str | None,
        typer.Option(help="When to apply it.", show_default=False),
    ] = None
    exclusion: Annotated[
        str | None, typer.Option(help="When not to apply it.", show_default=False)
    ] = None
    example: Annotated[str | None, typer.Option(help="A typical quote.", show_default=False)] = None
    origin: Annotated[
        str | None, typer.Option(help="deductive or inductive.", show_default=False)
    ] = None
    colour: Annotated[
        str | None, typer.Option("--colour", "--color", help="#RRGGBB.", show_default=False)
    ] = None


# ---------------------------------------------------------------- printing


def _label(info: CodeInfo) -> str:
    """A tree line: colour swatch, name, coding counts, retired mark."""
    swatch = f"[{info.colour}]■[/] " if info.colour else ""
    counts = counted(info.coding_count, "coding")
    if info.child_count:
        counts += f"; {info.total_coding_count} with sub-codes"
    retired = " [italic red]retired[/]" if info.retired else ""
    style = "dim" if info.retired else "bold" if info.child_count else ""
    name = f"[{style}]{escape(info.name)}[/]" if style else escape(info.name)
    return f"{swatch}{name} [dim]({counts})[/]{retired}"


def _print_tree(cli: CliState, infos: list[CodeInfo], *, details: bool) -> None:
    root = Tree(f"[bold]Codebook[/] [dim]({len(infos)} codes)[/]")
    nodes: dict[int | None, Tree] = {None: root}
    for info in infos:
        parent = nodes.get(info.parent_id, root)
        node = parent.add(_label(info))
        if details and info.definition:
            node.add(f"[dim]{escape(info.definition)}[/]")
        nodes[info.id] = node
    cli.console.print(root)


def _print_code(cli: CliState, info: CodeInfo) -> None:
    table = Table(show_header=False, box=None, padding=(0, 2, 0, 0))
    table.add_column(style="bold")
    table.add_column()
    rows = [
        ("code", info.path_text),
        ("id", str(info.id)),
        ("version", str(info.version)),
        ("definition", info.definition),
        ("inclusion", info.inclusion),
        ("exclusion", info.exclusion),
        ("example", info.example),
        ("origin", info.origin.value),
        ("colour", f"[{info.colour}]■[/] {info.colour}" if info.colour else ""),
        ("status", "retired" if info.retired else "offered for coding"),
        ("codings", f"{info.coding_count} ({info.total_coding_count} with sub-codes)"),
    ]
    for key, value in rows:
        table.add_row(key, value if key == "colour" else escape(value))
    cli.console.print(table)


def _print_changed(cli: CliState, changed: list[CodeInfo], done: str, unchanged: str) -> None:
    """One line per code ``done`` ("Retired Theme > Sub-code"), or ``unchanged``."""
    if not changed:
        cli.console.print(unchanged)
    for info in changed:
        cli.console.print(f"{done} {escape(info.path_text)}")


#: Add ``qualframe codes`` and its subcommands to ``app``.
app = Commands()

codes = command_group(
    app, "codes", "The codebook: the tree of codes that is your conceptual framework."
)


@codes.command("list", reads=True)
def list_codes(
    cli: CliState,
    retired: Annotated[bool, typer.Option("--retired", help="Show retired codes too.")] = False,
    details: Annotated[
        bool, typer.Option("--details", help="Show each code's definition.")
    ] = False,
) -> None:
    """Show the codebook as a tree, with colours and coding counts."""
    infos = cli.open_project().codebook.tree(include_retired=retired)
    if not infos:
        cli.console.print(_EMPTY)
        return
    _print_tree(cli, infos, details=details)


@codes.command("show", reads=True)
def show(cli: CliState, code: CodeArg) -> None:
    """Show one code's definition, criteria, example and use."""
    _print_code(cli, cli.open_project().codebook.get(code))


@codes.command("history", reads=True)
def history(
    cli: CliState,
    code: Annotated[
        str | None,
        typer.Argument(help="Only this code (and codes merged into it).", show_default=False),
    ] = None,
) -> None:
    """Show how the framework changed: who did what, when (oldest first)."""
    entries = cli.open_project().codebook.history_records(code)
    if not entries:
        cli.console.print("No changes recorded yet.")
        return
    table = Table("when (UTC)", "who", "what", "code", "change")
    for entry in entries:
        table.add_row(
            f"{entry.at:%Y-%m-%d %H:%M}",
            escape(entry.actor),
            entry.action.removeprefix("code."),
            escape(entry.code or ""),
            escape(entry.changes or entry.summary),
        )
    cli.console.print(table)


@codes.command("add")
def add(
    cli: CliState,
    name: Annotated[
        str,
        typer.Argument(
            help="The code's name, or its full path 'Theme > Sub-code'.", show_default=False
        ),
    ],
    parent: Annotated[
        str | None, typer.Option("--parent", help="Path of the parent code.", show_default=False)
    ] = None,
    *,
    fields: CodeFieldOptions,
    position: Position = None,
) -> None:
    """Add a code to the codebook."""
    from qualframe.services.codebook.tree import PATH_SEPARATOR, split_path

    if parent is None and PATH_SEPARATOR.strip() in name:
        *above, own = split_path(name)
        if above:
            parent, name = PATH_SEPARATOR.join(above), own
    codebook = cli.open_project().codebook
    info = codebook.add(name, parent=parent, position=position, **fields.keywords())
    cli.console.print(f"Added {_label(info)} as [bold]{escape(info.path_text)}[/]")


@codes.command("edit")
def edit(
    cli: CliState,
    code: CodeArg,
    fields: CodeFieldOptions,
    if_version: IfVersion = None,
) -> None:
    """Change a code's definition, criteria, example, origin or colour."""
    info = cli.open_project().codebook.edit(code, if_version=if_version, **fields.keywords())
    cli.console.print(f"Updated [bold]{escape(info.path_text)}[/] (version {info.version})")


@codes.command("rename")
def rename(
    cli: CliState,
    code: CodeArg,
    new_name: Annotated[str, typer.Argument(help="The new name (not a path).", show_default=False)],
    if_version: IfVersion = None,
) -> None:
    """Rename a code; its codings, memos and sub-codes follow."""
    info = cli.open_project().codebook.rename(code, new_name, if_version=if_version)
    cli.console.print(f"Renamed {escape(code)!r} to [bold]{escape(info.path_text)}[/]")


@codes.command("move")
def move(
    cli: CliState,
    code: CodeArg,
    under: Annotated[
        str | None, typer.Option("--under", help="Path of the new parent.", show_default=False)
    ] = None,
    root: Annotated[bool, typer.Option("--root", help="Make it a top-level code.")] = False,
    position: Position = None,
    if_version: IfVersion = None,
) -> None:
    """Move a code (with its sub-codes) under another code, to the top
    level, or (with only --position) to another place among its siblings."""
    codebook = cli.open_project().codebook
    if under is not None and root:
        raise ValidationError("Give either --under PATH or --root, not both.")
    if under is None and not root and position is None:
        raise ValidationError("Say where to move the code: --under PATH, --root or --position N.")
    parent: str | int | None = under
    if under is None and not root:
        parent = codebook.get(code).parent_id  # reorder among the same siblings
    info = codebook.move(code, parent, position, if_version=if_version)
    cli.console.print(f"Moved to [bold]{escape(info.path_text)}[/] (position {info.position})")


@codes.command("merge")
def merge(
    cli: CliState,
    source: Annotated[str, typer.Argument(help="The code to merge away.", show_default=False)],
    target: Annotated[
        str, typer.Argument(help="The code that receives its codings.", show_default=False)
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would move, change nothing.")
    ] = False,
    if_version: Annotated[
        int | None,
        typer.Option(
            "--if-version",
            help="Only if TARGET is still at this version; otherwise nothing is changed.",
            show_default=False,
            min=0,
        ),
    ] = None,
) -> None:
    """Merge SOURCE into TARGET: codings, memos, quotes, cells, question
    coverage and sub-codes move; SOURCE goes."""
    codebook = cli.open_project().codebook
    run = codebook.preview_merge if dry_run else codebook.merge
    summary = run(source, target, if_version=if_version)
    cli.console.print(escape(summary.effect))
    verb = "Would merge" if dry_run else "Merged"
    cli.console.print(
        f"{verb} [bold]{escape(summary.source)}[/] into [bold]{escape(summary.target)}[/]: "
        f"{summary.codings_moved} codings moved, {summary.duplicates_dropped} duplicates "
        f"folded, {summary.children_moved} sub-codes moved, {summary.codes_merged} "
        f"sub-codes merged, {summary.memos_relinked} memos re-linked."
        + (" Nothing was written (dry run)." if dry_run else "")
    )


@codes.command("retire")
def retire(cli: CliState, code: CodeArg, if_version: IfVersion = None) -> None:
    """Retire a code and its sub-codes: kept with their codings, no longer offered."""
    changed = cli.open_project().codebook.retire(code, if_version=if_version)
    _print_changed(cli, changed, "Retired", f"{escape(code)!r} is already retired.")


@codes.command("restore")
def restore(
    cli: CliState,
    code: CodeArg,
    recursive: Annotated[
        bool, typer.Option("--recursive", help="Restore its sub-codes too.")
    ] = False,
    if_version: IfVersion = None,
) -> None:
    """Offer a retired code for coding again (and its retired parents)."""
    changed = cli.open_project().codebook.restore(code, recursive=recursive, if_version=if_version)
    _print_changed(cli, changed, "Restored", f"{escape(code)!r} is not retired.")


@codes.command("delete")
def delete(
    cli: CliState,
    code: CodeArg,
    force: Annotated[
        bool, typer.Option("--force", help="Also delete its sub-codes and all their codings.")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what --force would remove, change nothing.")
    ] = False,
    if_version: IfVersion = None,
) -> None:
    """Delete a code that has no codings (retire or merge it to keep them)."""
    codebook = cli.open_project().codebook
    if dry_run:
        preview = codebook.preview_delete(code)
        cli.console.print(f"{escape(preview.effect)} Nothing was written (dry run).")
        return
    summary = codebook.delete(code, force=force, if_version=if_version)
    cli.console.print(
        f"Deleted {escape(summary.path)}: {summary.codes_deleted} codes, "
        f"{summary.codings_deleted} codings; {summary.memos_unlinked} memos now on the project."
    )


@codes.command("import")
def import_file(
    cli: CliState,
    file: Annotated[
        Path,
        typer.Argument(help="Codebook file: .csv, .tsv, .xlsx, .yaml", show_default=False),
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show the changes, write nothing.")
    ] = False,
    replace: Annotated[
        bool, typer.Option("--replace", help="Let the file's values win, blanks included.")
    ] = False,
) -> None:
    """Merge a codebook file into the tree by path: new codes are added,
    existing ones updated (with --dry-run: shown, then rolled back)."""
    codebook = cli.open_project().codebook
    run = codebook.preview_import if dry_run else codebook.import_file
    report = run(file, replace=replace)
    table = Table("", "code", "change")
    for path in report.created:
        table.add_row("[green]new[/]", escape(path), "")
    for update in report.updated:
        change = "; ".join(
            f"{key}: {before!r} → {after!r}" for key, (before, after) in update.changes.items()
        )
        table.add_row("[yellow]updated[/]", escape(update.path), escape(change))
    if report.changes_anything:
        cli.console.print(table)
    verb = "Would import" if dry_run else "Imported"
    cli.console.print(
        f"{verb} {escape(report.source)}: {len(report.created)} new, {len(report.updated)} "
        f"updated, {len(report.unchanged)} unchanged."
        + (" Nothing was written (dry run)." if dry_run else "")
    )


@codes.command("export", reads=True)
def export(
    cli: CliState,
    file: Annotated[
        Path,
        typer.Argument(help="Where to write: .csv, .xlsx, .yaml (by suffix).", show_default=False),
    ],
    active_only: Annotated[
        bool, typer.Option("--active-only", help="Leave out retired codes.")
    ] = False,
) -> None:
    """Write the codebook to a CSV, Excel or YAML file."""
    count = cli.open_project().codebook.export_file(file, include_retired=not active_only)
    cli.console.print(f"Wrote {count} codes to {escape(str(file))}")
