"""Speaker labels: who the labels of transcripts stand for.

A document's speaker turns carry labels as written ("Interviewer",
"P03", "**Lady Hallett**"). A label is *mapped* to a participant, to the
interviewer or to "other" (a note-taker, a chair): project-wide, for one
document, which overrides the project-wide mapping there (the same
"Speaker 1" is a different person in each focus group), or for one section
of a document, which overrides both inside that section ("The Witness" of
each witness's evidence; see
:mod:`qualframe.services.documents.speaker_sections`); one turn can have a
mapping of its own, over all of these (see
:mod:`qualframe.services.documents.turn_mappings`). After every change
the affected documents are re-attributed, so each speaker turn and each
coding names the participant speaking (see
:mod:`qualframe.services.documents.attribution`). Labels must occur in the
project's documents (in the document or section, for a narrower mapping):
a typo is an error, with suggestions, not a silent mapping.

Whether a line-start label is a speaker at all is decided in
:mod:`qualframe.services.documents.label_decisions`; mapping many labels at
once in :mod:`qualframe.services.documents.speaker_bulk`.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from qualframe.errors import NotFoundError, ValidationError
from qualframe.services.core import audit
from qualframe.services.core.lookup import find_document
from qualframe.services.core.refs import Ref
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.documents import speaker_sections
from qualframe.services.documents.attribution import AttributionLevel, DocumentSpeakers
from qualframe.services.study import attributes as study
from qualframe.storage import queries
from qualframe.storage.models import Document, Participant, SpeakerMapping
from qualframe.storage.queries.structure import SectionRow
from qualframe.vocabulary import SpeakerRole


@dataclass(frozen=True)
class MappingChange:
    """A speaker mapping as it now stands, and what re-attribution changed.

    ``document`` is None for a project-wide mapping; ``section`` (number from
    1) and ``section_title`` are set for a mapping within one section;
    ``role`` None means the mapping was removed; ``codings_changed`` counts
    codings whose speaker or participant changed; ``turn`` (number from 1, in
    text order) is set for a mapping of one turn.
    """

    label: str
    document: str | None
    role: SpeakerRole | None
    participant: str | None
    documents_reattributed: int
    codings_changed: int
    section: int | None = None
    section_title: str | None = None
    turn: int | None = None


@dataclass(frozen=True)
class SpeakerMapImport:
    """What importing a speaker-map file did."""

    mappings: int
    documents_reattributed: int
    codings_changed: int


@dataclass(frozen=True)
class SpeakerLabel:
    """A speaker label of the project, its use and its mapping.

    ``turns`` and ``documents`` count where it occurs (0 for a label only
    mapped); ``role`` and ``participant`` (identifier) give its project-wide
    mapping (None when there is none), ``participant_description`` that
    participant's description; ``document_mappings`` counts its
    document-specific mappings, ``section_mappings`` its mappings within
    sections and ``turn_mappings`` the turns of it mapped one by one;
    ``unmapped_documents`` counts documents where no mapping is in
    force for some of its turns (0 for a fully mapped label); ``is_speaker``
    is the decision people made about it (True: accepted as a speaker,
    False: not a speaker, None: as detected).
    """

    label: str
    turns: int
    documents: int
    role: SpeakerRole | None
    participant: str | None
    document_mappings: int
    unmapped_documents: int
    participant_description: str | None = None
    section_mappings: int = 0
    is_speaker: bool | None = None
    turn_mappings: int = 0


@dataclass(frozen=True)
class MappingInfo:
    """One speaker mapping: ``document`` is None for a project-wide one;
    ``section`` (number from 1) and ``section_title`` are set for one within a
    section of the document, ``turn`` (number from 1, in text order) for one
    turn of it; ``participant`` (identifier) and ``participant_description``
    are set for the participant role only."""

    label: str
    document: str | None
    role: SpeakerRole
    participant: str | None
    section: int | None = None
    section_title: str | None = None
    participant_description: str | None = None
    turn: int | None = None


@dataclass(frozen=True)
class TurnInfo:
    """A speaker turn of a document: ``number`` from 1 in text order (how
    ``map_turn`` names it), ``start``/``end`` in code points (end exclusive),
    ``participant`` (identifier) None for the interviewer and unmapped labels,
    ``text`` the turn's first 80 characters on one line; ``role`` is whom the
    turn stands for (None: unmapped) by the mapping of ``level``: the turn's
    own, its section's, the document's or the project's mapping of its label."""

    turn_id: int
    number: int
    label: str
    start: int
    end: int
    participant: str | None
    text: str
    role: SpeakerRole | None = None
    level: AttributionLevel | None = None


# ---------------------------------------------------------------- listing


def _people(uow: UnitOfWork) -> dict[int, tuple[str, str]]:
    """``{participant id: (identifier, description)}`` of the project's participants."""
    return {
        p.id: (p.identifier, p.description)
        for p in queries.people.participants(uow.session, uow.project_id)
    }


def speaker_labels(uow: UnitOfWork) -> list[SpeakerLabel]:
    """Every speaker label of the project with its use and its mapping (see
    :class:`SpeakerLabel`), labels mapped but not found in any document too,
    sorted naturally. Reads only."""
    uses = {use.label: use for use in queries.speakers.label_uses(uow.session, uow.project_id)}
    mappings = queries.speakers.project_mappings(uow.session, uow.project_id)
    people = _people(uow)
    decisions = {
        d.label: d.is_speaker for d in queries.speakers.label_decisions(uow.session, uow.project_id)
    }
    project_wide = {m.label: m for m in mappings if m.document_id is None}
    overridden: dict[str, set[int]] = defaultdict(set)
    sections: dict[str, int] = defaultdict(int)
    turns: dict[str, int] = defaultdict(int)
    for mapping in mappings:
        if mapping.turn_id is not None:
            turns[mapping.label] += 1
        elif mapping.section_id is not None:
            sections[mapping.label] += 1
        elif mapping.document_id is not None:
            overridden[mapping.label].add(mapping.document_id)
    unmapped: dict[str, int] = defaultdict(int)
    for labels in unmapped_pairs(uow, mappings).values():
        for label in labels:
            unmapped[label] += 1
    rows = []
    for label in sorted(set(uses) | {m.label for m in mappings}, key=study.natural_key):
        use = uses.get(label)
        wide = project_wide.get(label)
        person = people.get(wide.participant_id or -1) if wide else None
        rows.append(
            SpeakerLabel(
                label=label,
                turns=use.turns if use else 0,
                documents=use.documents if use else 0,
                role=wide.role if wide else None,
                participant=person[0] if person else None,
                document_mappings=len(overridden.get(label, ())),
                unmapped_documents=unmapped.get(label, 0),
                participant_description=person[1] if person else None,
                section_mappings=sections.get(label, 0),
                is_speaker=decisions.get(label),
                turn_mappings=turns.get(label, 0),
            )
        )
    return rows


def unmapped_pairs(uow: UnitOfWork, mappings: Sequence[SpeakerMapping]) -> dict[int, list[str]]:
    """``{document_id: labels}`` of labels occurring in a document with no mapping
    in force there for some of their turns (neither project-wide, nor for that
    document, nor for the section holding the turn, nor for the turn itself)."""
    project_wide = {m.label for m in mappings if m.document_id is None}
    overridden = {
        (m.label, m.document_id) for m in mappings if m.section_id is None and m.turn_id is None
    }
    narrower = {
        (m.label, m.document_id)
        for m in mappings
        if m.section_id is not None or m.turn_id is not None
    }
    speakers: dict[int, DocumentSpeakers] = {}
    found: dict[int, list[str]] = defaultdict(list)
    for label, document_id in queries.speakers.label_documents(uow.session, uow.project_id):
        if label in project_wide or (label, document_id) in overridden:
            continue
        if (label, document_id) in narrower:
            if document_id not in speakers:
                speakers[document_id] = DocumentSpeakers(uow.session, uow.project_id, document_id)
            if _narrower_cover(speakers[document_id], label):
                continue
        found[document_id].append(label)
    return found


def _narrower_cover(speakers: DocumentSpeakers, label: str) -> bool:
    """Whether every turn of ``label`` in the document has a mapping of its own
    or lies in a section mapping the label."""
    return all(
        speakers.in_force(turn) is not None for turn in speakers.turns if turn.label == label
    )


def unmapped_by_document(uow: UnitOfWork) -> dict[int, tuple[str, ...]]:
    """``{document_id: labels}``: the speaker labels of each document that no mapping
    in force there says who they are (sorted naturally; fully mapped documents are
    left out). Their turns and the codings in them are attributed to nobody
    until the label is mapped."""
    mappings = queries.speakers.project_mappings(uow.session, uow.project_id)
    return {
        document_id: tuple(sorted(labels, key=study.natural_key))
        for document_id, labels in unmapped_pairs(uow, mappings).items()
    }


def unmapped_labels(uow: UnitOfWork) -> list[str]:
    """Labels that have no mapping in force in at least one document, sorted naturally."""
    return [label.label for label in speaker_labels(uow) if label.unmapped_documents > 0]


def speaker_mappings(uow: UnitOfWork) -> list[MappingInfo]:
    """Every speaker mapping of the project (see :class:`MappingInfo`): project-wide
    ones first, then document-wide, then section ones, then turn ones (by
    document and turn). Reads only."""
    mappings = queries.speakers.project_mappings(uow.session, uow.project_id)
    people = _people(uow)
    names = queries.documents.document_names_by_id(
        uow.session, {m.document_id for m in mappings if m.document_id is not None}
    )
    sections = queries.speakers.sections_by_id(
        uow.session, [m.section_id for m in mappings if m.section_id is not None]
    )
    numbers = queries.speakers.turn_numbers(
        uow.session, [m.turn_id for m in mappings if m.turn_id is not None]
    )
    wider = [m for m in mappings if m.turn_id is None]
    per_turn = sorted(
        (m for m in mappings if m.turn_id is not None),
        key=lambda m: (names.get(m.document_id or 0, ""), numbers.get(m.turn_id or 0, 0)),
    )
    rows = []
    for m in wider + per_turn:
        person = people.get(m.participant_id) if m.participant_id else None
        section = sections.get(m.section_id) if m.section_id else None
        rows.append(
            MappingInfo(
                label=m.label,
                document=names.get(m.document_id) if m.document_id else None,
                role=m.role,
                participant=person[0] if person else None,
                section=section[0] + 1 if section else None,
                section_title=section[1] if section else None,
                participant_description=person[1] if person else None,
                turn=numbers.get(m.turn_id) if m.turn_id else None,
            )
        )
    return rows


def document_turns(uow: UnitOfWork, document: Ref) -> list[TurnInfo]:
    """The speaker turns of one document (name or id) in text order, numbered
    from 1, with whom each stands for and by which mapping (see
    :class:`TurnInfo`). Raises :class:`NotFoundError` for an unknown document."""
    found = find_document(uow, document)
    speakers = DocumentSpeakers(uow.session, uow.project_id, found.id)
    turns = speakers.turns
    identifiers = queries.people.participant_identifiers_by_id(
        uow.session, {t.participant_id for t in turns if t.participant_id is not None}
    )
    rows = []
    for number, t in enumerate(turns, 1):
        mapping = speakers.in_force(t)
        rows.append(
            TurnInfo(
                turn_id=t.id,
                number=number,
                label=t.label,
                start=t.start,
                end=t.end,
                participant=identifiers.get(t.participant_id) if t.participant_id else None,
                text=" ".join(found.text[t.start : min(t.end, t.start + 80)].split()),
                role=mapping.role if mapping else None,
                level=mapping.level if mapping else None,
            )
        )
    return rows


# ---------------------------------------------------------------- mapping


def parse_role(role: SpeakerRole | str | None, participant: object | None) -> SpeakerRole:
    """The role a mapping gets: a participant's when one is given, else ``role``.

    Raises :class:`ValidationError` for an unknown role, a participant
    together with another role, or the participant role without one.
    """
    if role is None or (isinstance(role, str) and not role.strip()):
        if participant is None:
            raise ValidationError(
                "Say who the speaker is: a participant, the interviewer or other."
            )
        return SpeakerRole.PARTICIPANT
    try:
        parsed = SpeakerRole(str(role).strip().casefold())
    except ValueError:
        choices = ", ".join(r.value for r in SpeakerRole)
        raise ValidationError(f"Unknown speaker role {role!r}; use one of {choices}.") from None
    if participant is not None and parsed is not SpeakerRole.PARTICIPANT:
        raise ValidationError(f"A speaker mapped to a participant cannot also be {parsed.value!r}.")
    if participant is None and parsed is SpeakerRole.PARTICIPANT:
        raise ValidationError("Name the participant the speaker label stands for.")
    return parsed


def find_label(uow: UnitOfWork, label: str, document: Document | None) -> str:
    """The label as stored, for ``label`` given exactly or differing only in case.

    Raises :class:`NotFoundError` (with close labels) when the label occurs
    in no document of the project (in ``document`` when given) and has no
    mapping there either.
    """
    wanted = " ".join(str(label).split())
    pairs = queries.speakers.label_documents(uow.session, uow.project_id)
    known = {lab for lab, doc in pairs if document is None or doc == document.id}
    known |= {
        m.label
        for m in queries.speakers.project_mappings(uow.session, uow.project_id)
        if m.document_id == (document.id if document else None)
    }
    if wanted in known:
        return wanted
    folded = [lab for lab in known if lab.casefold() == wanted.casefold()]
    if len(folded) == 1:
        return folded[0]
    where = f"document {document.name!r}" if document else "this project's documents"
    close = difflib.get_close_matches(wanted, sorted(known), n=3, cutoff=0.6)
    hint = (" Did you mean " + " or ".join(repr(c) for c in close) + "?") if close else ""
    raise NotFoundError(f"No speaker label {wanted!r} in {where}.{hint}")


def set_mapping(
    uow: UnitOfWork,
    label: str,
    role: SpeakerRole,
    participant: Participant | None,
    document: Document | None,
    section_id: int | None = None,
) -> None:
    """Make ``label`` stand for ``role``/``participant`` project-wide (``document``
    None), in ``document``, or in its section ``section_id``, replacing the
    mapping at that level (no audit, no re-attribution: the caller does both)."""
    document_id = document.id if document else None
    mapping = queries.speakers.mapping_of(
        uow.session, uow.project_id, label, document_id, section_id
    )
    if mapping is None:
        mapping = SpeakerMapping(
            project_id=uow.project_id, document_id=document_id, label=label, section_id=section_id
        )
        uow.session.add(mapping)
    mapping.role = role
    mapping.participant_id = participant.id if participant else None


def affected_documents(uow: UnitOfWork, labels: Sequence[tuple[str, int | None]]) -> set[int]:
    """Documents whose attribution a change of these ``(label, document id)``
    mappings touches (document id None: a project-wide mapping)."""
    affected: set[int] = set()
    by_label: dict[str, set[int]] | None = None
    for label, document_id in labels:
        if document_id is not None:
            affected.add(document_id)
            continue
        if by_label is None:
            by_label = defaultdict(set)
            for lab, doc in queries.speakers.label_documents(uow.session, uow.project_id):
                by_label[lab].add(doc)
        affected |= by_label.get(label, set())
    return affected


@dataclass(frozen=True)
class _Target:
    """Where a mapping holds: project-wide, in a document, or in one of its sections."""

    document: Document | None
    section: SectionRow | None

    @property
    def where(self) -> str:
        """ " in 'doc.txt'", " in section 3 ('Ms Smith') of 'doc.txt'" or ""."""
        if self.document is None:
            return ""
        if self.section is None:
            return f" in {self.document.name!r}"
        return (
            f" in section {self.section.position + 1} ({self.section.title!r}) "
            f"of {self.document.name!r}"
        )

    def change(
        self,
        label: str,
        role: SpeakerRole | None,
        participant: str | None,
        affected: int,
        changed: int,
    ) -> MappingChange:
        """The :class:`MappingChange` of a mapping at this target."""
        return MappingChange(
            label,
            self.document.name if self.document else None,
            role,
            participant,
            affected,
            changed,
            self.section.position + 1 if self.section else None,
            self.section.title if self.section else None,
        )


def _target(
    uow: UnitOfWork, label: str, document: Ref | None, section: int | str | None
) -> tuple[str, _Target]:
    """The stored label and where a mapping of it is to hold; raises
    :class:`NotFoundError` for an unknown document, section or label (the label
    must speak in the section) and :class:`ValidationError` for a section
    without its document."""
    if section is not None and document is None:
        raise ValidationError("A section is part of a document: name the document too.")
    found = find_document(uow, document) if document is not None else None
    stored = find_label(uow, label, found)
    if found is None or section is None:
        return stored, _Target(found, None)
    sections = queries.structure.sections_of(uow.session, found.id)
    chosen = speaker_sections.find_section(found, sections, section)
    if not any(
        turn.label == stored and chosen.start <= turn.start < chosen.end
        for turn in queries.speakers.turn_rows(uow.session, found.id)
    ) and not queries.speakers.mapping_of(uow.session, uow.project_id, stored, found.id, chosen.id):
        target = _Target(found, chosen)
        raise NotFoundError(f"The speaker label {stored!r} has no turn{target.where}.")
    return stored, _Target(found, chosen)


def map_speaker(
    uow: UnitOfWork,
    label: str,
    participant: Ref | None = None,
    *,
    role: SpeakerRole | str | None = None,
    document: Ref | None = None,
    section: int | str | None = None,
) -> MappingChange:
    """Map a speaker label to a participant (identifier or id) or to a role
    (``role="interviewer"`` or ``"other"``), project-wide, in ``document``
    (name or id) only, or only in one ``section`` of that document (its
    number from 1, or its heading): there it overrides the document's and the
    project's mapping ("The Witness" of each witness's evidence).

    Replaces any mapping of the label at that level, then re-attributes the
    turns and codings of the affected documents (writes one ``speaker.map``
    audit entry). Raises :class:`NotFoundError` for an unknown label,
    participant, document or section (or a label with no turn in that
    section) and :class:`ValidationError` for a bad role or a section without
    its document.
    """
    parsed_role = parse_role(role, participant)
    person = study.find_participant(uow, participant) if participant is not None else None
    stored, target = _target(uow, label, document, section)
    section_id = target.section.id if target.section else None
    set_mapping(uow, stored, parsed_role, person, target.document, section_id)
    document_id = target.document.id if target.document else None
    affected = affected_documents(uow, [(stored, document_id)])
    changed = speaker_sections.reattribute_documents(uow, affected)
    who = person.identifier if person else parsed_role.value
    audit.record(
        uow,
        "speaker.map",
        "speaker_mapping",
        None,
        f"Mapped speaker {stored!r}{target.where} to {who}",
        {
            "label": stored,
            "document": target.document.name if target.document else None,
            "section": target.section.title if target.section else None,
            "role": parsed_role.value,
            "participant": person.identifier if person else None,
            "codings_reattributed": changed,
        },
    )
    return target.change(
        stored, parsed_role, person.identifier if person else None, len(affected), changed
    )


def unmap_speaker(
    uow: UnitOfWork,
    label: str,
    *,
    document: Ref | None = None,
    section: int | str | None = None,
) -> MappingChange:
    """Remove the mapping of a label (project-wide, in ``document`` only, or in one
    ``section`` of it: number from 1 or heading) and re-attribute. Raises
    :class:`NotFoundError` when there is no such mapping."""
    stored, target = _target(uow, label, document, section)
    document_id = target.document.id if target.document else None
    section_id = target.section.id if target.section else None
    mapping = queries.speakers.mapping_of(
        uow.session, uow.project_id, stored, document_id, section_id
    )
    where = target.where or " project-wide"
    if mapping is None:
        raise NotFoundError(f"The speaker label {stored!r} is not mapped{where}.")
    uow.session.delete(mapping)
    affected = affected_documents(uow, [(stored, document_id)])
    changed = speaker_sections.reattribute_documents(uow, affected)
    audit.record(
        uow,
        "speaker.unmap",
        "speaker_mapping",
        None,
        f"Removed the mapping of speaker {stored!r}{where}",
        {
            "label": stored,
            "document": target.document.name if target.document else None,
            "section": target.section.title if target.section else None,
        },
    )
    return target.change(stored, None, None, len(affected), changed)
