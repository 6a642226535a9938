"""What points at codings, codes, matrix cells and memos, and what happens to it.

Every foreign key of the schema that points at one of these four is declared
here with its policy (:data:`REFERENCES`); a test walks the schema and fails
on a key without one. The policies:

- ``follows``: the row belongs to its target and goes with it (a code's
  codings, when the code is deleted on purpose; a cell's revisions; a
  memo's link to a deleted coding, code or cell: the link goes, the memo
  stays, about the project when it has no other link, and the change says
  so);
- ``detach``: the row is kept and its link set to null, and the change says
  so (none today: memos keep their links in rows of their own);
- ``refuse``: the row carries an analyst's argument, so its target cannot
  be deleted while it exists (a quote in a matrix cell; a charted cell of a
  code; evidence in a change model citing a coding, cell or memo; a
  change-model node bound to a code): the refusal says where it is used, to
  unlink it first.

Every path that deletes codings or codes asks here first
(:func:`refuse_quoted_codings`, :func:`refuse_charted_codes`; both also
refuse when a change model cites what would go, :func:`refuse_cited`, which
the paths deleting memos, cases and participants ask directly). Previews say
what a change does to what points at its objects, counted here
(:func:`what_points_at`: "moves 4 codings, 1 memo, 2 cells and 3 quotes").
A passage a change model quotes is kept inside its coding when the coding's
span or its document's text changes (:func:`keep_evidence_passages_inside`).

Merging a code into another replaces the references to it in one place,
:func:`replace_code`: its codings move to the other code (a coding that
would repeat one of the other code's is folded into it, and its quotes and
memos move to the coding kept: nothing an analyst linked is dropped), memos
about the code and its question coverage move, change-model nodes bound to
it are bound to the other code, evidence citing a folded coding cites the
coding kept (:func:`fold_evidence`: a repeat is one piece, notes joined;
opposite stances refuse the merge), and its matrix cells are folded by the
cells area's rule (passed in, as the cells area sits above this one).
Sub-codes are the codebook's own business (moved or merged by name).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import Any, Literal, Protocol

from qualframe.errors import ConflictError
from qualframe.services.core.evidence_folding import EvidenceFolded, fold_evidence
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.core.wording import counted
from qualframe.storage import queries
from qualframe.storage.models import (
    CellQuote,
    CellRevision,
    Code,
    Coding,
    DisagreementResolution,
    MatrixCell,
    MemoLinkRow,
    ModelEvidence,
    NodeCode,
    QuestionCode,
    RoundCode,
)
from qualframe.storage.queries.cells import CellUse
from qualframe.storage.queries.citations import CitationRow
from qualframe.vocabulary import RowKind

#: Most places a refusal names (the rest are counted).
NAMED_PLACES = 5


class OnDelete(StrEnum):
    """What happens to a referring row when the row it points at is deleted."""

    FOLLOWS = "follows"
    DETACH = "detach"
    REFUSE = "refuse"


@dataclass(frozen=True)
class Reference:
    """A foreign key pointing at a coding, code, cell or memo, and its policy."""

    column: Any  # the referring ORM column, e.g. ``CellQuote.coding_id``
    policy: OnDelete
    why: str

    @property
    def name(self) -> str:
        """``table.column``."""
        return f"{self.column.class_.__tablename__}.{self.column.key}"


_ARGUMENT = "evidence in a change model is an analyst's argument"

#: Every reference to codings, codes, matrix cells and memos (see the module docstring).
REFERENCES: tuple[Reference, ...] = (
    Reference(CellQuote.coding_id, OnDelete.REFUSE, "a quote is an analyst's evidence"),
    Reference(MemoLinkRow.coding_id, OnDelete.FOLLOWS, "the memo's link goes; the memo stays"),
    Reference(Coding.code_id, OnDelete.FOLLOWS, "codings go with a code deleted on purpose"),
    Reference(Code.parent_id, OnDelete.FOLLOWS, "sub-codes go with a theme deleted on purpose"),
    Reference(MatrixCell.code_id, OnDelete.REFUSE, "a charted cell is analysis (empty ones go)"),
    Reference(QuestionCode.code_id, OnDelete.FOLLOWS, "a question's coverage of the code"),
    Reference(MemoLinkRow.code_id, OnDelete.FOLLOWS, "the memo's link goes; the memo stays"),
    Reference(CellQuote.cell_id, OnDelete.FOLLOWS, "a cell's own quote links"),
    Reference(CellRevision.cell_id, OnDelete.FOLLOWS, "a cell's own history"),
    Reference(MemoLinkRow.cell_id, OnDelete.FOLLOWS, "the memo's link goes; the memo stays"),
    Reference(MemoLinkRow.memo_id, OnDelete.FOLLOWS, "a memo's own links"),
    Reference(ModelEvidence.coding_id, OnDelete.REFUSE, _ARGUMENT),
    Reference(ModelEvidence.cell_id, OnDelete.REFUSE, _ARGUMENT),
    Reference(ModelEvidence.memo_id, OnDelete.REFUSE, _ARGUMENT),
    Reference(NodeCode.code_id, OnDelete.REFUSE, "a node is bound to the code (moved on merges)"),
    Reference(RoundCode.code_id, OnDelete.FOLLOWS, "a round stops comparing it (moved on merges)"),
    Reference(
        DisagreementResolution.code_id,
        OnDelete.FOLLOWS,
        "the resolutions of its disagreements go with it (moved on merges)",
    ),
    Reference(
        DisagreementResolution.recoded_to,
        OnDelete.DETACH,
        "the resolution stays, without the code it recoded to (moved on merges)",
    ),
)


def _places(uses: Sequence[CellUse]) -> str:
    """The cells of ``uses`` as people name them: "P01 × Trust", at most a few."""
    labels = list(dict.fromkeys(f"{_row(use)} × {use.code}" for use in uses))
    shown = ", ".join(labels[:NAMED_PLACES])
    more = len(labels) - NAMED_PLACES
    return shown + (f" and {counted(more, 'other cell')}" if more > 0 else "")


def _row(use: CellUse) -> str:
    if use.row_kind is RowKind.GROUP:
        return use.row.replace("|", ", ")
    return use.row


def refuse_quoted_codings(uow: UnitOfWork, coding_ids: Collection[int], action: str) -> None:
    """Raise :class:`ConflictError` when a matrix cell quotes any of ``coding_ids``.

    ``action`` is what the caller would do ("Removing coding 12"); the message
    says which cells quote which codings, to unlink them in the matrix first.
    Also raises it when a change model cites one of the codings as evidence
    (:func:`refuse_cited`). Nothing is written.
    """
    uses = queries.cells.quotes_of_codings(uow.session, coding_ids) if coding_ids else []
    if uses:
        quoted = {use.about_id for use in uses}
        raise ConflictError(
            f"{action} would remove {counted(len(uses), 'quote')} of "
            f"{counted(len(quoted), 'coding')} from the framework matrix ({_places(uses)}); "
            "unlink the quotes in the matrix first."
        )
    refuse_cited(uow, action, codings=coding_ids)


def refuse_charted_codes(uow: UnitOfWork, code_ids: Collection[int], action: str) -> None:
    """Raise :class:`ConflictError` when a matrix cell of any of ``code_ids`` is
    charted (a summary or quotes). Empty cells of the codes go with them; the
    codes' codings are checked with :func:`refuse_quoted_codings`. Also raises
    it when a change-model node is bound to one of the codes or a model cites
    one of their cells (:func:`refuse_cited`). Nothing is written.
    """
    charted = queries.cells.charted_cells_of_codes(uow.session, code_ids) if code_ids else []
    if charted:
        raise ConflictError(
            f"{action} would delete {counted(len(charted), 'charted matrix cell')} "
            f"({_places(charted)}); merge the code into another to keep them, or clear "
            "the cells first."
        )
    if code_ids:
        cells = queries.cells.cell_ids_of(uow.session, code_ids=code_ids)
        refuse_cited(uow, action, codes=code_ids, cells=cells)


def refuse_cited(
    uow: UnitOfWork,
    action: str,
    *,
    codings: Collection[int] = (),
    cells: Collection[int] = (),
    memos: Collection[int] = (),
    codes: Collection[int] = (),
) -> None:
    """Raise :class:`ConflictError` when a change model cites any of the
    ``codings``, matrix ``cells`` or ``memos`` as evidence, or has a node
    bound to any of the ``codes``.

    ``action`` is what the caller would do ("Deleting the memo 'Trust'");
    the message names the models and their nodes and links ("the change
    model 'Peer work' (node 'Hope', link 'Trust → Hope')"), to remove the
    evidence or unbind the codes there first. Nothing is written; a few
    statements per batch of ids.
    """
    session = uow.session
    pieces = (
        queries.citations.citations(session, coding_ids=codings, cell_ids=cells, memo_ids=memos)
        if codings or cells or memos
        else []
    )
    if pieces:
        raise ConflictError(
            f"{action} would remove {counted(len(pieces), 'piece')} of evidence from "
            f"{_models(pieces)}; evidence in a change model is an analyst's argument: "
            "remove it from the model first."
        )
    bound = queries.citations.bindings_of_codes(session, codes) if codes else []
    if bound:
        nodes = _named([(model, f"node {node!r}") for model, node, _ in bound])
        raise ConflictError(
            f"{action} would unbind {counted(len(bound), 'node')} of {nodes} from the code; "
            "unbind the code from the nodes first (or merge it into another code: the "
            "nodes follow)."
        )


def _models(pieces: Sequence[CitationRow]) -> str:
    """The models and subjects some evidence backs, as people name them."""
    subjects = [
        (
            piece.model,
            f"node {piece.node!r}"
            if piece.node is not None
            else f"link '{piece.source} → {piece.target}'",
        )
        for piece in pieces
    ]
    return _named(subjects)


def _named(subjects: Sequence[tuple[str, str]]) -> str:
    """ "the change model 'M' (node 'A', link 'B → C')", models and subjects once
    each, at most a few subjects named (the rest counted)."""
    by_model: dict[str, list[str]] = {}
    for model, subject in dict.fromkeys(subjects):
        by_model.setdefault(model, []).append(subject)
    parts = []
    for model, named in by_model.items():
        shown = ", ".join(named[:NAMED_PLACES])
        more = len(named) - NAMED_PLACES
        shown += f" and {more} more" if more > 0 else ""
        parts.append(f"the change model {model!r} ({shown})")
    return " and ".join(parts)


# ---------------------------------------------------------------- counting for previews

#: What each count of :class:`PointedAt` is called, moved and removed.
_NOUNS: Mapping[str, tuple[str, str]] = {
    "codings": ("coding", "coding"),
    "memos": ("memo", "memo link"),
    "cells": ("cell", "empty cell"),
    "quotes": ("quote", "quote"),
    "questions": ("question link", "question link"),
    "sub_codes": ("sub-code", "sub-code"),
    "evidence": ("evidence link", "evidence link"),
    "bindings": ("node binding", "node binding"),
}


@dataclass(frozen=True)
class PointedAt:
    """What points at some codes, codings and matrix cells, counted for a preview.

    ``codings``: the codings of the codes (and those named); ``memos``: the
    memo links to the codes, those codings or those cells; ``cells``: the matrix cells of
    the codes (and those named); ``quotes``: the cells' quote links to those
    codings or in those cells; ``questions``: the interview questions
    covering the codes; ``sub_codes``: the codes directly under the codes
    (not among them); ``evidence``: the pieces of change-model evidence
    citing those codings, cells or memos; ``bindings``: the change-model
    nodes bound to the codes.
    """

    codings: int = 0
    memos: int = 0
    cells: int = 0
    quotes: int = 0
    questions: int = 0
    sub_codes: int = 0
    evidence: int = 0
    bindings: int = 0

    @property
    def anything(self) -> bool:
        """Whether anything points at the objects."""
        return any(getattr(self, f.name) for f in fields(self))

    def sentence(self, verb: Literal["moves", "removes"]) -> str:
        """What a change does to these rows, as words: ``"moves 4 codings, 1 memo,
        2 cells and 3 quotes"``; with ``"removes"`` memos are counted as the memo
        links removed (the memos stay) and cells as empty cells (charted ones
        are never removed). Counts of 0 are left out ("moves nothing")."""
        removing = verb == "removes"
        parts = [
            counted(getattr(self, name), nouns[removing])
            for name, nouns in _NOUNS.items()
            if getattr(self, name)
        ]
        if not parts:
            return f"{verb} nothing"
        listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
        return f"{verb} {listed}"


def what_points_at(
    uow: UnitOfWork,
    *,
    codes: Collection[int] = (),
    codings: Collection[int] = (),
    cells: Collection[int] = (),
    memos: Collection[int] = (),
) -> PointedAt:
    """Count what points at the codes, codings, cells and memos given by id
    (see :class:`PointedAt`; a code's codings and cells count with it), in
    one statement; ``memos`` count the change-model evidence citing them.
    Reads only."""
    found = queries.references.count_pointing_at(uow.session, codes, codings, cells, memos)
    return PointedAt(*found)


# ---------------------------------------------------------------- replacing on merges


@dataclass(frozen=True)
class CellsFolded:
    """Cells of a code moved and combined into another's, and their evidence."""

    moved: int = 0
    combined: int = 0
    evidence: EvidenceFolded = field(default_factory=EvidenceFolded)


class CellFolder(Protocol):
    """Folds the matrix cells of one code into another's (the cells area's rule,
    :func:`qualframe.services.cells.merging.merge_cells`)."""

    def __call__(self, uow: UnitOfWork, source: Code, target: Code) -> CellsFolded: ...


@dataclass(frozen=True)
class Replaced:
    """What :func:`replace_code` moved from one code to another.

    ``duplicates_folded`` counts the source's codings that repeated one of
    the target's (same document, span and coder): removed, their quotes
    and memos moved to the coding kept (``quotes_relinked`` and part of
    ``memos_relinked``). ``evidence_*``: see :class:`EvidenceFolded`;
    ``nodes_rebound``: the nodes bound to the source, now to the target
    (id, model name, label). ``round_codes_moved``: the agreement rounds now
    comparing the target instead; ``resolutions_moved`` and
    ``resolutions_folded``: the resolutions of the source's disagreements
    moved to the target, and those dropped as repeats of the target's.
    """

    codings_moved: int
    duplicates_folded: int
    memos_relinked: int
    quotes_relinked: int
    questions_moved: int
    cells_moved: int
    cells_combined: int
    evidence_relinked: int = 0
    bindings_moved: int = 0
    evidence_folded: int = 0
    nodes_rebound: tuple[tuple[int, str, str], ...] = ()
    round_codes_moved: int = 0
    resolutions_moved: int = 0
    resolutions_folded: int = 0


def replace_code(
    uow: UnitOfWork, source: Code, target: Code, fold_cells: CellFolder, *, action: str = ""
) -> Replaced:
    """Make everything that points at code ``source`` (and at its codings)
    point at code ``target``; ``source`` itself is left for the caller to
    delete, with its sub-codes (moved or merged by the codebook).

    Codings move to the target; one repeating a target coding is folded
    into it: its quote links, memos and change-model evidence move to the
    coding kept first, so nothing linked is dropped (:func:`fold_evidence`,
    which raises :class:`ConflictError`, naming the merge by ``action``,
    when two pieces that would be one disagree). Memos about the code move
    (each memo counts a version, as does each cell whose quotes changed and
    each piece of evidence moved); nodes bound to the code are bound to the
    target (once; each node one version more); the questions covering it
    cover the target (once); the agreement rounds comparing it compare the
    target, and the resolutions of its disagreements (and those recoding to
    it) move to the target (one repeating a resolution of the target's, same
    round and passage, is folded into it: the target's is kept); its cells
    are folded by ``fold_cells``. A
    fixed number of statements, whatever the number of codings. Not audited
    here: the caller records the merge.
    """
    session = uow.session
    session.flush()
    moves = dict(queries.codings.duplicate_codings(session, source.id, target.id))
    named = action or f"Merging the code {source.name!r} into {target.name!r}"
    evidence = fold_evidence(uow, "coding_id", moves, named)
    memos = queries.memos.relink_coding_memos(session, moves)
    quotes = queries.references.relink_quotes(session, moves, keep_version_of=source.id)
    folded = queries.codings.delete_codings(session, list(moves))
    moved = queries.codings.reassign_codings(session, source.id, target.id)
    memos += queries.memos.relink_code_memos(session, source.id, target.id)
    questions = queries.references.move_question_codes(session, source.id, target.id)
    nodes = queries.evidence.move_bindings(session, source.id, target.id)
    rounds = queries.team.move_round_codes(session, source.id, target.id)
    cells = fold_cells(uow, source, target)
    evidence += cells.evidence
    counts = (moved, folded, memos, quotes, questions, cells.moved, cells.combined)
    return Replaced(*counts, evidence.moved, len(nodes), evidence.folded, tuple(nodes), *rounds)
