"""Cases and participants: add, rename, move, delete, list, and as data frames.

A participant belongs to exactly one case and inherits its case's
attributes in every listing and data frame. Every function takes
``(session, ctx, ...)``, runs in the caller's transaction, records each
change in the audit log and raises a :class:`~qualframe.errors.UserError`
(nothing written) for bad input. Cases and participants are accepted by
name/identifier (letter case ignored when unambiguous) or by id.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from qualframe.errors import ConflictError
from qualframe.formats.tables import CellValue
from qualframe.services.core import audit
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.study.attribute_values import typed_series
from qualframe.services.study.attributes import (
    clean_name,
    find_case,
    find_participant,
    natural_key,
    owner_column,
    set_owner_values,
)
from qualframe.storage import queries
from qualframe.storage.models import Case, Participant
from qualframe.vocabulary import AttributeLevel


@dataclass(frozen=True)
class CaseRecord:
    """A case with its participants' identifiers and its attribute values (canonical text)."""

    id: int
    name: str
    description: str
    participants: tuple[str, ...]
    attributes: dict[str, str]


@dataclass(frozen=True)
class ParticipantRecord:
    """A participant with its case and its attributes, own and inherited from the case."""

    id: int
    identifier: str
    case: str
    description: str
    attributes: dict[str, str]


# ---------------------------------------------------------------- cases


def _case_record(uow: UnitOfWork, case: Case) -> CaseRecord:
    members = queries.people.participants_of_case(uow.session, case.id)
    values = queries.attributes.owner_attributes(
        uow.session, uow.project_id, AttributeLevel.CASE, [case.id]
    )
    return CaseRecord(
        id=case.id,
        name=case.name,
        description=case.description,
        participants=tuple(sorted((p.identifier for p in members), key=natural_key)),
        attributes=values.get(case.id, {}),
    )


def add_case(
    uow: UnitOfWork,
    name: str,
    description: str = "",
    attributes: Mapping[str, CellValue] | None = None,
) -> CaseRecord:
    """Add a case with optional case-attribute values.

    Raises :class:`ConflictError` when the name is taken (letter case
    ignored) and :class:`ValidationError` for a bad name or value.
    """
    name = clean_name("case", name)
    for other in queries.people.cases(uow.session, uow.project_id):
        if other.name.casefold() == name.casefold():
            raise ConflictError(f"The project has a case called {other.name!r} already.")
    case = Case(project_id=uow.project_id, name=name, description=description.strip())
    uow.session.add(case)
    uow.session.flush()
    audit.record(uow, "case.create", "case", case.id, f"Added case {name!r}")
    if attributes:
        set_owner_values(uow, AttributeLevel.CASE, case.id, name, attributes)
    return _case_record(uow, case)


def edit_case(
    uow: UnitOfWork,
    case: str | int,
    *,
    name: str | None = None,
    description: str | None = None,
) -> CaseRecord:
    """Rename a case or change its description; raises :class:`ConflictError` for a taken name."""
    found = find_case(uow, case)
    changes: list[str] = []
    if name is not None and clean_name("case", name) != found.name:
        new_name = clean_name("case", name)
        for other in queries.people.cases(uow.session, uow.project_id):
            if other.id != found.id and other.name.casefold() == new_name.casefold():
                raise ConflictError(f"The project has a case called {other.name!r} already.")
        changes.append(f"renamed case {found.name!r} to {new_name!r}")
        found.name = new_name
    if description is not None and description.strip() != found.description:
        found.description = description.strip()
        changes.append(f"changed the description of case {found.name!r}")
    if changes:
        uow.session.flush()
        summary = "; ".join(changes)
        audit.record(uow, "case.edit", "case", found.id, summary[0].upper() + summary[1:])
    return _case_record(uow, found)


def update_case(
    uow: UnitOfWork,
    case: str | int,
    *,
    name: str | None = None,
    description: str | None = None,
    values: Mapping[str, CellValue] | None = None,
) -> CaseRecord:
    """Change a case's name, description and case-attribute values at once (one row of
    the study table): all of it or, on any bad name or value, nothing.

    ``values`` maps attribute names to values; ``None`` or ``""`` clears one.
    Raises :class:`ConflictError` for a taken name, :class:`NotFoundError`
    for an unknown case or attribute, :class:`ValidationError` for a value
    that does not fit.
    """
    record = edit_case(uow, case, name=name, description=description)
    if values:
        set_owner_values(uow, AttributeLevel.CASE, record.id, record.name, values)
        return _case_record(uow, find_case(uow, record.id))
    return record


def delete_case(uow: UnitOfWork, case: str | int) -> None:
    """Delete a case and its attribute values.

    Raises :class:`ConflictError` when participants still belong to it
    (move or delete them first).
    """
    found = find_case(uow, case)
    members = queries.people.participants_of_case(uow.session, found.id)
    if members:
        shown = ", ".join(sorted((p.identifier for p in members), key=natural_key)[:10])
        raise ConflictError(
            f"The case {found.name!r} cannot be deleted: {len(members)} participant"
            f"{'s belong' if len(members) != 1 else ' belongs'} to it ({shown}"
            f"{' ...' if len(members) > 10 else ''}). Move them to another case or delete "
            "them first."
        )
    for value in queries.attributes.owner_values(uow.session, AttributeLevel.CASE, found.id):
        uow.session.delete(value)
    uow.session.flush()  # values first: the case's delete must not cascade under the ORM
    audit.record(uow, "case.delete", "case", found.id, f"Deleted case {found.name!r}")
    uow.session.delete(found)
    uow.session.flush()


def list_cases(uow: UnitOfWork) -> list[CaseRecord]:
    """Every case of the project, by name (numbers in natural order)."""
    cases = sorted(
        queries.people.cases(uow.session, uow.project_id), key=lambda c: natural_key(c.name)
    )
    return [_case_record(uow, case) for case in cases]


# ---------------------------------------------------------------- participants


def _participant_record(uow: UnitOfWork, person: Participant) -> ParticipantRecord:
    values = queries.attributes.participant_attributes(uow.session, uow.project_id, [person.id])
    case = uow.session.get(Case, person.case_id)
    assert case is not None  # the foreign key guarantees it
    return ParticipantRecord(
        id=person.id,
        identifier=person.identifier,
        case=case.name,
        description=person.description,
        attributes=values.get(person.id, {}),
    )


def check_new_identifier(uow: UnitOfWork, identifier: str) -> str:
    """``identifier`` cleaned, if no participant has it (letter case ignored)."""
    identifier = clean_name("participant identifier", identifier)
    for other in queries.people.participants(uow.session, uow.project_id):
        if other.identifier.casefold() == identifier.casefold():
            raise ConflictError(f"The project has a participant {other.identifier!r} already.")
    return identifier


def add_participant(
    uow: UnitOfWork,
    identifier: str,
    case: str | int,
    description: str = "",
    attributes: Mapping[str, CellValue] | None = None,
) -> ParticipantRecord:
    """Add a participant to an existing case, with optional participant-attribute values.

    Raises :class:`NotFoundError` for an unknown case, :class:`ConflictError`
    for a taken identifier, :class:`ValidationError` for a bad value.
    """
    identifier = check_new_identifier(uow, identifier)
    found = find_case(uow, case)
    person = Participant(
        project_id=uow.project_id,
        case_id=found.id,
        identifier=identifier,
        description=description.strip(),
    )
    uow.session.add(person)
    uow.session.flush()
    audit.record(
        uow,
        "participant.create",
        "participant",
        person.id,
        f"Added participant {identifier!r} to case {found.name!r}",
    )
    if attributes:
        set_owner_values(uow, AttributeLevel.PARTICIPANT, person.id, identifier, attributes)
    return _participant_record(uow, person)


def edit_participant(
    uow: UnitOfWork,
    participant: str | int,
    *,
    identifier: str | None = None,
    case: str | int | None = None,
    description: str | None = None,
) -> ParticipantRecord:
    """Rename a participant, move it to another case or change its description."""
    person = find_participant(uow, participant)
    changes: list[str] = []
    if identifier is not None and clean_name("participant identifier", identifier) != (
        person.identifier
    ):
        new = clean_name("participant identifier", identifier)
        if new.casefold() != person.identifier.casefold():
            new = check_new_identifier(uow, new)
        changes.append(f"renamed participant {person.identifier!r} to {new!r}")
        person.identifier = new
    if case is not None:
        target = find_case(uow, case)
        if target.id != person.case_id:
            old = uow.session.get(Case, person.case_id)
            changes.append(
                f"moved participant {person.identifier!r} from case "
                f"{old.name if old else '?'!r} to {target.name!r}"
            )
            person.case_id = target.id
    if description is not None and description.strip() != person.description:
        person.description = description.strip()
        changes.append(f"changed the description of participant {person.identifier!r}")
    if changes:
        uow.session.flush()
        summary = "; ".join(changes)
        audit.record(
            uow,
            "participant.edit",
            "participant",
            person.id,
            summary[0].upper() + summary[1:],
        )
    return _participant_record(uow, person)


def update_participant(
    uow: UnitOfWork,
    participant: str | int,
    *,
    identifier: str | None = None,
    case: str | int | None = None,
    description: str | None = None,
    values: Mapping[str, CellValue] | None = None,
) -> ParticipantRecord:
    """Rename a participant, move it, change its description and set its own attribute
    values at once (one row of the study table): all of it or nothing.

    ``values`` names participant attributes only (case attributes are
    inherited and set on the case); ``None`` or ``""`` clears one. Raises
    like :func:`edit_participant` and :func:`~qualframe.services.study.attributes.set_attributes`.
    """
    record = edit_participant(
        uow, participant, identifier=identifier, case=case, description=description
    )
    if values:
        set_owner_values(uow, AttributeLevel.PARTICIPANT, record.id, record.identifier, values)
        return _participant_record(uow, find_participant(uow, record.id))
    return record


def delete_participant(uow: UnitOfWork, participant: str | int) -> None:
    """Delete a participant with its attribute values and answers.

    Raises :class:`ConflictError` while documents record the participant
    (unlink them first, so no coding silently loses its speaker).
    """
    person = find_participant(uow, participant)
    linked = queries.documents.document_link_count(uow.session, person.id)
    if linked:
        raise ConflictError(
            f"The participant {person.identifier!r} cannot be deleted: {linked} document"
            f"{'s record' if linked != 1 else ' records'} them. Unlink the documents first."
        )
    for value in queries.attributes.owner_values(
        uow.session, AttributeLevel.PARTICIPANT, person.id
    ):
        uow.session.delete(value)
    for answer in queries.schedule.answers_of_participants(uow.session, [person.id]):
        uow.session.delete(answer)
    uow.session.flush()  # dependants first: the participant's delete must not cascade under the ORM
    audit.record(
        uow,
        "participant.delete",
        "participant",
        person.id,
        f"Deleted participant {person.identifier!r}",
    )
    uow.session.delete(person)
    uow.session.flush()


def list_participants(uow: UnitOfWork, case: str | int | None = None) -> list[ParticipantRecord]:
    """The participants (of one case if given), in natural identifier order."""
    if case is None:
        people = queries.people.participants(uow.session, uow.project_id)
    else:
        people = queries.people.participants_of_case(uow.session, find_case(uow, case).id)
    values = queries.attributes.participant_attributes(
        uow.session, uow.project_id, [p.id for p in people]
    )
    names = {c.id: c.name for c in queries.people.cases(uow.session, uow.project_id)}
    return [
        ParticipantRecord(p.id, p.identifier, names[p.case_id], p.description, values.get(p.id, {}))
        for p in sorted(people, key=lambda p: natural_key(p.identifier))
    ]


# ---------------------------------------------------------------- data frames


def _attribute_columns(
    uow: UnitOfWork, owners: Mapping[AttributeLevel, Sequence[int]]
) -> dict[str, pd.Series[Any]]:
    """Typed columns of every attribute of the given levels, one row per owner id.

    ``owners`` gives, per level, the owner id of each row (so a participant
    row lists its case's id under the case level: inheritance).
    """
    columns: dict[str, pd.Series[Any]] = {}
    for level, owner_ids in owners.items():
        stored: dict[tuple[int, int], str] = {}
        for value in queries.attributes.project_values(uow.session, uow.project_id, level):
            owner = getattr(value, owner_column(level))
            stored[(value.definition_id, owner)] = value.value
        for definition in queries.attributes.attribute_definitions(
            uow.session, uow.project_id, level
        ):
            texts = [stored.get((definition.id, owner)) for owner in owner_ids]
            columns[definition.name] = typed_series(
                definition.type, definition.levels or (), texts, definition.name
            )
    return columns


def cases_frame(uow: UnitOfWork) -> pd.DataFrame:
    """One row per case: ``case``, ``participants`` (count), then each case attribute, typed
    (see :func:`~qualframe.services.study.attribute_values.typed_series`)."""
    cases = sorted(
        queries.people.cases(uow.session, uow.project_id), key=lambda c: natural_key(c.name)
    )
    counts = queries.people.participant_counts(uow.session, uow.project_id)
    ids = [c.id for c in cases]
    frame = pd.DataFrame(
        {
            "case": pd.Series([c.name for c in cases], dtype=object),
            "participants": pd.Series([counts.get(i, 0) for i in ids], dtype="int64"),
        }
    )
    for name, series in _attribute_columns(uow, {AttributeLevel.CASE: ids}).items():
        frame[name] = series
    return frame


def participants_frame(
    uow: UnitOfWork,
    where: Mapping[str, str | Sequence[str]] | None = None,
) -> pd.DataFrame:
    """One row per participant: ``participant``, ``case``, the case attributes (inherited)
    and the participant attributes, typed.

    ``where`` keeps participants whose attributes (own or inherited) have
    the given value or any of several values, e.g. ``{"employer": "NHS"}``.
    """
    people = list(queries.people.participants(uow.session, uow.project_id))
    if where:
        keep = queries.people.participant_ids_matching(uow.session, uow.project_id, where)
        people = [p for p in people if p.id in keep]
    people.sort(key=lambda p: natural_key(p.identifier))
    names = {c.id: c.name for c in queries.people.cases(uow.session, uow.project_id)}
    frame = pd.DataFrame(
        {
            "participant": pd.Series([p.identifier for p in people], dtype=object),
            "case": pd.Series([names[p.case_id] for p in people], dtype=object),
        }
    )
    owners = {
        AttributeLevel.CASE: [p.case_id for p in people],
        AttributeLevel.PARTICIPANT: [p.id for p in people],
    }
    for name, series in _attribute_columns(uow, owners).items():
        frame[name] = series
    return frame
