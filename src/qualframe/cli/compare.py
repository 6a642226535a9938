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
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from qualframe.cli import options
from qualframe.cli.app import Commands, command_group
from qualframe.cli.output import say, short, write_csv
from qualframe.cli.state import CliState
from qualframe.errors import ValidationError
from qualframe.vocabulary import (
    CooccurrenceLevel,
    CooccurrenceMode,
    CooccurrenceUnit,
    CooccurrenceValue,
)

if TYPE_CHECKING:
    import pandas as pd

    from qualframe.services.compare.code_comparison import CodeComparison
    from qualframe.services.compare.coding_saturation import Saturation

#: Characters of a quote shown in the terminal.
SHOWN_QUOTE = 160

By = Annotated[
    str, typer.Option("--by", help="The attribute whose groups to compare (case or participant).")
]
CurveBy = Annotated[
    str | None,
    typer.Option("--by", help="One curve per group of this attribute.", show_default=False),
]
Export = Annotated[
    Path | None,
    typer.Option(
        "--export", help="Write the comparison to a .csv, .xlsx or .html file.", show_default=False
    ),
]
Subcodes = Annotated[
    bool,
    typer.Option(
        "--include-subcodes/--no-include-subcodes",
        "--subcodes/--no-subcodes",
        help="Count the sub-codes' codings too (a theme).",
    ),
]
#: ``cooccurrence --unit``: what the participant level counts.
Unit = Annotated[
    CooccurrenceUnit,
    typer.Option("--unit", help="Participant level: count 'participant', 'case' or 'document'."),
]


def _cell(value: Any) -> str:
    """A table value for the terminal: shares as percentages, missing as a dash."""
    if value is None:
        return "–"
    if isinstance(value, float):
        return "–" if math.isnan(value) else f"{value:.0%}" if value <= 1 else f"{value:g}"
    return escape(str(value))


def _print_rows(
    cli: CliState,
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    title: str | None = None,
) -> None:
    """Print rows (one value per column) as a table with these column headings."""
    table = Table(*[escape(c) for c in columns], title=title and escape(title))
    for row in rows:
        table.add_row(*[_cell(v) for v in row])
    cli.console.print(table)


def _print_records(
    cli: CliState, columns: Sequence[str], records: Iterable[Any], *, title: str | None = None
) -> None:
    """Print typed rows (dataclasses), the ``columns`` fields of each."""
    rows = ([getattr(record, c) for c in columns] for record in records)
    _print_rows(cli, columns, rows, title=title)


def _print_frame(cli: CliState, frame: pd.DataFrame, *, title: str | None = None) -> None:
    columns = [str(c) for c in frame.columns]
    _print_rows(cli, columns, frame.itertuples(index=False), title=title)


def _write_frame(frame: pd.DataFrame, path: Path) -> None:
    if path.suffix.lower() != ".csv":
        raise ValidationError(f"{path.name}: tables are written as .csv files.")
    write_csv(frame, path, encoding="utf-8-sig")


def _wrote(cli: CliState, path: Path, verb: str = "Wrote") -> None:
    say(cli, f"{verb} {path}.")


@dataclass(frozen=True)
class Outputs(options.OptionGroup):
    """The files ``cooccurrence`` and ``saturation`` also write: the table and the chart."""

    csv: Annotated[
        Path | None,
        typer.Option("--csv", help="Write the table to a CSV file.", show_default=False),
    ] = None
    chart: options.Chart = None

    def write(
        self, cli: CliState, frame: Callable[[], pd.DataFrame], draw: Callable[[Path], object]
    ) -> None:
        """Write the table (``frame()``) to ``--csv`` and draw the chart
        (``draw(path)``) to ``--chart``, where given."""
        if self.csv is not None:
            _write_frame(frame(), self.csv)
            _wrote(cli, self.csv)
        if self.chart is not None:
            draw(self.chart)
            _wrote(cli, self.chart, "Drew")


#: Add ``compare``, ``cooccurrence``, ``saturation`` and ``typology`` to ``app``.
app = Commands()

compare = command_group(
    app, "compare", "Compare codes or structured answers across the groups of an attribute."
)
typology = command_group(
    app, "typology", "Typologies: dimensions whose categories each case or participant gets one of."
)


@compare.command("code", reads=True)
def compare_code(
    cli: CliState,
    codes: Annotated[
        list[str], typer.Argument(help="Code path(s) or name(s), e.g. 'Hope'.", show_default=False)
    ],
    by: By,
    quotes: Annotated[int, typer.Option("--quotes", help="Quotes shown per group (0: none).")] = 3,
    subcodes: Subcodes = True,
    interviewed_only: Annotated[
        bool,
        typer.Option("--interviewed-only", help="Count only participants with a document."),
    ] = False,
    export: Export = None,
    chart: options.Chart = None,
) -> None:
    """Who said CODE in each group of an attribute, how much, and what (quotes)."""
    project = cli.open_project()
    result = project.compare.code(
        codes if len(codes) > 1 else codes[0],
        by=by,
        include_subcodes=subcodes,
        quotes_per_group=quotes if export is None else None,
        interviewed_only=interviewed_only,
    )
    from qualframe.services.compare.code_comparison import TABLE_COLUMNS

    columns = TABLE_COLUMNS[1:] if len(result.codes) == 1 else TABLE_COLUMNS
    _print_records(cli, columns, result.rows, title=result.title)
    _print_quotes(cli, result, quotes)
    for code, questions in result.covering_questions.items():
        if not questions:
            say(
                cli,
                f"No question is recorded as covering {code!r}: nobody counts as not asked.",
            )
    if export is not None:
        _wrote(cli, project.compare.export(result, export))
    if chart is not None:
        project.compare.comparison_chart(result, path=chart)
        _wrote(cli, chart, "Drew")


@compare.command("answers", reads=True)
def compare_answers(
    cli: CliState,
    question: Annotated[
        str, typer.Argument(help="The structured question (identifier).", show_default=False)
    ],
    by: By,
    export: Export = None,
) -> None:
    """Compare the answers to a structured QUESTION across groups, with a test.

    A test on groups of fewer than 5 people is still printed, marked "Not
    reliable", after a caveat line: the counts per group are the result."""
    project = cli.open_project()
    result = project.compare.answers(question, by=by)
    # On an ordinal scale each group is also described by its median and range.
    spread = ["median", "range"] if result.comparison.spread() else []
    columns = ["group", *result.levels, "n", *spread, "no answer", "not asked"]
    rows = [
        [row.group, *(row.counts[level] for level in result.levels), row.n,
         *([row.median, _range(row.lowest, row.highest)] if spread else []),
         row.no_answer, row.not_asked]
        for row in result.group_rows()
    ]  # fmt: skip
    _print_rows(cli, columns, rows, title=f"{result.title}: {result.question_text}")
    if result.comparison.test.caveat:
        say(cli, f"Caveat: {result.comparison.test.caveat}")
    say(cli, result.summary())
    if result.comparison.no_group:
        say(
            cli,
            f"{result.comparison.no_group} participant(s) without a {result.attribute} "
            "value left out.",
        )
    if export is not None:
        _wrote(cli, project.compare.export(result, export))


def _range(lowest: str | None, highest: str | None) -> str | None:
    """An ordinal group's range: "low to high", one level, or None without answers."""
    if lowest is None or lowest == highest:
        return lowest
    return f"{lowest} to {highest}"


@app.command("cooccurrence", reads=True)
def cooccurrence(
    cli: CliState,
    theme: Annotated[
        str | None,
        typer.Option("--theme", help="Compare this theme's sub-codes.", show_default=False),
    ] = None,
    code: Annotated[
        list[str] | None,
        typer.Option("--code", help="A code to compare (repeat).", show_default=False),
    ] = None,
    subcodes: options.IncludeSubcodes = False,
    level: Annotated[
        CooccurrenceLevel, typer.Option("--level", help="'segment' or 'participant'.")
    ] = "segment",
    mode: Annotated[
        CooccurrenceMode, typer.Option("--mode", help="Segments: 'overlap' or 'turn'.")
    ] = "overlap",
    unit: Unit = "participant",
    *,
    filters: Annotated[options.Filters, options.Only("where", "coder")],
    similarity: Annotated[
        bool,
        typer.Option("--similarity", help="Chart the 0–1 similarity instead of the counts."),
    ] = False,
    outputs: Outputs,
) -> None:
    """Which codes occur together: overlapping codings, one speaker turn, or one person."""
    project = cli.open_project()
    result = project.compare.cooccurrence(
        code or None,
        theme=theme,
        include_subcodes=subcodes,
        level=level,
        mode=mode,
        unit=unit,
        scope=filters.scope(),
    )
    pairs = result.pairs()
    what = "pairs of codings" if result.level == "segment" else f"{unit}s with both"
    say(cli, f"Co-occurrence of {len(result.codes)} codes ({result.mode}; {what}).")
    if not pairs:
        say(cli, "No two codes occur together.")
    else:
        rows = [
            [p.code_a, p.code_b, p.count, None if p.similarity is None else round(p.similarity, 2)]
            for p in pairs
        ]
        _print_rows(cli, ["code_a", "code_b", "count", "similarity"], rows)
    value: CooccurrenceValue = "similarity" if similarity else "counts"
    outputs.write(
        cli,
        result.to_frame,
        lambda path: project.compare.cooccurrence_chart(result, value=value, path=path),
    )


@app.command("saturation", reads=True)
def saturation(
    cli: CliState,
    by: CurveBy = None,
    order: Annotated[
        str,
        typer.Option("--order", help="'position', 'imported' or a document date attribute."),
    ] = "position",
    coder: options.Coder = None,
    *,
    outputs: Outputs,
) -> None:
    """New codes per interview, in interview order: is the coding saturating?"""
    project = cli.open_project()
    result = project.compare.saturation(order_by=order, by=by, coder=coder)
    grouped = ("group",) if by is not None else ()
    steps = (*grouped, "step", "document", "codes", "new", "cumulative_codes", "coding_done")
    _print_records(
        cli, steps, result.step_rows(), title=f"Saturation (documents by {result.order_by})"
    )
    summary = (*grouped, "steps", "codes", "last_new_step", "steps_since_new", "not_done")
    _print_records(cli, summary, result.summary_rows())
    if result.unplaced:
        say(
            cli,
            f"Without a {result.order_by} (placed last, in import order): "
            + ", ".join(result.unplaced)
            + ".",
        )
    _say_coding_progress(cli, result)
    outputs.write(
        cli, result.to_frame, lambda path: project.compare.saturation_chart(result, path=path)
    )


def _say_coding_progress(cli: CliState, result: Saturation) -> None:
    """Name the documents left out (not coded yet) and those flagged (coded, not done)."""
    if result.not_coded:
        say(cli, "Not yet coded, left out of the curve: " + ", ".join(result.not_coded) + ".")
    if result.in_progress:
        say(
            cli,
            "Coded but not marked coding done (they may still bring new codes; "
            "`qualframe documents done DOC` marks one): " + ", ".join(result.in_progress) + ".",
        )


Dimension = Annotated[str, typer.Argument(help="The typology dimension.", show_default=False)]
Target = Annotated[str, typer.Argument(help="The case (or participant).", show_default=False)]


@typology.command("define")
def define(
    cli: CliState,
    name: Annotated[str, typer.Argument(help="The dimension's name.", show_default=False)],
    category: Annotated[
        list[str], typer.Option("--category", "-c", help="A category (repeat).", show_default=False)
    ],
    level: Annotated[
        str, typer.Option("--level", help="It classifies 'case' or 'participant'.")
    ] = "case",
    description: Annotated[
        str, typer.Option("--description", help="What the dimension means.")
    ] = "",
) -> None:
    """Define a typology dimension with its categories."""
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
    cli: CliState,
    dimension: Dimension,
    target: Target,
    category: Annotated[str, typer.Argument(help="Its category.", show_default=False)],
    replace: Annotated[
        bool, typer.Option("--replace", help="Replace an existing category.")
    ] = False,
) -> None:
    """Put a case or participant in one category of a dimension."""
    done = cli.open_project().typologies.assign(dimension, target, category, replace=replace)
    was = f" (was {done.previous!r})" if done.previous and done.previous != done.category else ""
    say(cli, f"{done.object} is {done.category!r} on {done.dimension!r}{was}.")


@typology.command("unassign")
def unassign(
    cli: CliState,
    dimension: Dimension,
    target: Target,
) -> None:
    """Remove a case's or participant's category."""
    done = cli.open_project().typologies.unassign(dimension, target)
    say(cli, f"{done.object} has no category on {done.dimension!r} now.")


@typology.command("list", reads=True)
def list_(
    cli: CliState,
    dimension: Annotated[
        str | None,
        typer.Argument(help="Show this dimension's assignments.", show_default=False),
    ] = None,
) -> None:
    """List the typology dimensions, or one dimension's assignments."""
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


def _print_quotes(cli: CliState, result: CodeComparison, limit: int) -> None:
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
