"""CLI commands for the study design: ``cases``, ``participants``, ``attributes``,
``questions`` and ``answers``.

Imports take ``--dry-run`` to print what would be created and changed
without writing anything (the import's preview); otherwise they write
everything or nothing and print a one-line summary. Commands changing one
case, participant or attribute take ``--if-version`` (the version ``list
--versions`` prints): the change is refused when someone changed it since.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from qualframe.cli import options
from qualframe.cli.app import Commands, command_group
from qualframe.cli.output import print_table, visible
from qualframe.cli.state import CliState
from qualframe.errors import ValidationError
from qualframe.vocabulary import AttributeLevel

if TYPE_CHECKING:
    from qualframe import ImportPlan
    from qualframe.services.study.answers import ParticipantAnswers

#: Most value changes a dry run prints (the count of the rest follows).
MAX_SHOWN_CHANGES = 40

# ---------------------------------------------------------------- options of this area

Values = Annotated[
    list[str] | None,
    typer.Option("--set", help="Attribute value NAME=VALUE (repeatable)."),
]
#: The version of the record the change is based on (``list --versions`` prints it).
IfVersion = Annotated[
    int | None,
    typer.Option(
        "--if-version",
        min=0,
        help="Only if it is still at this version (as `list --versions` printed it); "
        "otherwise nothing is changed.",
        show_default=False,
    ),
]
#: Whether a listing shows each record's version.
ShowVersions = Annotated[
    bool, typer.Option("--versions", help="Also show each one's version (for --if-version).")
]


@dataclass(frozen=True)
class ImportFile(options.OptionGroup):
    """The options of every import: the file, its worksheet, and ``--dry-run``."""

    file: Annotated[Path, typer.Argument(help="A .csv or .xlsx file.", show_default=False)]
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would happen; write nothing.")
    ] = False
    sheet: Annotated[
        str | None,
        typer.Option("--sheet", help="The worksheet of an .xlsx file (default: the first)."),
    ] = None


@dataclass(frozen=True)
class PeopleImport(ImportFile):
    """The options of ``participants import``; ``cases import`` takes :data:`CasesImport`."""

    create_cases: Annotated[
        bool, typer.Option("--create-cases", help="Create cases the file names.")
    ] = False
    types: Annotated[
        list[str] | None,
        typer.Option("--type", help="Type of a new attribute column: COLUMN=TYPE (repeatable)."),
    ] = None
    levels: Annotated[
        list[str] | None,
        typer.Option("--level", help="Level of a new attribute column: COLUMN=case|participant."),
    ] = None


#: The options of ``cases import``.
CasesImport = Annotated[PeopleImport, options.Only("file", "dry_run", "sheet", "types")]


def _pairs(items: Sequence[str] | None, what: str, *, last: bool = False) -> dict[str, str]:
    """``NAME=VALUE`` options as a dict (split at the last ``=`` when ``last``)."""
    result: dict[str, str] = {}
    for item in items or ():
        name, sep, value = item.rpartition("=") if last else item.partition("=")
        if not sep or not name.strip():
            raise ValidationError(f"{item!r} is not {what}; write it as NAME=VALUE.")
        result[name.strip()] = value.strip()
    return result


def _print_plan(cli: CliState, plan: ImportPlan) -> None:
    """The dry run of a cases/participants import as rich tables."""
    console = cli.console
    console.print(f"[bold]Dry run[/] of {escape(plan.name)}: nothing was written.")
    if plan.new_attributes:
        attributes = [
            (
                escape(new.name),
                new.level.value,
                new.type.value,
                escape(", ".join(new.levels)),
                "inferred" if new.inferred else "as asked",
            )
            for new in plan.new_attributes
        ]
        print_table(cli, "New attributes", ("name", "level", "type", "values", ""), attributes)
    if plan.new_cases:
        console.print(
            f"[bold]New cases[/] ({len(plan.new_cases)}): " + escape(", ".join(plan.new_cases))
        )
    if plan.new_participants:
        title = f"New participants ({len(plan.new_participants)})"
        newcomers = [(escape(new.identifier), escape(new.case)) for new in plan.new_participants]
        print_table(cli, title, ("participant", "case"), newcomers)
    if plan.moved_participants:
        moves = [
            (escape(moved.identifier), escape(moved.old_case), escape(moved.new_case))
            for moved in plan.moved_participants
        ]
        print_table(cli, "Participants moving case", ("participant", "from", "to"), moves)
    _print_changes(cli, plan)
    console.print(f"{plan.unchanged} values unchanged.")
    _print_problems(cli, plan)


def _print_changes(cli: CliState, plan: ImportPlan) -> None:
    if not plan.changes:
        return
    rows = [
        (
            str(change.line),
            f"{change.level.value} {escape(change.target)}",
            escape(change.attribute),
            escape(change.old or ""),
            escape(change.new),
        )
        for change in plan.changes[:MAX_SHOWN_CHANGES]
    ]
    columns = ("line", "target", "attribute", "old", "new")
    print_table(cli, f"Values set or changed ({len(plan.changes)})", columns, rows)
    if len(plan.changes) > MAX_SHOWN_CHANGES:
        cli.console.print(f"... and {len(plan.changes) - MAX_SHOWN_CHANGES} more values")


def _print_problems(cli: CliState, plan: ImportPlan) -> None:
    if plan.ok:
        cli.console.print("[green]No problems:[/] the import can be applied.")
        return
    typer.echo(visible(f"{len(plan.problems)} problem(s) in {plan.source}:"), err=True)
    for problem in plan.problems:
        typer.echo(visible(f"  {problem}"), err=True)
    raise typer.Exit(1)


def _import_people(cli: CliState, kind: str, given: PeopleImport, *, update_only: bool) -> None:
    """Import (or with ``--dry-run``, preview) a file of cases or participants."""
    study = cli.open_project().study
    plan = study.preview_import(
        given.file,
        kind,
        sheet=given.sheet,
        types=_pairs(given.types, "a column type", last=True),
        attribute_levels=_pairs(given.levels, "a column level", last=True),
        create_cases=given.create_cases,
        update_only=update_only,
    )
    if given.dry_run:
        _print_plan(cli, plan)
        return
    done = study.apply_import(plan)
    cli.console.print(escape(done.summary()))


# ---------------------------------------------------------------- the command groups


#: Add ``cases``, ``participants``, ``attributes``, ``questions`` and ``answers`` to ``app``.
app = Commands()


cases = command_group(app, "cases", "Cases: the units of comparison (sites, teams, services).")
people = command_group(
    app, "participants", "Participants: the people interviewed, each in one case."
)
attributes = command_group(
    app, "attributes", "Attributes: typed variables of cases, participants, documents."
)
questions = command_group(app, "questions", "The interview schedule: questions in order.")
answers = command_group(app, "answers", "Structured answers of participants.")


# ---------------------------------------------------------------- cases


@cases.command("list", reads=True)
def list_cases(cli: CliState, versions: ShowVersions = False) -> None:
    """List the cases with their participant counts and case attributes."""
    study = cli.open_project().study
    names = [a.name for a in study.attributes("case")]
    rows = [
        (
            escape(case.name),
            str(len(case.participants)),
            *(escape(case.attributes.get(name, "")) for name in names),
            *((str(case.version),) if versions else ()),
        )
        for case in study.cases()
    ]
    columns = ("case", "participants", *names, *(("version",) if versions else ()))
    print_table(cli, "", columns, rows)


@cases.command("add")
def add_case(
    cli: CliState,
    name: Annotated[str, typer.Argument(help="The case's name.")],
    description: Annotated[str, typer.Option(help="A sentence describing the case.")] = "",
    values: Values = None,
) -> None:
    """Add a case."""
    record = cli.open_project().study.add_case(name, description, _pairs(values, "a value"))
    cli.console.print(f"Added case [bold]{escape(record.name)}[/]")


@cases.command("rename")
def rename_case(cli: CliState, case: str, new_name: str, if_version: IfVersion = None) -> None:
    """Rename a case."""
    record = cli.open_project().study.rename_case(case, new_name, if_version=if_version)
    cli.console.print(f"Renamed case to [bold]{escape(record.name)}[/]")


@cases.command("delete")
def delete_case(cli: CliState, case: str, if_version: IfVersion = None) -> None:
    """Delete a case that has no participants."""
    cli.open_project().study.delete_case(case, if_version=if_version)
    cli.console.print(f"Deleted case {escape(case)}")


@cases.command("import")
def import_cases(
    cli: CliState,
    given: CasesImport,
    update_only: Annotated[
        bool, typer.Option("--update-only", help="Refuse rows naming unknown cases.")
    ] = False,
) -> None:
    """Import cases and case attributes: one row per case, column 'case'."""
    _import_people(cli, "cases", given, update_only=update_only)


# ---------------------------------------------------------------- participants


@people.command("list", reads=True)
def list_participants(
    cli: CliState,
    case: Annotated[str | None, typer.Option("--case", help="Only this case.")] = None,
    versions: ShowVersions = False,
) -> None:
    """List participants with their own and inherited (case) attributes."""
    study = cli.open_project().study
    names = [a.name for a in study.attributes() if a.level is not AttributeLevel.DOCUMENT]
    rows = [
        (
            escape(person.identifier),
            escape(person.case),
            *(escape(person.attributes.get(name, "")) for name in names),
            *((str(person.version),) if versions else ()),
        )
        for person in study.participants(case)
    ]
    columns = ("participant", "case", *names, *(("version",) if versions else ()))
    print_table(cli, "", columns, rows)


@people.command("add")
def add_participant(
    cli: CliState,
    identifier: Annotated[str, typer.Argument(help="The participant's identifier, e.g. P01.")],
    case: Annotated[str, typer.Option("--case", help="The case they belong to.")],
    description: Annotated[str, typer.Option(help="A sentence describing the participant.")] = "",
    values: Values = None,
) -> None:
    """Add a participant to a case."""
    record = cli.open_project().study.add_participant(
        identifier, case, description, _pairs(values, "a value")
    )
    cli.console.print(
        f"Added participant [bold]{escape(record.identifier)}[/] to {escape(record.case)}"
    )


@people.command("move")
def move_participant(
    cli: CliState, participant: str, case: str, if_version: IfVersion = None
) -> None:
    """Move a participant to another case."""
    record = cli.open_project().study.move_participant(participant, case, if_version=if_version)
    cli.console.print(f"Moved {escape(record.identifier)} to {escape(record.case)}")


@people.command("delete")
def delete_participant(cli: CliState, participant: str, if_version: IfVersion = None) -> None:
    """Delete a participant (with their attribute values and answers)."""
    cli.open_project().study.delete_participant(participant, if_version=if_version)
    cli.console.print(f"Deleted participant {escape(participant)}")


@people.command("import")
def import_participants(
    cli: CliState,
    given: PeopleImport,
    update_only: Annotated[
        bool, typer.Option("--update-only", help="Refuse rows naming unknown participants.")
    ] = False,
) -> None:
    """Import participants and attributes: one row per participant, columns
    'participant' and 'case'."""
    _import_people(cli, "participants", given, update_only=update_only)


# ---------------------------------------------------------------- attributes


@attributes.command("list", reads=True)
def list_attributes(cli: CliState, versions: ShowVersions = False) -> None:
    """List the attributes with their level, type and allowed values."""
    rows = [
        (
            escape(record.name),
            record.level.value,
            record.type.value,
            escape(", ".join(record.levels)),
            str(record.values),
            escape(record.description),
            *((str(record.version),) if versions else ()),
        )
        for record in cli.open_project().study.attributes()
    ]
    columns = ("attribute", "level", "type", "values / levels", "set on", "description")
    print_table(cli, "", (*columns, *(("version",) if versions else ())), rows)


@attributes.command("add")
def add_attribute(
    cli: CliState,
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
    levels = [v.strip() for v in values.split(",") if v.strip()]
    record = cli.open_project().study.define_attribute(name, level, type_, levels, description)
    cli.console.print(
        f"Defined {record.level.value} attribute [bold]{escape(record.name)}[/] "
        f"({record.type.value})"
    )


@attributes.command("set")
def set_values(
    cli: CliState,
    level: Annotated[str, typer.Argument(help="case, participant or document.")],
    target: Annotated[str, typer.Argument(help="The case, participant or document.")],
    values: Annotated[list[str], typer.Argument(help="NAME=VALUE pairs; an empty VALUE clears.")],
    if_version: IfVersion = None,
) -> None:
    """Set attribute values of one case, participant or document (--if-version: the
    version of that case, participant or document)."""
    result = cli.open_project().study.set_attributes(
        level, target, _pairs(values, "a value"), if_version=if_version
    )
    shown = ", ".join(
        f"{k} = {v if v is not None else '(cleared)'}" for k, v in result.values.items()
    )
    cli.console.print(escape(f"{target}: {shown}"))


@attributes.command("delete")
def delete_attribute(
    cli: CliState,
    name: str,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
    if_version: IfVersion = None,
) -> None:
    """Delete an attribute and all its values."""
    # Ask before opening the project: its transaction holds the write lock.
    if not yes:
        typer.confirm(f"Delete the attribute {name!r} and all its values?", abort=True)
    study = cli.open_project().study
    count = study.delete_attribute(name, if_version=if_version)
    cli.console.print(f"Deleted attribute {escape(name)} and {count} values")


# ---------------------------------------------------------------- schedule, answers


@questions.command("list", reads=True)
def list_questions(cli: CliState) -> None:
    """List the schedule in order."""
    rows = [
        (
            str(q.position),
            escape(q.identifier),
            escape(q.text),
            q.kind.value,
            escape(f"{q.scale.value}: {', '.join(q.levels)}" if q.scale else ""),
            escape(q.heading),
            str(q.answers),
        )
        for q in cli.open_project().study.questions()
    ]
    columns = ("#", "id", "question", "kind", "scale / levels", "heading", "answers")
    print_table(cli, "", columns, rows)


@questions.command("add")
def add_question(
    cli: CliState,
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

    record = cli.open_project().study.add_question(
        identifier, text, kind, scale, split_levels(levels), heading, position
    )
    cli.console.print(
        f"Added {record.kind.value} question {escape(record.identifier)} "
        f"at position {record.position}"
    )


@questions.command("move")
def move_question(cli: CliState, question: str, position: int) -> None:
    """Move a question to a 1-based position."""
    record = cli.open_project().study.move_question(question, position)
    cli.console.print(f"Moved {escape(record.identifier)} to position {record.position}")


@questions.command("delete")
def delete_question(cli: CliState, question: str) -> None:
    """Delete a question and its answers."""
    count = cli.open_project().study.delete_question(question)
    cli.console.print(f"Deleted question {escape(question)} and {count} answers")


@questions.command("import")
def import_questions(cli: CliState, given: ImportFile) -> None:
    """Import questions: columns identifier, question, kind, scale, levels, heading."""
    study = cli.open_project().study
    run = study.preview_import_schedule if given.dry_run else study.import_schedule
    cli.console.print(escape(run(given.file, sheet=given.sheet).summary()))


@answers.command("import")
def import_answers(cli: CliState, given: ImportFile) -> None:
    """Import answers: one row per participant, one column per question
    (identifier or exact text); 'not asked' marks questions not put."""
    study = cli.open_project().study
    run = study.preview_import_answers if given.dry_run else study.import_answers
    cli.console.print(escape(run(given.file, sheet=given.sheet).summary()))


@answers.command("list", reads=True)
def list_answers(cli: CliState) -> None:
    """Show every participant's answers ('not asked' where a question was not put)."""
    found = cli.open_project().study.answers()
    identifiers = [scale.question for scale in found.questions]
    rows = [
        (escape(row.participant), escape(row.case), *(_answer(row, q) for q in identifiers))
        for row in found.rows
    ]
    print_table(cli, "", ("participant", "case", *identifiers), rows)


def _answer(row: ParticipantAnswers, question: str) -> str:
    """A cell of ``answers list``: the answer, or 'not asked' where the question was not put."""
    if row.asked[question] is False:
        return "[dim]not asked[/]"
    value = row.values[question]
    return "" if value is None else escape(value)
