"""The study part of the Python API: attributes, cases, participants, schedule, answers.

::

    study = project.study
    study.define_attribute("employer", "case", "categorical", ["NHS", "voluntary sector"])
    study.add_case("Trust A", employer="NHS")
    study.add_participant("P01", "Trust A", values={"stakeholder group": "peer worker"})
    plan = study.preview_import("participants.xlsx")     # a plan to check
    study.apply_import(plan)
    study.preview_import_schedule("schedule.csv")        # a dry run: rolled back
    study.participants_frame(where={"employer": "NHS"})  # a pandas DataFrame

Every method is one transaction: on a :class:`~qualframe.errors.UserError`
nothing is written. Cases, participants, attributes and questions are
accepted by name/identifier or by id. Each method is the use case of the
same name in :mod:`qualframe.services.study` (see its docstring). Cases,
participants and attributes carry a ``version``: their writes take
``if_version`` (the version you read; a stale one raises
:class:`~qualframe.errors.StaleVersionError`) and return the new one.
"""

from __future__ import annotations

from qualframe.api.facade import Facade, use_case
from qualframe.services.study import (
    answers as study_answers,
    attributes as study_attributes,
    cases as study_cases,
    frames,
    owner_values,
    schedule,
    spreadsheet_import as imports,
)

__all__ = ["StudyAPI"]


class StudyAPI(Facade):
    """The study design of one project (see :mod:`qualframe.services.study`)."""

    # ---------------------------------------------------------------- attributes
    define_attribute = use_case(study_attributes.define_attribute)
    edit_attribute = use_case(study_attributes.edit_attribute)
    delete_attribute = use_case(study_attributes.delete_attribute)
    attributes = use_case(study_attributes.list_attributes)
    set_attributes = use_case(owner_values.set_attributes)

    # ---------------------------------------------------------------- cases
    add_case = use_case(study_cases.add_case)
    edit_case = use_case(study_cases.edit_case)
    rename_case = use_case(study_cases.rename_case)
    update_case = use_case(study_cases.update_case)
    delete_case = use_case(study_cases.delete_case)
    cases = use_case(study_cases.list_cases)
    cases_frame = use_case(study_cases.case_table, then=frames.cases_frame)

    # ---------------------------------------------------------------- participants
    add_participant = use_case(study_cases.add_participant)
    edit_participant = use_case(study_cases.edit_participant)
    move_participant = use_case(study_cases.move_participant)
    update_participant = use_case(study_cases.update_participant)
    delete_participant = use_case(study_cases.delete_participant)
    participants = use_case(study_cases.list_participants)
    participants_frame = use_case(study_cases.participant_table, then=frames.participants_frame)

    # ---------------------------------------------------------------- import
    preview_import = use_case(imports.preview_file)
    apply_import = use_case(imports.apply_import)

    # ---------------------------------------------------------------- schedule
    add_question = use_case(schedule.add_question)
    edit_question = use_case(schedule.edit_question)
    move_question = use_case(schedule.move_question)
    delete_question = use_case(schedule.delete_question)
    questions = use_case(schedule.list_questions)
    import_schedule = use_case(schedule.import_schedule)
    #: What :meth:`import_schedule` would do, worked out and rolled back.
    preview_import_schedule = use_case(
        schedule.import_schedule, schedule.schedule_preview, dry_run=True
    )

    # ---------------------------------------------------------------- answers
    set_answer = use_case(study_answers.set_answer)
    import_answers = use_case(study_answers.import_answers)
    #: What :meth:`import_answers` would do, worked out and rolled back.
    preview_import_answers = use_case(
        study_answers.import_answers, study_answers.answers_preview, dry_run=True
    )
    answers = use_case(study_answers.answer_table)
    answers_frame = use_case(study_answers.answer_table, then=frames.answers_frame)
    asked_frame = use_case(study_answers.answer_table, then=frames.asked_frame)
