"""Context–mechanism–outcome chains of a change model, case by case.

Realist evaluation reads a model as CMO configurations: a mechanism ``M``
(a node of kind "mechanism") leading to an outcome ``O`` (a node of an
outcome kind) through a link ``M → O``, in a context ``C``: a node linked
``C → M`` (of kind "context", or of an outcome kind: an outcome as the next
context), or the condition of the link ``M → O``. A mechanism and outcome
with no context make a chain without one. A chain *continues* into those
whose context is its outcome.

Case by case, a chain is supported, contradicted, mixed or silent, by the
evidence from that case on its elements (see :func:`case_chains`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from qualframe.services.change_model.finding import find_model
from qualframe.services.change_model.profiles import EvidenceTally, SubjectKey
from qualframe.services.change_model.records import CaseChain, Chain, ChainState
from qualframe.services.core.refs import Ref
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.core.wording import natural_key
from qualframe.storage import queries
from qualframe.storage.models import ChangeModel
from qualframe.vocabulary import NodeKindName

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class _Graph:
    """A model's nodes (labels, kinds) and links, as chains read them."""

    labels: dict[int, str]
    positions: dict[int, tuple[int, int]]
    mechanisms: set[int]
    contexts: set[int]
    outcomes: set[int]
    links: dict[tuple[int, int], int]
    conditions: dict[int, int]


def _graph(uow: UnitOfWork, model: ChangeModel) -> _Graph:
    """Reads the model's kinds, nodes and links (three statements)."""
    session = uow.session
    kinds = {kind.id: kind for kind in queries.change_models.kinds_of(session, model.id)}
    nodes = queries.change_models.nodes_of(session, model.id)
    links = queries.change_models.links_of(session, model.id)

    def of_kind(name: str) -> set[int]:
        return {n.id for n in nodes if kinds[n.kind_id].name.casefold() == name}

    return _Graph(
        labels={node.id: node.label for node in nodes},
        positions={node.id: (node.position, node.id) for node in nodes},
        mechanisms=of_kind(NodeKindName.MECHANISM.value),
        contexts=of_kind(NodeKindName.CONTEXT.value),
        outcomes={node.id for node in nodes if kinds[node.kind_id].outcome},
        links={(link.source_id, link.target_id): link.id for link in links},
        conditions={link.id: link.condition_id for link in links if link.condition_id is not None},
    )


@dataclass(frozen=True)
class _Triple:
    """One chain's nodes and links by id (context and its link may be None)."""

    context: int | None
    mechanism: int
    outcome: int
    link: int
    context_link: int | None


def _triples(graph: _Graph) -> list[_Triple]:
    """Every (C, M, O) of the graph, by mechanism, outcome and context position."""
    found: list[_Triple] = []
    for (mechanism, outcome), link in sorted(
        graph.links.items(),
        key=lambda item: (graph.positions[item[0][0]], graph.positions[item[0][1]]),
    ):
        if mechanism not in graph.mechanisms or outcome not in graph.outcomes:
            continue
        contexts = [
            source
            for (source, target) in graph.links
            if target == mechanism and (source in graph.contexts or source in graph.outcomes)
        ]
        condition = graph.conditions.get(link)
        if condition is not None and condition not in contexts:
            contexts.append(condition)
        contexts.sort(key=lambda node: graph.positions[node])
        if not contexts:
            found.append(_Triple(None, mechanism, outcome, link, None))
        for context in contexts:
            found.append(
                _Triple(context, mechanism, outcome, link, graph.links.get((context, mechanism)))
            )
    return found


def _key(graph: _Graph, triple: _Triple) -> str:
    """ "C → M → O" (or "M → O") by label."""
    named = [triple.context] if triple.context is not None else []
    return " → ".join(graph.labels[node] for node in (*named, triple.mechanism, triple.outcome))


def cmo_chains(uow: UnitOfWork, *, model: Ref | None = None) -> list[Chain]:
    """The CMO configurations of a model, read from its graph (see the module
    docstring), by mechanism, outcome and context in position order; each
    with the keys of the chains it continues into (whose context is its
    outcome). Raises :class:`NotFoundError` for an unknown model. Reads only."""
    found = find_model(uow, model)
    graph = _graph(uow, found)
    return _chains(graph, _triples(graph))


def _chains(graph: _Graph, triples: Sequence[_Triple]) -> list[Chain]:
    """The :class:`Chain` records of ``triples``."""
    keys = [_key(graph, triple) for triple in triples]
    by_context: dict[int, list[str]] = defaultdict(list)
    for triple, key in zip(triples, keys, strict=True):
        if triple.context is not None:
            by_context[triple.context].append(key)
    return [
        Chain(
            key=key,
            context=graph.labels[triple.context] if triple.context is not None else None,
            context_id=triple.context,
            mechanism=graph.labels[triple.mechanism],
            mechanism_id=triple.mechanism,
            outcome=graph.labels[triple.outcome],
            outcome_id=triple.outcome,
            continues=tuple(k for k in by_context.get(triple.outcome, ()) if k != key),
        )
        for triple, key in zip(triples, keys, strict=True)
    ]


def _state(supports: int, contradicts: int) -> ChainState:
    """How a case stands on a chain given its supporting and contradicting pieces."""
    if supports and contradicts:
        return "mixed"
    if supports:
        return "supported"
    return "contradicted" if contradicts else "silent"


def case_chains(uow: UnitOfWork, *, model: Ref | None = None) -> list[CaseChain]:
    """Every case × chain: supported, contradicted, mixed or silent.

    A chain's elements are its mechanism, outcome and link M → O, and its
    context with the link C → M when it has them; a case's supporting and
    contradicting counts are the pieces of evidence from that case (a coding
    spoken by one of its participants, a cell of its row or of one of its
    participants) on those elements, the codings of bound codes counting as
    supporting. Cases in natural order, each with every chain in the order of
    :func:`cmo_chains`. A few statements, whatever the number of codings.
    Raises :class:`NotFoundError` for an unknown model. Reads only.
    """
    found = find_model(uow, model)
    graph = _graph(uow, found)
    triples = _triples(graph)
    if not triples:
        return []
    tally = EvidenceTally(uow, found)
    per_subject = _per_case(tally, triples)
    names = queries.people.case_names(uow.session, uow.project_id)
    cases = sorted(names.items(), key=lambda item: natural_key(item[1]))
    found_cells = []
    for case_id, case in cases:
        for triple, key in zip(triples, (_key(graph, t) for t in triples), strict=True):
            supports = contradicts = 0
            for subject in _elements(triple):
                counts = per_subject.get(subject, {}).get(case_id, (0, 0))
                supports += counts[0]
                contradicts += counts[1]
            found_cells.append(
                CaseChain(
                    case=case,
                    chain=key,
                    state=_state(supports, contradicts),
                    supports=supports,
                    contradicts=contradicts,
                )
            )
    return found_cells


def _elements(triple: _Triple) -> list[SubjectKey]:
    """The nodes and links of a chain."""
    found: list[SubjectKey] = [
        ("node", triple.mechanism),
        ("node", triple.outcome),
        ("link", triple.link),
    ]
    if triple.context is not None:
        found.append(("node", triple.context))
    if triple.context_link is not None:
        found.append(("link", triple.context_link))
    return found


def _per_case(
    tally: EvidenceTally, triples: Sequence[_Triple]
) -> dict[SubjectKey, dict[int, tuple[int, int]]]:
    """``{element: {case id: (supports, contradicts)}}`` of every chain element."""
    found: dict[SubjectKey, dict[int, tuple[int, int]]] = {}
    for subject in {element for triple in triples for element in _elements(triple)}:
        counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
        for part in tally.contributions(*subject):
            if part.case_id is not None:
                counts[part.case_id][0] += part.supports
                counts[part.case_id][1] += part.contradicts
        found[subject] = {case_id: (s, c) for case_id, (s, c) in counts.items()}
    return found


def frame_of_case_chains(cells: list[CaseChain]) -> pd.DataFrame:
    """The case × chain table as a DataFrame: one row per case (the index,
    named "case"), one column per chain (its key) holding the case's state
    ("supported", "contradicted", "mixed", "silent"). Pure."""
    import pandas as pd

    cases = list(dict.fromkeys(cell.case for cell in cells))
    chains = list(dict.fromkeys(cell.chain for cell in cells))
    states = {(cell.case, cell.chain): cell.state for cell in cells}
    frame = pd.DataFrame(
        [[states.get((case, chain), "silent") for chain in chains] for case in cases],
        index=pd.Index(cases, name="case"),
        columns=chains,
    )
    return frame
