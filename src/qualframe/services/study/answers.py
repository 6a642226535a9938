"""Structured answers: each participant's answer to each structured question.

An answer is one of the question's levels (matched ignoring letter case and
stored in the defined spelling), *asked with no answer* (an empty cell;
value None), or *not asked* (``asked`` false: cells reading "not asked",
"n/a - not asked", "question not asked"...). Files have one row per
participant: a ``participant`` column and one column per question, headed by
its identifier (``Q1``) or its exact text; a ``case`` column may be present
and is ignored.

Every change is recorded in the audit log; bad input raises a
:class:`~qualframe.errors.UserError` and writes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from qualframe.errors import InputFileError, ValidationError
from qualframe.formats.tables import CellValue, Table
from qualframe.services.core import audit
from qualframe.services.core.refs import Ref
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.study.attribute_values import as_text, is_empty, match_level
from qualframe.services.study.attributes import (
    CASE_COLUMNS,
    PARTICIPANT_COLUMNS,
    counted,
    find_participant,
    natural_key,
)
from qualframe.services.study.schedule import find_question
from qualframe.services.study.tables import TableSource, problems_error, read_source
from qualframe.storage import queries
from qualframe.storage.models import Answer, Participant, Question
from qualframe.vocabulary import QuestionKind, ScaleType

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

#: Spellings of "not asked" once letter case, spaces and punctuation are dropped.
NOT_ASKED_WORDS = frozenset(
    {"notasked", "nanotasked", "questionnotasked", "notapplicablenotasked", "wasnotasked"}
)


def is_not_asked(raw: CellValue) -> bool:
    """True for a cell saying the question was not put ("Not asked", "n/a - not asked")."""
    return isinstance(raw, str) and re.sub(r"[^a-z]", "", raw.casefold()) in NOT_ASKED_WORDS


@dataclass(frozen=True)
class AnswerRecord:
    """One answer: ``value`` None with ``asked`` true is asked and not answered;
    ``asked`` false is not asked."""

    participant: str
    question: str
    value: str | None
    asked: bool


@dataclass(frozen=True)
class AnswersImport:
    """What importing an answers file did (or, from its preview, ``dry_run``, would do).

    ``changed`` counts answers set or changed, ``unchanged`` those already
    recorded, ``not_asked`` the cells saying the question was not asked.
    """

    source: str
    participants: int
    questions: tuple[str, ...]
    changed: int
    unchanged: int
    not_asked: int
    dry_run: bool = False

    def summary(self) -> str:
        """One sentence for people."""
        verb = "Would import" if self.dry_run else "Imported"
        people = counted(self.participants, "participant")
        asked = f", {self.not_asked} not asked" if self.not_asked else ""
        return (
            f"{verb} answers of {people} to {counted(len(self.questions), 'question')} from "
            f"{Path(self.source).name} ({self.changed} set or changed, "
            f"{self.unchanged} unchanged{asked})"
        )


def answer_value(question: Question, raw: CellValue) -> tuple[str | None, bool]:
    """``(value, asked)`` for a cell answering ``question``.

    Empty → ``(None, True)``; a not-asked spelling → ``(None, False)``; a
    level in any letter case → its defined spelling. Raises
    :class:`ValidationError` naming the question, the value and the levels.
    """
    if is_empty(raw):
        return None, True
    if question.kind is not QuestionKind.STRUCTURED:
        # An open question's answer is in the transcript; what is recorded is
        # only whether it was put to the participant ("not asked").
        if is_not_asked(raw):
            return None, False
        raise ValidationError(
            f"The question {question.identifier!r} is open; its answers are in the "
            "transcripts. Record only whether it was asked (empty, or 'not asked')."
        )
    level = match_level(raw, question.levels or ())
    if level is not None:
        return level, True
    if is_not_asked(raw):
        return None, False
    raise ValidationError(
        f"{as_text(raw)!r} is not an answer to question {question.identifier!r} "
        f"(levels: {', '.join(question.levels or ())}; or 'not asked')."
    )


def set_answer(
    uow: UnitOfWork,
    participant: Ref,
    question: Ref,
    value: CellValue,
    *,
    asked: bool = True,
) -> AnswerRecord:
    """Record a participant's answer to a question.

    ``value`` None (with ``asked``) is asked and not answered; ``asked=False``
    (or a value such as "not asked") records that the question was not put.
    Open questions take no value, only whether they were asked. Raises
    :class:`NotFoundError` for an unknown participant or question and
    :class:`ValidationError` for a value not among the levels (or any value
    for an open question).
    """
    person = find_participant(uow, participant)
    found = find_question(uow, question)
    checked, was_asked = answer_value(found, value)
    if not asked:
        if checked is not None:
            raise ValidationError("A question that was not asked cannot have an answer value.")
        was_asked = False
    existing = {
        a.question_id: a for a in queries.schedule.answers_of_participants(uow.session, [person.id])
    }
    old = existing.get(found.id)
    if old is None or (old.value, old.asked) != (checked, was_asked):
        _store(uow.session, old, found.id, person.id, checked, was_asked)
        shown = (
            repr(checked) if checked is not None else ("no answer" if was_asked else "not asked")
        )
        audit.record(
            uow,
            "answer.set",
            "participant",
            person.id,
            f"Set the answer of {person.identifier!r} to {found.identifier!r}: {shown}",
            {"question": found.identifier, "value": checked, "asked": was_asked},
        )
    return AnswerRecord(person.identifier, found.identifier, checked, was_asked)


def _store(
    session: Session,
    existing: Answer | None,
    question_id: int,
    participant_id: int,
    value: str | None,
    asked: bool,
) -> None:
    if existing is None:
        session.add(
            Answer(question_id=question_id, participant_id=participant_id, value=value, asked=asked)
        )
    else:
        existing.value, existing.asked = value, asked
    session.flush()


# ---------------------------------------------------------------- import


@dataclass(frozen=True)
class _Cell:
    participant: Participant
    question: Question
    value: str | None
    asked: bool


def import_answers(
    uow: UnitOfWork,
    path: TableSource,
    *,
    sheet: str | None = None,
) -> AnswersImport:
    """Import structured answers from a CSV or XLSX file (see the module docstring).

    Writes the answers and one audit entry. Raises one :class:`InputFileError`
    naming the file, lines and columns of every problem (unknown participant,
    unknown or open question, repeated participant, value not among the
    levels), writing nothing. Its preview (``StudyAPI.preview_import_answers``)
    runs it and rolls it back.
    """
    table = read_source(path, sheet=sheet)
    cells = _read_cells(uow, table)
    stored = {
        (a.participant_id, a.question_id): a
        for a in queries.schedule.answers(uow.session, uow.project_id)
    }
    changed = unchanged = 0
    for cell in cells:
        old = stored.get((cell.participant.id, cell.question.id))
        if old is not None and (old.value, old.asked) == (cell.value, cell.asked):
            unchanged += 1
            continue
        changed += 1
        _store(uow.session, old, cell.question.id, cell.participant.id, cell.value, cell.asked)
    result = AnswersImport(
        source=table.source,
        participants=len({c.participant.id for c in cells}),
        questions=tuple(dict.fromkeys(c.question.identifier for c in cells)),
        changed=changed,
        unchanged=unchanged,
        not_asked=sum(not c.asked for c in cells),
    )
    audit.record(
        uow,
        "answers.import",
        "project",
        uow.project_id,
        result.summary(),
        {"file": Path(table.source).name, "questions": list(result.questions)},
    )
    return result


def answers_preview(result: AnswersImport) -> AnswersImport:
    """The import as a preview: what it would do (``dry_run``, summed up as
    "Would import ...")."""
    return replace(result, dry_run=True)


def _read_cells(uow: UnitOfWork, table: Table) -> list[_Cell]:
    """Every checked cell of the file; raises one :class:`InputFileError` listing problems."""
    problems: list[str] = []
    id_column = next((c for c in table.columns if c.casefold() in PARTICIPANT_COLUMNS), None)
    if id_column is None:
        raise InputFileError(
            table.source,
            "an answers file needs a column 'participant' naming each participant; its "
            f"columns are {', '.join(map(repr, table.columns))}",
        )
    questions = _question_columns(uow, table, id_column, problems)
    people = {
        p.identifier.casefold(): p for p in queries.people.participants(uow.session, uow.project_id)
    }
    cells: list[_Cell] = []
    first_line: dict[str, int] = {}
    for row in table.rows:
        key = as_text(row.values[id_column])
        person = people.get(key.casefold())
        earlier = first_line.setdefault(key.casefold(), row.line)
        where = f"line {row.line}, column {id_column!r}"
        if not key:
            problems.append(f"{where}: the participant is missing")
        elif person is None:
            problems.append(f"{where}: no participant {key!r} in this project; add it first")
        elif earlier != row.line:
            problems.append(
                f"{where}: the participant {key!r} appears on lines {earlier} and {row.line}"
            )
        else:
            for column, question in questions.items():
                try:
                    value, asked = answer_value(question, row.values[column])
                except ValidationError as error:
                    problems.append(f"line {row.line}, column {column!r}: {error}")
                    continue
                cells.append(_Cell(person, question, value, asked))
    if problems:
        raise problems_error(table.source, problems)
    return cells


def _question_columns(
    uow: UnitOfWork, table: Table, id_column: str, problems: list[str]
) -> dict[str, Question]:
    """File column -> structured question; unknown or open questions become problems."""
    schedule = queries.schedule.questions(uow.session, uow.project_id)
    by_identifier = {q.identifier.casefold(): q for q in schedule}
    by_text = {" ".join(q.text.split()).casefold(): q for q in schedule}
    found: dict[str, Question] = {}
    for column in table.columns:
        folded = " ".join(column.split()).casefold()
        if column == id_column or folded in CASE_COLUMNS:
            continue
        question = by_identifier.get(folded) or by_text.get(folded)
        if question is None:
            known = ", ".join(q.identifier for q in schedule) or "none yet"
            problems.append(
                f"column {column!r}: not a question of the interview schedule (questions: {known})"
            )
        elif question.kind is not QuestionKind.STRUCTURED:
            problems.append(
                f"column {column!r}: {question.identifier!r} is an open question; its answers "
                "are in the transcripts"
            )
        elif question in found.values():
            problems.append(f"column {column!r}: a second column for {question.identifier!r}")
        else:
            found[column] = question
    return found


# ---------------------------------------------------------------- tables


@dataclass(frozen=True)
class AnswerScale:
    """A structured question as a column of answers: its identifier, its levels
    and whether they are ordered (an ordinal scale)."""

    question: str
    levels: tuple[str, ...]
    ordinal: bool


@dataclass(frozen=True)
class ParticipantAnswers:
    """One participant's answers to the structured questions, by identifier:
    ``values`` the answer (None: asked and not answered, not asked, or
    nothing recorded) and ``asked`` whether the question was put (None:
    nothing recorded)."""

    participant: str
    case: str
    values: dict[str, str | None]
    asked: dict[str, bool | None]


@dataclass(frozen=True)
class AnswerTable:
    """Every participant's answers (natural identifier order) to every structured
    question (schedule order)."""

    questions: tuple[AnswerScale, ...]
    rows: tuple[ParticipantAnswers, ...]

    def records(self) -> list[dict[str, str | None]]:
        """One plain record per participant: ``participant``, ``case`` and the answer
        to each question by identifier (None when none is recorded)."""
        return [
            {"participant": row.participant, "case": row.case, **row.values} for row in self.rows
        ]


def answer_table(uow: UnitOfWork) -> AnswerTable:
    """Every participant's answers to every structured question (writes nothing).

    Rows in natural identifier order, questions in schedule order, each with
    its levels; ``records()`` gives plain ``{participant, case, Q1, ...}``
    rows (see also ``StudyAPI.answers_frame``/``asked_frame``).
    """
    people = sorted(
        queries.people.participants(uow.session, uow.project_id),
        key=lambda p: natural_key(p.identifier),
    )
    cases = {c.id: c.name for c in queries.people.cases(uow.session, uow.project_id)}
    questions = [
        q
        for q in queries.schedule.questions(uow.session, uow.project_id)
        if q.kind is QuestionKind.STRUCTURED
    ]
    answers = {
        (a.participant_id, a.question_id): a
        for a in queries.schedule.answers(uow.session, uow.project_id)
    }
    rows = []
    for person in people:
        given = {q.identifier: answers.get((person.id, q.id)) for q in questions}
        rows.append(
            ParticipantAnswers(
                participant=person.identifier,
                case=cases[person.case_id],
                values={key: a.value if a else None for key, a in given.items()},
                asked={key: a.asked if a else None for key, a in given.items()},
            )
        )
    scales = tuple(
        AnswerScale(q.identifier, tuple(q.levels or ()), q.scale is ScaleType.ORDINAL)
        for q in questions
    )
    return AnswerTable(scales, tuple(rows))
