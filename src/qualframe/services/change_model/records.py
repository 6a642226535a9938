"""The records the change-model use cases take and return.

A change model is a typed graph (:class:`ModelView`: kinds, nodes, links,
indicators); evidence backs its nodes and links (:class:`EvidenceInfo`);
profiles, chains, flags and the evaluation plan are read from both. Every
record is frozen and holds plain values (labels beside ids), so nothing
depends on an open session.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from qualframe.vocabulary import EvidenceKind, Stance

#: What a piece of evidence backs: a node or a link of a model.
SubjectKind = Literal["node", "link"]
#: How a case stands on a CMO chain: some evidence supports it and none
#: contradicts it, some contradicts it, or the case says nothing of it.
ChainState = Literal["supported", "contradicted", "mixed", "silent"]
#: Why a node or link is flagged.
FlagReason = Literal["no evidence", "only contradicting evidence"]


@dataclass(frozen=True, kw_only=True)
class ChangeModelInfo:
    """A change model: its name and description, how many nodes and links it has."""

    id: int
    guid: str
    version: int
    name: str
    description: str
    nodes: int
    links: int
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, kw_only=True)
class KindInfo:
    """A kind of node of a model: its colour (``#RRGGBB``), its diagram column
    (0 leftmost) and whether its nodes are outcomes (they carry indicators)."""

    id: int
    name: str
    colour: str
    column: int
    outcome: bool
    position: int


@dataclass(frozen=True, kw_only=True)
class NodeInfo:
    """A node of a model: its label (unique in the model), kind, description,
    whether it is a candidate for the team to confirm, and the codes it is
    bound to (paths, "Theme > Code")."""

    id: int
    guid: str
    version: int
    model: str
    label: str
    kind: str
    description: str
    candidate: bool
    codes: tuple[str, ...]
    position: int


@dataclass(frozen=True, kw_only=True)
class LinkInfo:
    """A directed link ``source`` → ``target`` of a model (labels and ids), with
    its rationale and the node it is conditional on (a context), if any."""

    id: int
    guid: str
    version: int
    model: str
    source: str
    source_id: int
    target: str
    target_id: int
    rationale: str
    condition: str | None
    condition_id: int | None
    candidate: bool

    @property
    def label(self) -> str:
        """``"source → target"``."""
        return f"{self.source} → {self.target}"


@dataclass(frozen=True, kw_only=True)
class IndicatorInfo:
    """An indicator of an outcome node, maybe measured by a registry measure."""

    id: int
    guid: str
    version: int
    node: str
    node_id: int
    name: str
    measure: str | None
    timing: str
    data_source: str
    notes: str
    position: int


@dataclass(frozen=True, kw_only=True)
class MeasureInfo:
    """A measure of the registry (metadata only, never item text).

    ``in_project`` False: an entry of the catalogue qualframe ships, not yet
    used in this project (``id``, ``guid`` None, ``version`` 0); naming it
    for an indicator copies it into the project's registry. ``shipped``:
    from that catalogue (copied or not)."""

    id: int | None
    guid: str | None
    version: int
    name: str
    construct: str
    items: str
    score_range: str
    scoring_notes: str
    reference: str
    licence_note: str
    shipped: bool
    in_project: bool


@dataclass(frozen=True, kw_only=True)
class ModelView:
    """A whole model: kinds in column order, nodes and links, indicators."""

    model: ChangeModelInfo
    kinds: tuple[KindInfo, ...]
    nodes: tuple[NodeInfo, ...]
    links: tuple[LinkInfo, ...]
    indicators: tuple[IndicatorInfo, ...]


@dataclass(frozen=True, kw_only=True)
class RemovedNode:
    """A node deleted, with what went with it: its links, their evidence and
    its own, its indicators and code bindings; ``conditions_cleared`` counts
    links that named it as their condition (kept, unconditional now)."""

    node: NodeInfo
    links: int
    evidence: int
    indicators: int
    bindings: int
    conditions_cleared: int


@dataclass(frozen=True, kw_only=True)
class VersionInfo:
    """A named, saved state of a model."""

    id: int
    guid: str
    model: str
    name: str
    note: str
    author: str
    created_at: datetime


@dataclass(frozen=True, kw_only=True)
class Difference:
    """One difference between two states of a model: what (``"node"``,
    ``"link"``, ``"indicator"``, ``"evidence"``, ``"kind"``), which (a label),
    how (``"added"``, ``"removed"``, ``"changed"``) and, when changed, the
    fields with their old and new values as text."""

    what: str
    label: str
    change: Literal["added", "removed", "changed"]
    fields: tuple[tuple[str, str, str], ...] = ()


@dataclass(frozen=True, kw_only=True)
class ModelComparison:
    """Two states of a model compared: ``old`` and ``new`` name them (a
    version's name, or ``"current"``); ``differences`` in a stable order."""

    model: str
    old: str
    new: str
    differences: tuple[Difference, ...]


@dataclass(frozen=True, kw_only=True)
class EvidenceInfo:
    """One piece of evidence for a node or link.

    ``kind``: a whole coding, a quote (a passage ``[start, end)`` of a
    coding's document, inside the coding), a matrix cell or a memo.
    ``label`` says what it is for people ("P07, Trust: 'I knew she had
    been there'"); ``text`` is the quoted passage, the cell's summary or
    the memo's title. ``document``, ``participant`` and ``case`` are set
    when the evidence has them (a cell: its participant or case row).
    """

    id: int
    guid: str
    version: int
    model: str
    subject_kind: SubjectKind
    subject: str
    node_id: int | None
    link_id: int | None
    kind: EvidenceKind
    stance: Stance
    coding_id: int | None
    start: int | None
    end: int | None
    cell_id: int | None
    memo_id: int | None
    label: str
    text: str
    code: str | None
    document: str | None
    document_id: int | None
    participant: str | None
    case: str | None
    note: str
    author: str
    created_at: datetime


@dataclass(frozen=True, kw_only=True)
class SubjectEvidence:
    """How much evidence backs one node or link: explicit pieces supporting and
    contradicting, codings of bound codes (``bound_codings``, nodes only, they
    support), and the distinct participants and cases behind all of them;
    ``supporting_participants`` and ``supporting_cases``: those behind the
    supporting pieces and bound codings only."""

    subject_kind: SubjectKind
    subject: str
    id: int
    supports: int
    contradicts: int
    bound_codings: int
    participants: int
    cases: int
    supporting_participants: int = 0
    supporting_cases: int = 0

    @property
    def total_supporting(self) -> int:
        """Supporting pieces plus codings of bound codes."""
        return self.supports + self.bound_codings


@dataclass(frozen=True, kw_only=True)
class GroupCount:
    """The evidence of a node or link within one group of an attribute
    (``group`` is the value, "(no value)" for none): codings (explicit and
    bound), participants and cases, supporting and contradicting."""

    attribute: str
    group: str
    codings: int
    participants: int
    cases: int
    supports: int
    contradicts: int


@dataclass(frozen=True, kw_only=True)
class ProfileQuote:
    """A quote in an evidence profile: the passage, who said it and where."""

    text: str
    stance: Stance
    document: str
    document_id: int
    start: int
    end: int
    code: str | None
    participant: str | None
    case: str | None
    group: str | None
    evidence_id: int | None


@dataclass(frozen=True, kw_only=True)
class EvidenceProfile:
    """Who and what backs a node or link: totals, the split by attribute
    ``by`` (None: no split), the quotes (chosen ones first), the cases with
    their counts, and the flag if any."""

    subject_kind: SubjectKind
    subject: str
    id: int
    by: str | None
    summary: SubjectEvidence
    groups: tuple[GroupCount, ...]
    quotes: tuple[ProfileQuote, ...]
    cases: tuple[GroupCount, ...]
    flag: FlagReason | None


@dataclass(frozen=True, kw_only=True)
class Flag:
    """A node or link with no evidence, or only contradicting evidence."""

    subject_kind: SubjectKind
    subject: str
    id: int
    reason: FlagReason


@dataclass(frozen=True, kw_only=True)
class Chain:
    """A context–mechanism–outcome configuration read from the graph: a link
    context → mechanism (or a mechanism → outcome link conditional on the
    context) and a link mechanism → outcome. ``key`` names it
    ("C → M → O"); ``continues`` lists the keys of chains whose context is
    this chain's outcome (an outcome as the next context)."""

    key: str
    context: str | None
    context_id: int | None
    mechanism: str
    mechanism_id: int
    outcome: str
    outcome_id: int
    continues: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class CaseChain:
    """How one case stands on one chain (see :data:`ChainState`), with the
    supporting and contradicting pieces from that case."""

    case: str
    chain: str
    state: ChainState
    supports: int
    contradicts: int


@dataclass(frozen=True, kw_only=True)
class PlanRow:
    """One row of the evaluation plan: an outcome, one of its indicators (None
    when it has none yet), the measure, timing, data source, and the
    strength of the qualitative evidence for the outcome (``strength`` as
    words: "strong", "moderate", "weak", "contradicted", "none", with the
    counts beside it: ``supports`` and ``contradicts`` count pieces and bound
    codings; ``participants`` and ``cases`` are those behind the supporting
    ones)."""

    outcome: str
    outcome_kind: str
    candidate: bool
    indicator: str | None
    measure: str | None
    timing: str
    data_source: str
    strength: str
    supports: int
    contradicts: int
    participants: int
    cases: int
