"""Queries over the interview schedule: ``questions``, ``answers`` and
``question_codes`` (the codes a question covers, behind "not asked").
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qualframe.storage.models import Answer, Question, QuestionCode
from qualframe.storage.queries.batches import chunks

# ---------------------------------------------------------------- questions and answers


def questions(session: Session, project_id: int) -> Sequence[Question]:
    """The interview schedule, in order."""
    return session.scalars(
        select(Question)
        .where(Question.project_id == project_id)
        .order_by(Question.position, Question.id)
    ).all()


def answers(session: Session, project_id: int) -> Sequence[Answer]:
    """Every recorded answer of the project's participants."""
    return session.scalars(
        select(Answer)
        .join(Question, Question.id == Answer.question_id)
        .where(Question.project_id == project_id)
    ).all()


def answer_count(session: Session, question_id: int) -> int:
    """How many answers (including 'not asked' records) a question has."""
    return session.scalar(select(func.count()).where(Answer.question_id == question_id)) or 0


def answer_values(session: Session, question_id: int) -> set[str]:
    """The distinct answer values recorded for a question."""
    values = session.scalars(
        select(Answer.value)
        .where(Answer.question_id == question_id, Answer.value.is_not(None))
        .distinct()
    ).all()
    return {value for value in values if value is not None}


def answers_of_question(session: Session, question_id: int) -> Sequence[Answer]:
    """Every answer recorded for one question."""
    return session.scalars(select(Answer).where(Answer.question_id == question_id)).all()


def answers_of_participants(session: Session, participant_ids: Iterable[int]) -> Sequence[Answer]:
    """The answers of the given participants."""
    found: list[Answer] = []
    for chunk in chunks(participant_ids):
        found.extend(session.scalars(select(Answer).where(Answer.participant_id.in_(chunk))).all())
    return found


# ---------------------------------------------------------------- question coverage


def coverage_pairs(session: Session, project_id: int) -> list[tuple[int, int]]:
    """``(question id, code id)`` of every question's covered codes."""
    query = (
        select(QuestionCode.question_id, QuestionCode.code_id)
        .join(Question, Question.id == QuestionCode.question_id)
        .where(Question.project_id == project_id)
        .order_by(Question.position, Question.id, QuestionCode.code_id)
    )
    return [(q, c) for q, c in session.execute(query)]


def covering_questions(
    session: Session, project_id: int, code_ids: Collection[int]
) -> dict[int, list[tuple[int, str]]]:
    """``{code id: [(question id, identifier), ...]}``: the questions covering each code,
    in schedule order (codes no question covers are absent)."""
    found: dict[int, list[tuple[int, str]]] = {}
    for chunk in chunks(code_ids):
        query = (
            select(QuestionCode.code_id, Question.id, Question.identifier)
            .join(Question, Question.id == QuestionCode.question_id)
            .where(Question.project_id == project_id, QuestionCode.code_id.in_(chunk))
            .order_by(Question.position, Question.id)
        )
        for code_id, question_id, identifier in session.execute(query):
            found.setdefault(code_id, []).append((question_id, identifier))
    return found


def not_asked(
    session: Session, project_id: int, question_ids: Collection[int]
) -> dict[int, set[int]]:
    """``{question id: participant ids}`` of the participants recorded as not asked
    each of the project's questions ``question_ids`` (questions all were asked are
    absent)."""
    found: dict[int, set[int]] = {}
    for chunk in chunks(question_ids):
        query = (
            select(Answer.question_id, Answer.participant_id)
            .join(Question, Question.id == Answer.question_id)
            .where(
                Question.project_id == project_id,
                Answer.question_id.in_(chunk),
                Answer.asked.is_(False),
            )
        )
        for question_id, participant_id in session.execute(query):
            found.setdefault(question_id, set()).add(participant_id)
    return found
