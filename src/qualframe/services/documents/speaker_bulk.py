"""Mapping many speaker labels in one action.

After importing a corpus of hearings, dozens of labels are counsel, chairs
and the witnesses themselves. Two actions clear them in one go: mapping
every label still unmapped to the interviewer or to "other"
(:func:`map_unmapped_labels`), and making a participant of each chosen
label, mapped to it project-wide (:func:`create_participants_from_labels`).
Accepting every suggested section mapping of a document is one action too
(:func:`accept_section_suggestions`).
Each is one unit of work (all or nothing), writes its audit entries and
re-attributes the documents concerned, and says what it did.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from qualframe.errors import ConflictError, ValidationError
from qualframe.services.core import audit
from qualframe.services.core.lookup import find_document
from qualframe.services.core.refs import Ref, Refs, ref_list
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.documents import speaker_sections
from qualframe.services.documents.speakers import (
    MappingChange,
    affected_documents,
    find_label,
    map_speaker,
    parse_role,
    set_mapping,
    unmapped_pairs,
)
from qualframe.services.study import attributes as study, cases
from qualframe.storage import queries
from qualframe.storage.models import Document
from qualframe.vocabulary import SpeakerRole


@dataclass(frozen=True)
class BulkMapping:
    """What mapping the unmapped labels did: ``labels`` mapped to ``role``,
    project-wide (``documents`` empty) or in each of ``documents``;
    ``mappings`` counts the mappings written."""

    role: SpeakerRole
    labels: tuple[str, ...]
    documents: tuple[str, ...]
    mappings: int
    documents_reattributed: int
    codings_changed: int


@dataclass(frozen=True)
class LabelParticipants:
    """What making participants of labels did: the ``participants`` created (each
    identified by its label and mapped to it project-wide), the ``cases``
    created for them, and the re-attribution."""

    participants: tuple[str, ...]
    cases: tuple[str, ...]
    documents_reattributed: int
    codings_changed: int


def map_unmapped_labels(
    uow: UnitOfWork, role: SpeakerRole | str, *, documents: Refs = None
) -> BulkMapping:
    """Map every speaker label that is unmapped somewhere to ``role``
    (``"interviewer"`` or ``"other"``): project-wide, or, given ``documents``
    (names or ids), in each of those documents where it is unmapped.

    Mappings already made are kept (a project-wide mapping does not replace
    a document's or a section's). Re-attributes the documents concerned and
    writes one ``speaker.map_unmapped`` audit entry (none when nothing was
    unmapped). Raises :class:`ValidationError` for the participant role or an
    unknown role and :class:`NotFoundError` for an unknown document.
    """
    parsed = _bulk_role(role)
    chosen = [find_document(uow, ref) for ref in ref_list(documents) or []]
    pairs = unmapped_pairs(uow, queries.speakers.project_mappings(uow.session, uow.project_id))
    targets: list[tuple[str, Document | None]] = []
    if documents is None:
        labels = sorted(
            {label for found in pairs.values() for label in found}, key=study.natural_key
        )
        targets = [(label, None) for label in labels]
    else:
        for document in {d.id: d for d in chosen}.values():
            targets += [(label, document) for label in pairs.get(document.id, [])]
    for label, target in targets:
        set_mapping(uow, label, parsed, None, target)
    affected = affected_documents(uow, [(label, d.id if d else None) for label, d in targets])
    changed = speaker_sections.reattribute_documents(uow, affected) if targets else 0
    labels_mapped = tuple(sorted({label for label, _ in targets}, key=study.natural_key))
    names = tuple(dict.fromkeys(d.name for d in chosen))
    if targets:
        where = f" in {', '.join(repr(n) for n in names)}" if names else ""
        audit.record(
            uow,
            "speaker.map_unmapped",
            "speaker_mapping",
            None,
            f"Mapped {len(labels_mapped)} unmapped speaker label(s){where} to {parsed.value}",
            {
                "role": parsed.value,
                "labels": list(labels_mapped),
                "documents": list(names),
                "codings_reattributed": changed,
            },
        )
    return BulkMapping(parsed, labels_mapped, names, len(targets), len(affected), changed)


def _bulk_role(role: SpeakerRole | str) -> SpeakerRole:
    """``role`` parsed: the interviewer or other only."""
    if str(getattr(role, "value", role)).strip().casefold() == SpeakerRole.PARTICIPANT.value:
        raise ValidationError(
            "Unmapped labels can be mapped to the interviewer or to other in one go; "
            "make participants of them instead, or map them one by one."
        )
    return parse_role(role, None)


def create_participants_from_labels(
    uow: UnitOfWork, labels: str | Sequence[str], *, case: Ref | None = None
) -> LabelParticipants:
    """Make a participant of each speaker label (its identifier is the label) and
    map the label to it project-wide (replacing a project-wide mapping).

    The participants join ``case`` (an existing case, by name or id); without
    it each joins a case of its own named after it (made when missing).
    Every label is checked before anything is written; re-attributes the
    documents concerned and writes the participants' and cases' audit entries
    and one ``speaker.create_participants`` entry. Raises
    :class:`NotFoundError` for an unknown label or case, :class:`ConflictError`
    when a participant already has a label's identifier and
    :class:`ValidationError` for no labels or a label given twice.
    """
    wanted = [labels] if isinstance(labels, str) else list(labels)
    if not wanted:
        raise ValidationError("Choose the speaker labels to make participants of.")
    stored = [find_label(uow, label, None) for label in wanted]
    twice = sorted({label for label in stored if stored.count(label) > 1})
    if twice:
        raise ValidationError(f"The label {twice[0]!r} is given twice.")
    found_case = study.find_case(uow, case) if case is not None else None
    for label in stored:
        _check_new_participant(uow, label)
        cases.check_new_identifier(uow, label)
    existing = {
        c.name.casefold(): c.name for c in queries.people.cases(uow.session, uow.project_id)
    }
    made_cases: list[str] = []
    for label in stored:
        home = found_case.name if found_case else existing.get(label.casefold())
        if home is None:
            home = cases.add_case(uow, label).name
            existing[home.casefold()] = home
            made_cases.append(home)
        cases.add_participant(uow, label, home)
        set_mapping(uow, label, SpeakerRole.PARTICIPANT, study.find_participant(uow, label), None)
    affected = affected_documents(uow, [(label, None) for label in stored])
    changed = speaker_sections.reattribute_documents(uow, affected)
    audit.record(
        uow,
        "speaker.create_participants",
        "speaker_mapping",
        None,
        f"Made {len(stored)} participant(s) of speaker labels and mapped the labels to them",
        {"labels": stored, "cases": made_cases, "codings_reattributed": changed},
    )
    return LabelParticipants(tuple(stored), tuple(made_cases), len(affected), changed)


def _check_new_participant(uow: UnitOfWork, identifier: str) -> None:
    """Refuse a label that names an existing participant, saying how to map it."""
    for person in queries.people.participants(uow.session, uow.project_id):
        if person.identifier.casefold() == identifier.casefold():
            raise ConflictError(
                f"The project has a participant {person.identifier!r} already: "
                f"map the label to it instead."
            )


def accept_section_suggestions(uow: UnitOfWork, document: Ref) -> list[MappingChange]:
    """Map every suggested section mapping of a document (name or id; see
    :func:`~qualframe.services.documents.speaker_sections.suggest_section_mappings`)
    and return the changes in section order (none when nothing is suggested).
    Each writes its ``speaker.map`` audit entry. Raises :class:`NotFoundError`
    for an unknown document."""
    return [
        map_speaker(uow, s.label, s.participant, document=s.document, section=s.section)
        for s in speaker_sections.suggest_section_mappings(uow, document)
    ]
