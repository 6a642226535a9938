"""Re-splitting a stored document's speaker turns after a decision about a label.

When people say a line-start label is not a speaker ("You say:" inside a
question), the turns it started are merged into the turn before; when they
say it is one, the turns it starts are split off the turns holding them.
The text is never changed, and neither are codings (they point at spans of
the text, not at turns): only turns and the turn each search segment lies
in (``text_segments.turn_id``) change, and a segment that a new turn cuts
is cut in two (re-indexed), so every segment stays within one turn. A
turn's own speaker mapping stays with it while the turn is kept (shorter
after a split, longer after a merge); a turn merged away takes its mapping
with it, and the merge names each mapping removed.

Offsets are code points into the stored text, end exclusive. A turn's end
is just after its last non-space character.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Collection, Sequence
from typing import TYPE_CHECKING, NamedTuple

from qualframe.formats.speaker_turns import detect_speaker_turns
from qualframe.services.documents.turn_mappings import turn_words
from qualframe.storage import bulk, queries, search_index
from qualframe.storage.models import Document, SpeakerTurn, TextSegment

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


# ---------------------------------------------------------------- detection


def label_turns(
    text: str, label: str, *, known: Collection[str], rejected: Collection[str]
) -> list[tuple[int, int, str]]:
    """``(start, end, label as written)`` of each turn of ``label`` (letter case
    ignored) that detection finds in ``text`` given the project's decisions
    (``known``: labels accepted as speakers, ``rejected``: labels that are
    not), in text order."""
    wanted = label.casefold()
    turns = detect_speaker_turns(text, known=known, rejected=rejected)
    return [(t.start, t.end, t.label) for t in turns if t.label.casefold() == wanted]


def trimmed_end(text: str, start: int, end: int) -> int:
    """``end`` moved back over white space, but not before ``start``."""
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


# ---------------------------------------------------------------- merging


class MergedTurns(NamedTuple):
    """What merging turns away did: ``turns`` removed, and the turns' own speaker
    mappings removed with them, each as ``"label in turn N ('words…') of
    'doc', was who"`` (N: its number before the merge)."""

    turns: int
    mappings_removed: tuple[str, ...] = ()


def merge_turns(
    session: Session, project_id: int, document: Document, turn_ids: Collection[int]
) -> MergedTurns:
    """Remove the turns ``turn_ids`` of ``document`` (of project ``project_id``):
    each one's lines join the turn before when only white space lies between
    them, else belong to no turn; their own speaker mappings are removed
    (the turns kept keep theirs). Writes turns, mappings and segments."""
    turns = list(queries.speakers.turns_of(session, document.id))
    removed = [turn for turn in turns if turn.id in turn_ids]
    if not removed:
        return MergedTurns(0)
    mappings = _drop_turn_mappings(session, project_id, document, turns, removed)
    previous: SpeakerTurn | None = None
    for turn in turns:
        if turn.id not in turn_ids:
            previous = turn
        elif previous is not None and not document.text[previous.end : turn.start].strip():
            previous.end = max(previous.end, turn.end)
    kept = [turn for turn in turns if turn.id not in turn_ids]
    session.flush()
    _realign_segments(session, document, kept)
    for turn in removed:
        session.delete(turn)
    session.flush()
    return MergedTurns(len(removed), mappings)


def _drop_turn_mappings(
    session: Session,
    project_id: int,
    document: Document,
    turns: Sequence[SpeakerTurn],
    removed: Sequence[SpeakerTurn],
) -> tuple[str, ...]:
    """Delete the own mappings of the ``removed`` turns (of ``turns``, the
    document's in text order); returns them described for people."""
    ids = [turn.id for turn in removed]
    mappings = queries.speakers.turn_mappings(session, project_id, document.id, ids)
    if not mappings:
        return ()
    numbers = {turn.id: number for number, turn in enumerate(turns, 1)}
    people = queries.people.participant_identifiers_by_id(
        session, {m.participant_id for m in mappings.values() if m.participant_id is not None}
    )
    described = []
    for turn in removed:
        mapping = mappings.get(turn.id)
        if mapping is not None:
            who = people.get(mapping.participant_id or 0) or mapping.role.value
            words = turn_words(document.text, turn.start, turn.end)
            described.append(
                f"{turn.label} in turn {numbers[turn.id]} ({words!r}) of {document.name!r}, "
                f"was {who}"
            )
    queries.speakers.delete_turn_mappings(session, ids)
    return tuple(described)


# ---------------------------------------------------------------- splitting


def split_turns(session: Session, document: Document, found: Sequence[tuple[int, int, str]]) -> int:
    """Start a turn at each ``(start, end, label)`` of ``found`` where no turn
    starts yet: it takes the rest of the turn holding ``start`` (which now ends
    before it), or, outside any turn, runs to ``end`` or the next turn. Returns
    how many turns were added. Writes turns and segments."""
    text = document.text
    turns = list(queries.speakers.turns_of(session, document.id))
    added = 0
    for start, end, label in sorted(found):
        starts = [turn.start for turn in turns]
        index = bisect.bisect_right(starts, start) - 1
        if index >= 0 and starts[index] == start:
            continue
        holder = turns[index] if index >= 0 and turns[index].end > start else None
        if holder is not None:
            new_end = holder.end
            holder.end = trimmed_end(text, holder.start, start)
        else:
            following = starts[index + 1] if index + 1 < len(starts) else len(text)
            new_end = trimmed_end(text, start, min(end, following))
        if new_end <= start:
            continue
        turn = queries.speakers.new_turn(session, document.id, label, start, new_end)
        turns.insert(index + 1, turn)
        added += 1
    if added:
        session.flush()
        _realign_segments(session, document, turns)
    return added


# ---------------------------------------------------------------- segments


def _realign_segments(session: Session, document: Document, turns: Sequence[SpeakerTurn]) -> None:
    """Put each search segment of ``document`` in the turn (of ``turns``, in text
    order) holding its start, cutting a segment where a turn now starts or
    ends inside it (the first piece keeps its id; the pieces are re-indexed)."""
    text = document.text
    bounds = sorted({turn.start for turn in turns} | {turn.end for turn in turns})
    starts = [turn.start for turn in turns]

    def turn_of(position: int) -> int | None:
        index = bisect.bisect_right(starts, position) - 1
        return turns[index].id if index >= 0 and turns[index].end > position else None

    moved: dict[int, int | None] = {}
    cut: list[tuple[queries.speakers.SegmentTurn, list[tuple[int, int]]]] = []
    for segment in queries.speakers.segment_turns(session, document.id):
        inside = bounds[
            bisect.bisect_right(bounds, segment.start) : bisect.bisect_left(bounds, segment.end)
        ]
        pieces = _pieces(text, segment.start, segment.end, inside)
        if len(pieces) > 1:
            cut.append((segment, pieces))
        wanted = turn_of(pieces[0][0])
        if wanted != segment.turn_id:
            moved[segment.id] = wanted
    queries.speakers.set_segment_turns(session, moved)
    for segment, pieces in cut:
        _cut_segment(session, document, segment, pieces, turn_of)


def _pieces(text: str, start: int, end: int, cuts: Sequence[int]) -> list[tuple[int, int]]:
    """``[start, end)`` cut at ``cuts`` (inside it, in order), each piece trimmed
    of white space; empty pieces are left out (the first is always kept)."""
    pieces = []
    for piece_start, piece_end in zip([start, *cuts], [*cuts, end], strict=True):
        while piece_start < piece_end and text[piece_start].isspace():
            piece_start += 1
        piece_end = trimmed_end(text, piece_start, piece_end)
        if piece_start < piece_end:
            pieces.append((piece_start, piece_end))
    return pieces or [(start, end)]


def _cut_segment(
    session: Session,
    document: Document,
    segment: queries.speakers.SegmentTurn,
    pieces: list[tuple[int, int]],
    turn_of: Callable[[int], int | None],
) -> None:
    """Replace ``segment`` by ``pieces`` (the first keeps its id; ``turn_of`` gives
    each other piece's turn from its start) in the table and the search index."""
    text = document.text
    search_index.unindex_segments(session, [(segment.id, text[segment.start : segment.end])])
    first_start, first_end = pieces[0]
    queries.speakers.set_segment_span(session, segment.id, first_start, first_end)
    ids = bulk.allocate_ids(session, TextSegment, len(pieces) - 1)
    rows = [
        (segment_id, document.id, start, end, turn_of(start))
        for segment_id, (start, end) in zip(ids, pieces[1:], strict=True)
    ]
    queries.segments.insert_segments(session, rows)
    search_index.index_segments(
        session,
        [(segment.id, text[first_start:first_end])]
        + [(segment_id, text[start:end]) for segment_id, _, start, end, _ in rows],
    )
