"""Cases and participants: add, rename, move, delete, list, and as tables.

A participant belongs to exactly one case and inherits its case's
attributes in every listing and table. Every use case takes the
:class:`~qualframe.services.core.unit_of_work.UnitOfWork` first, runs in
its transaction, records each change in the audit log and raises a
:class:`~qualframe.errors.UserError` (nothing written) for bad input.
Cases and participants are accepted by name/identifier (letter case
ignored when unambiguous) or by id.

Cases and participants carry a ``version``: every write on one takes
``if_version``, the version the caller read (a different stored version
raises :class:`~qualframe.errors.StaleVersionError` and nothing is saved),
and counts one change (its version goes up by one), whether it changed the
record's fields, its attribute values or both.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from qualframe.errors import ConflictError
from qualframe.formats.tables import CellValue
from qualframe.services.core import audit, references
from qualframe.services.core.field_limits import check_field
from qualframe.services.core.refs import Ref, Where
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.core.versions import check_version
from qualframe.services.study.attribute_values import AttributeColumn
from qualframe.services.study.attributes import (
    changed_description,
    clean_name,
    counted,
    delete_recorded,
    find_case,
    find_participant,
    natural_key,
    unused_name,
)
from qualframe.services.study.owner_values import (
    Owner,
    count_change,
    owner_column,
    set_owner_values,
)
from qualframe.storage import queries
from qualframe.storage.models import Case, Participant
from qualframe.vocabulary import AttributeLevel


@dataclass(frozen=True)
class CaseRecord:
    """A case with its participants' identifiers and its attribute values (canonical
    text). ``guid`` is its identity across exports; ``version`` counts its changes
    (send it as ``if_version`` with the next edit)."""

    id: int
    guid: str
    version: int
    name: str
    description: str
    participants: tuple[str, ...]
    attributes: dict[str, str]


@dataclass(frozen=True)
class ParticipantRecord:
    """A participant with its case and its attributes, own and inherited from the case.
    ``guid`` is its identity across exports; ``version`` counts its changes (send it
    as ``if_version`` with the next edit; a change to its case does not count)."""

    id: int
    guid: str
    version: int
    identifier: str
    case: str
    description: str
    attributes: dict[str, str]


@dataclass(frozen=True)
class CaseTable:
    """Every case (natural name order) with its count of participants and, column by
    column, each case attribute (in display order)."""

    cases: tuple[str, ...]
    participants: tuple[int, ...]
    attributes: tuple[AttributeColumn, ...]


@dataclass(frozen=True)
class ParticipantTable:
    """Participants (natural identifier order) with their case and, column by column,
    the case attributes (inherited) then the participant attributes."""

    participants: tuple[str, ...]
    cases: tuple[str, ...]
    attributes: tuple[AttributeColumn, ...]


def _write_new(
    uow: UnitOfWork,
    owner: Case | Participant,
    label: str,
    summary: str,
    values: Mapping[str, CellValue],
) -> None:
    """Writes a new case or participant (``label``: its name), its audit entry
    (``summary``) and its attribute ``values``."""
    level = AttributeLevel.CASE if isinstance(owner, Case) else AttributeLevel.PARTICIPANT
    uow.session.add(owner)
    uow.session.flush()
    audit.record(uow, f"{level.value}.create", level.value, owner.id, summary)
    if values:
        # A new record's values are part of its creation: it stays at version 1.
        set_owner_values(uow, level, Owner(owner.id, label, owner), values)


def _record_edit(uow: UnitOfWork, owner: Case | Participant, changes: Sequence[str]) -> None:
    """Flushes an edited case or participant with one audit entry listing ``changes``
    (none: nothing changed, nothing recorded)."""
    if not changes:
        return
    entity = "case" if isinstance(owner, Case) else "participant"
    uow.session.flush()
    summary = "; ".join(changes)
    audit.record(uow, f"{entity}.edit", entity, owner.id, summary[0].upper() + summary[1:])


# ---------------------------------------------------------------- cases


def _case_record(uow: UnitOfWork, case: Case) -> CaseRecord:
    """``case`` as a record, with its participants and values (reads them)."""
    members = queries.people.participants_of_case(uow.session, case.id)
    values = queries.attributes.owner_attributes(
        uow.session, uow.project_id, AttributeLevel.CASE, [case.id]
    )
    return CaseRecord(
        id=case.id,
        guid=case.guid,
        version=case.version,
        name=case.name,
        description=case.description,
        participants=tuple(sorted((p.identifier for p in members), key=natural_key)),
        attributes=values.get(case.id, {}),
    )


def check_new_case_name(uow: UnitOfWork, name: str, own_id: int | None = None) -> str:
    """``name`` cleaned, if no other case has it (letter case ignored); raises
    :class:`ConflictError` or :class:`ValidationError`."""
    return unused_name(
        "case",
        name,
        queries.people.cases(uow.session, uow.project_id),
        "name",
        lambda other: f"The project has a case called {other.name!r} already.",
        own_id,
    )


def add_case(
    uow: UnitOfWork,
    /,
    name: str,
    description: str = "",
    values: Mapping[str, CellValue] | None = None,
    **attributes: CellValue,
) -> CaseRecord:
    """Add a case with case-attribute values, given as ``values={...}`` and/or keywords.

    Writes the case, its values and audit entries. Raises
    :class:`ConflictError` when the name is taken (letter case ignored),
    :class:`NotFoundError` for an unknown attribute and
    :class:`ValidationError` for a bad name or value.
    """
    name = check_new_case_name(uow, name)
    check_field(description, f"description of the case {name!r}")
    case = Case(project_id=uow.project_id, name=name, description=description.strip())
    _write_new(uow, case, name, f"Added case {name!r}", {**(values or {}), **attributes})
    return _case_record(uow, case)


def _edit_case(
    uow: UnitOfWork, found: Case, name: str | None, description: str | None
) -> list[str]:
    """Rename ``found`` or change its description (None: leave as it is), unflushed;
    returns the changes made, for the audit entry."""
    changes: list[str] = []
    with uow.session.no_autoflush:
        if name is not None and clean_name("case", name) != found.name:
            new_name = check_new_case_name(uow, name, found.id)
            changes.append(f"renamed case {found.name!r} to {new_name!r}")
            found.name = new_name
        changes += changed_description(
            found, description, f"changed the description of case {found.name!r}"
        )
    return changes


def _found_case(uow: UnitOfWork, case: Ref, if_version: int | None) -> Case:
    """The case ``case`` names, if it is at ``if_version`` (None: any version);
    raises :class:`NotFoundError` or :class:`StaleVersionError`."""
    found = find_case(uow, case)
    check_version(found, if_version, f"the case {found.name!r}")
    return found


def edit_case(
    uow: UnitOfWork,
    case: Ref,
    *,
    name: str | None = None,
    description: str | None = None,
    if_version: int | None = None,
) -> CaseRecord:
    """Rename a case or change its description (None: leave as it is); written with
    an audit entry, and returned with its new version.

    ``if_version``: the version you read; a different stored version raises
    :class:`~qualframe.errors.StaleVersionError` and nothing is saved.
    Raises :class:`NotFoundError` for an unknown case and
    :class:`ConflictError` for a taken name.
    """
    found = _found_case(uow, case, if_version)
    _record_edit(uow, found, _edit_case(uow, found, name, description))
    return _case_record(uow, found)


def rename_case(
    uow: UnitOfWork, case: Ref, name: str, *, if_version: int | None = None
) -> CaseRecord:
    """Rename a case (written with an audit entry). ``if_version``: the version you
    read; a different stored version raises
    :class:`~qualframe.errors.StaleVersionError` and nothing is saved. Raises
    :class:`NotFoundError` for an unknown case, :class:`ConflictError` for a
    name taken by another case (letter case ignored) and
    :class:`ValidationError` for an empty name."""
    return edit_case(uow, case, name=name, if_version=if_version)


def update_case(
    uow: UnitOfWork,
    case: Ref,
    *,
    name: str | None = None,
    description: str | None = None,
    values: Mapping[str, CellValue] | None = None,
    if_version: int | None = None,
) -> CaseRecord:
    """Change a case's name, description and case-attribute values at once (one row of
    the study table): all of it or, on any bad name or value, nothing.

    ``values`` maps attribute names to values; ``None`` or ``""`` clears one.
    Returns the case with its new version (one more, whatever changed).
    ``if_version``: the version you read; a different stored version raises
    :class:`~qualframe.errors.StaleVersionError` and nothing is saved.
    Raises :class:`ConflictError` for a taken name, :class:`NotFoundError`
    for an unknown case or attribute, :class:`ValidationError` for a value
    that does not fit.
    """
    found = _found_case(uow, case, if_version)
    read = found.version
    _record_edit(uow, found, _edit_case(uow, found, name, description))
    if values:
        owner = Owner(found.id, found.name, found)
        if set_owner_values(uow, AttributeLevel.CASE, owner, values)[1]:
            count_change(uow, found, read)
    return _case_record(uow, found)


def delete_case(uow: UnitOfWork, case: Ref, *, if_version: int | None = None) -> None:
    """Delete a case with its attribute values (and an audit entry).

    ``if_version``: the version you read; a different stored version raises
    :class:`~qualframe.errors.StaleVersionError` and nothing is deleted.
    Raises :class:`ConflictError` when participants still belong to it
    (move or delete them first) or a change model cites its matrix cells.
    """
    found = _found_case(uow, case, if_version)
    members = queries.people.participants_of_case(uow.session, found.id)
    if members:
        shown = ", ".join(sorted((p.identifier for p in members), key=natural_key)[:10])
        raise ConflictError(
            f"The case {found.name!r} cannot be deleted: {counted(len(members), 'participant')} "
            f"{'belong' if len(members) != 1 else 'belongs'} to it ({shown}"
            f"{' ...' if len(members) > 10 else ''}). Move them to another case or delete "
            "them first."
        )
    cells = queries.cells.cell_ids_of(uow.session, case_ids=[found.id])
    references.refuse_cited(uow, f"Deleting the case {found.name!r}", cells=cells)
    values = queries.attributes.owner_values(uow.session, AttributeLevel.CASE, found.id)
    summary = f"Deleted case {found.name!r}" + _memos_kept(uow, "case", found.id)
    delete_recorded(uow, "case", found, values, summary)


def _memos_kept(uow: UnitOfWork, link: str, object_id: int) -> str:
    """Remove the memos' links to an object about to be deleted (the memos are
    kept, each one version more; one with no other link is then about the
    project); the words saying so, or ""."""
    # The row's cells go with it, and memo links to them: removed here, counted.
    if link == "participant":
        cells = queries.cells.cell_ids_of(uow.session, participant_ids=[object_id])
    else:
        cells = queries.cells.cell_ids_of(uow.session, case_ids=[object_id])
    kept = queries.memos.unlink_objects(uow.session, {link: [object_id], "cell": cells})
    return f"; {counted(kept, 'memo')} on it kept (its link to it removed)" if kept else ""


def list_cases(uow: UnitOfWork) -> list[CaseRecord]:
    """Every case of the project, by name (numbers in natural order), with its
    participants and case-attribute values."""
    cases = sorted(
        queries.people.cases(uow.session, uow.project_id), key=lambda c: natural_key(c.name)
    )
    return [_case_record(uow, case) for case in cases]


# ---------------------------------------------------------------- participants


def _participant_record(uow: UnitOfWork, person: Participant) -> ParticipantRecord:
    """``person`` as a record, with its case and values, own and inherited (reads them)."""
    values = queries.attributes.participant_attributes(uow.session, uow.project_id, [person.id])
    case = uow.session.get(Case, person.case_id)
    assert case is not None  # the foreign key guarantees it
    return ParticipantRecord(
        id=person.id,
        guid=person.guid,
        version=person.version,
        identifier=person.identifier,
        case=case.name,
        description=person.description,
        attributes=values.get(person.id, {}),
    )


def check_new_identifier(uow: UnitOfWork, identifier: str, own_id: int | None = None) -> str:
    """``identifier`` cleaned, if no other participant has it (letter case ignored);
    raises :class:`ConflictError` or :class:`ValidationError`."""
    return unused_name(
        "participant identifier",
        identifier,
        queries.people.participants(uow.session, uow.project_id),
        "identifier",
        lambda other: f"The project has a participant {other.identifier!r} already.",
        own_id,
    )


def add_participant(
    uow: UnitOfWork,
    /,
    identifier: str,
    case: Ref,
    description: str = "",
    values: Mapping[str, CellValue] | None = None,
    **attributes: CellValue,
) -> ParticipantRecord:
    """Add a participant to an existing case, with participant-attribute values given
    as ``values={...}`` and/or keywords.

    Writes the participant, its values and audit entries. Raises
    :class:`NotFoundError` for an unknown case or attribute,
    :class:`ConflictError` for a taken identifier, :class:`ValidationError`
    for a bad value (or a case attribute: participants inherit those).
    """
    identifier = check_new_identifier(uow, identifier)
    check_field(description, f"description of the participant {identifier!r}")
    found = find_case(uow, case)
    person = Participant(
        project_id=uow.project_id,
        case_id=found.id,
        identifier=identifier,
        description=description.strip(),
    )
    summary = f"Added participant {identifier!r} to case {found.name!r}"
    _write_new(uow, person, identifier, summary, {**(values or {}), **attributes})
    return _participant_record(uow, person)


def _edit_participant(
    uow: UnitOfWork,
    person: Participant,
    identifier: str | None,
    case: Ref | None,
    description: str | None,
) -> list[str]:
    """Rename ``person``, move it to ``case`` or change its description (None: leave
    as it is), unflushed; returns the changes made, for the audit entry."""
    changes: list[str] = []
    with uow.session.no_autoflush:
        new_identifier = None
        if identifier is not None and clean_name("participant identifier", identifier) != (
            person.identifier
        ):
            new_identifier = check_new_identifier(uow, identifier, person.id)
        target = find_case(uow, case) if case is not None else None
        moving = target is not None and target.id != person.case_id
        old = uow.session.get(Case, person.case_id) if moving else None
        if new_identifier is not None:
            changes.append(f"renamed participant {person.identifier!r} to {new_identifier!r}")
            person.identifier = new_identifier
        if moving and target is not None:
            changes.append(
                f"moved participant {person.identifier!r} from case "
                f"{old.name if old else '?'!r} to {target.name!r}"
            )
            person.case_id = target.id
        changes += changed_description(
            person, description, f"changed the description of participant {person.identifier!r}"
        )
    return changes


def _found_participant(uow: UnitOfWork, participant: Ref, if_version: int | None) -> Participant:
    """The participant ``participant`` names, if it is at ``if_version`` (None: any
    version); raises :class:`NotFoundError` or :class:`StaleVersionError`."""
    person = find_participant(uow, participant)
    check_version(person, if_version, f"the participant {person.identifier!r}")
    return person


def edit_participant(
    uow: UnitOfWork,
    participant: Ref,
    *,
    identifier: str | None = None,
    case: Ref | None = None,
    description: str | None = None,
    if_version: int | None = None,
) -> ParticipantRecord:
    """Rename a participant, move it to another case (it then inherits that case's
    attributes) or change its description (None: leave as it is); written with an
    audit entry, and returned with its new version.

    ``if_version``: the version you read; a different stored version raises
    :class:`~qualframe.errors.StaleVersionError` and nothing is saved.
    Raises :class:`NotFoundError` for an unknown participant or case and
    :class:`ConflictError` for a taken identifier.
    """
    person = _found_participant(uow, participant, if_version)
    _record_edit(uow, person, _edit_participant(uow, person, identifier, case, description))
    return _participant_record(uow, person)


def move_participant(
    uow: UnitOfWork, participant: Ref, case: Ref, *, if_version: int | None = None
) -> ParticipantRecord:
    """Move a participant to another case (written with an audit entry); it then
    inherits that case's attributes. ``if_version``: the version you read; a
    different stored version raises :class:`~qualframe.errors.StaleVersionError`
    and nothing is saved. Raises :class:`NotFoundError` for an unknown
    participant or case."""
    return edit_participant(uow, participant, case=case, if_version=if_version)


def update_participant(
    uow: UnitOfWork,
    participant: Ref,
    *,
    identifier: str | None = None,
    case: Ref | None = None,
    description: str | None = None,
    values: Mapping[str, CellValue] | None = None,
    if_version: int | None = None,
) -> ParticipantRecord:
    """Rename a participant, move it, change its description and set its own attribute
    values at once (one row of the study table): all of it or nothing.

    ``values`` names participant attributes only (case attributes are
    inherited and set on the case); ``None`` or ``""`` clears one. Returns the
    participant with its new version (one more, whatever changed).
    ``if_version``: the version you read; a different stored version raises
    :class:`~qualframe.errors.StaleVersionError` and nothing is saved. Raises
    like :func:`edit_participant` and
    :func:`~qualframe.services.study.owner_values.set_attributes`.
    """
    person = _found_participant(uow, participant, if_version)
    read = person.version
    _record_edit(uow, person, _edit_participant(uow, person, identifier, case, description))
    if values:
        owner = Owner(person.id, person.identifier, person)
        if set_owner_values(uow, AttributeLevel.PARTICIPANT, owner, values)[1]:
            count_change(uow, person, read)
    return _participant_record(uow, person)


def delete_participant(uow: UnitOfWork, participant: Ref, *, if_version: int | None = None) -> None:
    """Delete a participant with its attribute values and answers (and an audit entry).

    ``if_version``: the version you read; a different stored version raises
    :class:`~qualframe.errors.StaleVersionError` and nothing is deleted.
    Raises :class:`ConflictError` while documents record the participant
    (unlink them first, so no coding silently loses its speaker) or a change
    model cites their matrix cells.
    """
    person = _found_participant(uow, participant, if_version)
    linked = queries.documents.document_link_count(uow.session, person.id)
    if linked:
        raise ConflictError(
            f"The participant {person.identifier!r} cannot be deleted: "
            f"{counted(linked, 'document')} {'record' if linked != 1 else 'records'} them. "
            "Unlink the documents first."
        )
    cells = queries.cells.cell_ids_of(uow.session, participant_ids=[person.id])
    what = f"Deleting the participant {person.identifier!r}"
    references.refuse_cited(uow, what, cells=cells)
    dependants = [
        *queries.attributes.owner_values(uow.session, AttributeLevel.PARTICIPANT, person.id),
        *queries.schedule.answers_of_participants(uow.session, [person.id]),
    ]
    summary = f"Deleted participant {person.identifier!r}" + _memos_kept(
        uow, "participant", person.id
    )
    delete_recorded(uow, "participant", person, dependants, summary)


def list_participants(uow: UnitOfWork, case: Ref | None = None) -> list[ParticipantRecord]:
    """The participants (of one ``case`` if given), in natural identifier order, each
    with its own and inherited attribute values. Raises :class:`NotFoundError`
    for an unknown case."""
    if case is None:
        people = queries.people.participants(uow.session, uow.project_id)
    else:
        people = queries.people.participants_of_case(uow.session, find_case(uow, case).id)
    values = queries.attributes.participant_attributes(
        uow.session, uow.project_id, [p.id for p in people]
    )
    names = {c.id: c.name for c in queries.people.cases(uow.session, uow.project_id)}
    return [
        ParticipantRecord(
            p.id,
            p.guid,
            p.version,
            p.identifier,
            names[p.case_id],
            p.description,
            values.get(p.id, {}),
        )
        for p in sorted(people, key=lambda p: natural_key(p.identifier))
    ]


# ---------------------------------------------------------------- tables


def _attribute_columns(
    uow: UnitOfWork, owners: Mapping[AttributeLevel, Sequence[int]]
) -> tuple[AttributeColumn, ...]:
    """A column of every attribute of the given levels, one row per owner id.

    ``owners`` gives, per level, the owner id of each row (so a participant
    row lists its case's id under the case level: inheritance).
    """
    columns: list[AttributeColumn] = []
    for level, owner_ids in owners.items():
        stored: dict[tuple[int, int], str] = {}
        for value in queries.attributes.project_values(uow.session, uow.project_id, level):
            owner = getattr(value, owner_column(level))
            stored[(value.definition_id, owner)] = value.value
        for definition in queries.attributes.attribute_definitions(
            uow.session, uow.project_id, level
        ):
            texts = tuple(stored.get((definition.id, owner)) for owner in owner_ids)
            columns.append(
                AttributeColumn(
                    definition.name, definition.type, tuple(definition.levels or ()), texts
                )
            )
    return tuple(columns)


def case_table(uow: UnitOfWork) -> CaseTable:
    """Every case (natural name order) with its count of participants and the
    canonical values of each case attribute, column by column."""
    cases = sorted(
        queries.people.cases(uow.session, uow.project_id), key=lambda c: natural_key(c.name)
    )
    counts = queries.people.participant_counts(uow.session, uow.project_id)
    return CaseTable(
        cases=tuple(c.name for c in cases),
        participants=tuple(counts.get(c.id, 0) for c in cases),
        attributes=_attribute_columns(uow, {AttributeLevel.CASE: [c.id for c in cases]}),
    )


def participant_table(uow: UnitOfWork, where: Where | None = None) -> ParticipantTable:
    """Every participant (natural identifier order) with its case, the case
    attributes it inherits and its own attributes, column by column.

    ``where`` keeps participants whose attributes (own or inherited) have
    the given value or any of several values, e.g. ``{"employer": "NHS"}``;
    raises :class:`NotFoundError` for an unknown attribute.
    """
    people = list(queries.people.participants(uow.session, uow.project_id))
    if where:
        keep = queries.people.participant_ids_matching(uow.session, uow.project_id, where)
        people = [p for p in people if p.id in keep]
    people.sort(key=lambda p: natural_key(p.identifier))
    names = {c.id: c.name for c in queries.people.cases(uow.session, uow.project_id)}
    owners = {
        AttributeLevel.CASE: [p.case_id for p in people],
        AttributeLevel.PARTICIPANT: [p.id for p in people],
    }
    return ParticipantTable(
        participants=tuple(p.identifier for p in people),
        cases=tuple(names[p.case_id] for p in people),
        attributes=_attribute_columns(uow, owners),
    )
