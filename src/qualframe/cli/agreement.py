"""CLI commands: inter-coder agreement, agreement rounds and the disagreement queue.

::

    qualframe agreement --unit turn --code Hope --coder Ann --coder Ben
    qualframe agreement --unit span --format csv > agreement.csv
    qualframe round open "Pilot" --unit paragraph --document "P01 interview"
    qualframe round list
    qualframe round show Pilot
    qualframe disagreements Pilot --code Hope
    qualframe resolve Pilot 3:7:120:188 --keep Ann --note "Ann's reading fits the definition"
    qualframe cell-agreement Ann Ben

Agreement is always measured on a stated unit (``--unit``): speaker turns,
paragraphs or sentences (each coder applied a code to a unit or not), or
the text itself, character by character (``span``). Every table names its
unit in its title and ends with what each figure means.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, Any, Literal

import typer

from qualframe.cli.app import Commands, command_group
from qualframe.cli.change_model_views import print_csv, print_json
from qualframe.cli.options import Documents
from qualframe.cli.output import cell_text, counted, print_table, say, short, titled_table
from qualframe.cli.state import CliState
from qualframe.errors import ValidationError
from qualframe.vocabulary import AgreementUnit

if TYPE_CHECKING:
    from qualframe.services.team.records import (
        AgreementReport,
        CellAgreement,
        CoderReading,
        Disagreement,
        ResolutionRecord,
        RoundRecord,
    )

# ---------------------------------------------------------------- options of this area

Unit = Annotated[
    AgreementUnit,
    typer.Option(
        "--unit",
        help="What agreement is measured on: speaker turns, paragraphs, sentences, or the "
        "text itself character by character (span).",
    ),
]
Codes = Annotated[
    list[str] | None,
    typer.Option("--code", help="Only this code (path or name; repeatable).", show_default=False),
]
Coders = Annotated[
    list[str] | None,
    typer.Option("--coder", help="Only this coder (repeatable; at least two).", show_default=False),
]
Format = Annotated[
    Literal["table", "json", "csv"],
    typer.Option("--format", help="table, json or csv (on standard output)."),
]
RoundName = Annotated[
    str, typer.Argument(help="The agreement round (its name).", show_default=False)
]

#: How each unit is spelled out in a title.
UNIT_WORDS = {
    AgreementUnit.TURN: "speaker turns",
    AgreementUnit.PARAGRAPH: "paragraphs",
    AgreementUnit.SENTENCE: "sentences",
    AgreementUnit.SPAN: "the text itself, character by character",
}
#: Characters of a passage shown in a table cell.
SHOWN_PASSAGE = 60
#: The row of the figures over every code.
OVERALL = "(overall)"


def unit_title(unit: AgreementUnit | str) -> str:
    """ "Agreement on speaker turns (--unit turn)": the unit spelled out and as given."""
    chosen = AgreementUnit(unit)
    return f"Agreement on {UNIT_WORDS[chosen]} (--unit {chosen.value})"


def figure_text(value: float | None, *, share: bool = False) -> str:
    """A figure for the terminal: a share as a percentage, a coefficient with two
    decimals, "–" when it is not defined (no variation, too few units)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:.0%}" if share else f"{value:.2f}"


def _figures(unit: AgreementUnit | str) -> Sequence[Any]:
    """The figures shown for ``unit`` (records with key, name, short, meaning, share)."""
    from qualframe.services.team.figures import SPAN_FIGURES, UNIT_FIGURES

    return SPAN_FIGURES if AgreementUnit(unit) is AgreementUnit.SPAN else UNIT_FIGURES


def _figure_cells(figures: object, shown: Sequence[Any]) -> list[str]:
    return [
        figure_text(getattr(figures, f.key, None) if figures is not None else None, share=f.share)
        for f in shown
    ]


def _applied(applied: dict[str, int] | Any) -> str:
    return ", ".join(f"{coder} {count}" for coder, count in dict(applied).items())


def print_report(cli: CliState, report: AgreementReport) -> None:
    """Print an agreement report: one row per code and the overall row, the
    unit in the title, then what each figure means and the report's notes."""
    scope = report.scope
    unit = AgreementUnit(scope.unit)
    shown = _figures(unit)
    overall = report.overall_spans if unit is AgreementUnit.SPAN else report.overall_units
    measured = "characters" if unit is AgreementUnit.SPAN else UNIT_WORDS[unit]
    heading = unit_title(unit) + (
        f": {report.unit_count:,} {measured}, {counted(len(scope.coders), 'coder')} "
        f"({', '.join(scope.coders)}), {counted(len(scope.documents), 'document')}"
    )
    rows = [
        (cell_text(code.code), cell_text(_applied(code.applied)),
         *_figure_cells(code.spans if unit is AgreementUnit.SPAN else code.units, shown))
        for code in report.per_code
    ]  # fmt: skip
    rows.append((OVERALL, "", *_figure_cells(overall, shown)))
    applied = "codings, by coder" if unit is AgreementUnit.SPAN else f"{measured} coded, by coder"
    _print_titled(cli, heading, ("code", applied, *(f.short for f in shown)), rows)
    print_legend(cli, unit)
    for note in report.notes:
        say(cli, f"Note: {note}")


def _print_titled(
    cli: CliState, title: str, columns: Sequence[str], rows: Sequence[Sequence[str]]
) -> None:
    """A title line (never wrapped, so the unit stays on one line), then the table."""
    say(cli, title)
    print_table(cli, "", columns, rows)


def print_legend(cli: CliState, unit: AgreementUnit | str, *, overall: bool = True) -> None:
    """What each figure of ``unit`` means, how to read the coefficients, how
    the overall row is made (``overall``), and which figure to report."""
    from qualframe.services.team.figures import POOLED, PREFERRED, SCALE

    for figure in _figures(unit):
        say(cli, f"{figure.short}: {figure.name}. {figure.meaning}")
    say(
        cli,
        f"Reading the coefficients: {SCALE} A dash: not defined here (too few units, or "
        "nothing to tell apart, e.g. a code nobody applied).",
    )
    if overall:
        spans = AgreementUnit(unit) is AgreementUnit.SPAN
        say(cli, "Overall, every code is measured at once." if spans else POOLED)
    say(cli, PREFERRED)


def report_json(report: AgreementReport) -> dict[str, Any]:
    """A report as JSON, its unit named at the top."""
    data = report.to_json()
    return {"unit": AgreementUnit(report.scope.unit).value, **data}


#: Add ``agreement``, ``round``, ``disagreements``, ``resolve`` and ``cell-agreement`` to ``app``.
app = Commands()

round_app = command_group(
    app,
    "round",
    "Agreement rounds: a fixed set of documents, codes and coders whose disagreements the "
    "team resolves, with the figures before and after.",
)


@app.command("agreement", reads=True)
def agreement(
    cli: CliState,
    unit: Unit = AgreementUnit.TURN,
    code: Codes = None,
    document: Documents = None,
    coder: Coders = None,
    format: Format = "table",
) -> None:
    """Agreement between coders, per code and overall, on a stated unit.

    Percent agreement, Cohen's and Fleiss' kappa, Gwet's AC1 and Krippendorff's
    alpha on units (turns, paragraphs, sentences); Krippendorff's unitizing
    alpha and the character figures beside the uncoded share on spans.
    Without choices: every document coded by two or more coders, every code
    used in them, every coder who coded them."""
    chosen: dict[str, Any] = {
        "unit": unit,
        "documents": document or None,
        "codes": code or None,
        "coders": coder or None,
    }
    project = cli.open_project()
    if format == "csv":
        print_csv(project.agreement.table(**chosen))
        return
    report = project.agreement.measure(**chosen)
    if format == "json":
        print_json(report_json(report))
        return
    print_report(cli, report)


# ---------------------------------------------------------------- rounds


@round_app.command("open")
def open_round(
    cli: CliState,
    name: Annotated[str, typer.Argument(help="The round's name.", show_default=False)],
    unit: Unit = AgreementUnit.TURN,
    code: Codes = None,
    document: Documents = None,
    coder: Coders = None,
    note: Annotated[str, typer.Option("--note", help="What the round is for.")] = "",
) -> None:
    """Open an agreement round: its documents, codes and coders are fixed, the
    figures at opening kept, and its disagreements queued for the team."""
    opened = cli.open_project().agreement.open_round(
        name,
        unit=unit,
        documents=document or None,
        codes=code or None,
        coders=coder or None,
        note=note,
    )
    say(
        cli,
        f"Opened the round {opened.name!r} on {UNIT_WORDS[AgreementUnit(opened.unit)]} "
        f"(--unit {AgreementUnit(opened.unit).value}): {counted(len(opened.coders), 'coder')}, "
        f"{counted(len(opened.documents), 'document')}, {counted(len(opened.codes), 'code')}; "
        f"{counted(opened.open_disagreements, 'disagreement')} to resolve "
        f"('qualframe disagreements {opened.name}').",
    )


@round_app.command("list", reads=True)
def list_rounds(cli: CliState) -> None:
    """The project's agreement rounds, newest last."""
    found = cli.open_project().agreement.rounds()
    if not found:
        say(cli, "No agreement round yet; open one with 'qualframe round open NAME'.")
        return
    rows = [_round_row(found_round) for found_round in found]
    columns = ("id", "round", "unit", "opened", "by", "documents", "codes", "coders", "open",
               "resolved")  # fmt: skip
    print_table(cli, "Agreement rounds", columns, rows)


def _round_row(found: RoundRecord) -> tuple[str, ...]:
    return (
        str(found.id),
        cell_text(found.name),
        AgreementUnit(found.unit).value,
        f"{found.opened_at:%Y-%m-%d %H:%M}",
        cell_text(found.opened_by),
        str(len(found.documents)),
        str(len(found.codes)),
        cell_text(", ".join(found.coders)),
        str(found.open_disagreements),
        str(found.resolved),
    )


@round_app.command("show", reads=True)
def show_round(cli: CliState, name: RoundName, format: Format = "table") -> None:
    """A round's figures at opening and now, side by side (resolved passages
    count as agreed now), and how many disagreements are left."""
    project = cli.open_project()
    figures = project.agreement.figures(name)
    if format == "json":
        print_json(
            {
                "round": dataclasses.asdict(figures.round),
                "unit": AgreementUnit(figures.round.unit).value,
                "before": report_json(figures.before),
                "after": report_json(figures.after),
            }
        )
        return
    if format == "csv":
        print_csv(_before_after_frame(figures.before, figures.after))
        return
    found = figures.round
    say(
        cli,
        f"Round {found.name!r}, opened {found.opened_at:%Y-%m-%d %H:%M} by {found.opened_by}: "
        f"{counted(found.open_disagreements, 'disagreement')} open, {found.resolved} resolved.",
    )
    if found.note:
        say(cli, found.note)
    _print_before_after(cli, figures.before, figures.after)


def _before_after_frame(before: AgreementReport, after: AgreementReport) -> Any:
    """The two reports' tables, one below the other, with a column ``when``
    ("opening", "now")."""
    import pandas as pd

    from qualframe.services.team.frames import agreement_frame

    first, second = agreement_frame(before), agreement_frame(after)
    # A code renamed or moved since the opening is labelled with its path now.
    later = {code.code_id: code.code for code in after.per_code}
    paths = {code.code: later.get(code.code_id, code.code) for code in before.per_code}
    first["code"] = first["code"].map(lambda path: paths.get(path, path))
    first.insert(0, "when", "opening")
    second.insert(0, "when", "now")
    return pd.concat([first, second], ignore_index=True)


def _print_before_after(cli: CliState, before: AgreementReport, after: AgreementReport) -> None:
    unit = AgreementUnit(before.scope.unit)
    shown = _figures(unit)
    overall = "overall_spans" if unit is AgreementUnit.SPAN else "overall_units"
    then, now = getattr(before, overall), getattr(after, overall)
    rows = [
        (cell_text(f.name), figure_text(getattr(then, f.key, None), share=f.share),
         figure_text(getattr(now, f.key, None), share=f.share))
        for f in shown
    ]  # fmt: skip
    title = f"{unit_title(unit)}, overall: at opening and now"
    _print_titled(cli, title, ("figure", "at opening", "now"), rows)
    key = shown[0]
    attribute = "spans" if unit is AgreementUnit.SPAN else "units"
    # By id: a code renamed or moved since the round opened is the same code,
    # labelled with its path now.
    later = {code.code_id: code for code in after.per_code}
    per_code = []
    for code in before.per_code:
        now = later.get(code.code_id)
        per_code.append((
            cell_text(now.code if now is not None else code.code),
            figure_text(getattr(getattr(code, attribute), key.key, None)),
            figure_text(getattr(getattr(now, attribute, None), key.key, None)),
        ))  # fmt: skip
    _print_titled(cli, f"{key.name} per code", ("code", "at opening", "now"), per_code)
    print_legend(cli, unit)


@round_app.command("delete")
def delete_round(
    cli: CliState,
    name: RoundName,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete a round with its resolutions (the codings stay as they are now)."""
    # Ask before opening the project: its transaction holds the write lock.
    if not yes:
        typer.confirm(
            f"Delete the round {name!r} and the record of its resolutions? The codings stay.",
            abort=True,
        )
    gone = cli.open_project().agreement.delete_round(name)
    say(cli, f"Deleted the round {gone.name!r} ({counted(gone.resolved, 'resolution')}).")


# ---------------------------------------------------------------- the disagreement queue


@app.command("disagreements", reads=True)
def disagreements(
    cli: CliState,
    round: RoundName,
    code: Annotated[
        str | None, typer.Option("--code", help="Only this code.", show_default=False)
    ] = None,
    document: Annotated[
        str | None, typer.Option("--document", help="Only this document.", show_default=False)
    ] = None,
    resolved: Annotated[
        bool, typer.Option("--resolved", help="Only the resolved ones (with how).")
    ] = False,
    every: Annotated[bool, typer.Option("--all", help="Open and resolved ones.")] = False,
    format: Format = "table",
) -> None:
    """The disagreements of a round: each passage with every coder's reading.

    Open ones by default; KEY (first column) names one for 'qualframe resolve'."""
    if resolved and every:
        raise ValidationError("Give --resolved or --all, not both.")
    chosen: dict[str, Any] = {
        "code": code,
        "document": document,
        "resolved": None if every else resolved,
    }
    agreement_api = cli.open_project().agreement
    if format == "csv":
        print_csv(agreement_api.disagreements_table(round, **chosen))
        return
    found = agreement_api.disagreements(round, **chosen)
    if format == "json":
        print_json(found)
        return
    if not found:
        which = "resolved" if resolved else "" if every else "open"
        say(cli, f"No {which + ' ' if which else ''}disagreement in the round {round!r}.")
        return
    _print_disagreements(cli, round, found)


def _reading_text(reading: CoderReading | None) -> str:
    """One coder's reading in words: where they coded, or that the code does
    not apply in their reading, or that they did not code the document."""
    if reading is None or not (reading.codings or reading.coded_document):
        return "did not code this document"
    if not reading.codings:
        return "does not apply here"
    return "; ".join(f"coded {c.start}–{c.end}" for c in reading.codings)


def _print_disagreements(cli: CliState, round: str, found: Sequence[Disagreement]) -> None:
    coders = [reading.coder for reading in found[0].readings]
    any_resolved = any(d.resolution is not None for d in found)
    rows = []
    for item in found:
        readings = {reading.coder: reading for reading in item.readings}
        row = [
            cell_text(item.key), cell_text(item.document), cell_text(item.code),
            f"{item.start}–{item.end}", cell_text(short(item.text, SHOWN_PASSAGE)),
            *(cell_text(_reading_text(readings.get(coder))) for coder in coders),
        ]  # fmt: skip
        if any_resolved:
            row.append(cell_text(_how(item.resolution) if item.resolution else ""))
        rows.append(row)
    columns = ["key", "document", "code", "characters", "passage", *coders]
    if any_resolved:
        columns.append("resolved")
    say(cli, f"Disagreements of the round {round}")
    table = titled_table("", *columns)
    # The key is copied into 'qualframe resolve': never wrapped or cut (the
    # other columns wrap instead); a terminal too narrow for every column's
    # longest word gets one disagreement per paragraph, its key on a line of its own.
    table.columns[0].no_wrap = True
    table.columns[0].overflow = "fold"
    for row in rows:
        table.add_row(*row)
    if _narrowest(columns, rows) > cli.console.width:
        _print_disagreement_lines(cli, found)
        return
    cli.console.print(table)


def _narrowest(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> int:
    """The narrowest a table of ``rows`` prints without cutting a word:
    each column's longest word (the first column's whole text), its padding
    and the borders (terminal cells)."""
    from rich.cells import cell_len

    def longest(index: int, text: str) -> int:
        return cell_len(text) if index == 0 else max(map(cell_len, text.split()), default=0)

    widths = [
        max(longest(index, text) for text in (column, *(row[index] for row in rows)))
        for index, column in enumerate(columns)
    ]
    return sum(widths) + 3 * len(columns) + 1


def _print_disagreement_lines(cli: CliState, found: Sequence[Disagreement]) -> None:
    """Each disagreement as lines (for narrow terminals): its key alone on the
    first, then where it is, the passage, each coder's reading and how it was
    resolved."""
    for item in found:
        say(cli, "")
        say(cli, item.key)
        say(cli, f"  {item.code} in {item.document}, characters {item.start}–{item.end}:")
        say(cli, f"  “{short(item.text, SHOWN_PASSAGE)}”")
        for reading in item.readings:
            say(cli, f"  {reading.coder}: {_reading_text(reading)}")
        if item.resolution is not None:
            say(cli, f"  Resolved: {_how(item.resolution)}")


def _how(resolution: ResolutionRecord) -> str:
    """How a disagreement was resolved, by whom and when, in words."""
    outcome = str(getattr(resolution.outcome, "value", resolution.outcome))
    what = {
        "keep_one": f"kept {resolution.kept_coder}'s reading",
        "keep_both": "kept every reading",
        "merge": "merged the spans",
        "recode": f"recoded to {resolution.recoded_to}",
    }.get(outcome, outcome)
    return f"{what} ({resolution.resolved_by}, {resolution.resolved_at:%Y-%m-%d %H:%M})"


@app.command("resolve")
def resolve(
    cli: CliState,
    round: RoundName,
    key: Annotated[
        str,
        typer.Argument(
            help="The disagreement (its key, as 'qualframe disagreements' lists it).",
            show_default=False,
        ),
    ],
    keep: Annotated[
        str | None,
        typer.Option(
            "--keep", help="Keep this coder's reading (the others' go).", show_default=False
        ),
    ] = None,
    keep_both: Annotated[
        bool, typer.Option("--keep-both", help="Keep every reading as it is.")
    ] = False,
    merge: Annotated[
        bool, typer.Option("--merge", help="Merge the coders' spans into one coding.")
    ] = False,
    recode: Annotated[
        str | None,
        typer.Option("--recode", help="Recode the passage with this code.", show_default=False),
    ] = None,
    note: Annotated[str, typer.Option("--note", help="Why it was resolved so.")] = "",
) -> None:
    """Resolve a disagreement: keep one reading, keep both, merge the spans, or recode.

    Exactly one of --keep, --keep-both, --merge, --recode; the resolution
    is recorded with who, when and the note."""
    choices = {
        "keep_one": keep is not None,
        "keep_both": keep_both,
        "merge": merge,
        "recode": recode is not None,
    }
    given = [outcome for outcome, chosen in choices.items() if chosen]
    if len(given) != 1:
        raise ValidationError(
            "Say how to resolve it, once: --keep CODER, --keep-both, --merge or --recode CODE."
        )
    done = cli.open_project().agreement.resolve(
        round, key, given[0], keep=keep, recode_to=recode, note=note
    )
    say(
        cli,
        f"Resolved {done.key} ({done.code} in {done.document}, characters "
        f"{done.start}–{done.end}): {_how(done)}; {counted(done.removed, 'coding')} removed, "
        f"{done.added} added.",
    )


# ---------------------------------------------------------------- cells


@app.command("cell-agreement", reads=True)
def cell_agreement(
    cli: CliState,
    first: Annotated[str, typer.Argument(help="An analyst (name).", show_default=False)],
    second: Annotated[str, typer.Argument(help="Another analyst (name).", show_default=False)],
    code: Codes = None,
    format: Format = "table",
) -> None:
    """Agreement of two analysts on the statuses of framework matrix cells.

    Each analyst's last status of each cell, over the cells both set."""
    found = cli.open_project().agreement.cells(first, second, codes=code or None)
    if format == "json":
        print_json(found)
        return
    if format == "csv":
        from qualframe.services.team.frames import cell_agreement_frame

        print_csv(cell_agreement_frame(found))
        return
    _print_cells(cli, found)


def _print_cells(cli: CliState, found: CellAgreement) -> None:
    from qualframe.services.team.figures import UNIT_FIGURES

    one, two = found.analysts
    rows = [
        (cell_text(f.name), figure_text(getattr(found.figures, f.key, None), share=f.share))
        for f in UNIT_FIGURES
    ]
    title = f"Agreement on matrix cell statuses (unit: cell): {one} and {two}, " + counted(
        found.cells, "cell"
    )
    _print_titled(cli, title, ("figure", "value"), rows)
    differing = [pair for pair in found.rows if pair.first != pair.second]
    if differing:
        table = [
            (cell_text(p.row), cell_text(p.code), cell_text(p.first), cell_text(p.second))
            for p in differing
        ]
        _print_titled(cli, "Cells they set differently", ("row", "code", one, two), table)
    print_legend(cli, AgreementUnit.TURN, overall=False)
