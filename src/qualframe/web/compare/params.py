"""The query parameters of the comparisons, shared by the pages and the JSON API.

Each comparison reads its choices from the query string (so a comparison is
a shareable address) through one FastAPI dependency here, used by both the
page and its API twin. A record knows whether enough was chosen to run
(``ready``), how to run itself on a project (one facade call), and how to
write itself back as a query string (for export and chart links).

Codes are given by id (digits) or by name or path ("Trust > Shared
experience"); attributes and questions by name/identifier.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Literal
from urllib.parse import urlencode

from fastapi import Depends, Query

from qualframe.errors import ValidationError
from qualframe.project import Project
from qualframe.services.core.where_filters import parse_where

if TYPE_CHECKING:
    from qualframe.services.compare.answer_comparison import AnswersByGroup
    from qualframe.services.compare.code_comparison import CodeComparison
    from qualframe.services.compare.code_cooccurrence import CodeCooccurrence
    from qualframe.services.compare.coding_saturation import Saturation

#: Most quotes per code and group a page asks for.
MAX_QUOTES = 200
#: Quotes per group when none is asked for.
DEFAULT_QUOTES = 5

CodeRef = int | str
Level = Literal["segment", "participant"]
Mode = Literal["overlap", "turn"]
Unit = Literal["participant", "case", "document"]
HeatValue = Literal["counts", "similarity"]


def code_ref(value: str) -> CodeRef:
    """A code as the form sends it: digits are an id, anything else a name or path."""
    text = value.strip()
    return int(text) if text.isdigit() else text


def code_refs(values: Sequence[str]) -> list[CodeRef]:
    """The codes chosen, blanks dropped, each once, in the order given."""
    return list(dict.fromkeys(code_ref(v) for v in values if v.strip()))


def _query(pairs: Sequence[tuple[str, object]]) -> str:
    """A query string of the pairs whose value is not empty."""
    return urlencode([(k, str(v)) for k, v in pairs if v not in (None, "")])


# ---------------------------------------------------------------- code × group


@dataclass(frozen=True)
class CodeParams:
    """A code × group comparison as asked: the codes (refs as sent), the grouping
    attribute, sub-codes counted or not, interviewed participants only, quotes
    per code and group."""

    codes: tuple[str, ...]
    by: str
    subcodes: bool
    interviewed_only: bool
    quotes: int

    @property
    def ready(self) -> bool:
        """Whether a code and an attribute were chosen."""
        return bool(code_refs(self.codes)) and bool(self.by.strip())

    def require(self) -> None:
        """Raise :class:`ValidationError` unless :attr:`ready`."""
        if not self.ready:
            raise ValidationError("Choose at least one code (code=...) and an attribute (by=...).")

    def run(self, project: Project, *, all_quotes: bool = False) -> CodeComparison:
        """The comparison (one transaction); every quote with ``all_quotes``."""
        self.require()
        refs = code_refs(self.codes)
        return project.compare.code(
            refs[0] if len(refs) == 1 else refs,
            by=self.by.strip(),
            include_subcodes=self.subcodes,
            quotes_per_group=None if all_quotes else self.quotes,
            interviewed_only=self.interviewed_only,
        )

    def query(self) -> str:
        """These choices as a query string."""
        return _query(
            [
                *(("code", c) for c in self.codes),
                ("by", self.by),
                ("subcodes", "true" if self.subcodes else "false"),
                ("interviewed_only", "true" if self.interviewed_only else ""),
                ("quotes", self.quotes),
            ]
        )


def code_params(
    code: Annotated[
        list[str], Query(description="A code: id, name or path (repeat for several).")
    ] = [],  # noqa: B006 (FastAPI copies defaults)
    by: Annotated[str, Query(description="The case or participant attribute to group by.")] = "",
    subcodes: Annotated[
        bool, Query(description="Count the sub-codes' codings with each code (a theme).")
    ] = True,
    interviewed_only: Annotated[
        bool, Query(description="Count only participants linked to a document or speaking.")
    ] = False,
    quotes: Annotated[
        int, Query(ge=0, le=MAX_QUOTES, description="Quotes per code and group.")
    ] = DEFAULT_QUOTES,
) -> CodeParams:
    """The code × group choices of a request."""
    return CodeParams(tuple(code), by, subcodes, interviewed_only, quotes)


CodeParamsDep = Annotated[CodeParams, Depends(code_params)]


# ---------------------------------------------------------------- structured answers


@dataclass(frozen=True)
class AnswersParams:
    """A structured-answer comparison as asked: the question and the attribute."""

    question: str
    by: str

    @property
    def ready(self) -> bool:
        """Whether a question and an attribute were chosen."""
        return bool(self.question.strip()) and bool(self.by.strip())

    def run(self, project: Project) -> AnswersByGroup:
        """The comparison with its test (one transaction)."""
        if not self.ready:
            raise ValidationError(
                "Choose a structured question (question=...) and an attribute (by=...)."
            )
        return project.compare.answers(self.question.strip(), by=self.by.strip())

    def query(self) -> str:
        """These choices as a query string."""
        return _query([("question", self.question), ("by", self.by)])


def answers_params(
    question: Annotated[str, Query(description="The structured question's identifier.")] = "",
    by: Annotated[str, Query(description="The case or participant attribute to group by.")] = "",
) -> AnswersParams:
    """The structured-answer choices of a request."""
    return AnswersParams(question, by)


AnswersParamsDep = Annotated[AnswersParams, Depends(answers_params)]


# ---------------------------------------------------------------- co-occurrence


@dataclass(frozen=True)
class CooccurrenceParams:
    """A co-occurrence table as asked: a theme (its sub-codes) or codes (or,
    with neither, every code with codings), level, mode, unit, the attribute
    filters (``NAME=VALUE``) and the value charted."""

    codes: tuple[str, ...]
    theme: str
    subcodes: bool
    level: Level
    mode: Mode
    unit: Unit
    where: tuple[str, ...]
    value: HeatValue

    def run(self, project: Project) -> CodeCooccurrence:
        """The co-occurrence table (one transaction)."""
        refs = code_refs(self.codes)
        theme = code_ref(self.theme) if self.theme.strip() else None
        if refs and theme is not None:
            raise ValidationError("Choose either a theme or codes, not both.")
        return project.compare.cooccurrence(
            refs or None,
            theme=theme,
            include_subcodes=self.subcodes,
            level=self.level,
            mode=self.mode,
            unit=self.unit,
            where=parse_where(self.where),
        )

    def query(self) -> str:
        """These choices as a query string."""
        return _query(
            [
                *(("code", c) for c in self.codes),
                ("theme", self.theme),
                ("subcodes", "true" if self.subcodes else ""),
                ("level", self.level),
                ("mode", self.mode),
                ("unit", self.unit),
                *(("where", w) for w in self.where),
                ("value", self.value),
            ]
        )


def cooccurrence_params(
    code: Annotated[
        list[str], Query(description="A code to include: id, name or path (repeat).")
    ] = [],  # noqa: B006 (FastAPI copies defaults)
    theme: Annotated[str, Query(description="Compare this theme's sub-codes instead.")] = "",
    subcodes: Annotated[
        bool, Query(description="With codes: count each code's sub-codes with it.")
    ] = False,
    level: Annotated[
        Level, Query(description="'segment' (codings together) or 'participant'.")
    ] = "segment",
    mode: Annotated[
        Mode, Query(description="Segments: overlapping codings or codings in one speaker turn.")
    ] = "overlap",
    unit: Annotated[
        Unit, Query(description="Participant level: count participants, cases or documents.")
    ] = "participant",
    where: Annotated[
        list[str], Query(description="Only codings where ATTRIBUTE=VALUE (repeat).")
    ] = [],  # noqa: B006 (FastAPI copies defaults)
    value: Annotated[
        HeatValue, Query(description="Chart the counts or the 0–1 similarity.")
    ] = "counts",
) -> CooccurrenceParams:
    """The co-occurrence choices of a request."""
    return CooccurrenceParams(
        tuple(code), theme, subcodes, level, mode, unit, tuple(w for w in where if w), value
    )


CooccurrenceParamsDep = Annotated[CooccurrenceParams, Depends(cooccurrence_params)]


# ---------------------------------------------------------------- saturation


@dataclass(frozen=True)
class SaturationParams:
    """A saturation curve as asked: the order of the documents and, optionally,
    the attribute whose groups get a curve each."""

    order: str
    by: str

    def run(self, project: Project) -> Saturation:
        """The curve (one transaction)."""
        return project.compare.saturation(
            order_by=self.order.strip() or "position", by=self.by.strip() or None
        )

    def query(self) -> str:
        """These choices as a query string."""
        return _query([("order", self.order), ("by", self.by)])


def saturation_params(
    order: Annotated[
        str, Query(description="'position', 'imported' or a document date/number attribute.")
    ] = "position",
    by: Annotated[str, Query(description="One curve per group of this attribute.")] = "",
) -> SaturationParams:
    """The saturation choices of a request."""
    return SaturationParams(order, by)


SaturationParamsDep = Annotated[SaturationParams, Depends(saturation_params)]
