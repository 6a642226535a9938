"""The reading commands of ``qualframe change-model``: tables, profiles, files.

The functions here are commands as written for :class:`~qualframe.cli.app.Commands`
(``cli: CliState`` first); :mod:`qualframe.cli.change_model` registers them
in its command group, beside the commands that change a model. They only
read the project (registered ``reads=True``); the file commands write the
file atomically (a new file beside it, renamed over it: an existing file is
replaced whole, never left half-written), as every export of qualframe does.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

import typer

from qualframe.cli.output import cell_text, counted, print_table, say, short, shown, visible
from qualframe.cli.state import CliState
from qualframe.errors import ValidationError
from qualframe.vocabulary import DiagramFormat

if TYPE_CHECKING:
    import pandas as pd

    from qualframe.services.change_model.records import (
        CaseChain,
        EvidenceInfo,
        EvidenceProfile,
        ModelView,
        SubjectEvidence,
    )

# ---------------------------------------------------------------- options of this area

#: ``--model NAME``: which model (left out: the project's only one).
Model = Annotated[
    str | None,
    typer.Option(
        "--model", help="The change model (name; default: the project's only one).",
        show_default=False,
    ),
]  # fmt: skip
#: ``--node LABEL``: a node of the model, by its label.
NodeOption = Annotated[
    str | None, typer.Option("--node", help="A node (its label).", show_default=False)
]
#: ``--link SOURCE TARGET``: a link of the model, by its ends' labels.
LinkOption = Annotated[
    tuple[str, str] | None,
    typer.Option(
        "--link", help="A link, by its ends: --link SOURCE TARGET (labels).", show_default=False
    ),
]
#: How a listing is printed: a table, CSV or JSON on standard output.
TableFormat = Literal["table", "csv", "json"]
FormatOption = Annotated[
    TableFormat, typer.Option("--format", help="table, csv or json (on standard output).")
]
Output = Annotated[
    Path, typer.Option("--output", "-o", help="The file to write.", show_default=False)
]

#: Characters of free text (descriptions, rationales, quotes) shown in a table cell.
SHOWN_TEXT = 60
#: The file suffixes that name each diagram format (``export`` without ``--format``).
SUFFIXES: dict[str, DiagramFormat] = {
    ".svg": "svg",
    ".png": "png",
    ".mmd": "mermaid",
    ".mermaid": "mermaid",
    ".dot": "dot",
    ".gv": "dot",
    ".graphml": "graphml",
    ".json": "kumu",
}


def subject(node: str | None, link: tuple[str, str] | None) -> dict[str, Any]:
    """The ``node=`` or ``link=`` keyword of a use case, from ``--node`` or
    ``--link``; raises :class:`ValidationError` unless exactly one is given."""
    if (node is None) == (link is None):
        raise ValidationError("Name a node (--node LABEL) or a link (--link SOURCE TARGET).")
    return {"node": node} if node is not None else {"link": link}


def write_file(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (an existing file is replaced).

    Raises :class:`ValidationError` naming the file when it cannot be written."""
    from qualframe.formats.tables import write_atomically

    try:
        write_atomically(path, lambda stream: stream.write(data))
    except OSError as error:
        raise ValidationError(f"Cannot write {path}: {error.strerror or error}.") from None


def print_json(value: object) -> None:
    """Print ``value`` (records, lists of records) as JSON on standard output
    (dates as ISO text; on a terminal, control characters :func:`visible`)."""

    def plain(item: object) -> object:
        if dataclasses.is_dataclass(item) and not isinstance(item, type):
            return dataclasses.asdict(item)
        if isinstance(item, list | tuple):
            return [plain(each) for each in item]
        return item

    text = json.dumps(plain(value), ensure_ascii=False, indent=2, default=str)
    typer.echo(visible(text) if sys.stdout.isatty() else text)


def print_csv(frame: pd.DataFrame) -> None:
    """Print ``frame`` as CSV on standard output, a named index (``case``) as
    its first column (:func:`~qualframe.cli.output.write_csv`: formulas
    neutralised)."""
    from qualframe.cli.output import write_csv

    if any(name is not None for name in frame.index.names):
        frame = frame.reset_index()
    write_csv(frame, Path("-"))


def _yes(flag: bool) -> str:
    return "yes" if flag else ""


# ---------------------------------------------------------------- the model


def list_models(cli: CliState) -> None:
    """List the project's change models."""
    found = cli.open_project().change_models.list()
    if not found:
        say(cli, "No change model yet; create one with 'qualframe change-model create NAME'.")
        return
    rows = [
        (str(m.id), cell_text(m.name), str(m.nodes), str(m.links), f"{m.updated_at:%Y-%m-%d}",
         cell_text(short(m.description, SHOWN_TEXT)))
        for m in found
    ]  # fmt: skip
    print_table(cli, "", ("id", "name", "nodes", "links", "changed", "description"), rows)


def show(cli: CliState, model: Model = None) -> None:
    """Show a model: its kinds, nodes (with their evidence), links and indicators."""
    project = cli.open_project()
    view = project.change_models.get(model)
    info = view.model
    cli.console.print(f"[bold]{shown(info.name)}[/] [dim](version {info.version})[/]")
    if info.description:
        say(cli, info.description)
    counts: dict[tuple[str, int], SubjectEvidence] = {
        (s.subject_kind, s.id): s for s in project.change_models.evidence_summary(model=model)
    }
    _print_graph(cli, view, counts)


_NODE_COLUMNS = ("id", "version", "node", "kind", "supporting", "contradicting", "candidate",
                 "codes", "description")  # fmt: skip
_LINK_COLUMNS = (
    "id",
    "version",
    "link",
    "condition",
    "supporting",
    "contradicting",
    "candidate",
    "rationale",
)
_INDICATOR_COLUMNS = ("id", "version", "outcome", "indicator", "measure", "timing", "data source")


def _evidence_cells(found: SubjectEvidence | None) -> tuple[str, str]:
    if found is None:
        return "", ""
    return str(found.total_supporting), str(found.contradicts)


def _print_graph(
    cli: CliState, view: ModelView, counts: dict[tuple[str, int], SubjectEvidence]
) -> None:
    """The tables of ``show``: kinds, nodes, links, indicators."""
    kinds = [(cell_text(k.name), k.colour, str(k.column), _yes(k.outcome)) for k in view.kinds]
    print_table(cli, "Kinds", ("kind", "colour", "column", "outcome"), kinds)
    nodes = [
        (str(n.id), str(n.version), cell_text(n.label), cell_text(n.kind),
         *_evidence_cells(counts.get(("node", n.id))), _yes(n.candidate),
         cell_text(", ".join(n.codes)), cell_text(short(n.description, SHOWN_TEXT)))
        for n in view.nodes
    ]  # fmt: skip
    print_table(cli, "Nodes", _NODE_COLUMNS, nodes)
    links = [
        (str(link.id), str(link.version), cell_text(link.label), cell_text(link.condition),
         *_evidence_cells(counts.get(("link", link.id))), _yes(link.candidate),
         cell_text(short(link.rationale, SHOWN_TEXT)))
        for link in view.links
    ]  # fmt: skip
    print_table(cli, "Links", _LINK_COLUMNS, links)
    if view.indicators:
        indicators = [
            (str(i.id), str(i.version), cell_text(i.node), cell_text(i.name), cell_text(i.measure),
             cell_text(i.timing), cell_text(i.data_source))
            for i in view.indicators
        ]  # fmt: skip
        print_table(cli, "Indicators", _INDICATOR_COLUMNS, indicators)


# ---------------------------------------------------------------- evidence


def list_evidence(
    cli: CliState, node: NodeOption = None, link: LinkOption = None, model: Model = None
) -> None:
    """List the evidence of a model, or of one node or link."""
    chosen: dict[str, Any] = {}
    if node is not None or link is not None:
        chosen = subject(node, link)
    found = cli.open_project().change_models.evidence(model=model, **chosen)
    if not found:
        say(cli, "No evidence yet; add some with 'qualframe change-model evidence add'.")
        return
    print_table(cli, "", _EVIDENCE_COLUMNS, [_evidence_row(piece) for piece in found])


_EVIDENCE_COLUMNS = (
    "id",
    "version",
    "for",
    "kind",
    "stance",
    "evidence",
    "participant",
    "case",
    "by",
)


def _evidence_row(piece: EvidenceInfo) -> tuple[str, ...]:
    return (
        str(piece.id),
        str(piece.version),
        cell_text(f"{piece.subject_kind} {piece.subject}"),
        piece.kind.value,
        piece.stance.value,
        cell_text(short(piece.label, SHOWN_TEXT)),
        cell_text(piece.participant),
        cell_text(piece.case),
        cell_text(piece.author),
    )


def profile(
    cli: CliState,
    node: NodeOption = None,
    link: LinkOption = None,
    by: Annotated[
        str | None,
        typer.Option("--by", help="Split by this attribute (or typology).", show_default=False),
    ] = None,
    quotes: Annotated[int, typer.Option("--quotes", min=0, help="Quotes shown (table).")] = 5,
    format: FormatOption = "table",
    model: Model = None,
) -> None:
    """The evidence profile of a node or link, split by an attribute.

    The participants, cases and codings behind it, in each group of the
    attribute (--by) and each case, with quotes."""
    chosen = subject(node, link)
    models = cli.open_project().change_models
    if format == "csv":
        print_csv(models.profile_frame(by=by, model=model, **chosen))
        return
    found = models.profile(by=by, model=model, **chosen)
    if format == "json":
        print_json(found)
        return
    _print_profile(cli, found, quotes)


def _print_profile(cli: CliState, found: EvidenceProfile, quotes: int) -> None:
    totals = found.summary
    say(
        cli,
        f"{found.subject_kind.capitalize()} {found.subject}: "
        f"{counted(totals.supports, 'supporting piece')}, "
        f"{counted(totals.bound_codings, 'coding')} of bound codes, "
        f"{counted(totals.contradicts, 'contradicting piece')}; "
        f"{counted(totals.participants, 'participant')} in {counted(totals.cases, 'case')}.",
    )
    if found.flag is not None:
        say(cli, f"Flagged: {found.flag}.")
    columns = ("codings", "participants", "cases", "supporting", "contradicting")
    if found.groups:
        rows = [(cell_text(g.group), *_counts(g)) for g in found.groups]
        print_table(cli, f"By {found.by}", (found.by or "group", *columns), rows)
    if found.cases:
        rows = [(cell_text(g.group), *_counts(g)) for g in found.cases]
        print_table(cli, "By case", ("case", *columns), rows)
    for quote in found.quotes[:quotes]:
        who = ", ".join(p for p in (quote.participant, quote.case, quote.document) if p)
        say(cli, f"  [{quote.stance.value}] “{short(quote.text, 160)}” ({who})")
    if len(found.quotes) > quotes:
        say(cli, f"  … {counted(len(found.quotes) - quotes, 'more quote')} (--quotes N).")


def _counts(group: Any) -> tuple[str, ...]:
    values = (group.codings, group.participants, group.cases, group.supports, group.contradicts)
    return tuple(f"{value:,}" for value in values)


def chains(cli: CliState, model: Model = None) -> None:
    """The context–mechanism–outcome chains of a model.

    An outcome may be the context of the next chain ("continues as")."""
    found = cli.open_project().change_models.chains(model=model)
    if not found:
        say(cli, "No chains: a chain needs a mechanism linked to an outcome.")
        return
    rows = [
        (cell_text(c.context), cell_text(c.mechanism), cell_text(c.outcome),
         cell_text("; ".join(c.continues)))
        for c in found
    ]  # fmt: skip
    print_table(cli, "CMO chains", ("context", "mechanism", "outcome", "continues as"), rows)


#: How a case's state on a chain is shown: a word and a sign, never colour alone.
_STATES = {"supported": "+ supported", "contradicted": "− contradicted", "mixed": "± mixed",
           "silent": "· silent"}  # fmt: skip


def cases(cli: CliState, format: FormatOption = "table", model: Model = None) -> None:
    """Each case against each chain: supported, contradicted, mixed or silent.

    Beside the state: the supporting/contradicting pieces from that case."""
    models = cli.open_project().change_models
    if format == "csv":
        print_csv(models.case_chains_frame(model=model))
        return
    found = models.case_chains(model=model)
    if format == "json":
        print_json(found)
        return
    if not found:
        say(cli, "No case × chain table: the model has no chains, or the study no cases.")
        return
    _print_case_chains(cli, found)


def _print_case_chains(cli: CliState, found: Sequence[CaseChain]) -> None:
    keys = list(dict.fromkeys(cell.chain for cell in found))
    table: dict[str, dict[str, CaseChain]] = {}
    for cell in found:
        table.setdefault(cell.case, {})[cell.chain] = cell
    rows = []
    for case, cells in table.items():
        shown_cells = [
            _STATES[c.state] + (f" {c.supports}/{c.contradicts}" if c.state != "silent" else "")
            if (c := cells.get(key)) is not None
            else ""
            for key in keys
        ]
        rows.append((cell_text(case), *(cell_text(text) for text in shown_cells)))
    print_table(cli, "Cases × chains (supporting/contradicting)", ("case", *keys), rows)


def flags(cli: CliState, model: Model = None) -> None:
    """The nodes and links with no evidence, or only contradicting evidence."""
    found = cli.open_project().change_models.flags(model=model)
    if not found:
        say(cli, "Every node and link has supporting evidence.")
        return
    rows = [(f.subject_kind, cell_text(f.subject), f.reason) for f in found]
    print_table(cli, "Flags", ("what", "node or link", "why"), rows)


# ---------------------------------------------------------------- measures, versions


def list_measures(cli: CliState, format: FormatOption = "table") -> None:
    """The registry of measures: the project's own and those qualframe ships.

    Metadata only (construct, items, score range, reference, licence), never
    item text."""
    found = cli.open_project().change_models.measures()
    if format == "json":
        print_json(found)
        return
    columns = ("name", "construct", "items", "score range", "reference", "licence note",
               "in project", "shipped")  # fmt: skip
    values = [
        (m.name, m.construct, m.items, m.score_range, m.reference, m.licence_note,
         _yes(m.in_project), _yes(m.shipped))
        for m in found
    ]  # fmt: skip
    if format == "csv":
        import pandas as pd

        print_csv(pd.DataFrame(values, columns=list(columns)))
        return
    rows = [tuple(cell_text(short(value, 40)) for value in row) for row in values]
    print_table(cli, "Measures", columns, rows)


def list_versions(cli: CliState, model: Model = None) -> None:
    """The saved versions of a model, oldest first."""
    found = cli.open_project().change_models.versions(model=model)
    if not found:
        say(cli, "No saved version yet ('qualframe change-model version save NAME').")
        return
    rows = [
        (cell_text(v.name), f"{v.created_at:%Y-%m-%d %H:%M}", cell_text(v.author),
         cell_text(short(v.note, SHOWN_TEXT)))
        for v in found
    ]  # fmt: skip
    print_table(cli, "", ("version", "saved", "by", "note"), rows)


def compare_versions(
    cli: CliState,
    old: Annotated[str, typer.Argument(help="A saved version (name).", show_default=False)],
    new: Annotated[
        str | None,
        typer.Argument(help="Another saved version (default: the model now).", show_default=False),
    ] = None,
    model: Model = None,
) -> None:
    """What changed between two versions of a model (or a version and now)."""
    found = cli.open_project().change_models.compare_versions(old, new, model=model)
    if not found.differences:
        say(cli, f"No difference between {found.old} and {found.new}.")
        return
    rows = [
        (d.what, cell_text(d.label), d.change,
         cell_text("; ".join(f"{name}: {was!r} → {now!r}" for name, was, now in d.fields)))
        for d in found.differences
    ]  # fmt: skip
    print_table(cli, f"{found.old} → {found.new}", ("what", "which", "change", "fields"), rows)


# ---------------------------------------------------------------- files


def export(
    cli: CliState,
    output: Output,
    format: Annotated[
        DiagramFormat | None,
        typer.Option(
            "--format",
            help="svg, png, mermaid, dot, graphml or kumu (default: from the file's suffix).",
            show_default=False,
        ),
    ] = None,
    model: Model = None,
) -> None:
    """Draw the model (SVG, PNG) or write it for other tools.

    Mermaid, Graphviz DOT, GraphML and Kumu JSON; the file is replaced."""
    chosen = format or SUFFIXES.get(output.suffix.lower())
    if chosen is None:
        raise ValidationError(
            f"Say which format to write {output.name} in: --format svg, png, mermaid, dot, "
            "graphml or kumu."
        )
    data = cli.open_project().change_models.export(chosen, model=model)
    write_file(output, data)
    say(cli, f"Wrote {output} ({chosen}).")


def plan(cli: CliState, output: Output, model: Model = None) -> None:
    """Write the evaluation plan to an .xlsx or .csv file.

    One row per outcome and indicator: outcome → indicator → measure →
    timing → data source → strength of evidence."""
    suffix = output.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise ValidationError(
            f"The evaluation plan is written as .xlsx or .csv, not {suffix or 'no suffix'!r}: "
            f"name the file e.g. plan.xlsx."
        )
    kind: Literal["xlsx", "csv"] = "xlsx" if suffix == ".xlsx" else "csv"
    data = cli.open_project().change_models.plan_file(kind, model=model)
    write_file(output, data)
    say(cli, f"Wrote {output}.")


def report(
    cli: CliState,
    output: Output,
    quotes: Annotated[
        int, typer.Option("--quotes", min=0, help="Quotes shown per node and link.")
    ] = 3,
    model: Model = None,
) -> None:
    """Write a self-contained HTML report of the model for a steering group.

    The diagram, each node and link with its evidence and quotes, the CMO
    table, flags and the evaluation plan."""
    if output.suffix.lower() not in (".html", ".htm"):
        raise ValidationError(
            f"The report is an HTML file: name it e.g. report.html, not {output.name}."
        )
    document = cli.open_project().change_models.report(model=model, quotes=quotes)
    write_file(output, document.encode("utf-8"))
    say(cli, f"Wrote {output}.")
