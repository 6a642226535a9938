"""CLI commands for the study design: ``cases``, ``participants``, ``attributes``,
``questions`` and ``answers``.

Imports take ``--dry-run`` to print what would be created and changed
without writing anything; otherwise they write everything or nothing and
print a one-line summary.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Unpack

import typer
from rich.markup import escape

from qualframe.cli.output import titled_table
from qualframe.cli.state import CliState, state
from qualframe.errors import ValidationError
from qualframe.vocabulary import AttributeLevel

if TYPE_CHECKING:
    from qualframe.api.study import ImportPlan, ImportSettings, StudyAPI

#: Most value changes a dry run prints (the count of the rest follows).
MAX_SHOWN_CHANGES = 40

# ---------------------------------------------------------------- options of this area

File = Annotated[Path, typer.Argument(help="A .csv or .xlsx file.", show_default=False)]
Sheet = Annotated[
    str | None,
    typer.Option("--sheet", help="The worksheet of an .xlsx file (default: the first)."),
]
DryRun = Annotated[bool, typer.Option("--dry-run", help="Show what would happen; write nothing.")]
Values = Annotated[
    list[str] | None,
    typer.Option("--set", help="Attribute value NAME=VALUE (repeatable)."),
]
ColumnTypes = Annotated[
    list[str] | None,
    typer.Option("--type", help="Type of a new attribute column: COLUMN=TYPE (repeatable)."),
]
ColumnLevels = Annotated[
    list[str] | None,
    typer.Option("--level", help="Level of a new attribute column: COLUMN=case|participant."),
]


def _pairs(items: Sequence[str] | None, what: str, *, last: bool = False) -> dict[str, str]:
    """``NAME=VALUE`` options as a dict (split at the last ``=`` when ``last``)."""
    result: dict[str, str] = {}
    for item in items or ():
        name, sep, value = item.rpartition("=") if last else item.partition("=")
        if not sep or not name.strip():
            raise ValidationError(f"{item!r} is not {what}; write it as NAME=VALUE.")
        result[name.strip()] = value.strip()
    return result


def _study(ctx: typer.Context) -> tuple[CliState, StudyAPI]:
    """The running command's state and its project's study facade."""
    cli = state(ctx)
    return cli, cli.open_project().study


def _print_plan(cli: CliState, plan: ImportPlan) -> None:
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
        for new_person in plan.new_participants:
            table.add_row(escape(new_person.identifier), escape(new_person.case))
        console.print(table)
    if plan.moved_participants:
        table = titled_table("Participants moving case", "participant", "from", "to")
        for moved in plan.moved_participants:
            table.add_row(escape(moved.identifier), escape(moved.old_case), escape(moved.new_case))
        console.print(table)
    _print_changes(cli, plan)
    console.print(f"{plan.unchanged} values unchanged.")
    _print_problems(cli, plan)


def _print_changes(cli: CliState, plan: ImportPlan) -> None:
    if not plan.changes:
        return
    table = titled_table(
        f"Values set or changed ({len(plan.changes)})", "line", "target", "attribute", "old", "new"
    )
    for change in plan.changes[:MAX_SHOWN_CHANGES]:
        table.add_row(
            str(change.line),
            f"{change.level.value} {escape(change.target)}",
            escape(change.attribute),
            escape(change.old or ""),
            escape(change.new),
        )
    cli.console.print(table)
    if len(plan.changes) > MAX_SHOWN_CHANGES:
        cli.console.print(f"... and {len(plan.changes) - MAX_SHOWN_CHANGES} more values")


def _print_problems(cli: CliState, plan: ImportPlan) -> None:
    if plan.ok:
        cli.console.print("[green]No problems:[/] the import can be applied.")
        return
    typer.echo(f"{len(plan.problems)} problem(s) in {plan.source}:", err=True)
    for problem in plan.problems:
        typer.echo(f"  {problem}", err=True)
    raise typer.Exit(1)


def _import_people(
    ctx: typer.Context,
    kind: str,
    file: Path,
    dry_run: bool,
    column_types: list[str] | None,
    column_levels: list[str] | None = None,
    **settings: Unpack[ImportSettings],
) -> None:
    """Import (or with ``dry_run``, preview) a file of cases or participants; the
    ``column_*`` are the ``COLUMN=VALUE`` overrides of the command line."""
    cli, study = _study(ctx)
    settings["types"] = _pairs(column_types, "a column type", last=True)
    settings["attribute_levels"] = _pairs(column_levels, "a column level", last=True)
    plan = study.preview_import(file, kind, **settings)
    if dry_run:
        _print_plan(cli, plan)
        return
    done = study.apply_import(plan)
    cli.console.print(escape(done.summary()))


# ---------------------------------------------------------------- the command groups


#: Add ``cases``, ``participants``, ``attributes``, ``questions`` and ``answers`` to ``app``.
app = typer.Typer()


def _group(name: str, help: str) -> typer.Typer:
    group = typer.Typer(help=help, no_args_is_help=True)
    app.add_typer(group, name=name)
    return group


cases = _group("cases", "Cases: the units of comparison (sites, teams, services).")
people = _group("participants", "Participants: the people interviewed, each in one case.")
attributes = _group("attributes", "Attributes: typed variables of cases, participants, documents.")
questions = _group("questions", "The interview schedule: questions in order.")
answers = _group("answers", "Structured answers of participants.")


# ---------------------------------------------------------------- cases


@cases.command("list")
def list_cases(ctx: typer.Context) -> None:
    """List the cases with their participant counts and case attributes."""
    cli, study = _study(ctx)
    names = [a.name for a in study.attributes("case")]
    table = titled_table("", "case", "participants", *names)
    for case in study.cases():
        values = [escape(case.attributes.get(name, "")) for name in names]
        table.add_row(escape(case.name), str(len(case.participants)), *values)
    cli.console.print(table)


@cases.command("add")
def add_case(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The case's name.")],
    description: Annotated[str, typer.Option(help="A sentence describing the case.")] = "",
    values: Values = None,
) -> None:
    """Add a case."""
    cli, study = _study(ctx)
    record = study.add_case(name, description, _pairs(values, "a value"))
    cli.console.print(f"Added case [bold]{escape(record.name)}[/]")


@cases.command("rename")
def rename_case(ctx: typer.Context, case: str, new_name: str) -> None:
    """Rename a case."""
    cli, study = _study(ctx)
    record = study.rename_case(case, new_name)
    cli.console.print(f"Renamed case to [bold]{escape(record.name)}[/]")


@cases.command("delete")
def delete_case(ctx: typer.Context, case: str) -> None:
    """Delete a case that has no participants."""
    cli, study = _study(ctx)
    study.delete_case(case)
    cli.console.print(f"Deleted case {escape(case)}")


@cases.command("import")
def import_cases(
    ctx: typer.Context,
    file: File,
    dry_run: DryRun = False,
    sheet: Sheet = None,
    types: ColumnTypes = None,
    update_only: Annotated[
        bool, typer.Option("--update-only", help="Refuse rows naming unknown cases.")
    ] = False,
) -> None:
    """Import cases and case attributes: one row per case, column 'case'."""
    _import_people(ctx, "cases", file, dry_run, types, sheet=sheet, update_only=update_only)


# ---------------------------------------------------------------- participants


@people.command("list")
def list_participants(
    ctx: typer.Context,
    case: Annotated[str | None, typer.Option("--case", help="Only this case.")] = None,
) -> None:
    """List participants with their own and inherited (case) attributes."""
    cli, study = _study(ctx)
    names = [a.name for a in study.attributes() if a.level is not AttributeLevel.DOCUMENT]
    table = titled_table("", "participant", "case", *names)
    for person in study.participants(case):
        values = [escape(person.attributes.get(name, "")) for name in names]
        table.add_row(escape(person.identifier), escape(person.case), *values)
    cli.console.print(table)


@people.command("add")
def add_participant(
    ctx: typer.Context,
    identifier: Annotated[str, typer.Argument(help="The participant's identifier, e.g. P01.")],
    case: Annotated[str, typer.Option("--case", help="The case they belong to.")],
    description: Annotated[str, typer.Option(help="A sentence describing the participant.")] = "",
    values: Values = None,
) -> None:
    """Add a participant to a case."""
    cli, study = _study(ctx)
    record = study.add_participant(identifier, case, description, _pairs(values, "a value"))
    cli.console.print(
        f"Added participant [bold]{escape(record.identifier)}[/] to {escape(record.case)}"
    )


@people.command("move")
def move_participant(ctx: typer.Context, participant: str, case: str) -> None:
    """Move a participant to another case."""
    cli, study = _study(ctx)
    record = study.move_participant(participant, case)
    cli.console.print(f"Moved {escape(record.identifier)} to {escape(record.case)}")


@people.command("delete")
def delete_participant(ctx: typer.Context, participant: str) -> None:
    """Delete a participant (with their attribute values and answers)."""
    cli, study = _study(ctx)
    study.delete_participant(participant)
    cli.console.print(f"Deleted participant {escape(participant)}")


@people.command("import")
def import_participants(
    ctx: typer.Context,
    file: File,
    dry_run: DryRun = False,
    sheet: Sheet = None,
    create_cases: Annotated[
        bool, typer.Option("--create-cases", help="Create cases the file names.")
    ] = False,
    types: ColumnTypes = None,
    levels: ColumnLevels = None,
    update_only: Annotated[
        bool, typer.Option("--update-only", help="Refuse rows naming unknown participants.")
    ] = False,
) -> None:
    """Import participants and attributes: one row per participant, columns
    'participant' and 'case'."""
    _import_people(
        ctx,
        "participants",
        file,
        dry_run,
        types,
        levels,
        sheet=sheet,
        create_cases=create_cases,
        update_only=update_only,
    )


# ---------------------------------------------------------------- attributes


@attributes.command("list")
def list_attributes(ctx: typer.Context) -> None:
    """List the attributes with their level, type and allowed values."""
    cli, study = _study(ctx)
    table = titled_table(
        "", "attribute", "level", "type", "values / levels", "set on", "description"
    )
    for record in study.attributes():
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
    name: Annotated[str, typer.Argument(help="The attribute's name, unique in the project.")],
    level: Annotated[str, typer.Option("--level", help="case, participant or document.")],
    type_: Annotated[
        str, typer.Option("--type", help="categorical, ordinal, number, date, boolean or text.")
    ],
    values: Annotated[
        str,
        typer.Option(
            "--values",
            help="Allowed values (categorical) or levels, lowest first (ordinal): a,b,c.",
        ),
    ] = "",
    description: Annotated[str, typer.Option(help="What the attribute records.")] = "",
) -> None:
    """Define an attribute."""
    cli, study = _study(ctx)
    levels = [v.strip() for v in values.split(",") if v.strip()]
    record = study.define_attribute(name, level, type_, levels, description)
    cli.console.print(
        f"Defined {record.level.value} attribute [bold]{escape(record.name)}[/] "
        f"({record.type.value})"
    )


@attributes.command("set")
def set_values(
    ctx: typer.Context,
    level: Annotated[str, typer.Argument(help="case, participant or document.")],
    target: Annotated[str, typer.Argument(help="The case, participant or document.")],
    values: Annotated[list[str], typer.Argument(help="NAME=VALUE pairs; an empty VALUE clears.")],
) -> None:
    """Set attribute values of one case, participant or document."""
    cli, study = _study(ctx)
    result = study.set_attributes(level, target, _pairs(values, "a value"))
    shown = ", ".join(f"{k} = {v if v is not None else '(cleared)'}" for k, v in result.items())
    cli.console.print(escape(f"{target}: {shown}"))


@attributes.command("delete")
def delete_attribute(
    ctx: typer.Context,
    name: str,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete an attribute and all its values."""
    cli, study = _study(ctx)
    if not yes:
        typer.confirm(f"Delete the attribute {name!r} and all its values?", abort=True)
    count = study.delete_attribute(name)
    cli.console.print(f"Deleted attribute {escape(name)} and {count} values")


# ---------------------------------------------------------------- schedule, answers


@questions.command("list")
def list_questions(ctx: typer.Context) -> None:
    """List the schedule in order."""
    cli, study = _study(ctx)
    table = titled_table("", "#", "id", "question", "kind", "scale / levels", "heading", "answers")
    for q in study.questions():
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
    identifier: Annotated[str, typer.Argument(help="A short identifier such as Q1.")],
    text: Annotated[str, typer.Argument(help="The question as asked.")],
    kind: Annotated[
        str | None, typer.Option(help="structured or open (default: structured if --levels).")
    ] = None,
    scale: Annotated[
        str | None, typer.Option(help="categorical or ordinal (structured questions).")
    ] = None,
    levels: Annotated[
        str, typer.Option(help="Response levels separated by ';' or '|' (ordinal: lowest first).")
    ] = "",
    heading: Annotated[
        str, typer.Option(help="The text marking this question's section in transcripts.")
    ] = "",
    position: Annotated[int | None, typer.Option(help="1-based position (default: last).")] = None,
) -> None:
    """Add a question to the schedule."""
    from qualframe.services.study.schedule import split_levels

    cli, study = _study(ctx)
    record = study.add_question(
        identifier, text, kind, scale, split_levels(levels), heading, position
    )
    cli.console.print(
        f"Added {record.kind.value} question {escape(record.identifier)} "
        f"at position {record.position}"
    )


@questions.command("move")
def move_question(ctx: typer.Context, question: str, position: int) -> None:
    """Move a question to a 1-based position."""
    cli, study = _study(ctx)
    record = study.move_question(question, position)
    cli.console.print(f"Moved {escape(record.identifier)} to position {record.position}")


@questions.command("delete")
def delete_question(ctx: typer.Context, question: str) -> None:
    """Delete a question and its answers."""
    cli, study = _study(ctx)
    count = study.delete_question(question)
    cli.console.print(f"Deleted question {escape(question)} and {count} answers")


@questions.command("import")
def import_questions(
    ctx: typer.Context, file: File, dry_run: DryRun = False, sheet: Sheet = None
) -> None:
    """Import questions: columns identifier, question, kind, scale, levels, heading."""
    cli, study = _study(ctx)
    result = study.import_schedule(file, sheet=sheet, dry_run=dry_run)
    cli.console.print(escape(result.summary()))


@answers.command("import")
def import_answers(
    ctx: typer.Context, file: File, dry_run: DryRun = False, sheet: Sheet = None
) -> None:
    """Import answers: one row per participant, one column per question
    (identifier or exact text); 'not asked' marks questions not put."""
    cli, study = _study(ctx)
    result = study.import_answers(file, sheet=sheet, dry_run=dry_run)
    cli.console.print(escape(result.summary()))


@answers.command("list")
def list_answers(ctx: typer.Context) -> None:
    """Show every participant's answers ('not asked' where a question was not put)."""
    cli, study = _study(ctx)
    found = study.answers()
    identifiers = [scale.question for scale in found.questions]
    table = titled_table("", "participant", "case", *identifiers)
    for row in found.rows:
        cells = [escape(row.participant), escape(row.case)]
        for question in identifiers:
            value = row.values[question]
            if row.asked[question] is False:
                cells.append("[dim]not asked[/]")
            else:
                cells.append("" if value is None else escape(value))
        table.add_row(*cells)
    cli.console.print(table)
