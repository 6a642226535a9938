"""Speaker labels within the sections of a document: "The Witness" of each witness.

Hearing transcripts name the person giving evidence by a role label ("The
Witness") and say who it is in the heading of the section ("Ms Jane Smith
(affirmed)", "Evidence of Professor X"). A mapping can therefore hold in one
section of a document (a :class:`~qualframe.storage.models.SpeakerMapping`
with a ``section_id``): inside that section's span it overrides the
document's and the project's mapping of the label. Where sections nest, the
innermost mapped section holds.

This module finds sections (by number or heading), applies section mappings
when documents are re-attributed, lists who speaks in each section, and
suggests the participant a section's heading names. Offsets are code points
into the stored text, end exclusive; section numbers count from 1 in text
order.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from qualframe.errors import NotFoundError, ValidationError
from qualframe.services.core.lookup import find_document
from qualframe.services.core.refs import Ref
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.documents.attribution import (
    DocumentSpeakers,
    reattribute_document,
)
from qualframe.storage import queries
from qualframe.storage.models import Document
from qualframe.storage.queries.structure import SectionRow
from qualframe.vocabulary import SpeakerRole

#: Where the mapping in force for a label comes from.
MappingLevel = Literal["section", "document", "project"]


@dataclass(frozen=True)
class SectionSpeaker:
    """A label speaking in a section: its ``turns`` there, and whom it stands for
    there (``role``/``participant`` None: unmapped) by the mapping of ``level``."""

    label: str
    turns: int
    role: SpeakerRole | None
    participant: str | None
    participant_description: str | None
    level: MappingLevel | None


@dataclass(frozen=True)
class SectionSpeakers:
    """A section of a document: ``number`` (from 1), heading, ``level`` (1 highest),
    span (code points, end exclusive) and the labels whose turns start in it and
    in none of its subsections."""

    number: int
    title: str
    level: int
    start: int
    end: int
    speakers: tuple[SectionSpeaker, ...]


@dataclass(frozen=True)
class SectionSuggestion:
    """A suggested section mapping: ``label`` in section ``section`` (number from 1)
    of ``document`` stands for ``participant``, whose identifier or description
    matches the heading. Accept it with ``map_speaker(label, participant,
    document=document, section=section)``."""

    document: str
    label: str
    section: int
    section_title: str
    participant: str
    participant_description: str
    turns: int


# ---------------------------------------------------------------- attribution


def reattribute_documents(uow: UnitOfWork, document_ids: set[int]) -> int:
    """Re-attribute the given documents (pending changes written first); returns
    how many codings changed attribution."""
    uow.session.flush()
    return sum(reattribute_document(uow.session, uow.project_id, d) for d in sorted(document_ids))


# ---------------------------------------------------------------- finding sections


def find_section(document: Document, sections: Sequence[SectionRow], ref: int | str) -> SectionRow:
    """The section of ``document`` that ``ref`` names: a number (1 for the first
    section), or a heading (exactly, else ignoring letter case; a text of digits
    that is no heading is read as a number).

    Raises :class:`NotFoundError` for no such section (with close headings) and
    :class:`ValidationError` when several sections have that heading.
    """
    if not sections:
        raise NotFoundError(f"Document {document.name!r} has no sections (no headings).")
    number = ref if isinstance(ref, int) and not isinstance(ref, bool) else None
    if number is None:
        wanted = " ".join(str(ref).split())
        found = [s for s in sections if s.title == wanted]
        found = found or [s for s in sections if s.title.casefold() == wanted.casefold()]
        if len(found) > 1:
            numbers = ", ".join(str(s.position + 1) for s in found)
            raise ValidationError(
                f"{len(found)} sections of {document.name!r} have the heading {wanted!r} "
                f"(numbers {numbers}): give the section's number."
            )
        if found:
            return found[0]
        if not wanted.isdecimal():
            titles = [s.title for s in sections]
            close = difflib.get_close_matches(wanted, titles, n=3, cutoff=0.6)
            hint = (" Did you mean " + " or ".join(repr(c) for c in close) + "?") if close else ""
            raise NotFoundError(f"No section {wanted!r} in document {document.name!r}.{hint}")
        number = int(wanted)
    if not 1 <= number <= len(sections):
        raise NotFoundError(
            f"Document {document.name!r} has sections 1 to {len(sections)}; "
            f"there is no section {number}."
        )
    return sections[number - 1]


def innermost_sections(sections: Sequence[SectionRow], position: int) -> list[SectionRow]:
    """The sections holding ``position``, innermost first."""
    holding = [s for s in sections if s.start <= position < s.end]
    return sorted(holding, key=lambda s: (-s.level, -s.start))


# ---------------------------------------------------------------- who speaks where


def _people(uow: UnitOfWork) -> dict[int, tuple[str, str]]:
    """``{participant id: (identifier, description)}`` of the project."""
    return {
        p.id: (p.identifier, p.description)
        for p in queries.people.participants(uow.session, uow.project_id)
    }


def section_speakers(uow: UnitOfWork, document: Ref) -> list[SectionSpeakers]:
    """The sections of a document (name or id) in order, each with the labels
    whose turns start in it (and in none of its subsections) and whom each
    stands for there (see :class:`SectionSpeakers`). Reads only; raises
    :class:`NotFoundError` for an unknown document."""
    found = find_document(uow, document)
    sections = queries.structure.sections_of(uow.session, found.id)
    turns = queries.speakers.turn_rows(uow.session, found.id)
    counts: dict[int, Counter[str]] = defaultdict(Counter)
    for turn in turns:
        holding = innermost_sections(sections, turn.start)
        if holding:
            counts[holding[0].id][turn.label] += 1
    speakers = DocumentSpeakers(uow.session, uow.project_id, found.id, turns=[])
    people = _people(uow)
    result = []
    for section in sections:
        rows = []
        for label, count in sorted(counts[section.id].items()):
            role, person, level = _in_force(speakers, label, section)
            identifier, description = people.get(person, (None, None)) if person else (None, None)
            rows.append(SectionSpeaker(label, count, role, identifier, description, level))
        result.append(
            SectionSpeakers(
                section.position + 1,
                section.title,
                section.level,
                section.start,
                section.end,
                tuple(rows),
            )
        )
    return result


def _in_force(
    speakers: DocumentSpeakers, label: str, section: SectionRow
) -> tuple[SpeakerRole | None, int | None, MappingLevel | None]:
    """Role, participant id and level of the mapping of ``label`` in force in ``section``."""
    mapping = speakers.section_mapping(label, section.start)
    if mapping is not None:
        return mapping.role, mapping.participant_id, "section"
    wide = speakers.mappings.get(label)
    if wide is None:
        return None, None, None
    level: MappingLevel = "project" if wide.document_id is None else "document"
    return wide.role, wide.participant_id, level


# ---------------------------------------------------------------- suggestions

#: Words of a heading that name no one: titles, honours and the words around a
#: witness's name ("Evidence of", "(affirmed)" is dropped with its brackets).
_HEADING_WORDS = frozenset(
    str.split(
        """ms mr mrs miss mx dr doctor prof professor sir dame lord lady baroness baron
    rt right hon honourable the of and evidence statement statements submission
    submissions by on behalf for from to in witness witnesses kc qc mp msp ms mla
    cbe obe mbe dbe kbe cb frs frcp further recalled continued questioned examined
    examination cross re"""
    )
)
#: Words of a label that name a role, not a person ("The Witness", "A").
_ROLE_WORDS = frozenset(("interviewee", "respondent", "deponent", "a"))
_PARENTHESES = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_WORD = re.compile(r"[^\W_]+(?:['\u2019-][^\W_]+)*")


def name_words(text: str) -> frozenset[str]:
    """The words of ``text`` that can name a person: letter case folded,
    bracketed remarks, titles and filler words left out."""
    plain = _PARENTHESES.sub(" ", text).replace("\u2019", "'").casefold()
    return frozenset(word for word in _WORD.findall(plain) if word not in _HEADING_WORDS)


def heading_match(heading: frozenset[str], identifier: str, description: str) -> int:
    """How well a participant matches a heading's name words (0: not at all).

    A participant matches when every name word of the heading is in its
    identifier or description ("Professor Whitty" and "Chris Whitty, Chief
    Medical Officer"), or every name word of its identifier is in the
    heading ("Smith" and "Ms Jane Smith"); the score is the words shared.
    """
    if not heading:
        return 0
    own = name_words(identifier)
    words = own | name_words(description)
    if heading <= words or (own and own <= heading):
        return len(heading & words)
    return 0


def is_role_label(label: str) -> bool:
    """Whether a speaker label names a role rather than a person ("The Witness",
    "Witness", "A"): none of its words can name someone."""
    return name_words(label) <= _ROLE_WORDS


def _suggestible(label: str, match: tuple[int, str, str]) -> bool:
    """Whether to suggest ``match`` (participant id, identifier, description) for
    ``label``: a role label stands for whoever the heading names; a label naming
    a person only for that person ("Ms O'Neill" under "Ms Michelle O'Neill")."""
    if is_role_label(label):
        return True
    return heading_match(name_words(label), match[1], match[2]) > 0


def _best_participant(
    title: str, people: dict[int, tuple[str, str]]
) -> tuple[int, str, str] | None:
    """The one participant matching a heading best (None: none, or a tie)."""
    heading = name_words(title)
    scored = [
        (heading_match(heading, identifier, description), person, identifier, description)
        for person, (identifier, description) in people.items()
    ]
    scored = sorted((s for s in scored if s[0] > 0), reverse=True)
    if not scored or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        return None
    _, person, identifier, description = scored[0]
    return person, identifier, description


def suggest_section_mappings(uow: UnitOfWork, document: Ref) -> list[SectionSuggestion]:
    """Suggested section mappings of a document (name or id): for each label with
    no project-wide or document mapping, in each section where it speaks and
    is not mapped yet, the participant whose identifier or description
    matches the section's heading (the innermost matching section of each
    turn counts; a heading matching two participants equally suggests
    neither). Only role labels ("The Witness": no word of it names anyone)
    and labels naming that participant themselves are suggested, so counsel
    and the chair, speaking under every heading, are not. Reads only; raises
    :class:`NotFoundError` for an unknown document."""
    found = find_document(uow, document)
    sections = queries.structure.sections_of(uow.session, found.id)
    if not sections:
        return []
    speakers = DocumentSpeakers(uow.session, uow.project_id, found.id)
    people = _people(uow)
    best: dict[int, tuple[int, str, str] | None] = {}
    counts: Counter[tuple[str, int]] = Counter()
    for turn in speakers.turns:
        if turn.id in speakers.turn_mappings or turn.label in speakers.mappings:
            continue
        if speakers.section_mapping(turn.label, turn.start):
            continue
        for section in innermost_sections(sections, turn.start):
            if section.id not in best:
                best[section.id] = _best_participant(section.title, people)
            match = best[section.id]
            if match is not None:
                if _suggestible(turn.label, match):
                    counts[(turn.label, section.id)] += 1
                break
    by_id = {section.id: section for section in sections}
    suggestions = []
    for (label, section_id), turns in counts.items():
        section = by_id[section_id]
        match = best[section_id]
        assert match is not None  # counted only when a participant matched
        _, identifier, description = match
        suggestions.append(
            SectionSuggestion(
                found.name,
                label,
                section.position + 1,
                section.title,
                identifier,
                description,
                turns,
            )
        )
    return sorted(suggestions, key=lambda s: (s.section, s.label))
