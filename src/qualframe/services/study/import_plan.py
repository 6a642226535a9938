"""The plan of an import of cases or participants: what it would create and change.

See :mod:`qualframe.services.study.spreadsheet_import` for how a plan is made and
carried out. These records hold plain values only (no database objects),
so a plan can be shown, kept and applied later.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from qualframe.errors import InputFileError
from qualframe.formats.tables import Table
from qualframe.services.study.attributes import parse_enum
from qualframe.vocabulary import AttributeLevel, AttributeType

#: Most problems quoted in the error message (all are kept in the plan).
MAX_REPORTED_PROBLEMS = 25


class ImportKind(StrEnum):
    """What one row of the file describes."""

    CASES = "cases"
    PARTICIPANTS = "participants"


@dataclass(frozen=True)
class ImportProblem:
    """Something wrong in the file: where (line, column) and what."""

    line: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [f"line {self.line}"] if self.line is not None else []
        where += [f"column {self.column!r}"] if self.column is not None else []
        return f"{', '.join(where)}: {self.message}" if where else self.message


@dataclass(frozen=True)
class NewAttribute:
    """An attribute the import would define for an unknown column."""

    name: str
    level: AttributeLevel
    type: AttributeType
    levels: tuple[str, ...]
    inferred: bool


@dataclass(frozen=True)
class NewParticipant:
    """A participant the import would add (``line`` of the file)."""

    identifier: str
    case: str
    line: int


@dataclass(frozen=True)
class MovedParticipant:
    """A participant the file puts in another case than it is in now."""

    identifier: str
    old_case: str
    new_case: str
    line: int


@dataclass(frozen=True)
class ValueChange:
    """A value the import would set: ``attribute`` of ``level`` object ``target``
    (``attribute`` is ``"description"`` for a description); ``old`` is None
    when there was no value."""

    level: AttributeLevel
    target: str
    attribute: str
    old: str | None
    new: str
    line: int


@dataclass(frozen=True)
class ImportOptions:
    """How to read the file: ``types``/``attribute_levels`` override the type and
    level inferred for new attribute columns (keys: column names)."""

    kind: ImportKind
    sheet: str | None = None
    types: tuple[tuple[str, AttributeType], ...] = ()
    attribute_levels: tuple[tuple[str, AttributeLevel], ...] = ()
    create_cases: bool = False
    update_only: bool = False


@dataclass(frozen=True)
class ImportPlan:
    """What importing a file would do (see the module docstring).

    ``rows`` counts the data rows; ``cases``/``participants`` the distinct
    cases and participants the file names. ``ok`` is true when there is no
    problem and :func:`apply_import` would succeed.
    """

    source: str
    kind: ImportKind
    rows: int
    cases: int
    participants: int
    new_attributes: tuple[NewAttribute, ...]
    new_cases: tuple[str, ...]
    new_participants: tuple[NewParticipant, ...]
    moved_participants: tuple[MovedParticipant, ...]
    changes: tuple[ValueChange, ...]
    unchanged: int
    problems: tuple[ImportProblem, ...]
    options: ImportOptions = field(repr=False)
    table: Table = field(repr=False, compare=False)

    @property
    def ok(self) -> bool:
        """True when the file has no problem."""
        return not self.problems

    @property
    def name(self) -> str:
        """The file's name without its folder."""
        return Path(self.source).name

    def summary(self) -> str:
        """One sentence saying what the import does (or did)."""
        counted = [_count(self.cases, "case")]
        if self.kind is ImportKind.PARTICIPANTS:
            counted.append(_count(self.participants, "participant"))
        extra = [_count(len(self.new_attributes), "new attribute")]
        if self.new_cases:
            extra.append(_count(len(self.new_cases), "new case"))
        if self.new_participants:
            extra.append(_count(len(self.new_participants), "new participant"))
        if self.moved_participants:
            extra.append(f"{len(self.moved_participants)} moved to another case")
        extra.append(_count(len(self.changes), "value") + " set or changed")
        return f"Imported {' and '.join(counted)} from {self.name} ({', '.join(extra)})"

    def error(self) -> InputFileError:
        """The problems as one :class:`InputFileError` naming the file and lines."""
        shown = "\n".join(f"  {p}" for p in self.problems[:MAX_REPORTED_PROBLEMS])
        more = len(self.problems) - MAX_REPORTED_PROBLEMS
        tail = f"\n  ... and {more} more" if more > 0 else ""
        return InputFileError(
            self.source,
            f"{_count(len(self.problems), 'problem')}; nothing was imported:\n{shown}{tail}",
        )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' if number != 1 else ''}"


def make_options(
    kind: ImportKind | str,
    *,
    sheet: str | None = None,
    types: Mapping[str, AttributeType | str] | None = None,
    attribute_levels: Mapping[str, AttributeLevel | str] | None = None,
    create_cases: bool = False,
    update_only: bool = False,
) -> ImportOptions:
    """Checked :class:`ImportOptions`; raises :class:`ValidationError` for an unknown
    kind, type or level."""
    checked_kind = parse_enum(ImportKind, kind, "import kind")
    return ImportOptions(
        kind=checked_kind,
        sheet=sheet,
        types=tuple(
            (column, parse_enum(AttributeType, value, "attribute type"))
            for column, value in (types or {}).items()
        ),
        attribute_levels=tuple(
            (column, parse_enum(AttributeLevel, value, "attribute level"))
            for column, value in (attribute_levels or {}).items()
        ),
        create_cases=create_cases,
        update_only=update_only,
    )
