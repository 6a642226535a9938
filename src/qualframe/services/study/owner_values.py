"""Attribute values of one case, participant or document, and the versions they count in.

A value belongs to its owner (a case, participant or document): changing
values changes the owner, so the owner's ``version`` goes up by one per
call (:func:`count_change`) and a write may state the owner's version it
read (``if_version``). Values are checked and stored in canonical form (see
:mod:`qualframe.services.study.attribute_values`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from qualframe.errors import ValidationError
from qualframe.formats.tables import CellValue
from qualframe.services.core import audit
from qualframe.services.core.lookup import find_document
from qualframe.services.core.refs import Ref
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.core.versions import check_version, touch
from qualframe.services.study.attribute_values import canonical_value
from qualframe.services.study.attributes import (
    find_attribute,
    find_case,
    find_participant,
    parse_enum,
)
from qualframe.storage import queries
from qualframe.storage.models import (
    AttributeDefinition,
    AttributeValue,
    Case,
    Document,
    Participant,
)
from qualframe.vocabulary import AttributeLevel

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

#: A stored record whose attribute values (and version) can change.
OwnerRecord = Case | Participant | Document
#: A stored record with a version: an owner or an attribute definition.
Versioned = Case | Participant | Document | AttributeDefinition


class Owner(NamedTuple):
    """A case, participant or document that attribute values describe: its id,
    its name or identifier (``label``) and the stored ``record``."""

    id: int
    label: str
    record: OwnerRecord


@dataclass(frozen=True)
class OwnerValues:
    """The attribute values a write set on one case, participant or document.

    ``values`` are the canonical values set by attribute name (None where
    cleared); ``version`` is the owner's version after the write (send it as
    ``if_version`` with the next change); ``id`` and ``owner`` (its name or
    identifier) say whose values they are.
    """

    level: AttributeLevel
    id: int
    owner: str
    values: dict[str, str | None]
    version: int


def owner_column(level: AttributeLevel) -> str:
    """The :class:`AttributeValue` column naming an owner of ``level``."""
    return f"{level.value}_id"


def find_owner(uow: UnitOfWork, level: AttributeLevel, ref: Ref) -> Owner:
    """The case, participant or document (by ``level``) that ``ref`` names, with its
    name or identifier (a document's text is not read); raises
    :class:`~qualframe.errors.NotFoundError`."""
    if level is AttributeLevel.CASE:
        case = find_case(uow, ref)
        return Owner(case.id, case.name, case)
    if level is AttributeLevel.PARTICIPANT:
        person = find_participant(uow, ref)
        return Owner(person.id, person.identifier, person)
    document = find_document(uow, ref)
    return Owner(document.id, document.name, document)


def owner_named(level: AttributeLevel, label: str) -> str:
    """How messages name an owner: "the case 'Trust A'"."""
    return f"the {level.value} {label!r}"


def count_change(uow: UnitOfWork, record: Versioned, read: int) -> None:
    """Count one change of ``record`` in this call: flushes, and when the flush did
    not raise its version from ``read`` (the version it had when the call
    began; only rows belonging to it changed, e.g. its attribute values),
    :func:`~qualframe.services.core.versions.touch` it. Call it once per
    write that changed ``record``, after every change is made."""
    uow.session.flush()
    if record.version == read:
        touch(record)
        uow.session.flush()


def store_value(
    session: Session,
    definition: AttributeDefinition,
    owner_id: int,
    existing: AttributeValue | None,
    raw: CellValue,
) -> tuple[str | None, str | None]:
    """Set (or with an empty ``raw``, clear) one value; returns (old, new) canonical text.

    Raises :class:`ValidationError` when ``raw`` does not fit the attribute.
    """
    checked = canonical_value(definition.name, definition.type, definition.levels or (), raw)
    old = existing.value if existing is not None else None
    if checked is None:
        if existing is not None:
            session.delete(existing)
        return old, None
    if existing is None:
        session.add(
            AttributeValue(
                definition_id=definition.id,
                value=checked.value,
                number=checked.number,
                **{owner_column(definition.level): owner_id},
            )
        )
    else:
        existing.value, existing.number = checked.value, checked.number
    return old, checked.value


def set_attributes(
    uow: UnitOfWork,
    level: AttributeLevel | str,
    target: Ref,
    values: Mapping[str, CellValue],
    *,
    if_version: int | None = None,
) -> OwnerValues:
    """Set attribute values of one case, participant or document (``level``).

    ``values`` maps attribute names to values in any accepted spelling;
    ``None`` or ``""`` clears a value. Writes the values and one audit entry
    when something changed, and then counts one change of the target (its
    version goes up by one). Returns the canonical values set (None where
    cleared) with the target's version. ``if_version``: the version of the
    target you read; a different stored version raises
    :class:`~qualframe.errors.StaleVersionError` and nothing is saved.
    Raises :class:`~qualframe.errors.NotFoundError` for an unknown target or
    attribute and :class:`ValidationError` for a value that does not fit or
    an attribute of another level (participants inherit case attributes;
    they cannot override them). A document's text is never read.
    """
    checked = parse_enum(AttributeLevel, level, "attribute level")
    owner = find_owner(uow, checked, target)
    check_version(owner.record, if_version, owner_named(checked, owner.label))
    read = owner.record.version
    result, changed = set_owner_values(uow, checked, owner, values)
    if changed:
        count_change(uow, owner.record, read)
    return OwnerValues(checked, owner.id, owner.label, result, owner.record.version)


def set_owner_values(
    uow: UnitOfWork,
    level: AttributeLevel,
    owner: Owner,
    values: Mapping[str, CellValue],
) -> tuple[dict[str, str | None], bool]:
    """Set (``None``/``""``: clear) ``values`` of the ``level`` owner ``owner``, with
    one audit entry when something changed; returns the canonical values set and
    whether any changed. The caller counts the change on the owner
    (:func:`count_change`); see :func:`set_attributes` for the errors."""
    existing = {
        v.definition_id: v for v in queries.attributes.owner_values(uow.session, level, owner.id)
    }
    result: dict[str, str | None] = {}
    shown: list[str] = []
    for name, raw in values.items():
        definition = find_attribute(uow, name)
        _check_level(definition, level, owner.label)
        old, new = store_value(uow.session, definition, owner.id, existing.get(definition.id), raw)
        result[definition.name] = new
        if old != new:
            shown.append(
                f"{definition.name} = {new}" if new is not None else f"cleared {definition.name}"
            )
    if shown:
        uow.session.flush()
        audit.record(
            uow,
            "attribute.set",
            level.value,
            owner.id,
            f"Set {', '.join(shown)} on {level.value} {owner.label!r}",
            {"values": result},
        )
    return result, bool(shown)


def _check_level(definition: AttributeDefinition, level: AttributeLevel, label: str) -> None:
    """Raise :class:`ValidationError` when ``definition`` describes another level
    than the owner's (``label``: the owner, for the message)."""
    if definition.level is level:
        return
    raise ValidationError(
        f"{definition.name!r} is a {definition.level.value} attribute; it cannot be "
        f"set on the {level.value} {label!r}"
        + (
            " (participants inherit it from their case)."
            if definition.level is AttributeLevel.CASE
            else "."
        )
    )
