"""Comparison results as typed, JSON-ready records: the API's answers and the pages' data.

The services hand typed rows (:class:`GroupRow`, :class:`AnswerGroup`,
:class:`CodePair`, :class:`SaturationStep`, :class:`CurveSummary`); each
``*_view`` function here gathers one result into a pydantic model, adding
what the web needs (links into the document view, enum values as text,
numbers JSON can hold), used by both the API and the page, so they always
agree.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from qualframe.analysis.statistics import GroupSize
from qualframe.services.compare.answer_comparison import AnswerGroup
from qualframe.services.compare.code_comparison import GroupRow, Quote
from qualframe.services.compare.code_cooccurrence import CodePair
from qualframe.services.compare.coding_saturation import CurveSummary, SaturationStep
from qualframe.services.compare.numbers import finite_or_none
from qualframe.web.server.records import from_record, linked

if TYPE_CHECKING:
    from qualframe.services.compare.answer_comparison import AnswersByGroup
    from qualframe.services.compare.code_comparison import CodeComparison
    from qualframe.services.compare.code_cooccurrence import CodeCooccurrence
    from qualframe.services.compare.coding_saturation import Saturation
    from qualframe.services.compare.comparison_options import ComparisonOptions


# ---------------------------------------------------------------- options


class GroupingOut(BaseModel):
    """An attribute participants can be grouped by."""

    name: str
    label: str = Field(description='As forms list it: "employer (case)".')
    level: str = Field(description="case or participant")
    type: str
    typology: bool
    groups: list[str] = Field(description="Its groups in order.")


class QuestionOut(BaseModel):
    """A structured question whose answers can be compared."""

    identifier: str
    text: str
    label: str
    scale: str = Field(description="categorical or ordinal")
    levels: list[str]


class OptionsOut(BaseModel):
    """What a project can be compared by, and what exists to compare."""

    grouping: list[GroupingOut]
    questions: list[QuestionOut]
    saturation_orders: list[str] = Field(
        description="Values of the saturation order: position, imported, document attributes."
    )
    codes: int
    documents: int
    codings: int


def options_view(options: ComparisonOptions) -> OptionsOut:
    """The comparison options as a record."""
    return from_record(OptionsOut, options)


# ---------------------------------------------------------------- code × group


@dataclass(frozen=True, slots=True, kw_only=True)
class QuoteOut(Quote):
    """A quote of a comparison (``code``: the compared code's path;
    ``coded_as``: the code the passage was coded with, a sub-code's for a
    theme), with ``link``: the passage in the document view."""

    link: str


class CodeTable(BaseModel):
    """The rows of one compared code, with its notes."""

    code: str
    rows: list[GroupRow]
    covering_questions: list[str] = Field(
        description="Questions whose coverage decides 'not asked' (empty: nobody is)."
    )
    unattributed: int = Field(description="Codings spoken by nobody, left out of the rows.")


class CodeComparisonOut(BaseModel):
    """A code (or several) compared across the groups of an attribute."""

    title: str
    codes: list[str]
    attribute: str
    level: str
    groups: list[str]
    include_subcodes: bool
    interviewed_only: bool
    quotes_per_group: int | None
    tables: list[CodeTable]
    quotes: dict[str, list[QuoteOut]] = Field(description="Group -> quotes, code by code.")


def code_view(result: CodeComparison, project_id: int) -> CodeComparisonOut:
    """A code comparison as a record (links point into ``project_id``)."""
    return from_record(
        CodeComparisonOut,
        result,
        tables=[
            CodeTable(
                code=code,
                rows=[row for row in result.rows if row.code == code],
                covering_questions=list(result.covering_questions.get(code, ())),
                unattributed=result.unattributed.get(code, 0),
            )
            for code in result.codes
        ],
        quotes={
            group: [linked(QuoteOut, q, project_id) for q in result.quotes.get(group, [])]
            for group in result.groups
        },
    )


# ---------------------------------------------------------------- structured answers


class TestOut(BaseModel):
    """The significance test run (or why none was)."""

    __test__ = False  # not a pytest test class, despite its name

    name: str
    ran: bool
    statistic: float | None = Field(description="None when not run or infinite.")
    statistic_name: str | None
    statistic_text: str | None = Field(description='As shown: "2.40", "infinite".')
    dof: int | None
    p_value: float | None
    p_text: str = Field(description='As researchers write it: "p = 0.035", "p < 0.001".')
    effect_size: float | None
    effect_size_name: str | None
    warning: str | None
    reliable: bool = Field(
        description="False when no test ran or a group tested has fewer than "
        "min_group_size people: then show the counts, and the test only with its caveat."
    )
    caveat: str | None = Field(description="Why the p-value is not reliable, in plain words.")
    small_groups: list[GroupSize] = Field(description="The groups below min_group_size.")
    min_group_size: int = Field(description="People per group a test needs to be reliable.")
    summary: str


class AnswersOut(BaseModel):
    """A structured question's answers compared across groups, with the test and
    its caveats (sentences to show beside the result)."""

    title: str
    question: str
    question_text: str
    attribute: str
    scale: str
    levels: list[str]
    rows: list[AnswerGroup]
    no_group: int
    test: TestOut
    caveats: list[str]


def _statistic_text(value: float | None) -> str | None:
    if value is None:
        return None
    if math.isinf(value):
        return "∞"
    return f"{value:.2f}"


def answers_view(result: AnswersByGroup) -> AnswersOut:
    """A structured-answer comparison as a record."""
    test = result.comparison.test
    return from_record(
        AnswersOut,
        result,
        rows=result.group_rows(),
        no_group=result.comparison.no_group,
        test=from_record(
            TestOut,
            test,
            statistic=finite_or_none(test.statistic),
            statistic_text=_statistic_text(test.statistic),
            p_value=finite_or_none(test.p_value),
            p_text=result.p_text,
            effect_size=finite_or_none(test.effect_size),
            summary=test.summary(),
        ),
        caveats=list(result.caveats()),
    )


# ---------------------------------------------------------------- co-occurrence


class CooccurrenceOut(BaseModel):
    """Codes × codes: counts (the diagonal: the code itself) and similarity."""

    codes: list[str]
    level: str
    mode: str = Field(description="overlap, turn or participant")
    unit: str = Field(description="What is counted: codings, or participants/cases/documents.")
    excluded: int = Field(description="Codings left out (empty span, outside turns, nobody).")
    where: dict[str, str | list[str]] | None
    counts: list[list[int]]
    similarity: list[list[float | None]]
    pairs: list[CodePair] = Field(description="Pairs that occur together, most often first.")


def cooccurrence_view(result: CodeCooccurrence) -> CooccurrenceOut:
    """A co-occurrence table as a record."""
    return from_record(
        CooccurrenceOut,
        result,
        unit=result.table.unit,
        excluded=result.table.excluded,
        counts=result.count_matrix(),
        similarity=result.similarity_matrix(),
        pairs=result.pairs(),
    )


# ---------------------------------------------------------------- saturation


class SaturationOut(BaseModel):
    """New codes per document in interview order (per group with ``by``)."""

    order_by: str
    by: str | None
    documents: list[str] = Field(description="The documents of the curve, in order.")
    unplaced: list[str] = Field(description="Documents without a sort key, placed last.")
    not_coded: list[str] = Field(
        description="Documents nobody has coded yet (nor marked done): left out of the curve."
    )
    in_progress: list[str] = Field(
        description="Documents of the curve coded but not marked 'coding done': flagged."
    )
    steps: list[SaturationStep]
    summary: list[CurveSummary]


def saturation_view(result: Saturation) -> SaturationOut:
    """A saturation curve as a record."""
    return from_record(
        SaturationOut, result, steps=result.step_rows(), summary=result.summary_rows()
    )
