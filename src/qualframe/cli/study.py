"""CLI commands for the study design: ``cases``, ``participants``, ``attributes``,
``questions`` and ``answers``.

Imports take ``--dry-run`` to print what would be created and changed
without writing anything; otherwise they write everything or nothing and
print a one-line summary.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import typer
from rich.markup import escape

from qualframe.cli.output import titled_table
from qualframe.cli.state import state
from qualframe.errors import ValidationError

#: Most value changes a dry run prints (the count of the rest follows).
MAX_SHOWN_CHANGES = 40

_FILE = typer.Argument(..., help="A .csv or .xlsx file.", show_default=False)
_SHEET = typer.Option(None, "--sheet", help="The worksheet of an .xlsx file (default: the first).")
_DRY_RUN = typer.Option(False, "--dry-run", help="Show what would happen; write nothing.")


def _pairs(items: Sequence[str] | None, what: str, *, last: bool = False) -> dict[str, str]:
    """``NAME=VALUE`` options as a dict (split at the last ``=`` when ``last``)."""
    result: dict[str, str] = {}
    for item in items or ():
        name, sep, value = item.rpartition("=") if last else item.partition("=")
        if not sep or not name.strip():
            raise ValidationError(f"{item!r} is not {what}; write it as NAME=VALUE.")
        result[name.strip()] = value.strip()
    return result


def _print_plan(cli: Any, plan: Any) -> None:
    """The dry run of a cases/participants import as rich tables."""
    console = cli.console
    console.print(f"[bold]Dry run[/] of {escape(plan.name)}: nothing was written.")
    if plan.new_attributes:
        table = titled_table("New attributes", "name", "level", "type", "values", "")
        for new in plan.new_attributes:
            how = "inferred" if new.inferred else "as asked"
            table.add_row(
                escape(new.name),
                new.level.value,
                new.type.value,
                escape(", ".join(new.levels)),
                how,
            )
        console.print(table)
    if plan.new_cases:
        console.print(
            f"[bold]New cases[/] ({len(plan.new_cases)}): " + escape(", ".join(plan.new_cases))
        )
    if plan.new_participants:
        table = titled_table(
            f"New participants ({len(plan.new_participants)})", "participant", "case"
        )
        for new in plan.new_participants:
            table.add_row(escape(new.identifier), escape(new.case))
        console.print(table)
    if plan.moved_participants:
        table = titled_table("Participants moving case", "participant", "from", "to")
        for moved in plan.moved_participants:
            table.add_row(escape(moved.identifier), escape(moved.old_case), escape(moved.new_case))
        console.print(table)
    if plan.changes:
        table = titled_table(
            f"Values set or changed ({len(plan.changes)})",
            "line",
            "target",
            "attribute",
            "old",
            "new",
        )
        for change in plan.changes[:MAX_SHOWN_CHANGES]:
            table.add_row(
                str(change.line),
                f"{change.level.value} {escape(change.target)}",
                escape(change.attribute),
                escape(change.old or ""),
                escape(change.new),
            )
        console.print(table)
        if len(plan.changes) > MAX_SHOWN_CHANGES:
            console.print(f"... and {len(plan.changes) - MAX_SHOWN_CHANGES} more values")
    console.print(f"{plan.unchanged} values unchanged.")
    _print_problems(cli, plan)


def _print_problems(cli: Any, plan: Any) -> None:
    if plan.ok:
        cli.console.print("[green]No problems:[/] the import can be applied.")
        return
    typer.echo(f"{len(plan.problems)} problem(s) in {plan.source}:", err=True)
    for problem in plan.problems:
        typer.echo(f"  {problem}", err=True)
    raise typer.Exit(1)


def _import_people(
    ctx: typer.Context, kind: str, file: Path, dry_run: bool, options: dict[str, Any]
) -> None:
    cli = state(ctx)
    study = cli.open_project().study
    plan = study.preview_import(file, kind, **options)
    if dry_run:
        _print_plan(cli, plan)
        return
    done = study.apply_import(plan)
    cli.console.print(escape(done.summary()))


def _print_cases(cli: Any, study: Any) -> None:
    names = [a.name for a in study.attributes("case")]
    table = titled_table("", "case", "participants", *names)
    for case in study.cases():
        values = [escape(case.attributes.get(name, "")) for name in names]
        table.add_row(escape(case.name), str(len(case.participants)), *values)
    cli.console.print(table)


def _print_participants(cli: Any, study: Any, case: str | None) -> None:
    names = [a.name for a in study.attributes() if a.level.value != "document"]
    table = titled_table("", "participant", "case", *names)
    for person in study.participants(case):
        values = [escape(person.attributes.get(name, "")) for name in names]
        table.add_row(escape(person.identifier), escape(person.case), *values)
    cli.console.print(table)


# ---------------------------------------------------------------- cases


#: Add ``cases``, ``participants``, ``attributes``, ``questions`` and ``answers`` to ``app``.
app = typer.Typer()

cases = typer.Typer(
    help="Cases: the units of comparison (sites, teams, services).", no_args_is_help=True
)
app.add_typer(cases, name="cases")
people = typer.Typer(
    help="Participants: the people interviewed, each in one case.", no_args_is_help=True
)
app.add_typer(people, name="participants")
attributes = typer.Typer(
    help="Attributes: typed variables of cases, participants, documents.", no_args_is_help=True
)
app.add_typer(attributes, name="attributes")
questions = typer.Typer(help="The interview schedule: questions in order.", no_args_is_help=True)
app.add_typer(questions, name="questions")
answers = typer.Typer(help="Structured answers of participants.", no_args_is_help=True)
app.add_typer(answers, name="answers")


@cases.command("list")
def list_cases(ctx: typer.Context) -> None:
    """List the cases with their participant counts and case attributes."""
    cli = state(ctx)
    _print_cases(cli, cli.open_project().study)


@cases.command("add")
def add_case(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="The case's name."),
    description: str = typer.Option("", help="A sentence describing the case."),
    values: list[str] | None = typer.Option(
        None, "--set", help="Attribute value NAME=VALUE (repeatable)."
    ),
) -> None:
    """Add a case."""
    cli = state(ctx)
    record = cli.open_project().study.add_case(name, description, _pairs(values, "a value"))
    cli.console.print(f"Added case [bold]{escape(record.name)}[/]")


@cases.command("rename")
def rename_case(ctx: typer.Context, case: str, new_name: str) -> None:
    """Rename a case."""
    cli = state(ctx)
    record = cli.open_project().study.rename_case(case, new_name)
    cli.console.print(f"Renamed case to [bold]{escape(record.name)}[/]")


@cases.command("delete")
def delete_case(ctx: typer.Context, case: str) -> None:
    """Delete a case that has no participants."""
    cli = state(ctx)
    cli.open_project().study.delete_case(case)
    cli.console.print(f"Deleted case {escape(case)}")


@cases.command("import")
def import_cases(
    ctx: typer.Context,
    file: Path = _FILE,
    dry_run: bool = _DRY_RUN,
    sheet: str | None = _SHEET,
    types: list[str] | None = typer.Option(
        None, "--type", help="Type of a new attribute column: COLUMN=TYPE (repeatable)."
    ),
    update_only: bool = typer.Option(
        False, "--update-only", help="Refuse rows naming unknown cases."
    ),
) -> None:
    """Import cases and case attributes: one row per case, column 'case'."""
    options = {
        "sheet": sheet,
        "types": _pairs(types, "a column type", last=True),
        "update_only": update_only,
    }
    _import_people(ctx, "cases", file, dry_run, options)


@people.command("list")
def list_participants(
    ctx: typer.Context, case: str | None = typer.Option(None, "--case", help="Only this case.")
) -> None:
    """List participants with their own and inherited (case) attributes."""
    cli = state(ctx)
    _print_participants(cli, cli.open_project().study, case)


@people.command("add")
def add_participant(
    ctx: typer.Context,
    identifier: str = typer.Argument(..., help="The participant's identifier, e.g. P01."),
    case: str = typer.Option(..., "--case", help="The case they belong to."),
    description: str = typer.Option("", help="A sentence describing the participant."),
    values: list[str] | None = typer.Option(
        None, "--set", help="Attribute value NAME=VALUE (repeatable)."
    ),
) -> None:
    """Add a participant to a case."""
    cli = state(ctx)
    study = cli.open_project().study
    record = study.add_participant(identifier, case, description, _pairs(values, "a value"))
    cli.console.print(
        f"Added participant [bold]{escape(record.identifier)}[/] to {escape(record.case)}"
    )


@people.command("move")
def move_participant(ctx: typer.Context, participant: str, case: str) -> None:
    """Move a participant to another case."""
    cli = state(ctx)
    record = cli.open_project().study.move_participant(participant, case)
    cli.console.print(f"Moved {escape(record.identifier)} to {escape(record.case)}")


@people.command("delete")
def delete_participant(ctx: typer.Context, participant: str) -> None:
    """Delete a participant (with their attribute values and answers)."""
    cli = state(ctx)
    cli.open_project().study.delete_participant(participant)
    cli.console.print(f"Deleted participant {escape(participant)}")


@people.command("import")
def import_participants(
    ctx: typer.Context,
    file: Path = _FILE,
    dry_run: bool = _DRY_RUN,
    sheet: str | None = _SHEET,
    create_cases: bool = typer.Option(False, "--create-cases", help="Create cases the file names."),
    types: list[str] | None = typer.Option(
        None, "--type", help="Type of a new attribute column: COLUMN=TYPE (repeatable)."
    ),
    levels: list[str] | None = typer.Option(
        None, "--level", help="Level of a new attribute column: COLUMN=case|participant."
    ),
    update_only: bool = typer.Option(
        False, "--update-only", help="Refuse rows naming unknown participants."
    ),
) -> None:
    """Import participants and attributes: one row per participant, columns
    'participant' and 'case'."""
    options = {
        "sheet": sheet,
        "types": _pairs(types, "a column type", last=True),
        "attribute_levels": _pairs(levels, "a column level", last=True),
        "create_cases": create_cases,
        "update_only": update_only,
    }
    _import_people(ctx, "participants", file, dry_run, options)


@attributes.command("list")
def list_attributes(ctx: typer.Context) -> None:
    """List the attributes with their level, type and allowed values."""
    cli = state(ctx)
    table = titled_table(
        "", "attribute", "level", "type", "values / levels", "set on", "description"
    )
    for record in cli.open_project().study.attributes():
        table.add_row(
            escape(record.name),
            record.level.value,
            record.type.value,
            escape(", ".join(record.levels)),
            str(record.values),
            escape(record.description),
        )
    cli.console.print(table)


@attributes.command("add")
def add_attribute(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="The attribute's name, unique in the project."),
    level: str = typer.Option(..., "--level", help="case, participant or document."),
    type_: str = typer.Option(
        ..., "--type", help="categorical, ordinal, number, date, boolean or text."
    ),
    values: str = typer.Option(
        "",
        "--values",
        help="Allowed values (categorical) or levels, lowest first (ordinal): a,b,c.",
    ),
    description: str = typer.Option("", help="What the attribute records."),
) -> None:
    """Define an attribute."""
    cli = state(ctx)
    levels = [v.strip() for v in values.split(",") if v.strip()]
    record = cli.open_project().study.define_attribute(name, level, type_, levels, description)
    cli.console.print(
        f"Defined {record.level.value} attribute [bold]{escape(record.name)}[/] "
        f"({record.type.value})"
    )


@attributes.command("set")
def set_values(
    ctx: typer.Context,
    level: str = typer.Argument(..., help="case, participant or document."),
    target: str = typer.Argument(..., help="The case, participant or document."),
    values: list[str] = typer.Argument(..., help="NAME=VALUE pairs; an empty VALUE clears."),
) -> None:
    """Set attribute values of one case, participant or document."""
    cli = state(ctx)
    result = cli.open_project().study.set_attributes(level, target, _pairs(values, "a value"))
    shown = ", ".join(f"{k} = {v if v is not None else '(cleared)'}" for k, v in result.items())
    cli.console.print(escape(f"{target}: {shown}"))


@attributes.command("delete")
def delete_attribute(
    ctx: typer.Context,
    name: str,
    yes: bool = typer.Option(False, "--yes", help="Do not ask for confirmation."),
) -> None:
    """Delete an attribute and all its values."""
    cli = state(ctx)
    if not yes:
        typer.confirm(f"Delete the attribute {name!r} and all its values?", abort=True)
    count = cli.open_project().study.delete_attribute(name)
    cli.console.print(f"Deleted attribute {escape(name)} and {count} values")


@questions.command("list")
def list_questions(ctx: typer.Context) -> None:
    """List the schedule in order."""
    cli = state(ctx)
    table = titled_table("", "#", "id", "question", "kind", "scale / levels", "heading", "answers")
    for q in cli.open_project().study.questions():
        scale = f"{q.scale.value}: {', '.join(q.levels)}" if q.scale else ""
        table.add_row(
            str(q.position),
            escape(q.identifier),
            escape(q.text),
            q.kind.value,
            escape(scale),
            escape(q.heading),
            str(q.answers),
        )
    cli.console.print(table)


@questions.command("add")
def add_question(
    ctx: typer.Context,
    identifier: str = typer.Argument(..., help="A short identifier such as Q1."),
    text: str = typer.Argument(..., help="The question as asked."),
    kind: str | None = typer.Option(
        None, help="structured or open (default: structured if --levels)."
    ),
    scale: str | None = typer.Option(None, help="categorical or ordinal (structured questions)."),
    levels: str = typer.Option(
        "", help="Response levels separated by ';' or '|' (ordinal: lowest first)."
    ),
    heading: str = typer.Option(
        "", help="The text marking this question's section in transcripts."
    ),
    position: int | None = typer.Option(None, help="1-based position (default: last)."),
) -> None:
    """Add a question to the schedule."""
    from qualframe.services.study.schedule import split_levels

    cli = state(ctx)
    record = cli.open_project().study.add_question(
        identifier, text, kind, scale, split_levels(levels), heading, position
    )
    cli.console.print(
        f"Added {record.kind.value} question {escape(record.identifier)} "
        f"at position {record.position}"
    )


@questions.command("move")
def move_question(ctx: typer.Context, question: str, position: int) -> None:
    """Move a question to a 1-based position."""
    cli = state(ctx)
    record = cli.open_project().study.move_question(question, position)
    cli.console.print(f"Moved {escape(record.identifier)} to position {record.position}")


@questions.command("delete")
def delete_question(ctx: typer.Context, question: str) -> None:
    """Delete a question and its answers."""
    cli = state(ctx)
    count = cli.open_project().study.delete_question(question)
    cli.console.print(f"Deleted question {escape(question)} and {count} answers")


@questions.command("import")
def import_questions(
    ctx: typer.Context, file: Path = _FILE, dry_run: bool = _DRY_RUN, sheet: str | None = _SHEET
) -> None:
    """Import questions: columns identifier, question, kind, scale, levels, heading."""
    cli = state(ctx)
    result = cli.open_project().study.import_schedule(file, sheet=sheet, dry_run=dry_run)
    cli.console.print(escape(result.summary()))


@answers.command("import")
def import_answers(
    ctx: typer.Context, file: Path = _FILE, dry_run: bool = _DRY_RUN, sheet: str | None = _SHEET
) -> None:
    """Import answers: one row per participant, one column per question
    (identifier or exact text); 'not asked' marks questions not put."""
    cli = state(ctx)
    result = cli.open_project().study.import_answers(file, sheet=sheet, dry_run=dry_run)
    cli.console.print(escape(result.summary()))


@answers.command("list")
def list_answers(ctx: typer.Context) -> None:
    """Show every participant's answers ('not asked' where a question was not put)."""
    import pandas as pd

    cli = state(ctx)
    study = cli.open_project().study
    values, asked = study.answers_frame(), study.asked_frame()
    table = titled_table("", *values.columns)
    for index in range(len(values)):
        row = [escape(str(values.iat[index, 0])), escape(str(values.iat[index, 1]))]
        for column in values.columns[2:]:
            value: Any = values.at[index, column]
            flag: Any = asked.at[index, column]
            if not pd.isna(flag) and not bool(flag):
                row.append("[dim]not asked[/]")
            else:
                row.append("" if pd.isna(value) else escape(str(value)))
        table.add_row(*row)
    cli.console.print(table)


# ---------------------------------------------------------------- participants


# ---------------------------------------------------------------- attributes


# ---------------------------------------------------------------- schedule, answers
