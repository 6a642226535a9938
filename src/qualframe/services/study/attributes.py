"""The study design: typed attributes, cases and participants.

Attributes describe cases, participants or documents; their names are
unique in a project across levels (letter case ignored), so a participant's
own attributes and those it inherits from its case never clash. Values are
checked and stored in canonical form (see
:mod:`qualframe.services.study.attribute_values`) and set on their owners by
:mod:`qualframe.services.study.owner_values`.

Every use case takes the :class:`~qualframe.services.core.unit_of_work.UnitOfWork`
first, runs inside its transaction, records each change in the audit log
and raises a :class:`~qualframe.errors.UserError` (nothing written) for
bad input. Cases, participants, attributes and documents are accepted by
name (letter case ignored when unambiguous) or by id (see
:mod:`qualframe.services.core.refs`). The name helpers here
(:func:`natural_key`, :func:`clean_name`, :func:`parse_enum` and the
``find_*`` lookups) serve every area.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any, TypeVar

from qualframe.errors import ConflictError, NotFoundError, ValidationError
from qualframe.formats.tables import CellValue
from qualframe.services.core import audit, text_rules
from qualframe.services.core.choices import parse_choice
from qualframe.services.core.field_limits import check_field
from qualframe.services.core.refs import Ref
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.core.versions import check_version
from qualframe.services.core.wording import counted, natural_key
from qualframe.storage import queries
from qualframe.storage.models import (
    AttributeDefinition,
    Case,
    Participant,
    Question,
)
from qualframe.vocabulary import AttributeLevel, AttributeType

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

#: Column names a spreadsheet uses for the case (letter case ignored).
CASE_COLUMNS = ("case", "case name", "case_name")
#: Column names a spreadsheet uses for the participant identifier.
PARTICIPANT_COLUMNS = ("participant", "participant id", "participant_id", "identifier")
#: Names no attribute may take: they label the id columns of files and data frames.
RESERVED_NAMES = frozenset(
    {*CASE_COLUMNS, *PARTICIPANT_COLUMNS, "participants", "description", "document"}
)
MAX_NAME_LENGTH = text_rules.NAME_CHARS
E = TypeVar("E", bound=Enum)
_ORDERED_TYPES = (AttributeType.CATEGORICAL, AttributeType.ORDINAL)


@dataclass(frozen=True)
class AttributeRecord:
    """An attribute definition: ``levels`` are the allowed values (categorical)
    or the ordered levels, lowest first (ordinal); ``values`` counts its values.
    ``guid`` is its identity across exports; ``version`` counts its changes
    (send it as ``if_version`` with the next edit)."""

    id: int
    guid: str
    version: int
    name: str
    level: AttributeLevel
    type: AttributeType
    levels: tuple[str, ...]
    description: str
    position: int
    values: int


def clean_name(kind: str, name: str) -> str:
    """``name`` stripped; raises :class:`ValidationError` when empty, too long or
    holding a character no database stores (see
    :func:`~qualframe.services.core.text_rules.check_name`)."""
    cleaned = " ".join(str(name).split())
    if not cleaned:
        raise ValidationError(f"A {kind} needs a name.")
    what = kind if kind.endswith("identifier") else f"{kind} name"
    return text_rules.check_name(cleaned, what, MAX_NAME_LENGTH)


def unused_name(
    kind: str,
    name: str,
    others: Iterable[Any],
    key: str,
    conflict: Callable[[Any], str],
    own_id: int | None = None,
) -> str:
    """``name`` cleaned (see :func:`clean_name`; ``kind`` says what it names), if
    no item of ``others`` but the one with id ``own_id`` has it as its ``key``
    (letter case ignored). Raises :class:`ValidationError` for a bad name and
    :class:`ConflictError` with the message ``conflict(other)`` for a taken one."""
    name = clean_name(kind, name)
    for other in others:
        if other.id != own_id and getattr(other, key).casefold() == name.casefold():
            raise ConflictError(conflict(other))
    return name


def changed_description(item: Any, description: str | None, change: str) -> list[str]:
    """Set ``item.description`` to ``description`` stripped; returns ``[change]`` when
    that changed it, else nothing (``None``: leave it as it is)."""
    if description is None or description.strip() == item.description:
        return []
    named = getattr(item, "name", None) or getattr(item, "identifier", None)
    check_field(description, f"description of {named!r}" if named else "description")
    item.description = description.strip()
    return [change]


# ---------------------------------------------------------------- lookups


def matching(ref: Ref, items: Sequence[Any], key: str, *also: str) -> list[Any]:
    """The ``items`` that ``ref`` names: by id for an int; else those whose ``key``
    is ``ref`` (spaces folded), else the same ignoring letter case, else
    those whose ``also`` fields are ``ref``."""
    if isinstance(ref, int) and not isinstance(ref, bool):
        return [item for item in items if item.id == ref]
    text = " ".join(str(ref).split())
    found = [item for item in items if getattr(item, key) == text]
    found = found or [item for item in items if getattr(item, key).casefold() == text.casefold()]
    for field in also:
        found = found or [item for item in items if " ".join(getattr(item, field).split()) == text]
    return found


def _pick(kind: str, ref: Ref, items: Sequence[Any], key: str) -> Any:
    """The item whose ``key`` is ``ref`` (exactly, else ignoring case), or whose id is ``ref``."""
    found = matching(ref, items, key)
    if len(found) == 1:
        return found[0]
    names = sorted((getattr(item, key) for item in items), key=natural_key)
    listing = ", ".join(names[:20]) + (" ..." if len(names) > 20 else "") if names else "none yet"
    raise NotFoundError(f"No {kind} called {ref!r} in this project ({kind}s: {listing}).")


def find_attribute(uow: UnitOfWork, ref: Ref) -> AttributeDefinition:
    """The attribute named (or numbered) ``ref``; raises :class:`NotFoundError`."""
    found: AttributeDefinition = _pick(
        "attribute",
        ref,
        queries.attributes.attribute_definitions(uow.session, uow.project_id),
        "name",
    )
    return found


def find_case(uow: UnitOfWork, ref: Ref) -> Case:
    """The case named (or numbered) ``ref``; raises :class:`NotFoundError`."""
    found: Case = _pick("case", ref, queries.people.cases(uow.session, uow.project_id), "name")
    return found


def find_participant(uow: UnitOfWork, ref: Ref) -> Participant:
    """The participant with identifier (or id) ``ref``; raises :class:`NotFoundError`."""
    found: Participant = _pick(
        "participant", ref, queries.people.participants(uow.session, uow.project_id), "identifier"
    )
    return found


# ---------------------------------------------------------------- attributes


def _attribute_record(definition: AttributeDefinition, values: int) -> AttributeRecord:
    """``definition`` as a record (``values``: its count of values)."""
    return AttributeRecord(
        id=definition.id,
        guid=definition.guid,
        version=definition.version,
        name=definition.name,
        level=definition.level,
        type=definition.type,
        levels=tuple(definition.levels or ()),
        description=definition.description,
        position=definition.position,
        values=values,
    )


def check_levels(name: str, type_: AttributeType, levels: Sequence[CellValue]) -> list[str]:
    """The cleaned levels of attribute ``name``; raises :class:`ValidationError` when a
    categorical/ordinal attribute has none, another type has some, or two repeat."""
    cleaned = clean_levels(levels)
    if type_ not in _ORDERED_TYPES:
        if cleaned:
            raise ValidationError(
                f"The {type_.value} attribute {name!r} cannot have allowed values; "
                "only categorical and ordinal attributes do."
            )
        return []
    if not cleaned:
        kind = "allowed values" if type_ is AttributeType.CATEGORICAL else "ordered levels"
        raise ValidationError(f"The {type_.value} attribute {name!r} needs its {kind}.")
    check_distinct(cleaned, f"The attribute {name!r}", "value")
    return cleaned


def clean_levels(levels: Iterable[object]) -> list[str]:
    """The non-empty ``levels`` (values of an answer scale or an attribute) as
    text with white space folded; ``None`` is skipped."""
    cleaned = (" ".join(str(level).split()) for level in levels if level is not None)
    return [level for level in cleaned if level]


def check_distinct(levels: Sequence[str], owner: str, what: str) -> None:
    """Raise :class:`ValidationError` ("``owner`` lists the ``what`` 'x' twice.")
    when a level appears twice, letter case ignored."""
    seen: set[str] = set()
    for level in levels:
        if level.casefold() in seen:
            raise ValidationError(f"{owner} lists the {what} {level!r} twice.")
        seen.add(level.casefold())


def check_new_attribute_name(uow: UnitOfWork, name: str) -> str:
    """``name`` cleaned, if no attribute of the project has it (letter case ignored)."""
    name = clean_name("attribute", name)
    if name.casefold() in RESERVED_NAMES:
        raise ValidationError(
            f"{name!r} cannot name an attribute: it labels the id column of files and tables."
        )
    return unused_name(
        "attribute",
        name,
        queries.attributes.attribute_definitions(uow.session, uow.project_id),
        "name",
        lambda other: (
            f"The project has a {other.level.value} attribute called "
            f"{other.name!r} already (names are unique across cases, participants and documents)."
        ),
    )


def define_attribute(
    uow: UnitOfWork,
    name: str,
    level: AttributeLevel | str,
    type: AttributeType | str,
    levels: Sequence[str] = (),
    description: str = "",
) -> AttributeRecord:
    """Define an attribute of cases, participants or documents (``level``).

    ``type`` is categorical (``levels`` = the allowed values), ordinal
    (``levels`` ordered lowest first), number, date, boolean or text. Names
    are unique in the project across levels, letter case ignored. Writes
    the definition and an audit entry; returns it with no values yet.
    Raises :class:`ValidationError` for a bad name, level, type or levels
    and :class:`ConflictError` when the name is taken.
    """
    owner_level = parse_enum(AttributeLevel, level, "attribute level")
    value_type = parse_enum(AttributeType, type, "attribute type")
    definition = new_definition(uow, name, owner_level, value_type, levels, description)
    return _attribute_record(definition, 0)


def new_definition(
    uow: UnitOfWork,
    name: str,
    owner_level: AttributeLevel,
    value_type: AttributeType,
    levels: Sequence[str] = (),
    description: str = "",
    *,
    note: str = "",
) -> AttributeDefinition:
    """:func:`define_attribute` for a level and type already parsed, returning the
    stored definition; ``note`` is appended to the audit summary (e.g. where an
    import found the attribute). Raises like :func:`define_attribute`."""
    name = check_new_attribute_name(uow, name)
    check_field(description, f"description of the attribute {name!r}")
    cleaned = check_levels(name, value_type, levels)
    definition = AttributeDefinition(
        project_id=uow.project_id,
        name=name,
        level=owner_level,
        type=value_type,
        levels=cleaned,
        description=description.strip(),
        position=queries.attributes.next_attribute_position(uow.session, uow.project_id),
    )
    uow.session.add(definition)
    uow.session.flush()
    kind = value_type.value
    shown = f" ({kind}: {', '.join(cleaned)})" if cleaned else f" ({kind})"
    audit.record(
        uow,
        "attribute.define",
        "attribute",
        definition.id,
        f"Defined {owner_level.value} attribute {name!r}{shown}{note}",
        {"level": owner_level.value, "type": kind, "levels": cleaned},
    )
    return definition


def parse_enum(enum_class: type[E], value: object, what: str) -> E:
    """``value`` as a member of ``enum_class`` (letter case ignored); raises
    :class:`ValidationError` listing the allowed words."""
    return parse_choice(enum_class, value, f"{{value}} is not an {what} (use one of: {{allowed}}).")


def edit_attribute(
    uow: UnitOfWork,
    attribute: Ref,
    *,
    name: str | None = None,
    description: str | None = None,
    add_levels: Sequence[str] = (),
    levels: Sequence[str] | None = None,
    if_version: int | None = None,
) -> AttributeRecord:
    """Rename an attribute, describe it, add allowed values/levels or reorder the levels.

    ``add_levels`` appends values (for an ordinal attribute: above the
    highest level); ``levels`` replaces the whole list, e.g. to reorder an
    ordinal scale, and must keep every value in use. Ordinal ranks of stored
    values are renumbered. Writes the changes and one audit entry; returns
    the attribute with its new version. ``if_version``: the version you
    read; a different stored version raises
    :class:`~qualframe.errors.StaleVersionError` and nothing is saved.
    Raises :class:`ValidationError` or :class:`ConflictError` and changes
    nothing on bad input.
    """
    definition = find_attribute(uow, attribute)
    check_version(definition, if_version, f"the attribute {definition.name!r}")
    changes: list[str] = []
    # One flush at the end: the attribute's version goes up once per edit.
    with uow.session.no_autoflush:
        if name is not None and clean_name("attribute", name) != definition.name:
            new_name = clean_name("attribute", name)
            if new_name.casefold() != definition.name.casefold():
                new_name = check_new_attribute_name(uow, new_name)
            changes.append(f"renamed {definition.name!r} to {new_name!r}")
            definition.name = new_name
        changes += changed_description(definition, description, "changed its description")
        if levels is not None or add_levels:
            changes.extend(_change_levels(uow.session, definition, levels, add_levels))
    values = queries.attributes.value_count(uow.session, definition.id)
    if changes:
        uow.session.flush()
        audit.record(
            uow,
            "attribute.edit",
            "attribute",
            definition.id,
            f"Edited attribute {definition.name!r}: {'; '.join(changes)}",
            {"levels": list(definition.levels)},
        )
    return _attribute_record(definition, values)


def _change_levels(
    session: Session,
    definition: AttributeDefinition,
    levels: Sequence[str] | None,
    add_levels: Sequence[str],
) -> list[str]:
    old = list(definition.levels or ())
    wanted = list(old if levels is None else levels)
    # Adding a value the attribute already has is a no-op, not an error.
    present = {level.casefold() for level in wanted}
    wanted += [level for level in add_levels if level.strip().casefold() not in present]
    new = check_levels(definition.name, definition.type, wanted)
    stored = queries.attributes.values_of_definition(session, definition.id)
    kept = {level.casefold(): level for level in new}
    missing = sorted({v.value for v in stored if v.value.casefold() not in kept})
    if missing:
        raise ValidationError(
            f"The attribute {definition.name!r} cannot drop {', '.join(map(repr, missing))}: "
            "cases, participants or documents have that value."
        )
    if new == old:
        return []
    definition.levels = new
    for value in stored:
        # A level may be respelt by the new list (case only): keep values canonical.
        value.value = kept[value.value.casefold()]
        if definition.type is AttributeType.ORDINAL:
            value.number = float(new.index(value.value))
    added = [level for level in new if level not in old]
    note = f"added {', '.join(map(repr, added))}" if added else ""
    if [level for level in new if level in old] != [level for level in old if level in new]:
        note = (note + "; " if note else "") + "reordered the levels"
    return [note or f"set the values to {', '.join(new)}"]


def delete_attribute(uow: UnitOfWork, attribute: Ref, *, if_version: int | None = None) -> int:
    """Delete an attribute with all its values (and an audit entry); returns how
    many values were deleted. ``if_version``: the version you read; a
    different stored version raises :class:`~qualframe.errors.StaleVersionError`
    and nothing is deleted. Raises :class:`NotFoundError` for an unknown one."""
    definition = find_attribute(uow, attribute)
    check_version(definition, if_version, f"the attribute {definition.name!r}")
    values = queries.attributes.values_of_definition(uow.session, definition.id)
    delete_recorded(
        uow,
        "attribute",
        definition,
        values,
        f"Deleted {definition.level.value} attribute {definition.name!r} and its "
        f"{counted(len(values), 'value')}",
        {"type": definition.type.value, "levels": list(definition.levels)},
    )
    return len(values)


def delete_recorded(
    uow: UnitOfWork,
    entity: str,
    item: AttributeDefinition | Case | Participant | Question,
    dependants: Iterable[object],
    summary: str,
    details: dict[str, Any] | None = None,
) -> None:
    """Delete ``item`` (an ``entity``: attribute, case, participant, question) after
    its ``dependants``, with an audit entry ``<entity>.delete`` saying ``summary``.

    Dependants go first, flushed, so the item's delete never cascades under the ORM.
    """
    for dependant in dependants:
        uow.session.delete(dependant)
    uow.session.flush()
    audit.record(uow, f"{entity}.delete", entity, item.id, summary, details)
    uow.session.delete(item)
    uow.session.flush()


def list_attributes(
    uow: UnitOfWork, level: AttributeLevel | str | None = None
) -> list[AttributeRecord]:
    """The project's attributes (of one ``level`` if given), in display order, each
    with its count of values."""
    wanted = None if level is None else parse_enum(AttributeLevel, level, "attribute level")
    counts: dict[int, int] = {}
    for value in queries.attributes.project_values(uow.session, uow.project_id, wanted):
        counts[value.definition_id] = counts.get(value.definition_id, 0) + 1
    return [
        _attribute_record(d, counts.get(d.id, 0))
        for d in queries.attributes.attribute_definitions(uow.session, uow.project_id, wanted)
    ]
