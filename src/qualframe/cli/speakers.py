"""CLI commands: ``qualframe speakers ...``, speaker labels and who they stand for.

List the labels; map one (project-wide, in a document, or in one section of
it); list a document's turns and say who speaks in one of them; say a
line-start label is not a speaker, or is one, and undo that; map every
unmapped label to the interviewer or other at once; make participants of
labels; see who speaks in each section of a document and accept the
suggested section mappings. Each command is one transaction: on an error
nothing is written and one line says why.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer
from rich.markup import escape

from qualframe.cli.app import Commands
from qualframe.cli.output import cell_text, counted, print_table, say, short
from qualframe.cli.state import CliState

if TYPE_CHECKING:
    from qualframe.services.documents.label_decisions import LabelDecisionChange
    from qualframe.services.documents.speakers import MappingChange

#: The ``speakers`` command group (added to the command tree by ``cli.documents``).
app = Commands(help="Speaker labels of transcripts and who they stand for.", no_args_is_help=True)

Label = Annotated[str, typer.Argument(help="The speaker label as written in transcripts.")]
DocumentName = Annotated[str, typer.Argument(help="The document's name.")]
InDocument = Annotated[
    str | None, typer.Option("--document", help="Only in this document.", show_default=False)
]
Section = Annotated[
    str | None,
    typer.Option(
        "--section",
        help="Only in this section of --document: its heading, or its number "
        "(1 for the first, as `speakers sections` lists them).",
        show_default=False,
    ),
]
#: The roles labels can be mapped to in one go (and turns without a participant).
BulkRole = Literal["interviewer", "other"]
TurnNumber = Annotated[
    int,
    typer.Argument(help="The turn's number: 1 for the first, as `speakers turns` lists them."),
]
#: How each level of mapping reads in the turns listing.
LEVEL_WORDS = {
    "turn": "this turn",
    "section": "its section",
    "document": "the document",
    "project": "project-wide",
}

#: Characters of a participant's description shown beside its identifier.
DESCRIPTION_CHARS = 50


def _section(value: str | None) -> int | str | None:
    """``--section`` as the service takes it: a heading (the service reads a
    heading of digits that no section has as a number)."""
    return value.strip() if value is not None else None


def _where(change: MappingChange) -> str:
    """ " in 'doc.txt'", " in section 3 ('Ms Smith') of 'doc.txt'", " in turn 4 of
    'doc.txt'" or ""."""
    if change.document is None:
        return ""
    if change.turn is not None:
        return f" in turn {change.turn} of {change.document}"
    if change.section is None:
        return f" in {change.document}"
    return f" in section {change.section} ({change.section_title}) of {change.document}"


def _who(identifier: str | None, description: str | None) -> str:
    """A participant as choosers show it: ``identifier — description`` (shortened)."""
    if not identifier:
        return ""
    return f"{identifier} — {short(description, DESCRIPTION_CHARS)}" if description else identifier


# ---------------------------------------------------------------- listing and mapping


@app.command("list", reads=True)
def list_speakers(cli: CliState) -> None:
    """List speaker labels with their turns, documents and mapping; unmapped ones marked."""
    labels = cli.open_project().documents.speaker_labels()
    columns = ("label", "turns", "documents", "maps to", "narrower mappings", "unmapped in")
    rows = [
        (
            escape(row.label),
            str(row.turns),
            str(row.documents),
            cell_text(
                _who(row.participant, row.participant_description)
                if row.role == "participant"
                else row.role
            ),
            ", ".join(
                part
                for part in (
                    counted(row.document_mappings, "document") if row.document_mappings else "",
                    counted(row.section_mappings, "section") if row.section_mappings else "",
                    counted(row.turn_mappings, "turn") if row.turn_mappings else "",
                )
                if part
            ),
            f"[red]{row.unmapped_documents} document(s)[/]" if row.unmapped_documents else "",
        )
        for row in labels
    ]
    print_table(cli, f"Speaker labels ({len(labels)})", columns, rows)
    missing = sum(1 for row in labels if row.unmapped_documents > 0)
    if missing:
        cli.console.print(
            f"{missing} label(s) unmapped somewhere: map them with 'qualframe speakers map', "
            "or all at once with 'qualframe speakers map-unmapped'."
        )


@app.command("map")
def map_speaker(
    cli: CliState,
    label: Label,
    participant: str | None = typer.Option(None, "--participant", help="Participant identifier."),
    interviewer: bool = typer.Option(False, "--interviewer", help="The label is the interviewer."),
    other: bool = typer.Option(False, "--other", help="The label is someone else (not analysed)."),
    document: InDocument = None,
    section: Section = None,
) -> None:
    """Map a speaker label to a participant, the interviewer or other."""
    from qualframe.errors import ValidationError

    if sum((participant is not None, interviewer, other)) != 1:
        raise ValidationError("Give exactly one of --participant ID, --interviewer, --other.")
    role = "interviewer" if interviewer else "other" if other else None
    change = cli.open_project().documents.map_speaker(
        label, participant, role=role, document=document, section=_section(section)
    )
    target = change.participant or str(change.role)
    say(
        cli,
        f"Mapped {change.label}{_where(change)} to {target}; "
        f"{counted(change.codings_changed, 'coding')} re-attributed.",
    )


@app.command("unmap")
def unmap_speaker(
    cli: CliState,
    label: Label,
    document: str | None = typer.Option(None, "--document", help="The document mapping to remove."),
    section: Section = None,
) -> None:
    """Remove the mapping of a speaker label."""
    change = cli.open_project().documents.unmap_speaker(
        label, document=document, section=_section(section)
    )
    say(
        cli,
        f"Removed the mapping of {change.label}{_where(change)}; "
        f"{counted(change.codings_changed, 'coding')} re-attributed.",
    )


@app.command("import")
def import_map(
    cli: CliState,
    file: Path = typer.Argument(
        ..., help="A .csv or .xlsx file: label, participant or role, optional document."
    ),
) -> None:
    """Map speaker labels from a spreadsheet (all rows or nothing)."""
    result = cli.open_project().documents.import_speaker_map(file)
    cli.console.print(
        f"Mapped {result.mappings} label(s); {result.documents_reattributed} document(s) "
        f"re-attributed, {result.codings_changed} coding(s) changed."
    )


# ---------------------------------------------------------------- one turn


@app.command("turns", reads=True)
def turns(cli: CliState, document: DocumentName) -> None:
    """List a document's speaker turns, numbered, with who speaks in each and by
    which mapping (its own, its section's, the document's or the project's)."""
    found = cli.open_project().documents.turn_list(document)
    rows = [
        (
            str(turn.number),
            escape(turn.label),
            escape(short(turn.text, 50)),
            cell_text(turn.participant or (turn.role.value if turn.role else None)),
            LEVEL_WORDS.get(turn.level, "") if turn.level else "[red]unmapped[/]",
        )
        for turn in found
    ]
    columns = ("#", "label", "begins", "stands for", "by the mapping of")
    print_table(cli, f"Speaker turns of {escape(document)} ({len(found)})", columns, rows)


@app.command("map-turn")
def map_turn(
    cli: CliState,
    document: DocumentName,
    turn: TurnNumber,
    participant: str | None = typer.Argument(
        None, help="The participant speaking in it (identifier).", show_default=False
    ),
    role: BulkRole | None = typer.Option(
        None, "--role", help="Instead of a participant: the interviewer or other."
    ),
) -> None:
    """Say who speaks in one turn of a document, over every mapping of its label."""
    change = cli.open_project().documents.map_turn(document, turn, participant, role=role)
    target = change.participant or str(change.role)
    say(
        cli,
        f"Mapped turn {change.turn} ({change.label}) of {change.document} to {target}; "
        f"{counted(change.codings_changed, 'coding')} re-attributed.",
    )


@app.command("unmap-turn")
def unmap_turn(cli: CliState, document: DocumentName, turn: TurnNumber) -> None:
    """Remove a turn's own mapping: its label's mappings say who speaks in it again."""
    change = cli.open_project().documents.unmap_turn(document, turn)
    say(
        cli,
        f"Removed the mapping of turn {change.turn} ({change.label}) of {change.document}; "
        f"{counted(change.codings_changed, 'coding')} re-attributed.",
    )


# ---------------------------------------------------------------- many labels at once


@app.command("map-unmapped")
def map_unmapped(
    cli: CliState,
    role: BulkRole = typer.Option(..., "--role", help="Who the unmapped labels are."),
    documents: list[str] | None = typer.Option(
        None,
        "--document",
        help="Only the labels unmapped in this document, mapped there (repeatable; "
        "default: every unmapped label, project-wide).",
    ),
) -> None:
    """Map every speaker label that is unmapped somewhere to the interviewer or other."""
    result = cli.open_project().documents.map_unmapped_speakers(role, documents=documents or None)
    if not result.labels:
        say(cli, "No label is unmapped: nothing to do.")
        return
    where = f" in {', '.join(result.documents)}" if result.documents else ""
    say(
        cli,
        f"Mapped {counted(len(result.labels), 'label')}{where} to {result.role.value}: "
        f"{', '.join(result.labels)}; {counted(result.codings_changed, 'coding')} re-attributed.",
    )


@app.command("create-participants")
def create_participants(
    cli: CliState,
    labels: list[str] = typer.Argument(..., help="The speaker labels, as written."),
    case: str | None = typer.Option(
        None,
        "--case",
        help="The case they join (default: a case of its own for each, named after it).",
        show_default=False,
    ),
) -> None:
    """Make a participant of each label (identified by it) and map the label to it."""
    result = cli.open_project().documents.create_participants_from_labels(labels, case=case)
    made = f" and {counted(len(result.cases), 'case')}" if result.cases else ""
    say(
        cli,
        f"Made {counted(len(result.participants), 'participant')}{made}: "
        f"{', '.join(result.participants)}; each label is mapped to its participant; "
        f"{counted(result.codings_changed, 'coding')} re-attributed.",
    )


# ---------------------------------------------------------------- speaker or not


def _say_decision(cli: CliState, change: LabelDecisionChange, what: str) -> None:
    parts = [f"{change.label} {what}"]
    if change.turns_removed:
        parts.append(f"{counted(change.turns_removed, 'turn')} merged into the turn before")
    if change.turns_added:
        parts.append(f"{counted(change.turns_added, 'turn')} split off")
    if change.mappings_removed:
        parts.append(f"{counted(change.mappings_removed, 'mapping')} removed")
    if change.turn_mappings_removed:
        parts.append(
            "the mappings of turns merged away are removed: "
            + "; ".join(change.turn_mappings_removed)
        )
    parts.append(
        f"{counted(change.documents, 'document')} changed, "
        f"{counted(change.codings_changed, 'coding')} re-attributed"
    )
    say(cli, "; ".join(parts) + ".")


@app.command("reject")
def reject(cli: CliState, label: Label) -> None:
    """Say a line-start label is not a speaker ("You say:"): its lines rejoin the turn before."""
    change = cli.open_project().documents.reject_label(label)
    _say_decision(cli, change, "is not a speaker")


@app.command("accept")
def accept(cli: CliState, label: Label) -> None:
    """Say a line-start label is a speaker: every line starting with it starts a turn."""
    change = cli.open_project().documents.accept_label(label)
    _say_decision(cli, change, "is a speaker")


@app.command("undo")
def undo(cli: CliState, label: Label) -> None:
    """Forget the decision about a label: detection decides again."""
    change = cli.open_project().documents.undo_label_decision(label)
    _say_decision(cli, change, "is as detected again")


@app.command("decisions", reads=True)
def decisions(cli: CliState) -> None:
    """List the labels people said are (or are not) speakers."""
    found = cli.open_project().documents.label_decisions()
    rows = [
        (
            escape(row.label),
            "speaker" if row.is_speaker else "not a speaker",
            escape(row.decided_by),
            f"{row.decided_at:%Y-%m-%d %H:%M}",
        )
        for row in found
    ]
    print_table(cli, f"Label decisions ({len(found)})", ("label", "is", "by", "at"), rows)


# ---------------------------------------------------------------- sections


@app.command("sections", reads=True)
def sections(cli: CliState, document: DocumentName) -> None:
    """List a document's sections and who speaks in each (and by which mapping)."""
    found = cli.open_project().documents.section_speakers(document)
    rows = []
    for section in found:
        speakers = "; ".join(
            f"{row.label} ({row.turns}): "
            + (
                _who(row.participant, row.participant_description) or str(row.role.value)
                if row.role
                else "unmapped"
            )
            + (f" [{row.level}]" if row.level else "")
            for row in section.speakers
        )
        rows.append((str(section.number), escape(short(section.title, 60)), escape(speakers)))
    print_table(cli, f"Sections of {escape(document)}", ("#", "heading", "speakers"), rows)


@app.command("suggest")
def suggest(
    cli: CliState,
    document: DocumentName,
    accept_all: bool = typer.Option(
        False, "--accept", help="Map every suggestion (all or nothing)."
    ),
) -> None:
    """Suggest who a role label ("The Witness") is in each section, from its heading."""
    project = cli.open_project()
    found = project.documents.suggest_section_mappings(document)
    rows = [
        (
            str(s.section),
            escape(short(s.section_title, 50)),
            escape(s.label),
            escape(_who(s.participant, s.participant_description)),
            str(s.turns),
        )
        for s in found
    ]
    columns = ("section", "heading", "label", "participant", "turns")
    print_table(cli, f"Suggested section mappings ({len(found)})", columns, rows)
    if not found:
        say(
            cli,
            "No suggestions: no unmapped role label speaks under a heading naming a participant.",
        )
        return
    if not accept_all:
        say(
            cli,
            "Map them all with --accept, or one by one with 'qualframe speakers map ... "
            "--document DOC --section N'.",
        )
        return
    changes = project.documents.accept_section_suggestions(document)
    changed = sum(change.codings_changed for change in changes)
    say(
        cli,
        f"Mapped {counted(len(changes), 'suggestion')}; "
        f"{counted(changed, 'coding')} re-attributed.",
    )
