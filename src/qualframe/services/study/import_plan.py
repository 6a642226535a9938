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
from typing import TypedDict, Unpack

from qualframe.errors import InputFileError
from qualframe.formats.tables import Table
from qualframe.services.core.wording import counted
from qualframe.services.study.attributes import parse_enum
from qualframe.services.study.tables import problems_error
from qualframe.vocabulary import AttributeLevel, AttributeType


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


class ImportSettings(TypedDict, total=False):
    """How to read a file of cases or participants (all optional).

    ``sheet``: the worksheet of a workbook (default: the first);
    ``types``/``attribute_levels``: the type (categorical, ordinal, number,
    date, boolean, text) and level (case, participant) of new attribute
    columns, by column name, instead of what is inferred; ``create_cases``:
    a participants file may add the cases it names; ``update_only``: refuse
    rows naming unknown cases or participants.
    """

    sheet: str | None
    types: Mapping[str, AttributeType | str] | None
    attribute_levels: Mapping[str, AttributeLevel | str] | None
    create_cases: bool
    update_only: bool


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
        numbers = [counted(self.cases, "case")]
        if self.kind is ImportKind.PARTICIPANTS:
            numbers.append(counted(self.participants, "participant"))
        extra = [counted(len(self.new_attributes), "new attribute")]
        if self.new_cases:
            extra.append(counted(len(self.new_cases), "new case"))
        if self.new_participants:
            extra.append(counted(len(self.new_participants), "new participant"))
        if self.moved_participants:
            extra.append(f"{len(self.moved_participants)} moved to another case")
        extra.append(counted(len(self.changes), "value") + " set or changed")
        return f"Imported {' and '.join(numbers)} from {self.name} ({', '.join(extra)})"

    def error(self) -> InputFileError:
        """The problems as one :class:`InputFileError` naming the file and lines."""
        return problems_error(self.source, self.problems)


def make_options(kind: ImportKind | str, **settings: Unpack[ImportSettings]) -> ImportOptions:
    """Checked :class:`ImportOptions` for a file of ``kind`` (cases or participants);
    raises :class:`ValidationError` for an unknown kind, type or level and
    ``TypeError`` for an unknown setting, as a call would."""
    unknown = sorted(set(settings) - ImportSettings.__optional_keys__)
    if unknown:
        raise TypeError(f"unexpected keyword argument {unknown[0]!r}")
    return ImportOptions(
        kind=parse_enum(ImportKind, kind, "import kind"),
        sheet=settings.get("sheet"),
        types=tuple(
            (column, parse_enum(AttributeType, value, "attribute type"))
            for column, value in (settings.get("types") or {}).items()
        ),
        attribute_levels=tuple(
            (column, parse_enum(AttributeLevel, value, "attribute level"))
            for column, value in (settings.get("attribute_levels") or {}).items()
        ),
        create_cases=settings.get("create_cases", False),
        update_only=settings.get("update_only", False),
    )
