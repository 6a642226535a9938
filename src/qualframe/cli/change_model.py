"""CLI commands under ``qualframe change-model``: evidence-linked change models.

A model is a typed graph: nodes (of kind intervention component, context,
mechanism, process outcome, downstream outcome, assumption, or a kind of
its own) and directed links, backed by evidence from the study (codings,
quotes, matrix cells, memos). Nodes are named by label, links by their
ends (``SOURCE TARGET``); ``--model NAME`` names the model when the project
has several. ::

    qualframe change-model create "Peer work"
    qualframe change-model node add "Shared lived experience" --kind mechanism --code Trust
    qualframe change-model node add Hope --kind "process outcome"
    qualframe change-model link add "Shared lived experience" Hope --rationale "..."
    qualframe change-model evidence add --node Hope --coding 412 --passage 120:180
    qualframe change-model profile --node Hope --by "stakeholder group"
    qualframe change-model export --format svg --output model.svg
    qualframe change-model plan --output plan.xlsx

The commands that only read (tables, profiles, files) are in
:mod:`qualframe.cli.change_model_views`; this module registers them too.
"""

from __future__ import annotations

from typing import Annotated

import typer

from qualframe.cli import change_model_views as views
from qualframe.cli.app import Commands, command_group
from qualframe.cli.change_model_views import LinkOption, Model, NodeOption, subject
from qualframe.cli.output import counted, say
from qualframe.cli.state import CliState
from qualframe.errors import ValidationError

# ---------------------------------------------------------------- options of this area

Node = Annotated[str, typer.Argument(help="The node (its label).", show_default=False)]
Source = Annotated[str, typer.Argument(help="The link's source node (label).", show_default=False)]
Target = Annotated[str, typer.Argument(help="The link's target node (label).", show_default=False)]
Code = Annotated[str, typer.Argument(help="A code (path or name).", show_default=False)]
Description = Annotated[
    str | None, typer.Option("--description", help="What it means.", show_default=False)
]
Rationale = Annotated[
    str | None,
    typer.Option("--rationale", help="Why the source leads to the target.", show_default=False),
]
#: ``--candidate`` / ``--confirmed``: whether the team still has to confirm it.
Candidate = Annotated[
    bool | None,
    typer.Option(
        "--candidate/--confirmed",
        help="A candidate for the team to confirm, or confirmed.",
        show_default=False,
    ),
]
IfVersion = Annotated[
    int | None,
    typer.Option(
        "--if-version",
        min=0,
        help="Only if it is still at this version (as `show` or `evidence list` "
        "printed it); otherwise nothing is changed.",
        show_default=False,
    ),
]
EvidenceId = Annotated[int, typer.Argument(help="The evidence's id.", show_default=False)]
IndicatorId = Annotated[int, typer.Argument(help="The indicator's id.", show_default=False)]


def _passage(value: str | None) -> tuple[int, int] | None:
    """``START:END`` as a pair of offsets; raises :class:`ValidationError`."""
    if value is None:
        return None
    start, sep, end = value.partition(":")
    if not (sep and start.strip().isdecimal() and end.strip().isdecimal()):
        raise ValidationError(
            f"A passage is written START:END in characters, e.g. 120:180; not {value!r}."
        )
    return int(start), int(end)


#: Add ``qualframe change-model`` and its subcommands to ``app``.
app = Commands()

cm = command_group(
    app,
    "change-model",
    "Change models: nodes and links backed by coded evidence, CMO chains, evidence "
    "profiles, indicators, the evaluation plan, diagrams and a report.",
)
kind_app = command_group(cm, "kind", "The kinds of node of a model (colour, column, outcome).")
node_app = command_group(cm, "node", "Nodes of a model: add, edit, delete, bind to codes.")
link_app = command_group(cm, "link", "Links between nodes: add, edit, delete.")
evidence_app = command_group(
    cm, "evidence", "Evidence for a node or link: codings, quotes, matrix cells, memos."
)
indicator_app = command_group(cm, "indicator", "Indicators of outcome nodes.")
measure_app = command_group(cm, "measure", "The registry of measures (metadata, never items).")
version_app = command_group(cm, "version", "Named versions of a model, compared.")

cm.command("list", reads=True)(views.list_models)
cm.command("show", reads=True)(views.show)
cm.command("profile", reads=True)(views.profile)
cm.command("chains", reads=True)(views.chains)
cm.command("cases", reads=True)(views.cases)
cm.command("flags", reads=True)(views.flags)
cm.command("measures", reads=True)(views.list_measures)
cm.command("export", reads=True)(views.export)
cm.command("plan", reads=True)(views.plan)
cm.command("report", reads=True)(views.report)
evidence_app.command("list", reads=True)(views.list_evidence)
version_app.command("list", reads=True)(views.list_versions)
version_app.command("compare", reads=True)(views.compare_versions)


# ---------------------------------------------------------------- the model


@cm.command("create")
def create(
    cli: CliState,
    name: Annotated[str, typer.Argument(help="The model's name.", show_default=False)],
    description: Annotated[str, typer.Option("--description", help="What the model is of.")] = "",
) -> None:
    """Create a change model (with the default kinds of node)."""
    made = cli.open_project().change_models.create(name, description=description)
    say(cli, f"Created the change model {made.name!r} (id {made.id}).")


@cm.command("edit")
def edit(
    cli: CliState,
    name: Annotated[
        str | None, typer.Option("--name", help="A new name.", show_default=False)
    ] = None,
    description: Description = None,
    model: Model = None,
    if_version: IfVersion = None,
) -> None:
    """Rename a model or change its description."""
    changed = cli.open_project().change_models.edit(
        model, name=name, description=description, if_version=if_version
    )
    say(cli, f"Changed the change model {changed.name!r} (version {changed.version}).")


@cm.command("delete")
def delete(cli: CliState, model: Model = None, if_version: IfVersion = None) -> None:
    """Delete a model with its nodes, links, evidence, indicators and versions."""
    gone = cli.open_project().change_models.delete(model, if_version=if_version)
    say(
        cli,
        f"Deleted the change model {gone.name!r} ({counted(gone.nodes, 'node')}, "
        f"{counted(gone.links, 'link')}).",
    )


# ---------------------------------------------------------------- kinds


@kind_app.command("add")
def add_kind(
    cli: CliState,
    name: Annotated[str, typer.Argument(help="The kind's name.", show_default=False)],
    colour: Annotated[
        str, typer.Option("--colour", help="#RRGGBB (dark: labels are white).", show_default=False)
    ],
    column: Annotated[
        int,
        typer.Option("--column", min=0, help="Diagram column (0: leftmost).", show_default=False),
    ],
    outcome: Annotated[
        bool, typer.Option("--outcome", help="Its nodes are outcomes (they carry indicators).")
    ] = False,
    model: Model = None,
) -> None:
    """Add a kind of node to a model."""
    kind = cli.open_project().change_models.add_kind(
        name, colour=colour, column=column, outcome=outcome, model=model
    )
    say(cli, f"Added the kind {kind.name!r} (column {kind.column}, {kind.colour}).")


@kind_app.command("edit")
def edit_kind(
    cli: CliState,
    kind: Annotated[str, typer.Argument(help="The kind (name).", show_default=False)],
    name: Annotated[str | None, typer.Option("--name", help="A new name.")] = None,
    colour: Annotated[str | None, typer.Option("--colour", help="#RRGGBB.")] = None,
    column: Annotated[int | None, typer.Option("--column", min=0, help="Diagram column.")] = None,
    outcome: Annotated[
        bool | None,
        typer.Option("--outcome/--not-outcome", help="Whether its nodes are outcomes."),
    ] = None,
    model: Model = None,
) -> None:
    """Change a kind of node: its name, colour, column, or whether it is an outcome."""
    changed = cli.open_project().change_models.edit_kind(
        kind, name=name, colour=colour, column=column, outcome=outcome, model=model
    )
    say(cli, f"Changed the kind {changed.name!r} (column {changed.column}, {changed.colour}).")


# ---------------------------------------------------------------- nodes


@node_app.command("add")
def add_node(
    cli: CliState,
    label: Annotated[str, typer.Argument(help="The node's label.", show_default=False)],
    kind: Annotated[
        str, typer.Option("--kind", help="mechanism, context, process outcome, ...")
    ],
    description: Annotated[str, typer.Option("--description", help="What it means.")] = "",
    candidate: Annotated[
        bool, typer.Option("--candidate", help="A candidate for the team to confirm.")
    ] = False,
    code: Annotated[
        list[str] | None,
        typer.Option(
            "--code", help="Bind it to this code: its codings are evidence (repeat).",
            show_default=False,
        ),
    ] = None,
    model: Model = None,
) -> None:  # fmt: skip
    """Add a node to a model (bound to codes, its evidence grows as coding goes on)."""
    node = cli.open_project().change_models.add_node(
        label, kind, description=description, candidate=candidate, codes=code or (), model=model
    )
    bound = f", bound to {', '.join(node.codes)}" if node.codes else ""
    say(cli, f"Added the {node.kind} {node.label!r} (id {node.id}{bound}).")


@node_app.command("edit")
def edit_node(
    cli: CliState,
    node: Node,
    label: Annotated[str | None, typer.Option("--label", help="A new label.")] = None,
    kind: Annotated[str | None, typer.Option("--kind", help="Another kind.")] = None,
    description: Description = None,
    candidate: Candidate = None,
    model: Model = None,
    if_version: IfVersion = None,
) -> None:
    """Change a node's label, kind, description, or whether it is a candidate."""
    changed = cli.open_project().change_models.edit_node(
        node,
        label=label,
        kind=kind,
        description=description,
        candidate=candidate,
        model=model,
        if_version=if_version,
    )
    say(cli, f"Changed the {changed.kind} {changed.label!r} (version {changed.version}).")


@node_app.command("delete")
def delete_node(
    cli: CliState, node: Node, model: Model = None, if_version: IfVersion = None
) -> None:
    """Delete a node with its links, evidence, indicators and code bindings."""
    gone = cli.open_project().change_models.delete_node(node, model=model, if_version=if_version)
    parts = [
        counted(gone.links, "link"),
        counted(gone.evidence, "piece") + " of evidence",
        counted(gone.indicators, "indicator"),
        counted(gone.bindings, "code binding"),
    ]
    say(cli, f"Deleted the {gone.node.kind} {gone.node.label!r} with " + ", ".join(parts) + ".")
    if gone.conditions_cleared:
        say(
            cli,
            f"{counted(gone.conditions_cleared, 'link')} had it as their condition: "
            "unconditional now.",
        )


@node_app.command("bind")
def bind(cli: CliState, node: Node, code: Code, model: Model = None) -> None:
    """Bind a node to a code: the codings of the code and its sub-codes support it."""
    found = cli.open_project().change_models.bind_code(node, code, model=model)
    say(cli, f"{found.label!r} is bound to {', '.join(found.codes)}.")


@node_app.command("unbind")
def unbind(cli: CliState, node: Node, code: Code, model: Model = None) -> None:
    """Unbind a node from a code."""
    found = cli.open_project().change_models.unbind_code(node, code, model=model)
    left = ", ".join(found.codes) or "no code"
    say(cli, f"{found.label!r} is bound to {left} now.")


# ---------------------------------------------------------------- links


@link_app.command("add")
def add_link(
    cli: CliState,
    source: Source,
    target: Target,
    rationale: Annotated[str, typer.Option("--rationale", help="Why it leads there.")] = "",
    condition: Annotated[
        str | None,
        typer.Option("--condition", help="The context (node) it holds in.", show_default=False),
    ] = None,
    candidate: Annotated[
        bool, typer.Option("--candidate", help="A candidate for the team to confirm.")
    ] = False,
    model: Model = None,
) -> None:
    """Add a link SOURCE → TARGET, maybe conditional on a context."""
    link = cli.open_project().change_models.add_link(
        source, target, rationale=rationale, condition=condition, candidate=candidate, model=model
    )
    when = f" when {link.condition!r}" if link.condition else ""
    say(cli, f"Added the link {link.label}{when} (id {link.id}).")


@link_app.command("edit")
def edit_link(
    cli: CliState,
    source: Source,
    target: Target,
    rationale: Rationale = None,
    condition: Annotated[
        str | None,
        typer.Option("--condition", help="Another context (node) it holds in.", show_default=False),
    ] = None,
    unconditional: Annotated[
        bool, typer.Option("--unconditional", help="It holds in every context.")
    ] = False,
    candidate: Candidate = None,
    model: Model = None,
    if_version: IfVersion = None,
) -> None:
    """Change a link's rationale, condition, or whether it is a candidate."""
    if unconditional and condition is not None:
        raise ValidationError("Give --condition or --unconditional, not both.")
    changed = cli.open_project().change_models.edit_link(
        (source, target),
        rationale=rationale,
        condition=condition,
        unconditional=unconditional,
        candidate=candidate,
        model=model,
        if_version=if_version,
    )
    say(cli, f"Changed the link {changed.label} (version {changed.version}).")


@link_app.command("delete")
def delete_link(
    cli: CliState, source: Source, target: Target, model: Model = None, if_version: IfVersion = None
) -> None:
    """Delete a link with its evidence."""
    gone = cli.open_project().change_models.delete_link(
        (source, target), model=model, if_version=if_version
    )
    say(cli, f"Deleted the link {gone.label}.")


# ---------------------------------------------------------------- evidence


@evidence_app.command("add")
def add_evidence(
    cli: CliState,
    node: NodeOption = None,
    link: LinkOption = None,
    coding: Annotated[
        int | None, typer.Option("--coding", help="A coding (id).", show_default=False)
    ] = None,
    passage: Annotated[
        str | None,
        typer.Option(
            "--passage", help="With --coding: only START:END of it (a quote).", show_default=False
        ),
    ] = None,
    cell: Annotated[
        int | None, typer.Option("--cell", help="A matrix cell (id).", show_default=False)
    ] = None,
    memo: Annotated[
        int | None, typer.Option("--memo", help="A memo (id).", show_default=False)
    ] = None,
    contradicts: Annotated[
        bool, typer.Option("--contradicts", help="It contradicts (default: it supports).")
    ] = False,
    note: Annotated[str, typer.Option("--note", help="Why it counts.")] = "",
    model: Model = None,
) -> None:
    """Back a node or link with a coding (or a passage of it), a matrix cell or a memo."""
    if passage is not None and coding is None:
        raise ValidationError("Give --passage with the --coding it is a passage of.")
    piece = cli.open_project().change_models.add_evidence(
        **subject(node, link),
        coding=coding,
        passage=_passage(passage),
        cell=cell,
        memo=memo,
        stance="contradicts" if contradicts else "supports",
        note=note,
        model=model,
    )
    say(
        cli,
        f"Evidence #{piece.id} ({piece.kind.value}, {piece.stance.value}) for the "
        f"{piece.subject_kind} {piece.subject}: {piece.label}",
    )


@evidence_app.command("edit")
def edit_evidence(
    cli: CliState,
    evidence: EvidenceId,
    stance: Annotated[
        str | None,
        typer.Option("--stance", help="supports or contradicts.", show_default=False),
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="A new note.")] = None,
    if_version: IfVersion = None,
) -> None:
    """Change what a piece of evidence says (supports, contradicts) or its note."""
    piece = cli.open_project().change_models.edit_evidence(
        evidence, stance=stance, note=note, if_version=if_version
    )
    say(cli, f"Evidence #{piece.id} {piece.stance.value} (version {piece.version}).")


@evidence_app.command("remove")
def remove_evidence(cli: CliState, evidence: EvidenceId, if_version: IfVersion = None) -> None:
    """Remove a piece of evidence (the coding, cell or memo stays)."""
    piece = cli.open_project().change_models.remove_evidence(evidence, if_version=if_version)
    say(cli, f"Removed evidence #{piece.id} from the {piece.subject_kind} {piece.subject}.")


# ---------------------------------------------------------------- indicators, measures


@indicator_app.command("add")
def add_indicator(
    cli: CliState,
    node: Node,
    name: Annotated[str, typer.Argument(help="The indicator.", show_default=False)],
    measure: Annotated[
        str | None,
        typer.Option("--measure", help="A measure of the registry (name).", show_default=False),
    ] = None,
    timing: Annotated[str, typer.Option("--timing", help="When it is measured.")] = "",
    source: Annotated[str, typer.Option("--source", help="Where the data come from.")] = "",
    notes: Annotated[str, typer.Option("--notes", help="Anything else.")] = "",
    model: Model = None,
) -> None:
    """Add an indicator to an outcome node."""
    made = cli.open_project().change_models.add_indicator(
        node, name, measure=measure, timing=timing, data_source=source, notes=notes, model=model
    )
    by = f", measured by {made.measure}" if made.measure else ""
    say(cli, f"Added the indicator {made.name!r} of {made.node!r} (id {made.id}{by}).")


@indicator_app.command("edit")
def edit_indicator(
    cli: CliState,
    indicator: IndicatorId,
    name: Annotated[str | None, typer.Option("--name", help="A new name.")] = None,
    measure: Annotated[
        str | None, typer.Option("--measure", help="Another measure (name).", show_default=False)
    ] = None,
    no_measure: Annotated[
        bool, typer.Option("--no-measure", help="Measured by no measure of the registry.")
    ] = False,
    timing: Annotated[str | None, typer.Option("--timing", help="When it is measured.")] = None,
    source: Annotated[
        str | None, typer.Option("--source", help="Where the data come from.")
    ] = None,
    notes: Annotated[str | None, typer.Option("--notes", help="Anything else.")] = None,
    if_version: IfVersion = None,
) -> None:
    """Change an indicator: its name, measure, timing, data source or notes."""
    if no_measure and measure is not None:
        raise ValidationError("Give --measure or --no-measure, not both.")
    changed = cli.open_project().change_models.edit_indicator(
        indicator,
        name=name,
        measure=measure,
        no_measure=no_measure,
        timing=timing,
        data_source=source,
        notes=notes,
        if_version=if_version,
    )
    say(
        cli,
        f"Changed the indicator {changed.name!r} of {changed.node!r} (version {changed.version}).",
    )


@indicator_app.command("remove")
def remove_indicator(cli: CliState, indicator: IndicatorId, if_version: IfVersion = None) -> None:
    """Remove an indicator."""
    gone = cli.open_project().change_models.remove_indicator(indicator, if_version=if_version)
    say(cli, f"Removed the indicator {gone.name!r} of {gone.node!r}.")


@measure_app.command("add")
def add_measure(
    cli: CliState,
    name: Annotated[str, typer.Argument(help="The measure's name.", show_default=False)],
    construct: Annotated[str, typer.Option("--construct", help="What it measures.")] = "",
    items: Annotated[str, typer.Option("--items", help="How many items (never their text).")] = "",
    score_range: Annotated[str, typer.Option("--score-range", help="e.g. 14–70.")] = "",
    scoring_notes: Annotated[str, typer.Option("--scoring-notes", help="How it is scored.")] = "",
    reference: Annotated[str, typer.Option("--reference", help="Where it is published.")] = "",
    licence_note: Annotated[
        str, typer.Option("--licence-note", help="Who may use it, on what terms.")
    ] = "",
) -> None:
    """Add a measure to the project's registry."""
    made = cli.open_project().change_models.add_measure(
        name,
        construct=construct,
        items=items,
        score_range=score_range,
        scoring_notes=scoring_notes,
        reference=reference,
        licence_note=licence_note,
    )
    say(cli, f"Added the measure {made.name!r}.")


@measure_app.command("edit")
def edit_measure(
    cli: CliState,
    measure: Annotated[str, typer.Argument(help="The measure (name).", show_default=False)],
    name: Annotated[str | None, typer.Option("--name", help="A new name.")] = None,
    construct: Annotated[str | None, typer.Option("--construct", help="What it measures.")] = None,
    items: Annotated[str | None, typer.Option("--items", help="How many items.")] = None,
    score_range: Annotated[str | None, typer.Option("--score-range", help="e.g. 14–70.")] = None,
    scoring_notes: Annotated[
        str | None, typer.Option("--scoring-notes", help="How it is scored.")
    ] = None,
    reference: Annotated[str | None, typer.Option("--reference", help="Where published.")] = None,
    licence_note: Annotated[
        str | None, typer.Option("--licence-note", help="Who may use it, on what terms.")
    ] = None,
    if_version: IfVersion = None,
) -> None:
    """Change a measure of the project's registry."""
    changed = cli.open_project().change_models.edit_measure(
        measure,
        name=name,
        construct=construct,
        items=items,
        score_range=score_range,
        scoring_notes=scoring_notes,
        reference=reference,
        licence_note=licence_note,
        if_version=if_version,
    )
    say(cli, f"Changed the measure {changed.name!r} (version {changed.version}).")


@measure_app.command("delete")
def delete_measure(
    cli: CliState,
    measure: Annotated[str, typer.Argument(help="The measure (name).", show_default=False)],
    if_version: IfVersion = None,
) -> None:
    """Delete a measure from the project's registry (refused while an indicator uses it)."""
    gone = cli.open_project().change_models.delete_measure(measure, if_version=if_version)
    say(cli, f"Deleted the measure {gone.name!r}.")


# ---------------------------------------------------------------- versions


@version_app.command("save")
def save_version(
    cli: CliState,
    name: Annotated[str, typer.Argument(help="The version's name.", show_default=False)],
    note: Annotated[str, typer.Option("--note", help="What this version is.")] = "",
    model: Model = None,
) -> None:
    """Save the model as it is now under a name (to compare with later)."""
    saved = cli.open_project().change_models.save_version(name, note=note, model=model)
    say(cli, f"Saved the version {saved.name!r} of {saved.model!r}.")
