"""What the change-model pages show, read through the facade: addresses, the
side panel of a node or link, what deleting a node takes with it, and the
case × chain table.

Nothing here writes; every function reads ``project.change_models`` (and the
study for the attributes to split evidence by) and returns plain values for
the templates.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from qualframe.errors import NotFoundError
from qualframe.project import Project
from qualframe.services.change_model.records import (
    CaseChain,
    EvidenceInfo,
    LinkInfo,
    ModelView,
    NodeInfo,
    SubjectEvidence,
)
from qualframe.vocabulary import AttributeType
from qualframe.web.change_model.params import Selection
from qualframe.web.server.links import document_link

#: What each state of a case on a chain is called, with the shape beside it
#: (colour is never the only signal).
CHAIN_STATES = {
    "supported": ("✓", "supported"),
    "contradicted": ("✗", "contradicted"),
    "mixed": ("±", "mixed"),
    "silent": ("–", "silent"),
}


def models_url(project_id: int) -> str:
    """The list of a project's change models."""
    return f"/projects/{project_id}/change-models"


def model_url(project_id: int, model_id: int, query: str = "") -> str:
    """A model's page (``query``: a selection's query string, without "?")."""
    base = f"{models_url(project_id)}/{model_id}"
    return f"{base}?{query}" if query else base


#: Evidence counts of a model's nodes and links by (subject kind, id).
Counts = dict[tuple[str, int], SubjectEvidence]


def evidence_counts(project: Project, model_id: int) -> Counts:
    """Every node's and link's evidence counts in the model, by (kind, id)."""
    summary = project.change_models.evidence_summary(model=model_id)
    return {(item.subject_kind, item.id): item for item in summary}


def evidence_link(project_id: int, piece: EvidenceInfo) -> str | None:
    """Where a piece of evidence can be read: a quote's passage or a coding
    in the document view, a memo's page; None for a matrix cell."""
    if piece.document_id is not None and piece.coding_id is not None:
        if piece.start is not None and piece.end is not None:
            return document_link(project_id, piece.document_id, piece.start, piece.end)
        return f"/projects/{project_id}/documents/{piece.document_id}?coding={piece.coding_id}"
    if piece.memo_id is not None:
        return f"/projects/{project_id}/memos/{piece.memo_id}"
    return None


#: The attribute types whose values make groups to split evidence by.
GROUPING_TYPES = frozenset(
    {AttributeType.CATEGORICAL, AttributeType.ORDINAL, AttributeType.BOOLEAN}
)


def split_choices(project: Project) -> list[tuple[str, str]]:
    """(name, "name (level)") of the attributes evidence can be split by
    (categorical, ordinal and yes/no ones, typologies among them)."""
    return [
        (attribute.name, f"{attribute.name} ({attribute.level})")
        for attribute in project.study.attributes()
        if attribute.type in GROUPING_TYPES
    ]


@dataclass(frozen=True)
class DeleteEffects:
    """What deleting a node takes with it: its links, the evidence of the node
    and of those links, its indicators and code bindings, and the links that
    name it as their condition (kept, unconditional)."""

    links: tuple[LinkInfo, ...]
    evidence: int
    indicators: int
    bindings: int
    conditions: int


def delete_effects(view: ModelView, node: NodeInfo, counts: Counts) -> DeleteEffects:
    """What deleting ``node`` from the model ``view`` would remove (read from
    the model and its evidence ``counts``)."""
    touching = tuple(link for link in view.links if node.id in (link.source_id, link.target_id))

    def pieces(kind: str, subject_id: int) -> int:
        found = counts.get((kind, subject_id))
        return found.supports + found.contradicts if found else 0

    evidence = pieces("node", node.id) + sum(pieces("link", link.id) for link in touching)
    return DeleteEffects(
        links=touching,
        evidence=evidence,
        indicators=sum(1 for item in view.indicators if item.node_id == node.id),
        bindings=len(node.codes),
        conditions=sum(1 for link in view.links if link.condition_id == node.id),
    )


def _subject(view: ModelView, selection: Selection) -> NodeInfo | LinkInfo | None:
    if selection.node is not None:
        return next((node for node in view.nodes if node.id == selection.node), None)
    if selection.link is not None:
        return next((link for link in view.links if link.id == selection.link), None)
    return None


def panel_context(
    project: Project, view: ModelView, selection: Selection, *, measures: bool = True
) -> dict[str, Any]:
    """The side panel's values for the node or link ``selection`` names:
    ``subject`` (None when nothing is chosen), its ``profile`` split by
    ``selection.by``, its ``evidence``, for a node its links in and out and
    indicators (and whether it is an outcome, which may carry them), the
    attributes to split by and the registry's ``measures`` (when asked).

    Raises :class:`~qualframe.errors.NotFoundError` when the node or link is
    not in the model."""
    model_id = view.model.id
    cm = project.change_models
    context: dict[str, Any] = {"selection": selection, "subject": None}
    if not selection.chosen:
        return context
    subject = _subject(view, selection)
    if subject is None:
        what, ref = (
            ("node", selection.node) if selection.node is not None else ("link", selection.link)
        )
        raise NotFoundError(f"The change model {view.model.name!r} has no {what} with id {ref}.")
    by = selection.by.strip() or None
    if isinstance(subject, NodeInfo):
        profile = cm.profile(node=subject.id, by=by, model=model_id)
        evidence = cm.evidence(node=subject.id, model=model_id)
        kind = next((k for k in view.kinds if k.name == subject.kind), None)
        context.update(
            subject_kind="node",
            outgoing=[link for link in view.links if link.source_id == subject.id],
            incoming=[link for link in view.links if link.target_id == subject.id],
            indicators=[item for item in view.indicators if item.node_id == subject.id],
            outcome=bool(kind and kind.outcome),
            colour=kind.colour if kind else "#5F5F5F",
        )
    else:
        assert isinstance(subject, LinkInfo)
        profile = cm.profile(link=subject.id, by=by, model=model_id)
        evidence = cm.evidence(link=subject.id, model=model_id)
        context.update(subject_kind="link", outcome=False, indicators=[])
    context.update(
        subject=subject,
        profile=profile,
        evidence=evidence,
        evidence_links={piece.id: evidence_link(project.info.id, piece) for piece in evidence},
        attributes=split_choices(project),
        measures=cm.measures() if measures and context["outcome"] else [],
    )
    return context


@dataclass(frozen=True)
class ChainRow:
    """One chain of the case × chain table: how each case stands on it, in the
    order of the table's cases (None: no entry for that case)."""

    chain: str
    cells: tuple[CaseChain | None, ...]


def case_chain_table(
    chains: Sequence[str], cells: Sequence[CaseChain]
) -> tuple[list[str], list[ChainRow]]:
    """The case × chain table: the cases (in the order the cells name them)
    as columns, and a row per chain key of ``chains`` (long keys read
    better down the side than across the top)."""
    cases = list(dict.fromkeys(cell.case for cell in cells))
    found = {(cell.chain, cell.case): cell for cell in cells}
    rows = [ChainRow(key, tuple(found.get((key, case)) for case in cases)) for key in chains]
    return cases, rows
