"""Change-model evidence landing together when codings, cells or passages move.

When codes merge (a coding folded into its repeat), cells fold into
another code's, or a coding's passage moves (a recode, a text revision),
two pieces of evidence for one node or link can come to cite the same
object. :func:`fold_evidence` and :func:`keep_evidence_passages_inside`
apply one rule: pieces that agree become one (the notes joined, counted as
folded); pieces that disagree (one supports, one contradicts) are never
dropped: the change is refused, naming both. The references seam
(:mod:`qualframe.services.core.references`) calls them on merges.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from qualframe.errors import ConflictError
from qualframe.formats.quoting import CodedSpan, clamped_passage
from qualframe.services.core.field_limits import check_field
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.core.wording import counted
from qualframe.storage import queries
from qualframe.storage.queries.evidence import CitingRow, NamedPiece, Spot, spot
from qualframe.vocabulary import Stance


@dataclass(frozen=True)
class EvidenceFolded:
    """Change-model evidence carried to the objects kept (:func:`fold_evidence`):
    pieces ``moved``, and pieces ``folded`` into a repeat there (dropped)."""

    moved: int = 0
    folded: int = 0

    def __add__(self, other: EvidenceFolded) -> EvidenceFolded:
        return EvidenceFolded(self.moved + other.moved, self.folded + other.folded)


# ---------------------------------------------------------------- evidence landing together


def joined_note(kept: str, folded: str) -> str:
    """The note of a piece kept when a repeat of it is folded in: its own, then
    the repeat's below it when that says something else. Pure."""
    if not folded.strip() or folded == kept:
        return kept
    return f"{kept}\n\n{folded}" if kept.strip() else folded


class _Landing:
    """Pieces of evidence landing on the same node or link with the same
    object: the repeats dropped and the notes and columns to write."""

    def __init__(self) -> None:
        self.values: dict[int, dict[str, Any]] = {}
        self.notes: dict[int, str] = {}
        self.dropped: list[int] = []
        self.pieces: dict[int, CitingRow] = {}

    def settle(self, group: Sequence[CitingRow]) -> dict[Stance, CitingRow]:
        """Fold each stance's later pieces of ``group`` into its first; returns
        the first of each stance (two: a clash)."""
        firsts: dict[Stance, CitingRow] = {}
        for piece in group:
            self.pieces[piece.id] = piece
            first = firsts.setdefault(Stance(piece.stance), piece)
            if first is not piece:
                self.fold(first, piece)
        return firsts

    def fold(self, kept: CitingRow, repeat: CitingRow) -> None:
        """Drop ``repeat``, its note appended to ``kept``'s."""
        note = self.notes.get(kept.id, kept.note)
        joined = joined_note(note, self.notes.get(repeat.id, repeat.note))
        if joined != note:
            self.notes[kept.id] = joined
            self.values.setdefault(kept.id, {})["note"] = joined
        self.dropped.append(repeat.id)
        self.values.pop(repeat.id, None)

    def change(self, piece_id: int, **values: Any) -> None:
        """Give a piece new columns (unless dropped)."""
        if piece_id not in self.dropped:
            self.values.setdefault(piece_id, {}).update(values)

    def write(self, uow: UnitOfWork) -> int:
        """Delete the repeats, write the changes (each piece one version more);
        returns how many pieces changed or went. Raises
        :class:`ValidationError` for a joined note over the field limit."""
        for piece_id, note in self.notes.items():
            check_field(note, f"note of evidence {piece_id}, joined with a repeat's")
        queries.evidence.delete_evidence(uow.session, self.dropped)
        kept = [piece for piece in self.pieces.values() if piece.id not in self.dropped]
        queries.evidence.update_evidence(uow.session, self.values, kept)
        return len(self.values) + len(self.dropped)


def fold_evidence(
    uow: UnitOfWork,
    column: Literal["coding_id", "cell_id"],
    moves: Mapping[int, int],
    action: str,
) -> EvidenceFolded:
    """Make the change-model evidence citing the codings (or cells, by
    ``column``) of ``moves`` (``{folded id: kept id}``) cite the one kept.

    A piece that would repeat another on the same node or link (same object
    and passage) with the same stance is dropped, its note appended to the
    other's (:func:`joined_note`); with the opposite stance the change is
    refused with :class:`ConflictError` naming the node or link and the two
    objects (``action`` says what the change is: "Merging 'A' into 'B'"),
    before anything here is written. Each piece moved or given a longer note
    counts one version more. Not audited here."""
    session = uow.session
    moving = queries.evidence.pieces_citing(session, column, list(moves))
    if not moving:
        return EvidenceFolded()
    groups: dict[Spot, list[CitingRow]] = {}
    for piece in queries.evidence.pieces_citing(session, column, set(moves.values())):
        groups.setdefault(spot(piece), []).append(piece)
    for piece in moving:
        target = moves[getattr(piece, column)]
        groups.setdefault(spot(piece, **{column: target}), []).append(piece)
    landing = _Landing()
    clashes = [firsts for firsts in map(landing.settle, groups.values()) if len(firsts) > 1]
    if clashes:
        raise ConflictError(_fold_clash(uow, action, clashes, {p.id for p in moving}, column))
    for piece in moving:
        landing.change(piece.id, **{column: moves[getattr(piece, column)]})
    landing.write(uow)
    folded = sum(piece.id in landing.dropped for piece in moving)
    return EvidenceFolded(len(moving) - folded, len(landing.dropped))


def _fold_clash(
    uow: UnitOfWork,
    action: str,
    clashes: Sequence[dict[Stance, CitingRow]],
    moving: Collection[int],
    column: str,
) -> str:
    """Why a merge is refused: two pieces that would become one disagree."""
    pair = clashes[0][Stance.SUPPORTS], clashes[0][Stance.CONTRADICTS]
    names = queries.evidence.named_pieces(uow.session, [piece.id for piece in pair])
    support, contradict = (names[piece.id] for piece in pair)
    folded = [_object(names[p.id]) for p in pair if p.id in moving]
    kept = [_object(names[p.id]) for p in pair if p.id not in moving]
    into = kept[0] if kept else f"{column.removesuffix('_id')} {getattr(pair[0], column)}"
    more = len(clashes) - 1
    return (
        f"{action} would fold {' and '.join(folded)} into {into}, but they back the "
        f"{_subject(support)} of the change model {support.model!r} in opposite ways "
        f"(evidence {support.id} supports it, evidence {contradict.id} contradicts it)"
        + (f", as do {counted(more, 'other pair')}" if more else "")
        + "; remove one of the two pieces of evidence from the model first."
    )


def _subject(piece: NamedPiece) -> str:
    """ "node 'Hope'" or "link 'Trust → Hope'"."""
    if piece.node is not None:
        return f"node {piece.node!r}"
    return f"link '{piece.source} → {piece.target}'"


def _object(piece: NamedPiece) -> str:
    """ "coding 12 of 'P01.txt'" or "the cell 'P01 × Hope'"."""
    if piece.coding_id is not None:
        return f"coding {piece.coding_id} of {piece.document!r}"
    row = (piece.cell_row or "").replace("|", ", ")
    return f"the cell '{row} × {piece.cell_code}'"


# ---------------------------------------------------------------- passages of changed codings


def keep_evidence_passages_inside(
    uow: UnitOfWork,
    spans: Mapping[int, CodedSpan],
    carry: Callable[[int, int], tuple[int, int]] | None = None,
) -> int:
    """Keep the passages change-model evidence quotes of the codings ``spans``
    (``{coding id: its span and text now}``) inside them, as cell quotes are
    kept: each passage is carried by ``carry`` (a text revision's offset map;
    None: the text did not change, only the coding's span), then clamped into
    its coding (:func:`~qualframe.formats.quoting.clamped_passage`: trimmed,
    and the whole coding when nothing of the passage is left).

    Writes the changed passages, each piece one version more. Pieces of a
    node or link now quoting the same passage are one when they agree
    (notes joined as :func:`fold_evidence` does); when they disagree, the
    one that moved cites the whole coding, and when a piece of the other
    stance has it, :class:`ConflictError` names both (nothing written here).
    Returns how many pieces changed or went. Not audited: the caller is.
    """
    pieces = queries.evidence.pieces_citing(uow.session, "coding_id", list(spans))
    if all(piece.start is None for piece in pieces):
        return 0
    moved: dict[int, tuple[int | None, int | None]] = {}
    groups: dict[Spot, list[CitingRow]] = {}
    for piece in pieces:
        passage = _kept_passage(piece, spans[piece.coding_id or 0], carry)
        if passage != (piece.start, piece.end):
            moved[piece.id] = passage
        groups.setdefault(spot(piece, start=passage[0], end=passage[1]), []).append(piece)
    landing = _Landing()
    placed: dict[Spot, dict[Stance, CitingRow]] = {}
    leaving: list[CitingRow] = []
    for where, group in groups.items():
        firsts = landing.settle(sorted(group, key=lambda p: (p.id in moved, p.id)))
        if len(firsts) > 1:
            if where[4] is None:
                raise ConflictError(_passage_clash(uow, list(firsts.values())))
            stay, leave = sorted(firsts.values(), key=lambda p: (p.id in moved, p.id))
            leaving.append(leave)
            firsts = {Stance(stay.stance): stay}
        placed[where] = firsts
    for piece in leaving:  # to the whole coding, if no one disagrees there
        there = placed.setdefault(spot(piece, start=None, end=None), {})
        other = there.setdefault(Stance(piece.stance), piece)
        if other is piece and len(there) > 1:
            raise ConflictError(_passage_clash(uow, list(there.values())))
        if other is not piece:
            landing.fold(other, piece)
        moved[piece.id] = (None, None)
    for piece_id, (start, end) in moved.items():
        landing.change(piece_id, start=start, end=end)
    return landing.write(uow)


def _kept_passage(
    piece: CitingRow, span: CodedSpan, carry: Callable[[int, int], tuple[int, int]] | None
) -> tuple[int | None, int | None]:
    """Where a piece's passage is after its coding changed: carried, clamped,
    ``(None, None)`` for the whole coding."""
    if piece.start is None or piece.end is None:
        return None, None
    start, end = carry(piece.start, piece.end) if carry else (piece.start, piece.end)
    kept = clamped_passage(span, start, end) if start < end else None
    return kept or (None, None)


def _passage_clash(uow: UnitOfWork, pair: Sequence[CitingRow]) -> str:
    """Why a changed coding is refused: two pieces of one node or link would
    quote the same passage, one supporting and one contradicting."""
    support, contradict = sorted(pair, key=lambda p: p.stance != Stance.SUPPORTS)[:2]
    names = queries.evidence.named_pieces(uow.session, [support.id, contradict.id])
    named = names[support.id]
    return (
        f"Changing coding {named.coding_id} of {named.document!r} would make evidence "
        f"{support.id} (supports) and evidence {contradict.id} (contradicts) of the "
        f"{_subject(named)} of the change model {named.model!r} cite the same passage "
        "of it (or the whole coding); remove one of the two from the model first."
    )
