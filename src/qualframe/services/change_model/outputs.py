"""A change model out of qualframe: diagrams, the evaluation plan, the report.

Every use case here reads only. It reads the model
(:func:`~qualframe.services.change_model.models.get_model`) and the counts
of its evidence (:func:`~qualframe.services.change_model.profiles.evidence_summary`)
and hands plain records to the writers in ``formats/``: the layout and its
SVG and PNG drawings, Mermaid, Graphviz DOT, GraphML and Kumu JSON, the plan
as XLSX or CSV, and the HTML report (which also reads profiles, chains and
the case × chain table).

The strength of the qualitative evidence for an outcome (the plan's
``strength``) is read from its summary: "none" (no pieces and no bound
codings), "contradicted" (more contradicting pieces than supporting pieces
and bound codings), "strong" (at least 3 cases and 6 participants behind
its supporting evidence), "moderate" (at least 2 cases or 3 participants
behind it), else "weak". Only the participants and cases behind supporting
pieces and codings of bound codes count (``supporting_participants`` and
``supporting_cases``): someone who only contradicts an outcome does not
make its evidence stronger. The plan's ``participants`` and ``cases`` are
those supporting counts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, get_args

from qualframe.errors import ValidationError
from qualframe.formats.change_model_layout import Diagram, DiagramKind, DiagramLink, DiagramNode
from qualframe.services.change_model.chains import case_chains, cmo_chains
from qualframe.services.change_model.models import get_model
from qualframe.services.change_model.profiles import evidence_profile, evidence_summary, flag_of
from qualframe.services.change_model.records import (
    ModelView,
    PlanRow,
    ProfileQuote,
    SubjectEvidence,
    SubjectKind,
)
from qualframe.services.core.refs import Ref
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.vocabulary import DiagramFormat

if TYPE_CHECKING:
    import pandas as pd

    from qualframe.formats.change_model_report import ReportSubject

#: Most quotes per node or link a report may show.
MAX_REPORT_QUOTES = 50
#: The plan's columns, as :class:`PlanRow` names them.
PLAN_COLUMNS = (
    "outcome",
    "outcome_kind",
    "candidate",
    "indicator",
    "measure",
    "timing",
    "data_source",
    "strength",
    "supports",
    "contradicts",
    "participants",
    "cases",
)


def _summaries(uow: UnitOfWork, view: ModelView) -> dict[tuple[SubjectKind, int], SubjectEvidence]:
    return {(s.subject_kind, s.id): s for s in evidence_summary(uow, model=view.model.id)}


def _empty(kind: SubjectKind, ident: int, label: str) -> SubjectEvidence:
    return SubjectEvidence(
        subject_kind=kind,
        subject=label,
        id=ident,
        supports=0,
        contradicts=0,
        bound_codings=0,
        participants=0,
        cases=0,
    )


def _diagram(view: ModelView, counts: dict[tuple[SubjectKind, int], SubjectEvidence]) -> Diagram:
    """The plain records the diagram writers take."""
    kinds = {kind.name: kind for kind in view.kinds}
    nodes = []
    for node in view.nodes:
        kind = kinds.get(node.kind)
        summary = counts.get(("node", node.id)) or _empty("node", node.id, node.label)
        nodes.append(
            DiagramNode(
                id=node.id,
                label=node.label,
                kind=node.kind,
                colour=kind.colour if kind else "#5F5F5F",
                column=kind.column if kind else 0,
                candidate=node.candidate,
                supports=summary.total_supporting,
                contradicts=summary.contradicts,
                description=node.description,
            )
        )
    links = []
    for link in view.links:
        summary = counts.get(("link", link.id)) or _empty("link", link.id, link.label)
        links.append(
            DiagramLink(
                id=link.id,
                source=link.source_id,
                target=link.target_id,
                rationale=link.rationale,
                condition=link.condition,
                supports=summary.total_supporting,
                contradicts=summary.contradicts,
                candidate=link.candidate,
            )
        )
    legend = tuple(DiagramKind(kind.name, kind.colour, kind.column) for kind in view.kinds)
    return Diagram(view.model.name, tuple(nodes), tuple(links), legend)


def export_diagram(uow: UnitOfWork, format: DiagramFormat, *, model: Ref | None = None) -> bytes:
    """The model as a diagram or interchange file: ``"svg"`` (a standalone
    SVG image), ``"png"``, ``"mermaid"`` (a ``flowchart LR``), ``"dot"``
    (Graphviz), ``"graphml"`` or ``"kumu"`` (a Kumu JSON blueprint). Text
    formats are UTF-8; nodes carry their kind, colour and evidence counts,
    links their counts, rationale and condition.

    Raises :class:`ValidationError` for another format and
    :class:`NotFoundError` for an unknown model. Reads only."""
    formats = get_args(DiagramFormat)
    if format not in formats:
        raise ValidationError(
            f"Export a change model as one of {', '.join(formats)}, not {format!r}."
        )
    view = get_model(uow, model)
    diagram = _diagram(view, _summaries(uow, view))
    if format == "png":
        from qualframe.formats.change_model_png import diagram_png

        return diagram_png(diagram)
    if format == "svg":
        from qualframe.formats.change_model_svg import diagram_svg as svg_text

        return svg_text(diagram, interactive=False).encode("utf-8")
    from qualframe.formats import change_model_interchange as interchange

    writers = {
        "mermaid": interchange.mermaid_text,
        "dot": interchange.dot_text,
        "graphml": interchange.graphml_text,
        "kumu": interchange.kumu_json,
    }
    return writers[format](diagram).encode("utf-8")


def diagram_svg(uow: UnitOfWork, *, model: Ref | None = None, interactive: bool = True) -> str:
    """The model's diagram as SVG markup for a page (``interactive``: an
    ``<svg class="cm-diagram" role="group">`` element whose nodes and links are
    focusable buttons carrying ``data-node-id`` / ``data-link-id`` and an
    ``aria-label`` with their counts) or a file (an XML document with its
    title). Presentation attributes only, no styles. Raises
    :class:`NotFoundError` for an unknown model. Reads only."""
    from qualframe.formats.change_model_svg import diagram_svg as svg_text

    view = get_model(uow, model)
    return svg_text(_diagram(view, _summaries(uow, view)), interactive=interactive)


def strength_of(summary: SubjectEvidence) -> str:
    """How strong the qualitative evidence for an outcome is (see the module:
    only the participants and cases behind supporting evidence count). Pure."""
    supporting = summary.total_supporting
    if supporting == 0 and summary.contradicts == 0:
        return "none"
    if summary.contradicts > supporting:
        return "contradicted"
    people, cases = summary.supporting_participants, summary.supporting_cases
    if cases >= 3 and people >= 6:
        return "strong"
    if cases >= 2 or people >= 3:
        return "moderate"
    return "weak"


def _plan_rows(
    view: ModelView, counts: dict[tuple[SubjectKind, int], SubjectEvidence]
) -> list[PlanRow]:
    outcome_kinds = {kind.name for kind in view.kinds if kind.outcome}
    indicators: dict[int, list[tuple[str | None, str | None, str, str]]] = {}
    for indicator in sorted(view.indicators, key=lambda i: (i.node_id, i.position, i.id)):
        indicators.setdefault(indicator.node_id, []).append(
            (indicator.name, indicator.measure, indicator.timing, indicator.data_source)
        )
    rows = []
    for node in view.nodes:
        if node.kind not in outcome_kinds:
            continue
        summary = counts.get(("node", node.id)) or _empty("node", node.id, node.label)
        for name, measure, timing, source in indicators.get(node.id) or [(None, None, "", "")]:
            rows.append(
                PlanRow(
                    outcome=node.label,
                    outcome_kind=node.kind,
                    candidate=node.candidate,
                    indicator=name,
                    measure=measure,
                    timing=timing,
                    data_source=source,
                    strength=strength_of(summary),
                    supports=summary.total_supporting,
                    contradicts=summary.contradicts,
                    participants=summary.supporting_participants,
                    cases=summary.supporting_cases,
                )
            )
    return rows


def evaluation_plan(uow: UnitOfWork, *, model: Ref | None = None) -> list[PlanRow]:
    """The evaluation plan: outcome → indicator → measure → timing → source →
    strength. One row per indicator of every node whose kind is an outcome
    kind (nodes in the model's order, indicators in theirs), or one row with
    ``indicator`` None for an outcome with none yet; ``strength`` as the
    module says, with the counts it was read from (``supports`` includes the
    codings of bound codes). Raises :class:`NotFoundError` for an unknown
    model. Reads only."""
    view = get_model(uow, model)
    return _plan_rows(view, _summaries(uow, view))


def frame_of_plan(rows: list[PlanRow]) -> pd.DataFrame:
    """The evaluation plan as a DataFrame, one row per outcome and indicator:
    the columns of :class:`PlanRow` (counts as int64, ``candidate`` bool,
    missing indicators and measures None)."""
    import pandas as pd

    def values(column: str) -> list[object]:
        return [getattr(row, column) for row in rows]

    frame = pd.DataFrame(index=pd.RangeIndex(len(rows)))
    for column in PLAN_COLUMNS:
        if column in ("supports", "contradicts", "participants", "cases"):
            frame[column] = pd.Series(values(column), dtype="int64")
        elif column == "candidate":
            frame[column] = pd.Series(values(column), dtype=bool)
        elif column in ("indicator", "measure"):  # None when missing
            frame[column] = pd.Series(values(column), dtype=object)
        else:
            frame[column] = pd.Series(values(column), dtype="str")
    return frame


def plan_file(
    uow: UnitOfWork, format: Literal["xlsx", "csv"], *, model: Ref | None = None
) -> bytes:
    """The evaluation plan as an XLSX workbook or a CSV file (UTF-8 with a
    byte-order mark; text neutralised against spreadsheet formulas), under
    readable headers, with a note on how strength is read. Raises
    :class:`ValidationError` for another format and :class:`NotFoundError`
    for an unknown model. Reads only."""
    from qualframe.formats.change_model_plan import plan_csv, plan_xlsx

    if format not in ("xlsx", "csv"):
        raise ValidationError(f"Write the evaluation plan as xlsx or csv, not {format!r}.")
    view = get_model(uow, model)
    frame = frame_of_plan(_plan_rows(view, _summaries(uow, view)))
    if format == "csv":
        return plan_csv(frame)
    return plan_xlsx(frame, title=f"Evaluation plan: {view.model.name}")


def _where(quote: ProfileQuote) -> str:
    """Who said it and where: participant, case, document."""
    parts = [quote.participant, quote.case, quote.document]
    return ", ".join(part for part in parts if part) or "source unknown"


def _subjects(
    uow: UnitOfWork,
    view: ModelView,
    counts: dict[tuple[SubjectKind, int], SubjectEvidence],
    quotes: int,
) -> tuple[list[ReportSubject], list[ReportSubject]]:
    """Every node and link with its summary, flag and first ``quotes`` quotes."""
    from qualframe.formats.change_model_report import ReportQuote, ReportSubject

    def chosen(kind: SubjectKind, ident: int) -> tuple[ReportQuote, ...]:
        if quotes == 0:
            return ()
        arguments = {"node": ident} if kind == "node" else {"link": ident}
        profile = evidence_profile(uow, quotes=quotes, model=view.model.id, **arguments)
        return tuple(ReportQuote(q.text, _where(q), str(q.stance)) for q in profile.quotes)

    nodes = []
    for node in view.nodes:
        summary = counts.get(("node", node.id)) or _empty("node", node.id, node.label)
        nodes.append(
            ReportSubject(
                what="node",
                label=node.label,
                kind=node.kind,
                detail=node.description,
                candidate=node.candidate,
                supports=summary.supports,
                contradicts=summary.contradicts,
                bound_codings=summary.bound_codings,
                participants=summary.participants,
                cases=summary.cases,
                flag=flag_of(summary),
                codes=node.codes,
                quotes=chosen("node", node.id),
            )
        )
    links = []
    for link in view.links:
        summary = counts.get(("link", link.id)) or _empty("link", link.id, link.label)
        links.append(
            ReportSubject(
                what="link",
                label=link.label,
                kind="",
                detail=link.rationale,
                candidate=link.candidate,
                supports=summary.supports,
                contradicts=summary.contradicts,
                bound_codings=summary.bound_codings,
                participants=summary.participants,
                cases=summary.cases,
                flag=flag_of(summary),
                condition=link.condition,
                quotes=chosen("link", link.id),
            )
        )
    return nodes, links


def model_report(uow: UnitOfWork, *, model: Ref | None = None, quotes: int = 3) -> str:
    """A self-contained HTML report of the model for a steering group: the
    diagram, each node and link with its evidence counts, flag and first
    ``quotes`` quotes (chosen ones first), the context–mechanism–outcome
    configurations, how each case stands on them, the flags and the
    evaluation plan. One HTML file: inline style, no scripts, no external
    resources, all text escaped.

    Raises :class:`ValidationError` for ``quotes`` outside 0–50 and
    :class:`NotFoundError` for an unknown model. Reads only."""
    from qualframe.formats.change_model_report import ChainLine, ModelReport, report_html
    from qualframe.formats.change_model_svg import diagram_svg as svg_text

    if isinstance(quotes, bool) or not isinstance(quotes, int):
        raise ValidationError(f"Ask for 0 to {MAX_REPORT_QUOTES} quotes, not {quotes!r}.")
    if not 0 <= quotes <= MAX_REPORT_QUOTES:
        raise ValidationError(f"Ask for 0 to {MAX_REPORT_QUOTES} quotes, not {quotes}.")
    view = get_model(uow, model)
    counts = _summaries(uow, view)
    nodes, links = _subjects(uow, view, counts, quotes)
    chains = tuple(
        ChainLine(chain.key, chain.context, chain.mechanism, chain.outcome, chain.continues)
        for chain in cmo_chains(uow, model=view.model.id)
    )
    states = tuple(
        (cell.case, cell.chain, cell.state, cell.supports, cell.contradicts)
        for cell in case_chains(uow, model=view.model.id)
    )
    report = ModelReport(
        title=view.model.name,
        description=view.model.description,
        diagram=svg_text(_diagram(view, counts), interactive=False),
        nodes=tuple(nodes),
        links=tuple(links),
        chains=chains,
        case_states=states,
        plan=frame_of_plan(_plan_rows(view, counts)),
    )
    return report_html(report)
