"""The study part of the Python API: attributes, cases, participants, schedule, answers.

::

    study = project.study
    study.define_attribute("employer", "case", "categorical", ["NHS", "voluntary sector"])
    study.add_case("Trust A", employer="NHS")
    study.add_participant("P01", "Trust A", values={"stakeholder group": "peer worker"})
    plan = study.preview_import("participants.xlsx")     # a dry run
    study.apply_import(plan)
    study.participants_frame(where={"employer": "NHS"})  # a pandas DataFrame

Every method is one transaction: on a :class:`~qualframe.errors.UserError`
nothing is written. Cases, participants, attributes and questions are
accepted by name/identifier or by id.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from qualframe.api.facade import Facade
from qualframe.formats.tables import CellValue
from qualframe.services.study import answers as study_answers
from qualframe.services.study import attributes as study
from qualframe.services.study import cases as study_cases
from qualframe.services.study import schedule, spreadsheet_import
from qualframe.services.study.answers import AnswerRecord, AnswersImport
from qualframe.services.study.attributes import AttributeRecord
from qualframe.services.study.cases import CaseRecord, ParticipantRecord
from qualframe.services.study.import_plan import ImportPlan
from qualframe.services.study.schedule import QuestionRecord, ScheduleImport
from qualframe.services.study.tables import TableSource
from qualframe.vocabulary import AttributeLevel, AttributeType, QuestionKind, ScaleType


class StudyAPI(Facade):
    """The study design of one project (see :mod:`qualframe.services.study`)."""

    # ---------------------------------------------------------------- attributes

    def define_attribute(
        self,
        name: str,
        level: AttributeLevel | str,
        type: AttributeType | str,
        levels: Sequence[str] = (),
        description: str = "",
    ) -> AttributeRecord:
        """Define an attribute of cases, participants or documents.

        ``type`` is categorical (``levels`` = allowed values), ordinal
        (``levels`` ordered lowest first), number, date, boolean or text.
        """
        return self._run(study.define_attribute, name, level, type, levels, description)

    def edit_attribute(
        self,
        attribute: str | int,
        *,
        name: str | None = None,
        description: str | None = None,
        add_levels: Sequence[str] = (),
        levels: Sequence[str] | None = None,
    ) -> AttributeRecord:
        """Rename, describe, add allowed values/levels or reorder the levels."""
        return self._run(
            study.edit_attribute,
            attribute,
            name=name,
            description=description,
            add_levels=add_levels,
            levels=levels,
        )

    def delete_attribute(self, attribute: str | int) -> int:
        """Delete an attribute with its values; returns how many values were deleted."""
        return self._run(study.delete_attribute, attribute)

    def attributes(self, level: AttributeLevel | str | None = None) -> list[AttributeRecord]:
        """The attributes (of one level if given), in display order."""
        return self._run(study.list_attributes, level)

    def set_attributes(
        self, level: AttributeLevel | str, target: str | int, values: Mapping[str, CellValue]
    ) -> dict[str, str | None]:
        """Set (``None``/``""``: clear) attribute values of one case, participant or
        document; returns the canonical values."""
        return self._run(study.set_attributes, level, target, values)

    # ---------------------------------------------------------------- cases

    def add_case(
        self,
        name: str,
        description: str = "",
        values: Mapping[str, CellValue] | None = None,
        **attributes: CellValue,
    ) -> CaseRecord:
        """Add a case; attribute values as ``values={...}`` and/or keywords."""
        return self._run(study_cases.add_case, name, description, {**(values or {}), **attributes})

    def edit_case(
        self, case: str | int, *, name: str | None = None, description: str | None = None
    ) -> CaseRecord:
        """Rename a case or change its description."""
        return self._run(study_cases.edit_case, case, name=name, description=description)

    def rename_case(self, case: str | int, name: str) -> CaseRecord:
        """Rename a case."""
        return self.edit_case(case, name=name)

    def update_case(
        self,
        case: str | int,
        *,
        name: str | None = None,
        description: str | None = None,
        values: Mapping[str, CellValue] | None = None,
    ) -> CaseRecord:
        """Rename a case, change its description and set (``None``/``""``: clear) its
        attribute values, all in one transaction: on a bad value nothing changes."""
        return self._run(
            study_cases.update_case, case, name=name, description=description, values=values
        )

    def delete_case(self, case: str | int) -> None:
        """Delete a case (refused while participants belong to it)."""
        self._run(study_cases.delete_case, case)

    def cases(self) -> list[CaseRecord]:
        """Every case, by name."""
        return self._run(study_cases.list_cases)

    def cases_frame(self) -> pd.DataFrame:
        """One row per case: ``case``, ``participants`` (count) and the typed case attributes."""
        return self._run(study_cases.cases_frame)

    # ---------------------------------------------------------------- participants

    def add_participant(
        self,
        identifier: str,
        case: str | int,
        description: str = "",
        values: Mapping[str, CellValue] | None = None,
        **attributes: CellValue,
    ) -> ParticipantRecord:
        """Add a participant to an existing case, with participant-attribute values."""
        return self._run(
            study_cases.add_participant,
            identifier,
            case,
            description,
            {**(values or {}), **attributes},
        )

    def edit_participant(
        self,
        participant: str | int,
        *,
        identifier: str | None = None,
        case: str | int | None = None,
        description: str | None = None,
    ) -> ParticipantRecord:
        """Rename a participant, move it to another case or change its description."""
        return self._run(
            study_cases.edit_participant,
            participant,
            identifier=identifier,
            case=case,
            description=description,
        )

    def move_participant(self, participant: str | int, case: str | int) -> ParticipantRecord:
        """Move a participant to another case (it then inherits that case's attributes)."""
        return self.edit_participant(participant, case=case)

    def update_participant(
        self,
        participant: str | int,
        *,
        identifier: str | None = None,
        case: str | int | None = None,
        description: str | None = None,
        values: Mapping[str, CellValue] | None = None,
    ) -> ParticipantRecord:
        """Rename a participant, move it to another case, change its description and
        set (``None``/``""``: clear) its own attribute values, all in one transaction."""
        return self._run(
            study_cases.update_participant,
            participant,
            identifier=identifier,
            case=case,
            description=description,
            values=values,
        )

    def delete_participant(self, participant: str | int) -> None:
        """Delete a participant with its values and answers (refused while documents
        record them)."""
        self._run(study_cases.delete_participant, participant)

    def participants(self, case: str | int | None = None) -> list[ParticipantRecord]:
        """The participants (of one case if given), each with own and inherited attributes."""
        return self._run(study_cases.list_participants, case)

    def participants_frame(
        self, where: Mapping[str, str | Sequence[str]] | None = None
    ) -> pd.DataFrame:
        """One row per participant: ``participant``, ``case``, case attributes (inherited)
        and participant attributes, typed; ``where`` filters by attribute values."""
        return self._run(study_cases.participants_frame, where)

    # ---------------------------------------------------------------- import

    def preview_import(
        self,
        path: TableSource,
        kind: str = "participants",
        *,
        sheet: str | None = None,
        types: Mapping[str, AttributeType | str] | None = None,
        attribute_levels: Mapping[str, AttributeLevel | str] | None = None,
        create_cases: bool = False,
        update_only: bool = False,
    ) -> ImportPlan:
        """What importing a file of ``cases`` or ``participants`` would do (writes nothing).

        ``path`` is a CSV/XLSX path or an :class:`UploadedFile` (its bytes and name).

        ``types``/``attribute_levels`` override what is inferred for new
        attribute columns; ``create_cases`` lets a participants file add
        cases; ``update_only`` refuses rows naming unknown cases/participants.
        """
        options = spreadsheet_import.make_options(
            kind,
            sheet=sheet,
            types=types,
            attribute_levels=attribute_levels,
            create_cases=create_cases,
            update_only=update_only,
        )
        return self._run(spreadsheet_import.preview_import, path, options)

    def apply_import(
        self,
        plan_or_path: ImportPlan | TableSource,
        kind: str = "participants",
        *,
        sheet: str | None = None,
        types: Mapping[str, AttributeType | str] | None = None,
        attribute_levels: Mapping[str, AttributeLevel | str] | None = None,
        create_cases: bool = False,
        update_only: bool = False,
    ) -> ImportPlan:
        """Import a previewed plan, or a file directly (same options as :meth:`preview_import`).

        Everything is written in one transaction, or nothing: problems raise
        one :class:`~qualframe.errors.InputFileError` listing them.
        """
        if isinstance(plan_or_path, ImportPlan):
            return self._run(spreadsheet_import.apply_import, plan_or_path)
        plan = self.preview_import(
            plan_or_path,
            kind,
            sheet=sheet,
            types=types,
            attribute_levels=attribute_levels,
            create_cases=create_cases,
            update_only=update_only,
        )
        return self._run(spreadsheet_import.apply_import, plan)

    # ---------------------------------------------------------------- schedule

    def add_question(
        self,
        identifier: str,
        text: str,
        kind: QuestionKind | str | None = None,
        scale: ScaleType | str | None = None,
        levels: Sequence[str] = (),
        heading: str = "",
        position: int | None = None,
    ) -> QuestionRecord:
        """Add a question (structured when ``levels`` are given, else open) at
        ``position`` (1-based; default: last)."""
        return self._run(
            schedule.add_question, identifier, text, kind, scale, levels, heading, position
        )

    def edit_question(
        self,
        question: str | int,
        *,
        identifier: str | None = None,
        text: str | None = None,
        kind: QuestionKind | str | None = None,
        scale: ScaleType | str | None = None,
        levels: Sequence[str] | None = None,
        heading: str | None = None,
    ) -> QuestionRecord:
        """Change a question's identifier, text, kind, scale, levels or heading."""
        return self._run(
            schedule.edit_question,
            question,
            identifier=identifier,
            text=text,
            kind=kind,
            scale=scale,
            levels=levels,
            heading=heading,
        )

    def move_question(self, question: str | int, position: int) -> QuestionRecord:
        """Move a question to ``position`` (1-based)."""
        return self._run(schedule.move_question, question, position)

    def delete_question(self, question: str | int) -> int:
        """Delete a question and its answers; returns how many answers were deleted."""
        return self._run(schedule.delete_question, question)

    def questions(self) -> list[QuestionRecord]:
        """The interview schedule, in order."""
        return self._run(schedule.list_questions)

    def import_schedule(
        self, path: TableSource, *, sheet: str | None = None, dry_run: bool = False
    ) -> ScheduleImport:
        """Import questions from CSV/XLSX (identifier, question, kind, scale, levels, heading)."""
        return self._run(schedule.import_schedule, path, sheet=sheet, dry_run=dry_run)

    # ---------------------------------------------------------------- answers

    def set_answer(
        self,
        participant: str | int,
        question: str | int,
        value: CellValue,
        *,
        asked: bool = True,
    ) -> AnswerRecord:
        """Record an answer (None: asked, no answer; ``asked=False``: not asked)."""
        return self._run(study_answers.set_answer, participant, question, value, asked=asked)

    def import_answers(
        self, path: TableSource, *, sheet: str | None = None, dry_run: bool = False
    ) -> AnswersImport:
        """Import structured answers: one row per participant, one column per question."""
        return self._run(study_answers.import_answers, path, sheet=sheet, dry_run=dry_run)

    def answers_frame(self) -> pd.DataFrame:
        """One row per participant, one Categorical column per structured question."""
        return self._run(study_answers.answers_frame)

    def asked_frame(self) -> pd.DataFrame:
        """Like :meth:`answers_frame`: True asked, False not asked, <NA> nothing recorded."""
        return self._run(study_answers.asked_frame)
