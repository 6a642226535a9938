"""CLI commands: ``compare code|answers``, ``cooccurrence``, ``saturation``, ``typology``.

::

    qualframe compare code Hope --by "stakeholder group" --quotes 3 --export hope.html
    qualframe compare answers Q2 --by employer
    qualframe cooccurrence --theme Barriers --level participant --chart barriers.png
    qualframe saturation --order "interview date" --by "stakeholder group" --chart sat.svg
    qualframe typology define "model of peer work" --level case -c embedded -c standalone
    qualframe typology assign "model of peer work" "Trust A" embedded

Charts are written as .png or .svg; exports as .csv, .xlsx or .html.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.markup import escape
from rich.table import Table

from qualframe.cli.output import say, short, write_csv
from qualframe.cli.state import state
from qualframe.errors import ValidationError
from qualframe.services.core.where_filters import parse_where
from qualframe.vocabulary import CooccurrenceLevel, CooccurrenceMode, CooccurrenceValue

if TYPE_CHECKING:
    import pandas as pd

#: Characters of a quote shown in the terminal.
SHOWN_QUOTE = 160

_BY = typer.Option(..., "--by", help="The attribute whose groups to compare (case or participant).")
_CHART = typer.Option(None, "--chart", help="Also draw the chart to this .png or .svg file.")


def _cell(value: Any) -> str:
    """A table value for the terminal: shares as percentages, missing as a dash."""
    if isinstance(value, float):
        return "–" if math.isnan(value) else f"{value:.0%}" if value <= 1 else f"{value:g}"
    return escape(str(value))


def _print_frame(cli: Any, frame: pd.DataFrame, *, title: str | None = None) -> None:
    table = Table(*[escape(str(c)) for c in frame.columns], title=title and escape(title))
    for row in frame.itertuples(index=False):
        table.add_row(*[_cell(v) for v in row])
    cli.console.print(table)


def _write_frame(frame: pd.DataFrame, path: Path) -> None:
    if path.suffix.lower() != ".csv":
        raise ValidationError(f"{path.name}: tables are written as .csv files.")
    write_csv(frame, path, encoding="utf-8-sig")


#: Add ``compare``, ``cooccurrence``, ``saturation`` and ``typology`` to ``app``.
app = typer.Typer()

compare = typer.Typer(
    help="Compare codes or structured answers across the groups of an attribute.",
    no_args_is_help=True,
)
app.add_typer(compare, name="compare")
typology = typer.Typer(
    help="Typologies: dimensions whose categories each case or participant gets one of.",
    no_args_is_help=True,
)
app.add_typer(typology, name="typology")


@compare.command("code")
def compare_code(
    ctx: typer.Context,
    codes: list[str] = typer.Argument(..., help="Code path(s) or name(s), e.g. 'Hope'."),
    by: str = _BY,
    quotes: int = typer.Option(3, "--quotes", help="Quotes shown per group (0: none)."),
    subcodes: bool = typer.Option(
        True, "--subcodes/--no-subcodes", help="Count the sub-codes' codings too (a theme)."
    ),
    interviewed_only: bool = typer.Option(
        False, "--interviewed-only", help="Count only participants with a document."
    ),
    export: Path | None = typer.Option(
        None, "--export", help="Write the comparison to a .csv, .xlsx or .html file."
    ),
    chart: Path | None = _CHART,
) -> None:
    """Who said CODE in each group of an attribute, how much, and what (quotes)."""
    cli = state(ctx)
    project = cli.open_project()
    result = project.compare.code(
        codes if len(codes) > 1 else codes[0],
        by=by,
        include_subcodes=subcodes,
        quotes_per_group=quotes if export is None else None,
        interviewed_only=interviewed_only,
    )
    frame = result.to_frame()
    if len(result.codes) == 1:
        frame = frame.drop(columns="code")
    _print_frame(cli, frame, title=result.title)
    _print_quotes(cli, result, quotes)
    for code, questions in result.covering_questions.items():
        if not questions:
            say(
                cli,
                f"No question is recorded as covering {code!r}: nobody counts as not asked.",
            )
    if export is not None:
        say(cli, f"Wrote {project.compare.export(result, export)}.")
    if chart is not None:
        project.compare.comparison_chart(result, path=chart)
        say(cli, f"Drew {chart}.")


@compare.command("answers")
def compare_answers(
    ctx: typer.Context,
    question: str = typer.Argument(..., help="The structured question (identifier)."),
    by: str = _BY,
    export: Path | None = typer.Option(
        None, "--export", help="Write the comparison to a .csv, .xlsx or .html file."
    ),
) -> None:
    """Compare the answers to a structured QUESTION across groups, with a test."""
    cli = state(ctx)
    project = cli.open_project()
    result = project.compare.answers(question, by=by)
    _print_frame(cli, result.to_frame(), title=f"{result.title}: {result.question_text}")
    say(cli, result.summary())
    if result.comparison.no_group:
        say(
            cli,
            f"{result.comparison.no_group} participant(s) without a {result.attribute} "
            "value left out.",
        )
    if export is not None:
        say(cli, f"Wrote {project.compare.export(result, export)}.")


@app.command("cooccurrence")
def cooccurrence(
    ctx: typer.Context,
    theme: str | None = typer.Option(None, "--theme", help="Compare this theme's sub-codes."),
    code: list[str] | None = typer.Option(None, "--code", help="A code to compare (repeat)."),
    subcodes: bool = typer.Option(
        False, "--subcodes", help="With --code: count each code's sub-codes with it."
    ),
    level: CooccurrenceLevel = typer.Option(
        "segment", "--level", help="'segment' or 'participant'."
    ),
    mode: CooccurrenceMode = typer.Option(
        "overlap", "--mode", help="Segments: 'overlap' or 'turn'."
    ),
    unit: str = typer.Option(
        "participant",
        "--unit",
        help="Participant level: count 'participant', 'case' or 'document'.",
    ),
    where: list[str] | None = typer.Option(
        None, "--where", help="Only codings where an attribute has a value: 'NAME=VALUE'."
    ),
    similarity: bool = typer.Option(
        False, "--similarity", help="Chart the 0–1 similarity instead of the counts."
    ),
    csv: Path | None = typer.Option(None, "--csv", help="Write the pairs to a CSV file."),
    chart: Path | None = _CHART,
) -> None:
    """Which codes occur together: overlapping codings, one speaker turn, or one person."""
    cli = state(ctx)
    project = cli.open_project()
    result = project.compare.cooccurrence(
        code or None,
        theme=theme,
        include_subcodes=subcodes,
        level=level,
        mode=mode,
        unit=unit,
        where=parse_where(where),
    )
    pairs = result.to_frame(include_zero=False).sort_values("count", ascending=False)
    what = "pairs of codings" if result.level == "segment" else f"{unit}s with both"
    say(cli, f"Co-occurrence of {len(result.codes)} codes ({result.mode}; {what}).")
    if pairs.empty:
        say(cli, "No two codes occur together.")
    else:
        _print_frame(cli, pairs.round({"similarity": 2}))
    if csv is not None:
        _write_frame(result.to_frame(), csv)
        say(cli, f"Wrote {csv}.")
    if chart is not None:
        value: CooccurrenceValue = "similarity" if similarity else "counts"
        project.compare.cooccurrence_chart(result, value=value, path=chart)
        say(cli, f"Drew {chart}.")


@app.command("saturation")
def saturation(
    ctx: typer.Context,
    by: str | None = typer.Option(None, "--by", help="One curve per group of this attribute."),
    order: str = typer.Option(
        "position", "--order", help="'position', 'imported' or a document date attribute."
    ),
    csv: Path | None = typer.Option(None, "--csv", help="Write the steps to a CSV file."),
    chart: Path | None = _CHART,
) -> None:
    """New codes per interview, in interview order: is the coding saturating?"""
    cli = state(ctx)
    project = cli.open_project()
    result = project.compare.saturation(order_by=order, by=by)
    frame = result.to_frame()[
        [
            c
            for c in ("group", "step", "document", "codes", "new", "cumulative_codes")
            if c in result.steps.columns
        ]
    ]
    _print_frame(cli, frame, title=f"Saturation (documents by {result.order_by})")
    _print_frame(cli, result.summary().drop(columns="group") if by is None else result.summary())
    if result.unplaced:
        say(
            cli,
            f"Without a {result.order_by} (placed last, in import order): "
            + ", ".join(result.unplaced)
            + ".",
        )
    if csv is not None:
        _write_frame(result.to_frame(), csv)
        say(cli, f"Wrote {csv}.")
    if chart is not None:
        project.compare.saturation_chart(result, path=chart)
        say(cli, f"Drew {chart}.")


@typology.command("define")
def define(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="The dimension's name."),
    category: list[str] = typer.Option(..., "--category", "-c", help="A category (repeat)."),
    level: str = typer.Option("case", "--level", help="It classifies 'case' or 'participant'."),
    description: str = typer.Option("", "--description", help="What the dimension means."),
) -> None:
    """Define a typology dimension with its categories."""
    cli = state(ctx)
    record = cli.open_project().typologies.define(
        name, level=level, categories=category, description=description
    )
    say(
        cli,
        f"Defined typology {record.name!r} of {record.level.value}s: "
        + ", ".join(record.categories)
        + ".",
    )


@typology.command("assign")
def assign(
    ctx: typer.Context,
    dimension: str = typer.Argument(..., help="The typology dimension."),
    target: str = typer.Argument(..., help="The case (or participant)."),
    category: str = typer.Argument(..., help="Its category."),
    replace: bool = typer.Option(False, "--replace", help="Replace an existing category."),
) -> None:
    """Put a case or participant in one category of a dimension."""
    cli = state(ctx)
    done = cli.open_project().typologies.assign(dimension, target, category, replace=replace)
    was = f" (was {done.previous!r})" if done.previous and done.previous != done.category else ""
    say(cli, f"{done.object} is {done.category!r} on {done.dimension!r}{was}.")


@typology.command("unassign")
def unassign(
    ctx: typer.Context,
    dimension: str = typer.Argument(..., help="The typology dimension."),
    target: str = typer.Argument(..., help="The case (or participant)."),
) -> None:
    """Remove a case's or participant's category."""
    cli = state(ctx)
    done = cli.open_project().typologies.unassign(dimension, target)
    say(cli, f"{done.object} has no category on {done.dimension!r} now.")


@typology.command("list")
def list_(
    ctx: typer.Context,
    dimension: str | None = typer.Argument(None, help="Show this dimension's assignments."),
) -> None:
    """List the typology dimensions, or one dimension's assignments."""
    cli = state(ctx)
    project = cli.open_project()
    if dimension is None:
        records = project.typologies.dimensions()
        if not records:
            say(cli, "No typology dimensions yet; add one with 'qualframe typology define'.")
            return
        for r in records:
            say(
                cli,
                f"{r.name} ({r.level.value}s): {', '.join(r.categories)} — "
                f"{r.assigned} assigned, {r.unassigned} not yet.",
            )
        return
    frame = project.typologies.assignments(dimension)
    frame = frame.assign(category=frame["category"].fillna("(not assigned)"))
    _print_frame(cli, frame.drop(columns=["dimension", "level"]), title=dimension)


def _print_quotes(cli: Any, result: Any, limit: int) -> None:
    if limit <= 0:
        return
    several = len(result.codes) > 1
    for group in result.groups:
        found = result.quotes.get(group, [])
        if not found:
            continue
        say(cli, f"— {group}:")
        shown: dict[str, int] = {}
        for quote in found:
            # Exports keep every quote; the terminal shows ``limit`` per code and group.
            shown[quote.code] = shown.get(quote.code, 0) + 1
            if shown[quote.code] > limit:
                continue
            prefix = f"[{quote.code}] " if several else ""
            say(cli, f'  {prefix}"{short(quote.text, SHOWN_QUOTE)}" ({quote.location()})')
