"""A change model as a self-contained HTML report for a steering group.

One HTML5 file written by :func:`qualframe.formats.html_report.render_report`
(inline style sheet, no scripts, no external resources, everything given
escaped): the diagram (our own SVG, inline), each node and each link with
the summary of its evidence profile and its chosen quotes, the
context–mechanism–outcome configurations, how each case stands on them,
the flags, and the evaluation plan.

The records here are plain (labels and counts); the services fill them.
Pure: text out.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from qualframe.formats.change_model_plan import STRENGTH_NOTE, plan_table
from qualframe.formats.html_report import ReportSection, render_report

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "ChainLine",
    "ModelReport",
    "ReportQuote",
    "ReportSubject",
    "report_html",
]


@dataclass(frozen=True)
class ReportQuote:
    """A quote backing a node or link: the passage, where it is from ("P07,
    Case A, Interview 3") and whether it supports or contradicts."""

    text: str
    where: str
    stance: str


@dataclass(frozen=True)
class ReportSubject:
    """A node or a link (``what``) with its evidence profile's summary.

    ``label`` names it (a link "A → B"); ``kind`` is a node's kind ("" for
    a link); ``detail`` a node's description or a link's rationale;
    ``condition`` a link's condition; ``bound_codings`` the codings of the
    codes a node is bound to; ``flag`` why it is flagged, if it is."""

    what: str
    label: str
    kind: str
    detail: str
    candidate: bool
    supports: int
    contradicts: int
    bound_codings: int
    participants: int
    cases: int
    flag: str | None = None
    condition: str | None = None
    codes: tuple[str, ...] = ()
    quotes: tuple[ReportQuote, ...] = ()


@dataclass(frozen=True)
class ChainLine:
    """A CMO configuration: its key, context (None: none), mechanism,
    outcome and the keys of the configurations it continues into."""

    key: str
    context: str | None
    mechanism: str
    outcome: str
    continues: tuple[str, ...] = ()


@dataclass(frozen=True)
class ModelReport:
    """What the report shows. ``diagram`` is our SVG markup (a file's, not a
    page's); ``case_states`` is (case, chain key, state, supporting,
    contradicting); ``plan`` the evaluation plan frame (the services' columns)."""

    title: str
    description: str
    diagram: str
    nodes: tuple[ReportSubject, ...]
    links: tuple[ReportSubject, ...]
    chains: tuple[ChainLine, ...]
    case_states: tuple[tuple[str, str, str, int, int], ...]
    plan: pd.DataFrame
    versions_note: str = ""


def report_html(report: ModelReport, *, generated_on: datetime.date | None = None) -> str:
    """The report as one self-contained HTML5 document (a string)."""
    sections = [
        ReportSection(
            heading="Diagram",
            intro=_diagram_intro(report),
            figures=(report.diagram,),
            figure_captions=(
                f"{report.title}: boxes by kind, left to right; each box and link shows the "
                "pieces of evidence for and against it. Dashed boxes are candidates.",
            ),
        ),
        _subjects_section("Nodes", report.nodes),
        _subjects_section("Links", report.links),
        _chains_section(report.chains),
        _cases_section(report.case_states),
        _flags_section((*report.nodes, *report.links)),
        _plan_section(report.plan),
    ]
    notes = (report.versions_note,) if report.versions_note else ()
    return render_report(
        f"Change model: {report.title}",
        sections,
        subtitle=report.description,
        generated_on=generated_on,
        notes=notes,
    )


def _diagram_intro(report: ModelReport) -> str:
    flagged = sum(1 for subject in (*report.nodes, *report.links) if subject.flag)
    return (
        f"{len(report.nodes)} nodes, {len(report.links)} links, "
        f"{len(report.chains)} context–mechanism–outcome configurations; "
        f"{flagged} flagged for having no evidence or only contradicting evidence."
    )


def _subjects_section(heading: str, subjects: Sequence[ReportSubject]) -> ReportSection:
    import pandas as pd

    nodes = heading == "Nodes"
    rows = []
    for subject in subjects:
        row: dict[str, object] = {heading[:-1]: subject.label}
        if nodes:
            row["Kind"] = subject.kind
            row["Codes bound"] = ", ".join(subject.codes)
        else:
            row["Condition"] = subject.condition or ""
        row.update(
            {
                "Candidate": "yes" if subject.candidate else "no",
                "Description" if nodes else "Rationale": subject.detail,
                "Supporting": subject.supports + subject.bound_codings,
                "Contradicting": subject.contradicts,
                "Participants": subject.participants,
                "Cases": subject.cases,
                "Flag": subject.flag or "",
            }
        )
        rows.append(row)
    quotes = tuple(
        (subject.label, f"“{quote.text}” — {quote.where} ({quote.stance})")
        for subject in subjects
        for quote in subject.quotes
    )
    what = "node" if nodes else "link"
    intro = (
        f"Each {what} with the evidence behind it: supporting pieces (codings, quotes, "
        "matrix cells and memos marked as supporting"
        + (", and the codings of the codes the node is bound to" if nodes else "")
        + "), contradicting pieces, and the participants and cases they come from. "
        "The chosen quotes follow the table."
    )
    if not subjects:
        intro = f"The model has no {what}s yet."
    return ReportSection(
        heading=heading,
        intro=intro,
        table=pd.DataFrame(rows) if rows else None,
        quotes=quotes,
        table_caption=f"{heading} and their evidence",
    )


def _chains_section(chains: Sequence[ChainLine]) -> ReportSection:
    import pandas as pd

    heading = "Context–mechanism–outcome configurations"
    if not chains:
        return ReportSection(
            heading=heading,
            intro="No configurations yet: a mechanism linked to an outcome makes one.",
        )
    table = pd.DataFrame(
        [
            {
                "Configuration": chain.key,
                "Context": chain.context or "(none)",
                "Mechanism": chain.mechanism,
                "Outcome": chain.outcome,
                "Continues into": "\n".join(chain.continues),
            }
            for chain in chains
        ]
    )
    return ReportSection(
        heading=heading,
        intro=(
            "Read from the diagram: a context linked to a mechanism (or a condition on the "
            "mechanism's link), the mechanism, and an outcome it leads to. An outcome can be "
            "the context of the next configuration."
        ),
        table=table,
    )


def _cases_section(states: Sequence[tuple[str, str, str, int, int]]) -> ReportSection:
    import pandas as pd

    heading = "Cases and configurations"
    if not states:
        return ReportSection(heading=heading, intro="No cases or no configurations yet.")
    cases = list(dict.fromkeys(case for case, *_ in states))
    chains = list(dict.fromkeys(chain for _, chain, *_ in states))
    cells = {(case, chain): (state, s, c) for case, chain, state, s, c in states}
    rows = []
    for case in cases:
        row: dict[str, object] = {"Case": case}
        for chain in chains:
            state, supports, contradicts = cells.get((case, chain), ("silent", 0, 0))
            row[chain] = state if state == "silent" else f"{state} ({supports}+ / {contradicts}−)"
        rows.append(row)
    return ReportSection(
        heading=heading,
        intro=(
            "How each case stands on each configuration: supported (only supporting "
            "evidence from that case), contradicted (only contradicting), mixed (both) or "
            "silent (none). Counts are supporting + / contradicting − pieces."
        ),
        table=pd.DataFrame(rows),
        table_caption="Cases (rows) by configuration (columns)",
    )


def _flags_section(subjects: Sequence[ReportSubject]) -> ReportSection:
    import pandas as pd

    flagged = [s for s in subjects if s.flag]
    if not flagged:
        return ReportSection(heading="Flags", intro="No node or link is flagged.")
    table = pd.DataFrame(
        [{"What": s.what, "Name": s.label, "Reason": s.flag or ""} for s in flagged]
    )
    return ReportSection(
        heading="Flags",
        intro="Nodes and links with no evidence, or only contradicting evidence.",
        table=table,
    )


def _plan_section(plan: pd.DataFrame) -> ReportSection:
    heading = "Evaluation plan"
    if plan.empty:
        return ReportSection(heading=heading, intro="No outcome nodes yet.", notes=(STRENGTH_NOTE,))
    return ReportSection(
        heading=heading,
        intro=(
            "Outcome → indicator → measure → timing → data source, with the strength of "
            "the qualitative evidence for each outcome."
        ),
        table=plan_table(plan),
        notes=(STRENGTH_NOTE,),
    )
