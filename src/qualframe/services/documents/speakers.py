"""Speaker labels: who the labels of transcripts stand for.

A document's speaker turns carry labels as written ("Interviewer",
"P03", "**Lady Hallett**"). A label is *mapped* to a participant, to the
interviewer or to "other" (a note-taker, a chair): project-wide, or for
one document, which overrides the project-wide mapping there (the same
"Speaker 1" is a different person in each focus group). After every
change the affected documents are re-attributed, so each speaker turn and
each coding names the participant speaking (see
:mod:`qualframe.services.documents.attribution`). Labels must occur in the
project's documents (in the document, for a document mapping): a typo is
an error, with suggestions, not a silent mapping.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from qualframe.errors import InputFileError, NotFoundError, ValidationError
from qualframe.formats.tables import Table
from qualframe.services.core import audit
from qualframe.services.core.lookup import find_document
from qualframe.services.core.refs import Ref
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.documents.attribution import reattribute_document
from qualframe.services.study import attributes as study
from qualframe.services.study.tables import TableSource, read_source, source_name
from qualframe.storage import queries
from qualframe.storage.models import Document, Participant, SpeakerMapping
from qualframe.vocabulary import SpeakerRole

#: Column names accepted in a speaker-map file (letter case ignored).
LABEL_COLUMNS = ("label", "speaker", "speaker label")
PARTICIPANT_COLUMNS = ("participant", "participant id", "identifier")
ROLE_COLUMNS = ("role",)
DOCUMENT_COLUMNS = ("document", "document name")


@dataclass(frozen=True)
class MappingChange:
    """A speaker mapping as it now stands, and what re-attribution changed.

    ``document`` is None for a project-wide mapping; ``role`` None means the
    mapping was removed; ``codings_changed`` counts codings whose speaker
    or participant changed.
    """

    label: str
    document: str | None
    role: SpeakerRole | None
    participant: str | None
    documents_reattributed: int
    codings_changed: int


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
    mapping (None when there is none); ``document_mappings`` counts its
    document-specific mappings; ``unmapped_documents`` counts documents where
    no mapping is in force for it (0 for a fully mapped label).
    """

    label: str
    turns: int
    documents: int
    role: SpeakerRole | None
    participant: str | None
    document_mappings: int
    unmapped_documents: int


@dataclass(frozen=True)
class MappingInfo:
    """One speaker mapping: ``document`` is None for a project-wide one;
    ``participant`` (identifier) is set for the participant role only."""

    label: str
    document: str | None
    role: SpeakerRole
    participant: str | None


@dataclass(frozen=True)
class TurnInfo:
    """A speaker turn of a document: ``start``/``end`` in code points (end
    exclusive), ``participant`` (identifier) None for the interviewer and
    unmapped labels, ``text`` the turn's first 80 characters on one line."""

    turn_id: int
    label: str
    start: int
    end: int
    participant: str | None
    text: str


# ---------------------------------------------------------------- listing


def speaker_labels(uow: UnitOfWork) -> list[SpeakerLabel]:
    """Every speaker label of the project with its use and its mapping (see
    :class:`SpeakerLabel`), labels mapped but not found in any document too,
    sorted naturally. Reads only."""
    uses = {use.label: use for use in queries.speakers.label_uses(uow.session, uow.project_id)}
    mappings = queries.speakers.project_mappings(uow.session, uow.project_id)
    identifiers = queries.people.participant_identifiers_by_id(
        uow.session, {m.participant_id for m in mappings if m.participant_id is not None}
    )
    project_wide = {m.label: m for m in mappings if m.document_id is None}
    overridden: dict[str, set[int]] = defaultdict(set)
    for mapping in mappings:
        if mapping.document_id is not None:
            overridden[mapping.label].add(mapping.document_id)
    unmapped: dict[str, int] = defaultdict(int)
    for labels in _unmapped_pairs(uow, mappings).values():
        for label in labels:
            unmapped[label] += 1
    rows = []
    for label in sorted(set(uses) | {m.label for m in mappings}, key=study.natural_key):
        use = uses.get(label)
        wide = project_wide.get(label)
        rows.append(
            SpeakerLabel(
                label=label,
                turns=use.turns if use else 0,
                documents=use.documents if use else 0,
                role=wide.role if wide else None,
                participant=identifiers.get(wide.participant_id or -1) if wide else None,
                document_mappings=len(overridden.get(label, ())),
                unmapped_documents=unmapped.get(label, 0),
            )
        )
    return rows


def _unmapped_pairs(uow: UnitOfWork, mappings: Sequence[SpeakerMapping]) -> dict[int, list[str]]:
    """``{document_id: labels}`` of labels occurring in a document with no mapping
    in force there (neither project-wide nor for that document)."""
    project_wide = {m.label for m in mappings if m.document_id is None}
    overridden = {(m.label, m.document_id) for m in mappings if m.document_id is not None}
    found: dict[int, list[str]] = defaultdict(list)
    for label, document_id in queries.speakers.label_documents(uow.session, uow.project_id):
        if label not in project_wide and (label, document_id) not in overridden:
            found[document_id].append(label)
    return found


def unmapped_by_document(uow: UnitOfWork) -> dict[int, tuple[str, ...]]:
    """``{document_id: labels}``: the speaker labels of each document that no mapping
    in force there says who they are (sorted naturally; fully mapped documents are
    left out). Their turns and the codings in them are attributed to nobody
    until the label is mapped."""
    mappings = queries.speakers.project_mappings(uow.session, uow.project_id)
    return {
        document_id: tuple(sorted(labels, key=study.natural_key))
        for document_id, labels in _unmapped_pairs(uow, mappings).items()
    }


def unmapped_labels(uow: UnitOfWork) -> list[str]:
    """Labels that have no mapping in force in at least one document, sorted naturally."""
    return [label.label for label in speaker_labels(uow) if label.unmapped_documents > 0]


def speaker_mappings(uow: UnitOfWork) -> list[MappingInfo]:
    """Every speaker mapping of the project (see :class:`MappingInfo`). Reads only."""
    mappings = queries.speakers.project_mappings(uow.session, uow.project_id)
    identifiers = queries.people.participant_identifiers_by_id(
        uow.session, {m.participant_id for m in mappings if m.participant_id is not None}
    )
    names = queries.documents.document_names_by_id(
        uow.session, {m.document_id for m in mappings if m.document_id is not None}
    )
    return [
        MappingInfo(
            label=m.label,
            document=names.get(m.document_id) if m.document_id else None,
            role=m.role,
            participant=identifiers.get(m.participant_id) if m.participant_id else None,
        )
        for m in mappings
    ]


def document_turns(uow: UnitOfWork, document: Ref) -> list[TurnInfo]:
    """The speaker turns of one document (name or id) in text order (see
    :class:`TurnInfo`). Raises :class:`NotFoundError` for an unknown document."""
    found = find_document(uow, document)
    turns = queries.speakers.turns_of(uow.session, found.id)
    identifiers = queries.people.participant_identifiers_by_id(
        uow.session, {t.participant_id for t in turns if t.participant_id is not None}
    )
    return [
        TurnInfo(
            turn_id=t.id,
            label=t.label,
            start=t.start,
            end=t.end,
            participant=identifiers.get(t.participant_id) if t.participant_id else None,
            text=" ".join(found.text[t.start : min(t.end, t.start + 80)].split()),
        )
        for t in turns
    ]


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


def _set_mapping(
    uow: UnitOfWork,
    label: str,
    role: SpeakerRole,
    participant: Participant | None,
    document: Document | None,
) -> None:
    document_id = document.id if document else None
    mapping = queries.speakers.mapping_of(uow.session, uow.project_id, label, document_id)
    if mapping is None:
        mapping = SpeakerMapping(project_id=uow.project_id, document_id=document_id, label=label)
        uow.session.add(mapping)
    mapping.role = role
    mapping.participant_id = participant.id if participant else None


def _affected_documents(uow: UnitOfWork, labels: Sequence[tuple[str, int | None]]) -> set[int]:
    """Documents whose attribution a change of these ``(label, document id)`` mappings touches."""
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


def _reattribute(uow: UnitOfWork, document_ids: set[int]) -> int:
    uow.session.flush()
    return sum(reattribute_document(uow.session, uow.project_id, d) for d in sorted(document_ids))


def map_speaker(
    uow: UnitOfWork,
    label: str,
    participant: Ref | None = None,
    *,
    role: SpeakerRole | str | None = None,
    document: Ref | None = None,
) -> MappingChange:
    """Map a speaker label to a participant (identifier or id) or to a role
    (``role="interviewer"`` or ``"other"``), project-wide or in ``document``
    (name or id) only.

    Replaces any mapping of the label at that level, then re-attributes the
    codings of the affected documents (writes one ``speaker.map`` audit
    entry). Raises :class:`NotFoundError` for an unknown label,
    participant or document and :class:`ValidationError` for a bad role.
    """
    parsed_role = parse_role(role, participant)
    found_document = find_document(uow, document) if document is not None else None
    person = study.find_participant(uow, participant) if participant is not None else None
    stored = find_label(uow, label, found_document)
    _set_mapping(uow, stored, parsed_role, person, found_document)
    document_id = found_document.id if found_document else None
    affected = _affected_documents(uow, [(stored, document_id)])
    changed = _reattribute(uow, affected)
    target = person.identifier if person else parsed_role.value
    where = f" in {found_document.name!r}" if found_document else ""
    audit.record(
        uow,
        "speaker.map",
        "speaker_mapping",
        None,
        f"Mapped speaker {stored!r}{where} to {target}",
        {
            "label": stored,
            "document": found_document.name if found_document else None,
            "role": parsed_role.value,
            "participant": person.identifier if person else None,
            "codings_reattributed": changed,
        },
    )
    return MappingChange(
        stored,
        found_document.name if found_document else None,
        parsed_role,
        person.identifier if person else None,
        len(affected),
        changed,
    )


def unmap_speaker(uow: UnitOfWork, label: str, *, document: Ref | None = None) -> MappingChange:
    """Remove the mapping of a label (project-wide, or in ``document`` only) and
    re-attribute. Raises :class:`NotFoundError` when there is no such mapping."""
    found_document = find_document(uow, document) if document is not None else None
    document_id = found_document.id if found_document else None
    stored = find_label(uow, label, found_document)
    mapping = queries.speakers.mapping_of(uow.session, uow.project_id, stored, document_id)
    where = f" in {found_document.name!r}" if found_document else " project-wide"
    if mapping is None:
        raise NotFoundError(f"The speaker label {stored!r} is not mapped{where}.")
    uow.session.delete(mapping)
    affected = _affected_documents(uow, [(stored, document_id)])
    changed = _reattribute(uow, affected)
    audit.record(
        uow,
        "speaker.unmap",
        "speaker_mapping",
        None,
        f"Removed the mapping of speaker {stored!r}{where}",
        {"label": stored, "document": found_document.name if found_document else None},
    )
    return MappingChange(
        stored, found_document.name if found_document else None, None, None, len(affected), changed
    )


# ---------------------------------------------------------------- mapping files


def _column(table: Table, names: Sequence[str], required: bool) -> str | None:
    for column in table.columns:
        if column.strip().casefold() in names:
            return column
    if required:
        raise InputFileError(
            table.source,
            f"the file needs a column {names[0]!r} (columns found: {', '.join(table.columns)})",
        )
    return None


def _cell(values: dict[str, Any], column: str | None) -> str | None:
    if column is None or values.get(column) is None:
        return None
    text = " ".join(str(values[column]).split())
    return text or None


def _mapping_rows(
    uow: UnitOfWork, table: Table
) -> list[tuple[str, SpeakerRole, Participant | None, Document | None]]:
    """Every row of a speaker-map table, checked; the first bad row raises
    :class:`InputFileError` naming the file and its line."""
    label_column = _column(table, LABEL_COLUMNS, True)
    participant_column = _column(table, PARTICIPANT_COLUMNS, False)
    role_column = _column(table, ROLE_COLUMNS, False)
    document_column = _column(table, DOCUMENT_COLUMNS, False)
    if participant_column is None and role_column is None:
        raise InputFileError(table.source, "the file needs a 'participant' or a 'role' column")
    rows = []
    seen: dict[tuple[str, int | None], int] = {}
    for row in table.rows:
        try:
            label = _cell(row.values, label_column)
            if label is None:
                raise ValidationError("the label is empty")
            identifier = _cell(row.values, participant_column)
            role = parse_role(_cell(row.values, role_column), identifier)
            person = study.find_participant(uow, identifier) if identifier else None
            name = _cell(row.values, document_column)
            document = find_document(uow, name) if name else None
            stored = find_label(uow, label, document)
        except (ValidationError, NotFoundError) as error:
            raise InputFileError(table.source, _sentence(str(error)), line=row.line) from None
        key = (stored.casefold(), document.id if document else None)
        if key in seen:
            raise InputFileError(
                table.source,
                f"the label {stored!r} is mapped twice (also on line {seen[key]})",
                line=row.line,
            )
        seen[key] = row.line
        rows.append((stored, role, person, document))
    return rows


def _sentence(message: str) -> str:
    """A service message as the tail of "file, line N: ..." (lower-case start, no full stop)."""
    message = message.rstrip(".")
    return message[:1].lower() + message[1:] if message[:2] != message[:2].upper() else message


def import_speaker_map(uow: UnitOfWork, path: TableSource) -> SpeakerMapImport:
    """Map speaker labels from a CSV or XLSX file and re-attribute the documents.

    Columns (letter case ignored): ``label``; ``participant`` (identifier)
    or ``role`` (participant, interviewer, other); optionally ``document``
    (a name: the mapping holds in that document only). Every row is
    checked before anything is written: an unknown label, participant,
    document or role raises :class:`InputFileError` naming the file and line.
    """
    table = read_source(path)
    rows = _mapping_rows(uow, table)
    if not rows:
        raise InputFileError(table.source, "the file has no mapping rows")
    for label, role, person, document in rows:
        _set_mapping(uow, label, role, person, document)
    affected = _affected_documents(
        uow, [(label, doc.id if doc else None) for label, _, _, doc in rows]
    )
    changed = _reattribute(uow, affected)
    audit.record(
        uow,
        "speaker.import_map",
        "speaker_mapping",
        None,
        f"Mapped {len(rows)} speaker label(s) from {source_name(path)}",
        {
            "file": source_name(path),
            "mappings": [
                {
                    "label": label,
                    "role": role.value,
                    "participant": person.identifier if person else None,
                    "document": doc.name if doc else None,
                }
                for label, role, person, doc in rows
            ],
            "codings_reattributed": changed,
        },
    )
    return SpeakerMapImport(len(rows), len(affected), changed)
