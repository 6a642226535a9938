"""SQL of the change models: evidence, and code bindings as evidence.

The services (:mod:`qualframe.services.change_model` and the references
module, :mod:`qualframe.services.core.references`) own the rules; these
functions read and write rows (what cites a coding, cell, memo or code is
in :mod:`qualframe.storage.queries.citations`). Reads that count evidence for a whole model
run a fixed number of statements, whatever the number of codings: the
codings of bound codes are counted by code and participant in the
database, never loaded.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime
from typing import Any, Literal, NamedTuple

from sqlalchemy import and_, delete, func, select, update
from sqlalchemy.orm import Session, aliased

from qualframe.storage.bulk import plain_rows
from qualframe.storage.models import (
    Case,
    ChangeModel,
    Code,
    Coding,
    Document,
    MatrixCell,
    Memo,
    ModelEvidence,
    ModelLink,
    ModelNode,
    NodeCode,
    Participant,
)
from qualframe.storage.queries.batches import chunks
from qualframe.vocabulary import RowKind, Stance

_FETCH = {"synchronize_session": "fetch"}


# ---------------------------------------------------------------- single rows


def evidence_by_id(session: Session, project_id: int, evidence_id: int) -> ModelEvidence | None:
    """The project's piece of evidence ``evidence_id`` (to edit), or None."""
    query = select(ModelEvidence).where(
        ModelEvidence.project_id == project_id, ModelEvidence.id == evidence_id
    )
    return session.scalars(query).one_or_none()


def cell_by_id(session: Session, project_id: int, cell_id: int) -> MatrixCell | None:
    """The project's stored matrix cell ``cell_id``, or None."""
    query = select(MatrixCell).where(MatrixCell.project_id == project_id, MatrixCell.id == cell_id)
    return session.scalars(query).one_or_none()


def memo_by_id(session: Session, project_id: int, memo_id: int) -> Memo | None:
    """The project's memo ``memo_id``, or None."""
    query = select(Memo).where(Memo.project_id == project_id, Memo.id == memo_id)
    return session.scalars(query).one_or_none()


def repeated(
    session: Session,
    *,
    node_id: int | None,
    link_id: int | None,
    coding_id: int | None,
    start: int | None,
    end: int | None,
    cell_id: int | None,
    memo_id: int | None,
) -> ModelEvidence | None:
    """The piece already backing the same node or link with the same object
    (the same coding and passage, cell or memo; whatever its stance), or None."""
    subject = (
        ModelEvidence.node_id == node_id
        if node_id is not None
        else ModelEvidence.link_id == link_id
    )
    if coding_id is not None:
        same = and_(
            ModelEvidence.coding_id == coding_id,
            ModelEvidence.start.is_(None) if start is None else ModelEvidence.start == start,
            ModelEvidence.end.is_(None) if end is None else ModelEvidence.end == end,
        )
    elif cell_id is not None:
        same = ModelEvidence.cell_id == cell_id
    else:
        same = ModelEvidence.memo_id == memo_id
    return session.scalars(select(ModelEvidence).where(subject, same).limit(1)).first()


# ---------------------------------------------------------------- listing


class EvidenceRow(NamedTuple):
    """A piece of evidence with what it cites, read in one query.

    The coding's fields (``code_id`` … ``speaker``) are None unless it cites a
    coding; ``cell_*`` unless a cell; ``memo_title`` unless a memo.
    ``coding_start``/``coding_end`` are the coding's span (``start``/``end``
    the passage, if any)."""

    id: int
    guid: str
    version: int
    node_id: int | None
    link_id: int | None
    coding_id: int | None
    start: int | None
    end: int | None
    cell_id: int | None
    memo_id: int | None
    stance: Stance
    note: str
    author: str
    created_at: datetime
    code_id: int | None
    document_id: int | None
    document: str | None
    coding_start: int | None
    coding_end: int | None
    quote: str | None
    speaker: str | None
    participant_id: int | None
    cell_code_id: int | None
    cell_row_kind: RowKind | None
    cell_participant_id: int | None
    cell_case_id: int | None
    cell_group_key: str | None
    cell_summary: str | None
    memo_title: str | None


def evidence_rows(
    session: Session,
    model_id: int,
    *,
    node_id: int | None = None,
    link_id: int | None = None,
    evidence_ids: Collection[int] | None = None,
) -> list[EvidenceRow]:
    """The model's evidence (of one node or link, or the pieces ``evidence_ids``),
    oldest first, with what each cites (see :class:`EvidenceRow`). One query."""
    query = (
        select(
            ModelEvidence.id,
            ModelEvidence.guid,
            ModelEvidence.version,
            ModelEvidence.node_id,
            ModelEvidence.link_id,
            ModelEvidence.coding_id,
            ModelEvidence.start,
            ModelEvidence.end,
            ModelEvidence.cell_id,
            ModelEvidence.memo_id,
            ModelEvidence.stance,
            ModelEvidence.note,
            ModelEvidence.author,
            ModelEvidence.created_at,
            Coding.code_id,
            Coding.document_id,
            Document.name,
            Coding.start,
            Coding.end,
            Coding.quote,
            Coding.speaker,
            Coding.participant_id,
            MatrixCell.code_id,
            MatrixCell.row_kind,
            MatrixCell.participant_id,
            MatrixCell.case_id,
            MatrixCell.group_key,
            MatrixCell.summary,
            Memo.title,
        )
        .outerjoin(Coding, Coding.id == ModelEvidence.coding_id)
        .outerjoin(Document, Document.id == Coding.document_id)
        .outerjoin(MatrixCell, MatrixCell.id == ModelEvidence.cell_id)
        .outerjoin(Memo, Memo.id == ModelEvidence.memo_id)
        .where(ModelEvidence.model_id == model_id)
        .order_by(ModelEvidence.created_at, ModelEvidence.id)
    )
    if node_id is not None:
        query = query.where(ModelEvidence.node_id == node_id)
    if link_id is not None:
        query = query.where(ModelEvidence.link_id == link_id)
    if evidence_ids is not None:
        query = query.where(ModelEvidence.id.in_(list(evidence_ids)))
    return [EvidenceRow._make(row) for row in session.execute(query)]


# ---------------------------------------------------------------- counting for profiles


class PieceRow(NamedTuple):
    """Who is behind one piece of evidence: the node or link it backs, its
    stance, the participant of its coding or cell and the case of its cell
    (a case row); all None for a memo or a group row."""

    id: int
    node_id: int | None
    link_id: int | None
    stance: Stance
    participant_id: int | None
    case_id: int | None


def evidence_people(
    session: Session,
    model_id: int,
    *,
    node_id: int | None = None,
    link_id: int | None = None,
) -> list[PieceRow]:
    """Every piece of evidence of the model (or of one node or link) with its
    participant and row case (see :class:`PieceRow`). One query."""
    query = (
        select(
            ModelEvidence.id,
            ModelEvidence.node_id,
            ModelEvidence.link_id,
            ModelEvidence.stance,
            func.coalesce(Coding.participant_id, MatrixCell.participant_id),
            MatrixCell.case_id,
        )
        .outerjoin(Coding, Coding.id == ModelEvidence.coding_id)
        .outerjoin(MatrixCell, MatrixCell.id == ModelEvidence.cell_id)
        .where(ModelEvidence.model_id == model_id)
        .order_by(ModelEvidence.id)
    )
    if node_id is not None:
        query = query.where(ModelEvidence.node_id == node_id)
    if link_id is not None:
        query = query.where(ModelEvidence.link_id == link_id)
    return [PieceRow._make(row) for row in plain_rows(session, query)]


def bindings_of_model(session: Session, model_id: int) -> list[tuple[int, int]]:
    """``(node id, code id)`` of every code binding of the model."""
    query = (
        select(NodeCode.node_id, NodeCode.code_id)
        .where(NodeCode.model_id == model_id)
        .order_by(NodeCode.node_id, NodeCode.code_id)
    )
    return [(int(node), int(code)) for node, code in plain_rows(session, query)]


def codings_by_code_and_participant(
    session: Session, project_id: int, code_ids: Collection[int]
) -> list[tuple[int, int | None, int]]:
    """``(code id, participant id or None, codings)`` of the codes ``code_ids``
    (codes of the project ``project_id``): their codings counted in the
    database, one GROUP BY per batch of codes, read from the index on code
    and participant alone (a code's codings are its project's: composite
    keys)."""
    del project_id  # the codes are the project's; filtering again costs a table read
    found: list[tuple[int, int | None, int]] = []
    for chunk in chunks(code_ids):
        query = (
            select(Coding.code_id, Coding.participant_id, func.count())
            .where(Coding.code_id.in_(chunk))
            .group_by(Coding.code_id, Coding.participant_id)
        )
        found.extend((int(c), p, int(n)) for c, p, n in plain_rows(session, query))
    return found


class BoundCodingRow(NamedTuple):
    """A coding of a bound code, as a profile quotes it."""

    coding_id: int
    code_id: int
    document_id: int
    document: str
    start: int
    end: int
    quote: str
    speaker: str | None
    participant_id: int | None


def bound_codings(
    session: Session, project_id: int, code_ids: Collection[int], limit: int
) -> list[BoundCodingRow]:
    """At most ``limit`` codings of the codes ``code_ids``, spread over the
    participants: each participant's first coding (in document and text
    order) before anyone's second. One query (a window function)."""
    if not code_ids or limit <= 0:
        return []
    turn = (
        func.row_number()
        .over(
            partition_by=Coding.participant_id,
            order_by=(Coding.document_id, Coding.start, Coding.id),
        )
        .label("turn")
    )
    ranked = (
        select(Coding.id.label("coding_id"), turn)
        .where(Coding.project_id == project_id, Coding.code_id.in_(sorted(set(code_ids))))
        .subquery()
    )
    query = (
        select(
            Coding.id,
            Coding.code_id,
            Coding.document_id,
            Document.name,
            Coding.start,
            Coding.end,
            Coding.quote,
            Coding.speaker,
            Coding.participant_id,
        )
        .join(ranked, ranked.c.coding_id == Coding.id)
        .join(Document, Document.id == Coding.document_id)
        .order_by(ranked.c.turn, Coding.participant_id, Coding.document_id, Coding.start)
        .limit(limit)
    )
    return [BoundCodingRow._make(row) for row in plain_rows(session, query)]


# ---------------------------------------------------------------- writing


def delete_evidence(session: Session, evidence_ids: Collection[int]) -> int:
    """Delete the pieces ``evidence_ids``; returns how many went."""
    gone = 0
    for chunk in chunks(evidence_ids):
        result = session.execute(
            delete(ModelEvidence).where(ModelEvidence.id.in_(chunk)), execution_options=_FETCH
        )
        gone += int(result.rowcount)  # type: ignore[attr-defined]
    return gone


class CitingRow(NamedTuple):
    """A piece of evidence as a merge or a changed coding moves it: the node or
    link it backs, what it cites (``coding_id`` with its passage
    ``start``/``end``, or ``cell_id``), its stance and note."""

    id: int
    node_id: int | None
    link_id: int | None
    coding_id: int | None
    cell_id: int | None
    start: int | None
    end: int | None
    stance: Stance
    note: str


def pieces_citing(
    session: Session, column: Literal["coding_id", "cell_id"], object_ids: Collection[int]
) -> list[CitingRow]:
    """The pieces of evidence citing the codings (``column="coding_id"``) or
    matrix cells (``"cell_id"``) ``object_ids``, whole codings and passages
    alike (see :class:`CitingRow`), by id. A statement per batch of ids."""
    cited = getattr(ModelEvidence, column)
    found: list[CitingRow] = []
    for chunk in chunks(object_ids):
        query = (
            select(
                ModelEvidence.id,
                ModelEvidence.node_id,
                ModelEvidence.link_id,
                ModelEvidence.coding_id,
                ModelEvidence.cell_id,
                ModelEvidence.start,
                ModelEvidence.end,
                ModelEvidence.stance,
                ModelEvidence.note,
            )
            .where(cited.in_(chunk))
            .order_by(ModelEvidence.id)
        )
        found.extend(CitingRow._make(row) for row in plain_rows(session, query))
    found.sort(key=lambda row: row.id)
    return found


#: Where a piece of evidence is: node, link, coding, cell, start, end (what
#: the unique indexes hold once per node or link).
Spot = tuple[int | None, int | None, int | None, int | None, int | None, int | None]
_SPOT_COLUMNS = ("node_id", "link_id", "coding_id", "cell_id", "start", "end")


def spot(piece: CitingRow, **changed: Any) -> Spot:
    """Where ``piece`` is, or would be with the columns ``changed`` (others,
    such as a note, are ignored)."""
    values = {**piece._asdict(), **changed}
    return tuple(values[name] for name in _SPOT_COLUMNS)


def update_evidence(
    session: Session, changes: Mapping[int, Mapping[str, Any]], pieces: Collection[CitingRow]
) -> None:
    """Give pieces of evidence new values, ``{evidence id: {column: value}}``
    (what they cite, their passage, their note), each one version more (a
    Core write per piece). ``pieces``: every stored piece the changes could
    meet (the changed ones among them, as they are); a piece is written once
    the spot it moves to is free, so that the unique indexes, checked row by
    row, never see two pieces in one spot (passages carried along a text
    keep their order, so one always is)."""
    for evidence_id in _freeing_order(changes, pieces):
        session.execute(
            update(ModelEvidence)
            .where(ModelEvidence.id == evidence_id)
            .values({**changes[evidence_id], "version": ModelEvidence.version + 1}),
            execution_options=_FETCH,
        )


def _freeing_order(
    changes: Mapping[int, Mapping[str, Any]], pieces: Collection[CitingRow]
) -> list[int]:
    """The ids of ``changes``, each after the piece leaving the spot it takes."""
    by_id = {piece.id: piece for piece in pieces}
    at = {spot(piece): piece.id for piece in pieces}
    pending, ordered = dict(changes), []
    while pending:
        ready = [
            piece_id
            for piece_id, values in pending.items()
            if at.get(spot(by_id[piece_id], **values), piece_id) == piece_id
        ] or list(pending)
        for piece_id in ready:
            piece, values = by_id[piece_id], pending.pop(piece_id)
            if at.get(spot(piece)) == piece_id:
                del at[spot(piece)]
            at[spot(piece, **values)] = piece_id
            ordered.append(piece_id)
    return ordered


class NamedPiece(NamedTuple):
    """A piece of evidence as a refusal names it: its model, the node (label)
    or link (its ends' labels) it backs, and what it cites: a coding (with its
    document's name) or a cell (its code's name and its row as people name
    it: participant identifier, case name or group key)."""

    id: int
    model: str
    node: str | None
    source: str | None
    target: str | None
    coding_id: int | None
    document: str | None
    cell_id: int | None
    cell_code: str | None
    cell_row: str | None


def named_pieces(session: Session, evidence_ids: Collection[int]) -> dict[int, NamedPiece]:
    """``{evidence id: how to name it}`` of the pieces ``evidence_ids`` (see
    :class:`NamedPiece`); a statement per batch of ids."""
    source, target = aliased(ModelNode), aliased(ModelNode)
    row = func.coalesce(Participant.identifier, Case.name, MatrixCell.group_key)
    base = (
        select(
            ModelEvidence.id,
            ChangeModel.name,
            ModelNode.label,
            source.label,
            target.label,
            ModelEvidence.coding_id,
            Document.name,
            ModelEvidence.cell_id,
            Code.name,
            row,
        )
        .join(ChangeModel, ChangeModel.id == ModelEvidence.model_id)
        .outerjoin(ModelNode, ModelNode.id == ModelEvidence.node_id)
        .outerjoin(ModelLink, ModelLink.id == ModelEvidence.link_id)
        .outerjoin(source, source.id == ModelLink.source_id)
        .outerjoin(target, target.id == ModelLink.target_id)
        .outerjoin(Coding, Coding.id == ModelEvidence.coding_id)
        .outerjoin(Document, Document.id == Coding.document_id)
        .outerjoin(MatrixCell, MatrixCell.id == ModelEvidence.cell_id)
        .outerjoin(Code, Code.id == MatrixCell.code_id)
        .outerjoin(Participant, Participant.id == MatrixCell.participant_id)
        .outerjoin(Case, Case.id == MatrixCell.case_id)
    )
    found: dict[int, NamedPiece] = {}
    for chunk in chunks(evidence_ids):
        for values in plain_rows(session, base.where(ModelEvidence.id.in_(chunk))):
            piece = NamedPiece._make(values)
            found[piece.id] = piece
    return found


def move_bindings(
    session: Session, source_code_id: int, target_code_id: int
) -> list[tuple[int, str, str]]:
    """Bind the nodes bound to code ``source_code_id`` to ``target_code_id``
    instead (a node bound to both keeps one binding); each of those nodes
    counts one version more (its codes changed). Returns ``(node id, model
    name, node label)`` of each, by model and label."""
    nodes = [
        (int(node), str(model), str(label))
        for node, model, label in plain_rows(
            session,
            select(NodeCode.node_id, ChangeModel.name, ModelNode.label)
            .join(ModelNode, ModelNode.id == NodeCode.node_id)
            .join(ChangeModel, ChangeModel.id == NodeCode.model_id)
            .where(NodeCode.code_id == source_code_id)
            .order_by(ChangeModel.name, ModelNode.label),
        )
    ]
    if not nodes:
        return []
    bound = select(NodeCode.node_id).where(NodeCode.code_id == target_code_id).correlate(None)
    session.execute(
        update(NodeCode)
        .where(NodeCode.code_id == source_code_id, NodeCode.node_id.not_in(bound))
        .values(code_id=target_code_id),
        execution_options=_FETCH,
    )
    session.execute(
        delete(NodeCode).where(NodeCode.code_id == source_code_id), execution_options=_FETCH
    )
    for chunk in chunks(node for node, _, _ in nodes):
        session.execute(
            update(ModelNode).where(ModelNode.id.in_(chunk)).values(version=ModelNode.version + 1),
            execution_options=_FETCH,
        )
    return nodes
