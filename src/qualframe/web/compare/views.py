"""Comparison results as typed, JSON-ready records: the API's answers and the pages' data.

The services return frames and dataclasses holding frames; the JSON API
needs plain values (no NaN, no infinity) and the pages want the same
numbers in rows. Each ``*_view`` function turns one result into a pydantic
model used by both, so the API and the page always agree.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field

from qualframe.web.server.frames import plain, records
from qualframe.web.server.links import document_link

if TYPE_CHECKING:
    from qualframe.services.compare.answer_comparison import AnswersByGroup
    from qualframe.services.compare.code_comparison import CodeComparison, Quote
    from qualframe.services.compare.code_cooccurrence import CodeCooccurrence
    from qualframe.services.compare.coding_saturation import Saturation
    from qualframe.services.compare.comparison_options import ComparisonOptions


def number(value: Any) -> float | None:
    """A float for JSON: None for a missing, NaN or infinite value."""
    value = plain(value)
    if value is None or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    return float(value)


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
    return OptionsOut(
        grouping=[
            GroupingOut(
                name=g.name,
                label=g.label,
                level=g.level.value,
                type=g.type.value,
                typology=g.typology,
                groups=list(g.groups),
            )
            for g in options.grouping
        ],
        questions=[
            QuestionOut(
                identifier=q.identifier,
                text=q.text,
                label=q.label,
                scale=q.scale.value,
                levels=list(q.levels),
            )
            for q in options.questions
        ],
        saturation_orders=list(options.saturation_orders),
        codes=options.codes,
        documents=options.documents,
        codings=options.codings,
    )


# ---------------------------------------------------------------- code × group


class GroupRow(BaseModel):
    """One code in one group: who has it, how much, and who was not asked.

    ``participants = participants_coded + not_asked + asked_no_data``;
    shares are 0–1 (None for an empty group); characters are code points.
    """

    code: str
    group: str
    participants: int
    participants_coded: int
    participants_share: float | None
    cases: int
    cases_coded: int
    cases_share: float | None
    codings: int
    characters: int
    not_asked: int
    asked_no_data: int


class QuoteOut(BaseModel):
    """A quote of a comparison, with where it comes from and a link to its place."""

    coding_id: int
    code: str = Field(description="The compared code's path.")
    coded_as: str = Field(description="The code the passage was coded with (a sub-code).")
    group: str
    participant: str
    case: str
    document: str
    document_id: int
    start: int = Field(description="Code points, end exclusive.")
    end: int
    speaker: str | None
    text: str
    link: str = Field(description="The passage in the document view.")


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


def _quote(quote: Quote, project_id: int) -> QuoteOut:
    return QuoteOut(
        coding_id=quote.coding_id,
        code=quote.code,
        coded_as=quote.coded_as,
        group=quote.group,
        participant=quote.participant,
        case=quote.case,
        document=quote.document,
        document_id=quote.document_id,
        start=quote.start,
        end=quote.end,
        speaker=quote.speaker,
        text=quote.text,
        link=document_link(project_id, quote.document_id, quote.start, quote.end),
    )


def code_view(result: CodeComparison, project_id: int) -> CodeComparisonOut:
    """A code comparison as a record (links point into ``project_id``)."""
    rows = [GroupRow(**row) for row in records(result.table)]
    return CodeComparisonOut(
        title=result.title,
        codes=list(result.codes),
        attribute=result.attribute,
        level=result.level.value,
        groups=list(result.groups),
        include_subcodes=result.include_subcodes,
        interviewed_only=result.interviewed_only,
        quotes_per_group=result.quotes_per_group,
        tables=[
            CodeTable(
                code=code,
                rows=[row for row in rows if row.code == code],
                covering_questions=list(result.covering_questions.get(code, ())),
                unattributed=result.unattributed.get(code, 0),
            )
            for code in result.codes
        ],
        quotes={
            group: [_quote(q, project_id) for q in result.quotes.get(group, [])]
            for group in result.groups
        },
    )


# ---------------------------------------------------------------- structured answers


class AnswerRow(BaseModel):
    """One group's answers: count and percentage (0–100) per level, answers (n),
    and the participants left out (asked without an answer, not asked)."""

    group: str
    counts: dict[str, int]
    percentages: dict[str, float | None]
    n: int
    no_answer: int
    not_asked: int


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
    rows: list[AnswerRow]
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
    from qualframe.services.compare.answer_comparison import NO_ANSWER, NOT_ASKED

    comparison = result.comparison
    levels = [str(level) for level in comparison.levels]
    rows = []
    for group in comparison.groups:
        counts = comparison.counts.loc[group]
        shares = comparison.percentages.loc[group]
        rows.append(
            AnswerRow(
                group=str(group),
                counts={str(k): int(v) for k, v in counts.items()},
                percentages={str(k): number(v) for k, v in shares.items()},
                n=int(comparison.n.loc[group]),
                no_answer=int(comparison.excluded.loc[group, NO_ANSWER]),
                not_asked=int(comparison.excluded.loc[group, NOT_ASKED]),
            )
        )
    test = comparison.test
    return AnswersOut(
        title=result.title,
        question=result.question,
        question_text=result.question_text,
        attribute=result.attribute,
        scale=result.scale.value,
        levels=levels,
        rows=rows,
        no_group=comparison.no_group,
        test=TestOut(
            name=test.name,
            ran=test.ran,
            statistic=number(test.statistic),
            statistic_name=test.statistic_name,
            statistic_text=_statistic_text(test.statistic),
            dof=test.dof,
            p_value=number(test.p_value),
            p_text=result.p_text,
            effect_size=number(test.effect_size),
            effect_size_name=test.effect_size_name,
            warning=test.warning,
            summary=test.summary(),
        ),
        caveats=list(result.caveats()),
    )


# ---------------------------------------------------------------- co-occurrence


class PairOut(BaseModel):
    """Two codes and how often they occur together."""

    code_a: str
    code_b: str
    count: int
    similarity: float | None = Field(description="0–1; None where undefined.")


class CooccurrenceOut(BaseModel):
    """Codes × codes: counts (the diagonal: the code itself) and similarity."""

    codes: list[str]
    level: str
    mode: str = Field(description="overlap, turn or participant")
    unit: str = Field(description="What is counted: codings, or participants/cases/documents.")
    excluded: int = Field(description="Codings left out (empty span, outside turns, nobody).")
    where: dict[str, Any] | None
    counts: list[list[int]]
    similarity: list[list[float | None]]
    pairs: list[PairOut] = Field(description="Pairs that occur together, most often first.")


def cooccurrence_view(result: CodeCooccurrence) -> CooccurrenceOut:
    """A co-occurrence table as a record."""
    table = result.table
    pairs = result.to_frame(include_zero=False).sort_values(
        ["count", "code_a", "code_b"], ascending=[False, True, True], kind="stable"
    )
    return CooccurrenceOut(
        codes=list(result.codes),
        level=result.level,
        mode=result.mode,
        unit=table.unit,
        excluded=table.excluded,
        where=plain(result.where) if result.where else None,
        counts=[[int(v) for v in row] for row in table.counts.to_numpy()],
        similarity=[[number(v) for v in row] for row in table.similarity.to_numpy()],
        pairs=[
            PairOut(**{**row, "similarity": number(row["similarity"])}) for row in records(pairs)
        ],
    )


# ---------------------------------------------------------------- saturation


class StepOut(BaseModel):
    """One document of a saturation curve: the codes it brought."""

    group: str | None
    step: int = Field(description="1-based, within the group.")
    document: str
    codings: int
    codes: int = Field(description="Distinct codes in this document.")
    new: int = Field(description="Codes seen here for the first time.")
    already_seen: int
    new_codes: list[str]
    cumulative_codes: int
    cumulative_codings: int


class CurveSummary(BaseModel):
    """One curve in numbers: steps, codes, the last step with a new code."""

    group: str | None
    steps: int
    codes: int
    last_new_step: int = Field(description="0 when no step brought a new code.")
    steps_since_new: int


class SaturationOut(BaseModel):
    """New codes per document in interview order (per group with ``by``)."""

    order_by: str
    by: str | None
    documents: list[str] = Field(description="The documents in order.")
    unplaced: list[str] = Field(description="Documents without a sort key, placed last.")
    steps: list[StepOut]
    summary: list[CurveSummary]


def saturation_view(result: Saturation) -> SaturationOut:
    """A saturation curve as a record."""
    steps = []
    for row in records(result.steps):
        row.setdefault("group", None)
        row["group"] = None if row["group"] is None else str(row["group"])
        row["new_codes"] = [str(c) for c in row["new_codes"] or ()]
        steps.append(StepOut(**row))
    summary = []
    for row in records(result.summary()):
        row["group"] = None if row["group"] is None else str(row["group"])
        summary.append(CurveSummary(**row))
    return SaturationOut(
        order_by=result.order_by,
        by=result.by,
        documents=list(result.documents),
        unplaced=list(result.unplaced),
        steps=steps,
        summary=summary,
    )
