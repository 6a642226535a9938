"""Who speaks in one turn: a speaker mapping of a single speaker turn.

A transcript's label is sometimes wrong for one answer (the typist wrote
"P01" where P02 answered; in a focus group "Speaker 2" once stands for the
facilitator). A turn can therefore have a mapping of its own (a
:class:`~qualframe.storage.models.SpeakerMapping` with a ``turn_id``),
which holds over its section's, its document's and the project's mapping
of the label (see :mod:`qualframe.services.documents.attribution`).

Turns are named by their number in the document: from 1, in text order, as
``document_turns`` lists them. A turn's mapping goes with its turn: when
the text is replaced it moves to the new turn at the same place with the
same label, or is listed as dropped
(:mod:`qualframe.services.documents.revisions`); when a decision about a
label merges the turn away, it is removed and listed
(:mod:`qualframe.services.documents.turn_splits`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from qualframe.errors import NotFoundError, ValidationError
from qualframe.formats.offset_maps import OffsetMap
from qualframe.services.core import audit
from qualframe.services.core.lookup import find_document
from qualframe.services.core.refs import Ref
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.core.wording import one_line
from qualframe.services.documents import speaker_sections
from qualframe.services.documents.speakers import MappingChange, parse_role
from qualframe.services.study import attributes as study
from qualframe.storage import queries
from qualframe.storage.models import Document, Participant, SpeakerMapping, SpeakerTurn
from qualframe.storage.queries.speakers import TurnMappingRow
from qualframe.vocabulary import SpeakerRole

#: Characters of a turn's text quoted in messages.
QUOTED_CHARS = 40


def find_turn(uow: UnitOfWork, document: Document, number: int) -> SpeakerTurn:
    """The turn of ``document`` numbered ``number`` (from 1, in text order).

    Raises :class:`ValidationError` for a number that is not a whole number
    and :class:`NotFoundError` when the document has no such turn.
    """
    if isinstance(number, bool) or not isinstance(number, int):
        raise ValidationError(f"A turn is named by its number (1 for the first), not {number!r}.")
    turns = queries.speakers.turns_of(uow.session, document.id)
    if not turns:
        raise NotFoundError(f"Document {document.name!r} has no speaker turns.")
    if not 1 <= number <= len(turns):
        raise NotFoundError(
            f"Document {document.name!r} has turns 1 to {len(turns)}; there is no turn {number}."
        )
    return turns[number - 1]


def turn_words(text: str, start: int, end: int) -> str:
    """The first words of the turn ``[start, end)`` of ``text``, on one line, cut
    at a word to at most :data:`QUOTED_CHARS` characters with "…", for messages."""
    return one_line(text[start : min(end, start + 4 * QUOTED_CHARS)], QUOTED_CHARS)


def _where(document: Document, number: int, turn: SpeakerTurn) -> str:
    """ "turn 3 ('P01: I went…') of 'doc.txt'"."""
    words = turn_words(document.text, turn.start, turn.end)
    return f"turn {number} ({words!r}) of {document.name!r}"


def _set(
    uow: UnitOfWork,
    document: Document,
    turn: SpeakerTurn,
    role: SpeakerRole,
    person: Participant | None,
) -> None:
    """Make ``turn`` stand for ``role``/``person``, replacing its own mapping."""
    mapping = queries.speakers.turn_mapping_of(uow.session, turn.id)
    if mapping is None:
        mapping = SpeakerMapping(
            project_id=uow.project_id, document_id=document.id, label=turn.label, turn_id=turn.id
        )
        uow.session.add(mapping)
    mapping.role = role
    mapping.participant_id = person.id if person else None


def map_turn(
    uow: UnitOfWork,
    document: Ref,
    turn: int,
    participant: Ref | None = None,
    *,
    role: SpeakerRole | str | None = None,
) -> MappingChange:
    """Say who speaks in one turn of ``document`` (name or id): a participant
    (identifier or id), or ``role="interviewer"`` or ``"other"``. ``turn`` is
    its number, from 1 in text order (as ``turn_list`` numbers them).

    The turn's own mapping holds over every mapping of its label (its
    section's, its document's, the project's); it replaces the turn's
    earlier one. Re-attributes the document's turns and codings and writes
    one ``speaker.map_turn`` audit entry. Raises :class:`NotFoundError` for an
    unknown document, turn or participant and :class:`ValidationError` for a
    bad role or turn number; nothing is written then.
    """
    parsed = parse_role(role, participant)
    person = study.find_participant(uow, participant) if participant is not None else None
    found = find_document(uow, document)
    chosen = find_turn(uow, found, turn)
    _set(uow, found, chosen, parsed, person)
    changed = speaker_sections.reattribute_documents(uow, {found.id})
    who = person.identifier if person else parsed.value
    audit.record(
        uow,
        "speaker.map_turn",
        "speaker_mapping",
        None,
        f"Mapped {_where(found, turn, chosen)}, labelled {chosen.label!r}, to {who}",
        {
            "label": chosen.label,
            "document": found.name,
            "turn": turn,
            "role": parsed.value,
            "participant": person.identifier if person else None,
            "codings_reattributed": changed,
        },
    )
    identifier = person.identifier if person else None
    return MappingChange(chosen.label, found.name, parsed, identifier, 1, changed, turn=turn)


def unmap_turn(uow: UnitOfWork, document: Ref, turn: int) -> MappingChange:
    """Remove the mapping of one turn of ``document`` (name or id; ``turn`` its
    number from 1): its label's mappings hold for it again. Re-attributes
    the document and writes one ``speaker.unmap_turn`` audit entry. Raises
    :class:`NotFoundError` for an unknown document or turn, or a turn with no
    mapping of its own; nothing is written then."""
    found = find_document(uow, document)
    chosen = find_turn(uow, found, turn)
    mapping = queries.speakers.turn_mapping_of(uow.session, chosen.id)
    if mapping is None:
        where = _where(found, turn, chosen)
        raise NotFoundError(
            f"{where[:1].upper()}{where[1:]} has no mapping of its own: "
            f"its label {chosen.label!r} says who speaks."
        )
    uow.session.delete(mapping)
    changed = speaker_sections.reattribute_documents(uow, {found.id})
    audit.record(
        uow,
        "speaker.unmap_turn",
        "speaker_mapping",
        None,
        f"Removed the mapping of {_where(found, turn, chosen)}, labelled {chosen.label!r}",
        {"label": chosen.label, "document": found.name, "turn": turn},
    )
    return MappingChange(chosen.label, found.name, None, None, 1, changed, turn=turn)


# ---------------------------------------------------------------- across text changes


class KeptTurnMapping(NamedTuple):
    """A turn's mapping kept while a document's text is replaced: the turn's
    number and span in the old text, and its mapping."""

    number: int
    end: int
    mapping: TurnMappingRow


def keep_turn_mappings(uow: UnitOfWork, document_id: int) -> list[KeptTurnMapping]:
    """The turn mappings of a document with their turns' numbers and spans, read
    before its turns are replaced."""
    mappings = queries.speakers.turn_mappings(uow.session, uow.project_id, document_id)
    if not mappings:
        return []
    turns = queries.speakers.turn_rows(uow.session, document_id)
    return [
        KeptTurnMapping(number, turn.end, mappings[turn.id])
        for number, turn in enumerate(turns, 1)
        if turn.id in mappings
    ]


def restore_turn_mappings(
    uow: UnitOfWork,
    document: Document,
    old_text: str,
    kept: Sequence[KeptTurnMapping],
    moved: OffsetMap,
) -> tuple[str, ...]:
    """Map again, in the new turns of ``document``, the turns whose mappings were
    ``kept``: each goes to the new turn with the same label starting where the
    old turn's start lands (``moved``: old text to new). Returns those that
    found no such turn, as ``"label in turn N ('words…'), was who"``."""
    if not kept:
        return ()
    turns = {(t.start, t.label): t for t in queries.speakers.turn_rows(uow.session, document.id)}
    people = queries.people.participant_identifiers_by_id(
        uow.session, {k.mapping.participant_id for k in kept if k.mapping.participant_id}
    )
    dropped = []
    taken: set[int] = set()
    for number, end, mapping in kept:
        new = turns.get((moved.start(mapping.start), mapping.label))
        if new is None or new.id in taken:
            who = people.get(mapping.participant_id or 0) or mapping.role.value
            words = turn_words(old_text, mapping.start, end)
            dropped.append(f"{mapping.label} in turn {number} ({words!r}), was {who}")
            continue
        taken.add(new.id)
        uow.session.add(
            SpeakerMapping(
                project_id=uow.project_id,
                document_id=document.id,
                turn_id=new.id,
                label=mapping.label,
                role=mapping.role,
                participant_id=mapping.participant_id,
            )
        )
    uow.session.flush()
    return tuple(dropped)
