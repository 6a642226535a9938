"""CLI commands: ``qualframe codes ...``, the codebook (the conceptual framework).

Codes are named by their path, like ``"Theme > Sub-code"``, or by their name
alone when no other code has it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.markup import escape
from rich.table import Table
from rich.tree import Tree

from qualframe.cli.state import state
from qualframe.errors import ValidationError

_EMPTY = (
    "The codebook is empty. Add a code with 'qualframe codes add NAME' or import a "
    "codebook with 'qualframe codes import FILE'."
)


def _label(info: Any) -> str:
    """A tree line: colour swatch, name, coding counts, retired mark."""
    swatch = f"[{info.colour}]■[/] " if info.colour else ""
    counts = f"{info.coding_count} coding{'' if info.coding_count == 1 else 's'}"
    if info.child_count:
        counts += f"; {info.total_coding_count} with sub-codes"
    retired = " [italic red]retired[/]" if info.retired else ""
    style = "dim" if info.retired else "bold" if info.child_count else ""
    name = f"[{style}]{escape(info.name)}[/]" if style else escape(info.name)
    return f"{swatch}{name} [dim]({counts})[/]{retired}"


def _print_tree(cli: Any, infos: list[Any], *, details: bool) -> None:
    root = Tree(f"[bold]Codebook[/] [dim]({len(infos)} codes)[/]")
    nodes: dict[int | None, Tree] = {None: root}
    for info in infos:
        parent = nodes.get(info.parent_id, root)
        node = parent.add(_label(info))
        if details and info.definition:
            node.add(f"[dim]{escape(info.definition)}[/]")
        nodes[info.id] = node
    cli.console.print(root)


def _print_code(cli: Any, info: Any) -> None:
    table = Table(show_header=False, box=None, padding=(0, 2, 0, 0))
    table.add_column(style="bold")
    table.add_column()
    rows = [
        ("code", info.path_text),
        ("id", str(info.id)),
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


#: Add ``qualframe codes`` and its subcommands to ``app``.
app = typer.Typer()

codes = typer.Typer(
    help="The codebook: the tree of codes that is your conceptual framework.",
    no_args_is_help=True,
)
app.add_typer(codes, name="codes")


@codes.command("list")
def list_codes(
    ctx: typer.Context,
    retired: bool = typer.Option(False, "--retired", help="Show retired codes too."),
    details: bool = typer.Option(False, "--details", help="Show each code's definition."),
) -> None:
    """Show the codebook as a tree, with colours and coding counts."""
    cli = state(ctx)
    infos = cli.open_project().codebook.tree(include_retired=retired)
    if not infos:
        cli.console.print(_EMPTY)
        return
    _print_tree(cli, infos, details=details)


@codes.command("show")
def show(ctx: typer.Context, code: str = typer.Argument(..., help="Code path or name.")) -> None:
    """Show one code's definition, criteria, example and use."""
    cli = state(ctx)
    _print_code(cli, cli.open_project().codebook.get(code))


@codes.command("history")
def history(
    ctx: typer.Context,
    code: str | None = typer.Argument(None, help="Only this code (and codes merged into it)."),
) -> None:
    """Show how the framework changed: who did what, when (oldest first)."""
    cli = state(ctx)
    frame = cli.open_project().codebook.history(code)
    if frame.empty:
        cli.console.print("No changes recorded yet.")
        return
    table = Table("when (UTC)", "who", "what", "code", "change")
    for row in frame.itertuples(index=False):
        table.add_row(
            f"{row.at:%Y-%m-%d %H:%M}",
            escape(str(row.actor)),
            str(row.action).removeprefix("code."),
            escape(_text(row.code)),
            escape(_text(row.changes) or _text(row.summary)),
        )
    cli.console.print(table)


@codes.command("add")
def add(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="The code's name, or its full path 'Theme > Sub-code'."),
    parent: str | None = typer.Option(None, "--parent", help="Path of the parent code."),
    definition: str = typer.Option("", help="What the code means."),
    inclusion: str = typer.Option("", help="When to apply it."),
    exclusion: str = typer.Option("", help="When not to apply it."),
    example: str = typer.Option("", help="A typical quote."),
    origin: str = typer.Option("deductive", help="deductive or inductive."),
    colour: str | None = typer.Option(None, "--colour", "--color", help="#RRGGBB."),
    position: int | None = typer.Option(
        None, help="Place among its siblings, from 0 (default: last)."
    ),
) -> None:
    """Add a code to the codebook."""
    from qualframe.services.codebook.tree import PATH_SEPARATOR, split_path

    cli = state(ctx)
    if parent is None and PATH_SEPARATOR.strip() in name:
        *above, own = split_path(name)
        if above:
            parent, name = PATH_SEPARATOR.join(above), own
    info = cli.open_project().codebook.add(
        name,
        parent=parent,
        definition=definition,
        inclusion=inclusion,
        exclusion=exclusion,
        example=example,
        origin=origin,
        colour=colour,
        position=position,
    )
    cli.console.print(f"Added {_label(info)} as [bold]{escape(info.path_text)}[/]")


@codes.command("edit")
def edit(
    ctx: typer.Context,
    code: str = typer.Argument(..., help="Code path or name."),
    definition: str | None = typer.Option(None, help="What the code means."),
    inclusion: str | None = typer.Option(None, help="When to apply it."),
    exclusion: str | None = typer.Option(None, help="When not to apply it."),
    example: str | None = typer.Option(None, help="A typical quote."),
    origin: str | None = typer.Option(None, help="deductive or inductive."),
    colour: str | None = typer.Option(None, "--colour", "--color", help="#RRGGBB."),
) -> None:
    """Change a code's definition, criteria, example, origin or colour."""
    cli = state(ctx)
    info = cli.open_project().codebook.edit(
        code,
        definition=definition,
        inclusion=inclusion,
        exclusion=exclusion,
        example=example,
        origin=origin,
        colour=colour,
    )
    cli.console.print(f"Updated [bold]{escape(info.path_text)}[/]")


@codes.command("rename")
def rename(
    ctx: typer.Context,
    code: str = typer.Argument(..., help="Code path or name."),
    new_name: str = typer.Argument(..., help="The new name (not a path)."),
) -> None:
    """Rename a code; its codings, memos and sub-codes follow."""
    cli = state(ctx)
    info = cli.open_project().codebook.rename(code, new_name)
    cli.console.print(f"Renamed {escape(code)!r} to [bold]{escape(info.path_text)}[/]")


@codes.command("move")
def move(
    ctx: typer.Context,
    code: str = typer.Argument(..., help="Code path or name."),
    under: str | None = typer.Option(None, "--under", help="Path of the new parent."),
    root: bool = typer.Option(False, "--root", help="Make it a top-level code."),
    position: int | None = typer.Option(
        None, help="Place among its new siblings, from 0 (default: last)."
    ),
) -> None:
    """Move a code (with its sub-codes) under another code, to the top
    level, or (with only --position) to another place among its siblings."""
    cli = state(ctx)
    codebook = cli.open_project().codebook
    if under is not None and root:
        raise ValidationError("Give either --under PATH or --root, not both.")
    if under is None and not root and position is None:
        raise ValidationError("Say where to move the code: --under PATH, --root or --position N.")
    parent: str | int | None = under
    if under is None and not root:
        parent = codebook.get(code).parent_id  # reorder among the same siblings
    info = codebook.move(code, parent, position)
    cli.console.print(f"Moved to [bold]{escape(info.path_text)}[/] (position {info.position})")


@codes.command("merge")
def merge(
    ctx: typer.Context,
    source: str = typer.Argument(..., help="The code to merge away."),
    target: str = typer.Argument(..., help="The code that receives its codings."),
) -> None:
    """Merge SOURCE into TARGET: codings, memos and sub-codes move; SOURCE goes."""
    cli = state(ctx)
    summary = cli.open_project().codebook.merge(source, target)
    cli.console.print(
        f"Merged [bold]{escape(summary.source)}[/] into [bold]{escape(summary.target)}[/]: "
        f"{summary.codings_moved} codings moved, {summary.duplicates_dropped} duplicates "
        f"dropped, {summary.children_moved} sub-codes moved, {summary.codes_merged} "
        f"sub-codes merged, {summary.memos_relinked} memos re-linked."
    )


@codes.command("retire")
def retire(ctx: typer.Context, code: str = typer.Argument(..., help="Code path or name.")) -> None:
    """Retire a code and its sub-codes: kept with their codings, no longer offered."""
    cli = state(ctx)
    changed = cli.open_project().codebook.retire(code)
    if not changed:
        cli.console.print(f"{escape(code)!r} is already retired.")
    for info in changed:
        cli.console.print(f"Retired {escape(info.path_text)}")


@codes.command("restore")
def restore(
    ctx: typer.Context,
    code: str = typer.Argument(..., help="Code path or name."),
    recursive: bool = typer.Option(False, "--recursive", help="Restore its sub-codes too."),
) -> None:
    """Offer a retired code for coding again (and its retired parents)."""
    cli = state(ctx)
    changed = cli.open_project().codebook.restore(code, recursive=recursive)
    if not changed:
        cli.console.print(f"{escape(code)!r} is not retired.")
    for info in changed:
        cli.console.print(f"Restored {escape(info.path_text)}")


@codes.command("delete")
def delete(
    ctx: typer.Context,
    code: str = typer.Argument(..., help="Code path or name."),
    force: bool = typer.Option(
        False, "--force", help="Also delete its sub-codes and all their codings."
    ),
) -> None:
    """Delete a code that has no codings (retire or merge it to keep them)."""
    cli = state(ctx)
    summary = cli.open_project().codebook.delete(code, force=force)
    cli.console.print(
        f"Deleted {escape(summary.path)}: {summary.codes_deleted} codes, "
        f"{summary.codings_deleted} codings; {summary.memos_unlinked} memos now on the project."
    )


@codes.command("import")
def import_file(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="Codebook file: .csv, .tsv, .xlsx, .yaml"),
    dry_run: bool = typer.Option(False, "--dry-run", help="Show the changes, write nothing."),
    replace: bool = typer.Option(
        False, "--replace", help="Let the file's values win, blanks included."
    ),
) -> None:
    """Merge a codebook file into the tree by path: new codes are added,
    existing ones updated."""
    cli = state(ctx)
    report = cli.open_project().codebook.import_file(file, dry_run=dry_run, replace=replace)
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


@codes.command("export")
def export(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="Where to write: .csv, .xlsx, .yaml (by suffix)."),
    active_only: bool = typer.Option(False, "--active-only", help="Leave out retired codes."),
) -> None:
    """Write the codebook to a CSV, Excel or YAML file."""
    cli = state(ctx)
    count = cli.open_project().codebook.export_file(file, include_retired=not active_only)
    cli.console.print(f"Wrote {count} codes to {escape(str(file))}")


def _text(value: object) -> str:
    """A DataFrame cell as text ("" for a missing value, which pandas gives as NaN)."""
    return "" if value is None or (isinstance(value, float) and value != value) else str(value)
