"""Planning an import of cases or participants: what a read table would change.

:func:`plan_import` walks the table once against the database and returns
the :class:`~qualframe.services.study.import_plan.ImportPlan`: the
attributes unknown columns would define (type and level inferred, or as
the options say), the new cases and participants, the participants moving
case, every value set or changed, what is unchanged and every problem with
its line and column. It writes nothing (see
:mod:`qualframe.services.study.spreadsheet_import`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from qualframe.errors import InputFileError, UserError
from qualframe.formats.tables import CellValue, Table
from qualframe.services.core.field_limits import field_problem
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.study.attribute_values import (
    as_text,
    canonical_value,
    distinct_levels,
    infer_type,
    is_empty,
)
from qualframe.services.study.attributes import (
    CASE_COLUMNS,
    PARTICIPANT_COLUMNS,
    RESERVED_NAMES,
    clean_name,
)
from qualframe.services.study.import_plan import (
    ImportKind,
    ImportOptions,
    ImportPlan,
    ImportProblem,
    MovedParticipant,
    NewAttribute,
    NewParticipant,
    ValueChange,
)
from qualframe.services.study.owner_values import owner_column
from qualframe.storage import queries
from qualframe.storage.models import AttributeDefinition
from qualframe.vocabulary import AttributeLevel, AttributeType


def plan_import(uow: UnitOfWork, table: Table, options: ImportOptions) -> ImportPlan:
    """The :class:`ImportPlan` of an already-read table (reads only).

    Raises :class:`InputFileError` when the table lacks its id column; every
    other problem is listed in the plan.
    """
    return _Planner(uow, table, options).plan()


@dataclass
class _Column:
    """A file column: what it feeds (an existing or new attribute, or the description)."""

    header: str
    definition: AttributeDefinition | None = None
    new: NewAttribute | None = None
    is_description: bool = False

    @property
    def feeds(self) -> AttributeDefinition | NewAttribute:
        """The attribute the column sets (not for the description column)."""
        found = self.definition if self.definition is not None else self.new
        assert found is not None, "the description column feeds no attribute"
        return found

    @property
    def level(self) -> AttributeLevel:
        return self.feeds.level

    @property
    def name(self) -> str:
        return "description" if self.is_description else self.feeds.name


class _Planner:
    """Walks the table once, collecting the plan and every problem."""

    def __init__(self, uow: UnitOfWork, table: Table, options: ImportOptions) -> None:
        self.uow, self.table, self.options = uow, table, options
        self.kind = options.kind
        self.problems: list[ImportProblem] = []
        self.cases = {
            c.name.casefold(): c for c in queries.people.cases(uow.session, uow.project_id)
        }
        self.people = {
            p.identifier.casefold(): p
            for p in queries.people.participants(uow.session, uow.project_id)
        }
        self.case_names = {c.id: c.name for c in self.cases.values()}
        self.stored: dict[tuple[int, AttributeLevel, int], str] = {}
        for value in queries.attributes.project_values(uow.session, uow.project_id):
            for level in (AttributeLevel.CASE, AttributeLevel.PARTICIPANT):
                owner = getattr(value, owner_column(level))
                if owner is not None:
                    self.stored[(value.definition_id, level, owner)] = value.value
        self.new_cases: dict[str, str] = {}
        self.new_people: list[NewParticipant] = []
        self.moved: list[MovedParticipant] = []
        self.changes: list[ValueChange] = []
        self.unchanged = 0
        # (case name folded, column name) -> (line, canonical value): rows must agree.
        self.case_values: dict[tuple[str, str], tuple[int, str]] = {}

    def problem(self, line: int | None, column: str | None, message: str) -> None:
        self.problems.append(ImportProblem(line, column, message))

    def plan(self) -> ImportPlan:
        id_column = self._id_column()
        case_column = self._case_column() if self.kind is ImportKind.PARTICIPANTS else None
        rows = self._rows(id_column, case_column)
        columns = self._columns({id_column, case_column}, rows)
        self._check_overrides(columns)
        for row in rows:
            self._plan_row(row, columns)
        case_count = len({row.case.casefold() for row in rows if row.case})
        if self.kind is ImportKind.CASES:
            case_count = len(rows)
        return ImportPlan(
            source=self.table.source,
            kind=self.kind,
            rows=len(self.table.rows),
            cases=case_count,
            participants=len(rows) if self.kind is ImportKind.PARTICIPANTS else 0,
            new_attributes=tuple(c.new for c in columns if c.new is not None),
            new_cases=tuple(self.new_cases.values()),
            new_participants=tuple(self.new_people),
            moved_participants=tuple(self.moved),
            changes=tuple(self.changes),
            unchanged=self.unchanged,
            problems=tuple(sorted(self.problems, key=lambda p: (p.line or 0,))),
            options=self.options,
            table=self.table,
        )

    # ---- columns

    def _find_column(self, aliases: Sequence[str]) -> str | None:
        return next((c for c in self.table.columns if c.casefold() in aliases), None)

    def _id_column(self) -> str:
        aliases = CASE_COLUMNS if self.kind is ImportKind.CASES else PARTICIPANT_COLUMNS
        found = self._find_column(aliases)
        if found is None:
            columns = ", ".join(repr(c) for c in self.table.columns)
            raise InputFileError(
                self.table.source,
                f"a file of {self.kind.value} needs a column {aliases[0]!r} naming each "
                f"{aliases[0]}; its columns are {columns}",
            )
        return found

    def _case_column(self) -> str | None:
        return self._find_column(CASE_COLUMNS)

    def _columns(self, id_columns: set[str | None], rows: list[_Row]) -> list[_Column]:
        definitions = {
            d.name.casefold(): d
            for d in queries.attributes.attribute_definitions(self.uow.session, self.uow.project_id)
        }
        columns: list[_Column] = []
        for header in self.table.columns:
            if header in id_columns:
                continue
            folded = header.casefold()
            if folded == "description":
                columns.append(_Column(header, is_description=True))
            elif folded in RESERVED_NAMES:
                self.problem(None, header, self._reserved_message(header))
            elif folded in definitions:
                column = _Column(header, definition=definitions[folded])
                if self._usable_level(column):
                    columns.append(column)
            else:
                new = self._new_attribute(header, rows)
                if new is not None:
                    columns.append(_Column(header, new=new))
        return columns

    def _reserved_message(self, header: str) -> str:
        if self.kind is ImportKind.CASES and header.casefold() in PARTICIPANT_COLUMNS:
            return "a file of cases has one row per case; import participants from their own file"
        return "this column name is reserved and cannot be imported; rename or remove the column"

    def _usable_level(self, column: _Column) -> bool:
        level = column.level
        allowed = {AttributeLevel.CASE}
        if self.kind is ImportKind.PARTICIPANTS:
            allowed.add(AttributeLevel.PARTICIPANT)
        if level in allowed:
            return True
        self.problem(
            None,
            column.header,
            f"{column.name!r} is a {level.value} attribute; it cannot be set from a file of "
            f"{self.kind.value}",
        )
        return False

    def _new_attribute(self, header: str, rows: list[_Row]) -> NewAttribute | None:
        try:
            name = clean_name("attribute", header)
        except UserError as error:
            self.problem(None, header, str(error))
            return None
        values = [row.values[header] for row in rows]
        override = _lookup(self.options.types, header)
        if override is None:
            inferred = infer_type(values)
            type_, levels = inferred.type, inferred.levels
        else:
            type_ = override
            ordered = type_ in (AttributeType.CATEGORICAL, AttributeType.ORDINAL)
            levels = distinct_levels(values) if ordered else ()
            if ordered and not levels:
                self.problem(None, header, f"a {type_.value} attribute needs values in the file")
                return None
        level = self._new_level(header, rows)
        if level is AttributeLevel.DOCUMENT or (
            self.kind is ImportKind.CASES and level is AttributeLevel.PARTICIPANT
        ):
            self.problem(
                None, header, f"a file of {self.kind.value} cannot define a {level.value} attribute"
            )
            return None
        return NewAttribute(name, level, type_, levels, inferred=override is None)

    def _new_level(self, header: str, rows: list[_Row]) -> AttributeLevel:
        """Case level for a cases file, or when every case's rows agree (and some case
        has several rows with a value); participant level otherwise."""
        override = _lookup(self.options.attribute_levels, header)
        if override is not None:
            return override
        if self.kind is ImportKind.CASES:
            return AttributeLevel.CASE
        seen: dict[str, set[str]] = {}
        repeated = False
        for row in rows:
            raw = row.values[header]
            if row.case and not is_empty(raw):
                values = seen.setdefault(row.case.casefold(), set())
                repeated = repeated or bool(values)
                values.add(as_text(raw).casefold())
        constant = all(len(values) == 1 for values in seen.values())
        return AttributeLevel.CASE if seen and constant and repeated else AttributeLevel.PARTICIPANT

    def _check_overrides(self, columns: list[_Column]) -> None:
        by_header = {c.header.casefold(): c for c in columns}
        headers = {header.casefold() for header in self.table.columns}
        for what, overrides in (
            ("type", self.options.types),
            ("level", self.options.attribute_levels),
        ):
            for key, _ in overrides:
                column = by_header.get(key.strip().casefold())
                if key.strip().casefold() not in headers:
                    self.problem(None, key, f"the file has no column {key!r} to set the {what} of")
                elif column is not None and column.definition is not None:
                    self.problem(
                        None,
                        key,
                        f"{column.name!r} is an existing {column.definition.level.value} "
                        f"attribute ({column.definition.type.value}); an import cannot change "
                        f"its {what}",
                    )

    # ---- rows

    def _rows(self, id_column: str, case_column: str | None) -> list[_Row]:
        """The rows with an id, checking ids are present and not repeated."""
        noun = "case" if self.kind is ImportKind.CASES else "participant"
        first_line: dict[str, int] = {}
        rows: list[_Row] = []
        for row in self.table.rows:
            key = as_text(row.values[id_column])
            if not key:
                self.problem(row.line, id_column, f"the {noun} is missing")
                continue
            earlier = first_line.setdefault(key.casefold(), row.line)
            if earlier != row.line:
                self.problem(
                    row.line,
                    id_column,
                    f"the {noun} {key!r} appears twice, on lines {earlier} and {row.line}; "
                    "give each one row",
                )
                continue
            rows.append(
                _Row(row.line, key, self._case_of_row(key, row.values, case_column), row.values)
            )
        return rows

    def _case_of_row(
        self, key: str, values: Mapping[str, CellValue], case_column: str | None
    ) -> str:
        if self.kind is ImportKind.CASES:
            return key
        if case_column is not None and not is_empty(values[case_column]):
            return as_text(values[case_column])
        person = self.people.get(key.casefold())
        return self.case_names[person.case_id] if person is not None else ""

    def _resolve_case(self, row: _Row, column: str | None) -> tuple[bool, str, int | None]:
        """(known, spelling, id) of the row's case; id None for a case this import adds."""
        folded = row.case.casefold()
        if folded in self.cases:
            case = self.cases[folded]
            return True, case.name, case.id
        if folded in self.new_cases:
            return True, self.new_cases[folded], None
        if self.kind is ImportKind.CASES or self.options.create_cases:
            self.new_cases[folded] = row.case
            return True, row.case, None
        self.problem(
            row.line,
            column,
            f"the case {row.case!r} does not exist; add it first, or import with "
            "create_cases=True (--create-cases) to create it",
        )
        return False, row.case, None

    def _plan_row(self, row: _Row, columns: list[_Column]) -> None:
        if self.kind is ImportKind.CASES:
            self._plan_case_row(row, columns)
        else:
            self._plan_participant_row(row, columns)

    def _plan_case_row(self, row: _Row, columns: list[_Column]) -> None:
        case = self.cases.get(row.key.casefold())
        if case is None and self.options.update_only:
            self.problem(
                row.line, None, f"the case {row.key!r} does not exist (this import only updates)"
            )
            return
        _, label, case_id = self._resolve_case(row, None)
        for column in columns:
            old = (case.description or None) if case is not None else None
            self._plan_value(row, column, AttributeLevel.CASE, label, case_id, old)

    def _plan_participant_row(self, row: _Row, columns: list[_Column]) -> None:
        person = self.people.get(row.key.casefold())
        case_column = self._case_column()
        if person is None and self.options.update_only:
            self.problem(
                row.line,
                None,
                f"the participant {row.key!r} does not exist (this import only updates)",
            )
            return
        if person is None and not row.case:
            self.problem(row.line, case_column, f"the new participant {row.key!r} needs a case")
            return
        known, case_label, case_id = self._resolve_case(row, case_column)
        if not known:
            return
        if person is None:
            self.new_people.append(NewParticipant(row.key, case_label, row.line))
            label, person_id, old_description = row.key, None, None
        else:
            label, person_id = person.identifier, person.id
            old_description = person.description or None
            if case_id != person.case_id:
                self.moved.append(
                    MovedParticipant(label, self.case_names[person.case_id], case_label, row.line)
                )
        for column in columns:
            if column.is_description or column.level is AttributeLevel.PARTICIPANT:
                self._plan_value(
                    row, column, AttributeLevel.PARTICIPANT, label, person_id, old_description
                )
            else:
                self._plan_value(row, column, AttributeLevel.CASE, case_label, case_id, None)

    def _plan_value(
        self,
        row: _Row,
        column: _Column,
        level: AttributeLevel,
        target: str,
        owner_id: int | None,
        old_description: str | None,
    ) -> None:
        """Check one cell and record it as a change or as unchanged."""
        raw = row.values[column.header]
        if is_empty(raw):
            return
        if column.is_description:
            new, old = as_text(raw), old_description
            if (too_long := field_problem(new, f"description of {target!r}")) is not None:
                self.problem(row.line, column.header, too_long)
                return
        else:
            definition, fresh, feeds = column.definition, column.new, column.feeds
            try:
                checked = canonical_value(column.name, feeds.type, feeds.levels or (), raw)
            except UserError as error:
                hint = ""
                if fresh is not None and fresh.inferred:
                    hint = (
                        f" (the new attribute's type was inferred as {fresh.type.value}; to "
                        f"keep such values import the column as text: --type "
                        f"'{column.header}=text')"
                    )
                self.problem(row.line, column.header, f"{error}{hint}")
                return
            assert checked is not None  # the cell is not empty
            new = checked.value
            shared = level is AttributeLevel.CASE and self.kind is ImportKind.PARTICIPANTS
            if shared and not self._case_rows_agree(row, column, target, new):
                return
            old = None
            if definition is not None and owner_id is not None:
                old = self.stored.get((definition.id, level, owner_id))
        if old == new:
            self.unchanged += 1
        else:
            self.changes.append(ValueChange(level, target, column.name, old, new, row.line))

    def _case_rows_agree(self, row: _Row, column: _Column, case: str, value: str) -> bool:
        """True the first time a case gets a value from a participants file; later rows of
        the same case must repeat it (and are then not counted again)."""
        key = (case.casefold(), column.name)
        earlier = self.case_values.setdefault(key, (row.line, value))
        if earlier[0] == row.line:
            return True
        if earlier[1] != value:
            self.problem(
                row.line,
                column.header,
                f"the case {case!r} gets {earlier[1]!r} on line {earlier[0]} but {value!r} "
                f"here; {column.name!r} describes the whole case, so its rows must agree",
            )
        return False


@dataclass(frozen=True)
class _Row:
    """A data row with its id (case name or participant identifier) and its case."""

    line: int
    key: str
    case: str
    values: Mapping[str, CellValue]


def _lookup(pairs: Sequence[tuple[str, object]], column: str) -> Any:
    folded = column.strip().casefold()
    return next((value for key, value in pairs if key.strip().casefold() == folded), None)
