"""Who is speaking at a place in a document: the rule every coding follows.

A coding is attributed to the speaker turn that contains its start: the
turn's label is the *speaker* and the participant that turn stands for is
the *participant*: by the turn's own mapping when it has one (this answer
was someone else's), else by its label's mapping in the innermost section
of the document where it is mapped, else in that document, else
project-wide. Text outside any turn belongs to the document's participant
when it has exactly one (a one-to-one interview without speaker labels);
otherwise to nobody. Interviewer turns and unmapped labels have no
participant.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, NamedTuple, Protocol

from qualframe.storage import queries
from qualframe.storage.models import Coding, SpeakerTurn
from qualframe.storage.queries.speakers import SectionMappingRow, TurnMappingRow
from qualframe.vocabulary import SpeakerRole

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

#: Which mapping says who speaks in a turn: the turn's own, its section's, its
#: document's or the project's mapping of its label.
AttributionLevel = Literal["turn", "section", "document", "project"]


class TurnLike(Protocol):
    """What the rule needs of a speaker turn (a stored turn or a turn row)."""

    @property
    def id(self) -> int: ...
    @property
    def label(self) -> str: ...
    @property
    def start(self) -> int: ...


class InForce(NamedTuple):
    """The mapping in force for a turn: whom it stands for and at which level."""

    role: SpeakerRole
    participant_id: int | None
    level: AttributionLevel


@dataclass(frozen=True)
class Attribution:
    """The speaker label and participant id at a position (either may be None)."""

    speaker: str | None
    participant_id: int | None


class DocumentSpeakers:
    """The attribution rule for one document, loaded once for many lookups.

    ``turns`` (default: every turn of the document) may be just the turns
    around the positions to look up, in text order: coding one span needs
    only the turn that holds its start, not a transcript's hundreds of turns.
    ``sections`` (default: read) are the document's section mappings,
    innermost first. The turns' own mappings are read in one query (of the
    given turns only, none when ``turns`` is empty).
    """

    def __init__(
        self,
        session: Session,
        project_id: int,
        document_id: int,
        *,
        turns: Sequence[SpeakerTurn] | None = None,
        sections: Sequence[SectionMappingRow] | None = None,
    ) -> None:
        self.turns: Sequence[SpeakerTurn] = (
            queries.speakers.turns_of(session, document_id) if turns is None else turns
        )
        self.turn_mappings: Mapping[int, TurnMappingRow] = (
            queries.speakers.turn_mappings(
                session,
                project_id,
                document_id,
                None if turns is None else [turn.id for turn in turns],
            )
            if turns is None or turns
            else {}
        )
        self._starts = [turn.start for turn in self.turns]
        self.mappings = queries.speakers.mappings_for(session, project_id, document_id)
        self.section_mappings: Sequence[SectionMappingRow] = (
            queries.speakers.section_mappings(session, document_id)
            if sections is None
            else sections
        )
        linked = queries.documents.participant_ids_of_document(session, document_id)
        self.sole_participant = linked[0] if len(linked) == 1 else None

    def section_mapping(self, label: str, position: int) -> SectionMappingRow | None:
        """The innermost section mapping of ``label`` holding at ``position``, if any."""
        for mapping in self.section_mappings:
            if mapping.label == label and mapping.start <= position < mapping.end:
                return mapping
        return None

    def in_force(self, turn: TurnLike) -> InForce | None:
        """The mapping saying who speaks in ``turn`` (None: unmapped): its own,
        else its section's mapping of the label, else the document's or the
        project's."""
        own = self.turn_mappings.get(turn.id)
        if own is not None:
            return InForce(own.role, own.participant_id, "turn")
        section = self.section_mapping(turn.label, turn.start) if self.section_mappings else None
        if section is not None:
            return InForce(section.role, section.participant_id, "section")
        wide = self.mappings.get(turn.label)
        if wide is None:
            return None
        return InForce(
            wide.role, wide.participant_id, "project" if wide.document_id is None else "document"
        )

    def participant_for_turn(self, turn: TurnLike) -> int | None:
        """The participant a turn speaks for (None: interviewer, other, unmapped),
        by the mapping in force for it (see :meth:`in_force`)."""
        mapping = self.in_force(turn)
        if mapping is None or mapping.role is not SpeakerRole.PARTICIPANT:
            return None
        return mapping.participant_id

    def participant_for_label(self, label: str) -> int | None:
        """The participant a speaker label maps to here (None: interviewer/unmapped)."""
        mapping = self.mappings.get(label)
        if mapping is None or mapping.role is not SpeakerRole.PARTICIPANT:
            return None
        return mapping.participant_id

    def turn_at(self, position: int) -> SpeakerTurn | None:
        """The turn containing code point ``position``, if any."""
        index = bisect.bisect_right(self._starts, position) - 1
        if index >= 0 and self.turns[index].end > position:
            return self.turns[index]
        return None

    def at(self, position: int) -> Attribution:
        """Who speaks at code point ``position``."""
        turn = self.turn_at(position)
        if turn is None:
            return Attribution(None, self.sole_participant)
        return Attribution(turn.label, self.participant_for_turn(turn))


def reattribute_document(session: Session, project_id: int, document_id: int) -> int:
    """Bring turns' and codings' participants in step with the current mappings.

    Call after speaker mappings or a document's participant links change.
    Returns the number of codings whose attribution changed.
    """
    speakers = DocumentSpeakers(session, project_id, document_id)
    wanted = {turn.id: speakers.participant_for_turn(turn) for turn in speakers.turns}
    queries.speakers.set_turn_participants(
        session,
        {
            turn.id: wanted[turn.id]
            for turn in speakers.turns
            if turn.participant_id != wanted[turn.id]
        },
    )
    changed = 0
    coding: Coding
    for coding in queries.codings.codings_of_document(session, document_id):
        who = speakers.at(coding.start)
        if (coding.speaker, coding.participant_id) != (who.speaker, who.participant_id):
            coding.speaker = who.speaker
            coding.participant_id = who.participant_id
            changed += 1
    return changed
