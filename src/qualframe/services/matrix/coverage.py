"""Question coverage: which codes each interview question collects data for.

A question *covers* a code when its answers are where that code's data is
expected; covering a theme covers its sub-codes too. Coverage separates
"not asked" from "no data" in framework matrices: a participant who was not
asked every question covering a code (``Answer.asked`` false) gets a "not
asked" cell for it, one who was asked but said nothing relevant a "no data"
cell. A code no question covers is never "not asked".
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from qualframe.errors import NotFoundError, ValidationError
from qualframe.services.codebook.tree import PATH_SEPARATOR, CodeRef, CodeTree, resolve_code
from qualframe.services.core import audit
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.study.schedule import find_question
from qualframe.storage import queries
from qualframe.storage.models import Code, Question, QuestionCode

if TYPE_CHECKING:
    import pandas as pd

#: Columns of :func:`coverage_frame`.
COVERAGE_COLUMNS = ("question_id", "question", "text", "code_id", "code")


@dataclass(frozen=True, slots=True)
class CoverageLink:
    """A question covering a code: the question's id, identifier ("Q3") and
    text, and the code's id and path."""

    question_id: int
    question: str
    text: str
    code_id: int
    code: str


def _codes(uow: UnitOfWork, codes: CodeRef | Sequence[CodeRef]) -> list[Code]:
    refs = [codes] if isinstance(codes, (str, int, Code)) else list(codes)
    if not refs:
        raise ValidationError("Name at least one code.")
    found = [resolve_code(uow, ref) for ref in refs]
    return list({code.id: code for code in found}.values())


def cover(
    uow: UnitOfWork,
    question: str | int,
    codes: CodeRef | Sequence[CodeRef],
) -> int:
    """Record that interview ``question`` (identifier such as "Q3", or id) covers
    ``codes`` (one or several, by id, name or path; a theme covers its
    sub-codes); returns how many links were added.

    Links that exist already are kept as they are. Raises
    :class:`NotFoundError` for an unknown question or code and
    :class:`ValidationError` for no codes (nothing written then). Audited
    as ``question.cover``.
    """
    found = find_question(uow, question)
    wanted = _codes(uow, codes)
    tree = CodeTree.load(uow)
    added = [c for c in wanted if uow.session.get(QuestionCode, (found.id, c.id)) is None]
    for code in added:
        uow.session.add(QuestionCode(question_id=found.id, code_id=code.id))
    uow.session.flush()
    if added:
        _audit(uow, "cover", found, [PATH_SEPARATOR.join(tree.path(c)) for c in added])
    return len(added)


def uncover(
    uow: UnitOfWork,
    question: str | int,
    codes: CodeRef | Sequence[CodeRef],
) -> int:
    """Remove the links saying ``question`` covers ``codes`` (as :func:`cover`
    takes them); returns how many were removed.

    Raises :class:`NotFoundError` when the question does not cover one of
    the codes (nothing removed then). Audited as ``question.uncover``.
    """
    found = find_question(uow, question)
    wanted = _codes(uow, codes)
    tree = CodeTree.load(uow)
    links = []
    for code in wanted:
        link = uow.session.get(QuestionCode, (found.id, code.id))
        if link is None:
            raise NotFoundError(
                f"Question {found.identifier} does not cover "
                f"{PATH_SEPARATOR.join(tree.path(code))!r}."
            )
        links.append(link)
    for link in links:
        uow.session.delete(link)
    uow.session.flush()
    _audit(uow, "uncover", found, [PATH_SEPARATOR.join(tree.path(c)) for c in wanted])
    return len(links)


def _audit(uow: UnitOfWork, action: str, question: Question, paths: Sequence[str]) -> None:
    covers = "covers" if action == "cover" else "no longer covers"
    audit.record(
        uow,
        f"question.{action}",
        "question",
        question.id,
        f"Question {question.identifier} {covers} {', '.join(repr(p) for p in paths)}",
        {"question": question.identifier, "codes": list(paths)},
    )


def question_coverage(uow: UnitOfWork) -> list[CoverageLink]:
    """Which codes each question covers: one link per (question, code), in
    schedule order (reads only)."""
    questions = {q.id: q for q in queries.schedule.questions(uow.session, uow.project_id)}
    tree = CodeTree.load(uow)
    return [
        CoverageLink(
            question_id=qid,
            question=questions[qid].identifier,
            text=questions[qid].text,
            code_id=cid,
            code=PATH_SEPARATOR.join(tree.path(tree.by_id[cid])),
        )
        for qid, cid in queries.schedule.coverage_pairs(uow.session, uow.project_id)
    ]


def coverage_frame(links: Sequence[CoverageLink]) -> pd.DataFrame:
    """Coverage links as a DataFrame (see :data:`COVERAGE_COLUMNS`)."""
    import pandas as pd

    rows = [(c.question_id, c.question, c.text, c.code_id, c.code) for c in links]
    return pd.DataFrame(rows, columns=list(COVERAGE_COLUMNS))


def not_asked_by_code(
    uow: UnitOfWork, tree: CodeTree, code_ids: Collection[int]
) -> dict[int, frozenset[int] | None]:
    """Per code, the participants asked none of the questions covering it.

    A question covering a code's ancestor covers the code. None for a code
    no question covers (it can never be "not asked").
    """
    covering: dict[int, set[int]] = {}
    for question_id, code_id in queries.schedule.coverage_pairs(uow.session, uow.project_id):
        covering.setdefault(code_id, set()).add(question_id)
    if not covering:
        return dict.fromkeys(code_ids)
    all_questions = set().union(*covering.values())
    skipped = queries.schedule.not_asked(uow.session, uow.project_id, all_questions)
    result: dict[int, frozenset[int] | None] = {}
    for code_id in code_ids:
        code = tree.by_id[code_id]
        questions = set(covering.get(code_id, set()))
        for ancestor in tree.ancestors(code):
            questions |= covering.get(ancestor.id, set())
        if not questions:
            result[code_id] = None
            continue
        sets = [skipped.get(q, set()) for q in questions]
        result[code_id] = frozenset(set.intersection(*sets))
    return result
