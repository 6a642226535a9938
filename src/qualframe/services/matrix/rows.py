"""The rows of framework matrices: participants, cases or attribute groups.

A row object is a participant, a case, or an attribute group: the
participants sharing given values of one or more case or participant
attributes (participants inherit their case's attributes). A group is named
by its canonical key ``name=value|name=value`` (attribute names in their
defined spelling, sorted ignoring case; values canonical); the pseudo
attribute ``case`` groups by case. Participants without a value for a
grouping attribute form the group with an empty value ("(no value)").

Rows are ordered by the ``order_by`` attributes (ordinal and categorical
values in their defined level order, numbers and dates by value, missing
values last), then by name in natural order (P2 before P10).

Who the rows can be (:class:`Roster`: participants and cases) and what they
are described by (:class:`People`: the roster with attribute values) are read
once per unit of work: naming one cell's row reads the roster alone.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple, cast

from qualframe.errors import NotFoundError, ValidationError
from qualframe.services.core.refs import Where
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.study.attribute_values import canonical_value
from qualframe.services.study.attributes import matching, natural_key
from qualframe.storage import queries
from qualframe.storage.models import AttributeDefinition
from qualframe.vocabulary import AttributeLevel, AttributeType, RowKind

#: The pseudo attribute grouping participants by their case.
CASE = "case"
#: How an empty group value is shown.
NO_VALUE = "(no value)"
#: A row given by participant identifier, case name, ``(kind, name or id)`` or
#: a group ``{attribute: value}``.
RowRef = str | int | Mapping[str, str] | tuple[str, str | int]

_ROW_KINDS = {"participants": RowKind.PARTICIPANT, "cases": RowKind.CASE, "groups": RowKind.GROUP}


@dataclass(frozen=True)
class RowTarget:
    """A row object: its kind, id (participant or case) or group key, label,
    the participants whose codings it holds, and its attributes (see
    :func:`participant_row` and :func:`case_row`)."""

    kind: RowKind
    id: int | None
    group_key: str | None
    label: str
    participant_ids: frozenset[int]
    attributes: Mapping[str, str] = field(default_factory=dict)

    @property
    def key(self) -> str:
        """What names the row: participant identifier, case name or group key."""
        return self.group_key if self.group_key is not None else self.label


def row_kind(rows: str | RowKind) -> RowKind:
    """``participants``/``cases``/``groups`` (or a :class:`RowKind`) as a row kind."""
    if isinstance(rows, RowKind):
        return rows
    text = str(rows).strip().casefold()
    found = _ROW_KINDS.get(text) or _ROW_KINDS.get(text + "s")
    if found is None:
        raise ValidationError(f"Matrix rows are participants, cases or groups, not {rows!r}.")
    return found


def group_key(values: Mapping[str, str]) -> str:
    """The canonical key of a group: ``name=value|...``, names sorted ignoring case."""
    return "|".join(f"{name}={values[name]}" for name in sorted(values, key=str.casefold))


def parse_group_key(key: str) -> dict[str, str]:
    """``name=value|...`` as a mapping (the inverse of :func:`group_key`)."""
    pairs = [part.partition("=") for part in key.split("|") if part]
    return {name.strip(): value.strip() for name, _, value in pairs}


def group_label(values: Mapping[str, str], names: Sequence[str] | None = None) -> str:
    """A group as people read it: its values in ``names`` order, joined by " · "."""
    order = names if names is not None else sorted(values, key=str.casefold)
    return " · ".join(values[name] or f"{name}: {NO_VALUE}" for name in order)


# ---------------------------------------------------------------- the study's people


class Named(NamedTuple):
    """A participant or a case as rows name it: its id and its identifier or name."""

    id: int
    name: str


@dataclass(frozen=True)
class Roster:
    """Who the rows can be: the project's participants and cases, and which case
    each participant belongs to (ids and names only)."""

    identifiers: dict[int, str]
    case_of: dict[int, int]
    case_names: dict[int, str]

    @classmethod
    def load(cls, uow: UnitOfWork) -> Roster:
        """The roster, read once per unit of work (two queries; cached until a write)."""
        return uow.cached(("matrix roster", uow.project_id), lambda: cls._read(uow))

    @classmethod
    def _read(cls, uow: UnitOfWork) -> Roster:
        rows = queries.people.participant_cases(uow.session, uow.project_id)
        return cls(
            identifiers={row.id: row.identifier for row in rows},
            case_of={row.id: row.case_id for row in rows},
            case_names=queries.people.case_names(uow.session, uow.project_id),
        )

    def members(self, case_id: int) -> set[int]:
        """The participants of one case."""
        return {pid for pid, cid in self.case_of.items() if cid == case_id}

    def find(self, kind: RowKind, ref: str | int) -> Named:
        """The participant (identifier or id) or case (name or id) ``ref`` names,
        as :func:`~qualframe.services.study.attributes.matching` matches them;
        raises :class:`NotFoundError` listing the known ones."""
        names = self.identifiers if kind is RowKind.PARTICIPANT else self.case_names
        items = [Named(key, name) for key, name in names.items()]
        found = matching(ref, items, "name")
        if len(found) == 1:
            return cast(Named, found[0])
        what = "participant" if kind is RowKind.PARTICIPANT else "case"
        known = sorted(names.values(), key=natural_key)
        listing = ", ".join(known[:20]) + (" ..." if len(known) > 20 else "") if known else ""
        raise NotFoundError(
            f"No {what} called {ref!r} in this project ({what}s: {listing or 'none yet'})."
        )


@dataclass(frozen=True)
class People:
    """The roster with every participant's and case's attribute values and the
    attribute definitions: everything rows are made of."""

    roster: Roster
    values: dict[int, dict[str, str]]
    case_values: dict[int, dict[str, str]]
    definitions: dict[str, AttributeDefinition]

    @classmethod
    def load(cls, uow: UnitOfWork) -> People:
        """The people, read once per unit of work (five queries with the roster;
        cached until a write)."""
        return uow.cached(("matrix people", uow.project_id), lambda: cls._read(uow))

    @classmethod
    def _read(cls, uow: UnitOfWork) -> People:
        roster = Roster.load(uow)
        session, project_id = uow.session, uow.project_id
        case_values = queries.attributes.owner_attributes(
            session, project_id, AttributeLevel.CASE, roster.case_names
        )
        own = queries.attributes.owner_attributes(
            session, project_id, AttributeLevel.PARTICIPANT, roster.identifiers
        )
        values = {
            pid: {**case_values.get(roster.case_of.get(pid, -1), {}), **own.get(pid, {})}
            for pid in roster.identifiers
        }
        return cls(
            roster=roster,
            values=values,
            case_values=case_values,
            definitions=queries.attributes.definitions_by_name(session, project_id),
        )

    @property
    def identifiers(self) -> dict[int, str]:
        """``{participant id: identifier}``."""
        return self.roster.identifiers

    @property
    def case_names(self) -> dict[int, str]:
        """``{case id: name}``."""
        return self.roster.case_names

    def value(self, participant_id: int, name: str) -> str:
        """The participant's value of attribute ``name`` (``case``: its case), "" if none."""
        if name == CASE:
            return self.case_names[self.roster.case_of[participant_id]]
        return self.values.get(participant_id, {}).get(name, "")

    def members(self, case_id: int) -> set[int]:
        """The participants of one case."""
        return self.roster.members(case_id)


def grouping_names(
    people: People, names: Sequence[str], kind: RowKind, what: str = "group by"
) -> list[str]:
    """Attribute names (defined spelling) to group or order ``kind`` rows by.

    Raises :class:`NotFoundError` for an unknown attribute and
    :class:`ValidationError` for a document attribute, or a participant
    attribute (or ``case``) for case rows.
    """
    found: list[str] = []
    for name in names:
        text = " ".join(str(name).split())
        if text.casefold() == CASE:
            if kind is RowKind.CASE:
                raise ValidationError(f"Case rows cannot {what} 'case': each row is a case.")
            found.append(CASE)
            continue
        definition = _definition(people, text)
        if definition.level is AttributeLevel.DOCUMENT:
            raise ValidationError(
                f"The attribute {definition.name!r} describes documents, so matrix rows "
                f"cannot {what} it; use a case or participant attribute."
            )
        if kind is RowKind.CASE and definition.level is not AttributeLevel.CASE:
            raise ValidationError(
                f"Case rows can only {what} case attributes; {definition.name!r} describes "
                "participants. Use participant or group rows."
            )
        found.append(definition.name)
    if len(set(found)) != len(found):
        raise ValidationError(f"An attribute is named twice in {what}: {', '.join(names)}.")
    return found


def _definition(people: People, name: str) -> AttributeDefinition:
    definition = people.definitions.get(name)
    if definition is None:
        folded = {key.casefold(): d for key, d in people.definitions.items()}
        definition = folded.get(name.casefold())
    if definition is None:
        known = ", ".join(people.definitions) or "none defined"
        raise NotFoundError(f"No attribute called {name!r} (attributes: {known}).")
    return definition


def value_sort_key(people: People, name: str, value: str) -> tuple[Any, ...]:
    """Sort key of an attribute value: level order, numbers by value, missing last."""
    if not value:
        return (2, 0.0, ())
    definition = people.definitions.get(name)
    if definition is not None and definition.levels and value in definition.levels:
        return (0, float(definition.levels.index(value)), ())
    if definition is not None and definition.type is AttributeType.NUMBER:
        try:
            return (0, float(value), ())
        except ValueError:
            pass
    return (1, 0.0, natural_key(value))


# ---------------------------------------------------------------- naming one row


def resolve_row(uow: UnitOfWork, ref: RowRef, people: People | Roster | None = None) -> RowTarget:
    """The row object ``ref`` names.

    A string is a participant identifier or a case name (``participant:P01``
    or ``case:Trust A`` settles a clash; ``name=value|name=value`` is a
    group); an int is a participant id; ``(kind, name or id)`` names the kind;
    a mapping ``{attribute: value}`` is a group (``{"case": name}`` alone is a
    case). Raises :class:`NotFoundError` / :class:`ValidationError` naming
    what was not found or is ambiguous.

    Reads the :class:`Roster` (and, for a group row, the :class:`People`) once
    per unit of work, unless given. A participant or case row carries its
    attribute values only when ``people`` (or a group) made them needed;
    otherwise its case alone.
    """
    who = people or Roster.load(uow)
    if isinstance(ref, Mapping):
        return _group_row(uow, who, ref)
    if isinstance(ref, tuple):
        kind, name = ref
        return _named_row(uow, who, row_kind(kind), name)
    if isinstance(ref, int) and not isinstance(ref, bool):
        return _named_row(uow, who, RowKind.PARTICIPANT, ref)
    text = " ".join(str(ref).split())
    prefix, sep, rest = text.partition(":")
    if sep and prefix.strip().casefold() in ("participant", "case", "group"):
        kind = row_kind(prefix.strip())
        if kind is RowKind.GROUP:
            return _group_row(uow, who, parse_group_key(rest))
        return _named_row(uow, who, kind, rest.strip())
    if "=" in text:
        return _group_row(uow, who, parse_group_key(text))
    return _person_or_case(uow, who, text)


def _person_or_case(uow: UnitOfWork, who: People | Roster, text: str) -> RowTarget:
    rows: list[RowTarget] = []
    for kind in (RowKind.PARTICIPANT, RowKind.CASE):
        with contextlib.suppress(NotFoundError):
            rows.append(_named_row(uow, who, kind, text))
    if len(rows) == 1:
        return rows[0]
    if rows:
        raise ValidationError(
            f"{text!r} is both a participant and a case; write 'participant:{text}' "
            f"or 'case:{text}'."
        )
    raise NotFoundError(
        f"No participant or case called {text!r} in this project (a group is written "
        "like 'stakeholder group=peer worker')."
    )


def _roster(who: People | Roster) -> Roster:
    return who.roster if isinstance(who, People) else who


def _named_row(uow: UnitOfWork, who: People | Roster, kind: RowKind, name: str | int) -> RowTarget:
    if kind is RowKind.GROUP:
        return _group_row(uow, who, parse_group_key(str(name)))
    found = _roster(who).find(kind, name)
    if kind is RowKind.PARTICIPANT:
        return participant_row(who, found.id)
    return case_row(who, found.id, who.members(found.id))


def participant_row(who: People | Roster, participant_id: int) -> RowTarget:
    """The row of one participant (attributes: its case, and with :class:`People`
    its own and inherited values)."""
    roster = _roster(who)
    values = who.values.get(participant_id, {}) if isinstance(who, People) else {}
    return RowTarget(
        kind=RowKind.PARTICIPANT,
        id=participant_id,
        group_key=None,
        label=roster.identifiers[participant_id],
        participant_ids=frozenset({participant_id}),
        attributes={CASE: roster.case_names[roster.case_of[participant_id]], **values},
    )


def case_row(who: People | Roster, case_id: int, members: set[int]) -> RowTarget:
    """The row of one case, holding the codings of ``members`` (attributes: the
    case's values, with :class:`People`)."""
    values = who.case_values.get(case_id, {}) if isinstance(who, People) else {}
    return RowTarget(
        kind=RowKind.CASE,
        id=case_id,
        group_key=None,
        label=_roster(who).case_names[case_id],
        participant_ids=frozenset(members),
        attributes=dict(values),
    )


def _group_row(uow: UnitOfWork, who: People | Roster, values: Mapping[str, str]) -> RowTarget:
    """The group row of ``{attribute: value}``; checks names and values (reads
    the :class:`People` when only the roster is given)."""
    if not values:
        raise ValidationError("A group row needs at least one 'attribute=value'.")
    people = who if isinstance(who, People) else People.load(uow)
    names = grouping_names(people, list(values), RowKind.GROUP, "be grouped by")
    given = list(values.values())
    if names == [CASE]:
        return _named_row(uow, people, RowKind.CASE, str(given[0]))
    canonical: dict[str, str] = {}
    for name, raw in zip(names, given, strict=True):
        if name == CASE:
            canonical[name] = people.roster.find(RowKind.CASE, raw).name
            continue
        definition = people.definitions[name]
        checked = canonical_value(name, definition.type, definition.levels or (), raw)
        canonical[name] = checked.value if checked is not None else ""
    return group_row(people, canonical, set(people.identifiers), names)


def group_row(
    people: People,
    values: Mapping[str, str],
    candidates: set[int],
    names: Sequence[str] | None = None,
) -> RowTarget:
    """The group of ``candidates`` having ``values`` (a case row for ``{"case": ...}``)."""
    members = {
        pid for pid in candidates if all(people.value(pid, n) == v for n, v in values.items())
    }
    if list(values) == [CASE]:
        case_id = next(cid for cid, name in people.case_names.items() if name == values[CASE])
        return case_row(people, case_id, members)
    return RowTarget(
        kind=RowKind.GROUP,
        id=None,
        group_key=group_key(values),
        label=group_label(values, names),
        participant_ids=frozenset(members),
        attributes=dict(values),
    )


# ---------------------------------------------------------------- the rows of a matrix


@dataclass(frozen=True)
class GroupLayout:
    """A group of a matrix's rows: its label, its grouping values, the indices of
    its rows and the row object of the whole group (a case or group row)."""

    label: str
    values: dict[str, str]
    rows: tuple[int, ...]
    target: RowTarget


@dataclass(frozen=True)
class RowLayout:
    """A matrix's rows in order, and its groups."""

    rows: tuple[RowTarget, ...]
    groups: tuple[GroupLayout, ...]
    group_by: tuple[str, ...]


def layout_rows(
    uow: UnitOfWork,
    people: People,
    kind: RowKind,
    *,
    group_by: Sequence[str] = (),
    where: Where | None = None,
    order_by: Sequence[str] = (),
) -> RowLayout:
    """The rows of a matrix of ``kind`` rows, filtered, ordered and grouped.

    Raises :class:`NotFoundError`/:class:`ValidationError` for unknown or
    unusable attributes (see :func:`grouping_names`).
    """
    grouping = grouping_names(people, group_by, kind)
    ordering = grouping + [
        n for n in grouping_names(people, order_by, kind, "order by") if n not in grouping
    ]
    allowed = set(people.identifiers)
    if where:
        allowed = queries.people.participant_ids_matching(uow.session, uow.project_id, where)
    if kind is RowKind.GROUP:
        if not grouping:
            raise ValidationError("A matrix of groups needs attributes to group by (group_by).")
        rows = _group_rows(people, grouping, allowed)
        return RowLayout(tuple(_ordered(people, rows, ordering)), (), ())
    if kind is RowKind.PARTICIPANT:
        rows = [participant_row(people, pid) for pid in allowed]
    else:
        rows = _case_rows(people, allowed, filtered=bool(where))
    ordered = _ordered(people, rows, ordering)
    groups = _groups(people, ordered, grouping, allowed) if grouping else ()
    return RowLayout(tuple(ordered), groups, tuple(grouping))


def _case_rows(people: People, allowed: set[int], *, filtered: bool) -> list[RowTarget]:
    rows = []
    for case_id in people.case_names:
        members = people.members(case_id) & allowed
        if members or not filtered:
            rows.append(case_row(people, case_id, members))
    return rows


def _group_rows(people: People, names: Sequence[str], allowed: set[int]) -> list[RowTarget]:
    combos = {tuple(people.value(pid, n) for n in names) for pid in allowed}
    return [
        group_row(people, dict(zip(names, combo, strict=True)), allowed, names) for combo in combos
    ]


def _row_value(people: People, row: RowTarget, name: str) -> str:
    if row.kind is RowKind.PARTICIPANT and row.id is not None:
        return people.value(row.id, name)
    return str(row.attributes.get(name, ""))


def _ordered(people: People, rows: list[RowTarget], names: Sequence[str]) -> list[RowTarget]:
    def key(row: RowTarget) -> tuple[Any, ...]:
        values = tuple(value_sort_key(people, n, _row_value(people, row, n)) for n in names)
        return (*values, natural_key(row.label))

    return sorted(rows, key=key)


def _groups(
    people: People, rows: Sequence[RowTarget], names: Sequence[str], allowed: set[int]
) -> tuple[GroupLayout, ...]:
    """Consecutive rows sharing their grouping values (rows are ordered by them)."""
    found: dict[tuple[str, ...], list[int]] = {}
    for index, row in enumerate(rows):
        found.setdefault(tuple(_row_value(people, row, n) for n in names), []).append(index)
    groups = []
    for combo, indices in found.items():
        values = dict(zip(names, combo, strict=True))
        members = set().union(*(rows[i].participant_ids for i in indices)) & allowed
        target = group_row(people, values, members, names)
        groups.append(GroupLayout(target.label, values, tuple(indices), target))
    return tuple(groups)
