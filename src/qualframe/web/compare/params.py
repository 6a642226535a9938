"""The query parameters of the comparisons, shared by the pages and the JSON API.

Each comparison reads its choices from the query string (so a comparison is
a shareable address) as one pydantic model here, declared once and taken by
both the page and its API twin (``params: CodeQuery``). A model knows
whether enough was chosen to run (``ready``), how to run itself on a
project (one facade call) and give the answer the API and the page share
(``answer``), and how to write itself back as a query string (for export
and chart links). Co-occurrence and saturation narrow their
codings by the shared scope filters
(:class:`~qualframe.web.server.scope.ScopeParams`: ``where``, ``coder``).

Codes are given by name or path (``code``, ``theme``: "Trust > Shared
experience") or by id (``code_id``, ``theme_id``), never guessed from digits;
attributes and questions by name/identifier.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated

from fastapi import Query
from pydantic import Field

from qualframe.errors import ValidationError
from qualframe.project import Project
from qualframe.services.core.refs import Ref
from qualframe.vocabulary import (
    CooccurrenceLevel,
    CooccurrenceMode,
    CooccurrenceUnit,
    CooccurrenceValue,
)
from qualframe.web.compare.answers import (
    AnswersOut,
    CodeComparisonOut,
    CooccurrenceOut,
    SaturationOut,
    answers_view,
    code_view,
    cooccurrence_view,
    saturation_view,
)
from qualframe.web.server.query import SCOPE_FIELDS, QueryChoices
from qualframe.web.server.refs import Ids, OptionalId, one_ref, refs_of
from qualframe.web.server.scope import ScopeParams

if TYPE_CHECKING:
    from qualframe.services.compare.answer_comparison import AnswersByGroup
    from qualframe.services.compare.code_comparison import CodeComparison
    from qualframe.services.compare.code_cooccurrence import CodeCooccurrence
    from qualframe.services.compare.coding_saturation import Saturation

#: Most quotes per code and group a page asks for.
MAX_QUOTES = 200
#: Quotes per group when none is asked for.
DEFAULT_QUOTES = 5
_BY = "The case or participant attribute to group by (its name)."


def code_refs(names: Sequence[str], ids: Sequence[int]) -> list[Ref]:
    """The codes chosen: by name or path, then by id; blanks dropped, each once,
    in the order given."""
    return refs_of(names, ids)


# ---------------------------------------------------------------- code × group


class CodeParams(QueryChoices):
    """A code × group comparison as asked: the codes (by name or path, and by
    id), the grouping attribute, sub-codes counted or not, interviewed
    participants only, quotes per code and group."""

    code: list[str] = Field(
        default_factory=list, description="A code by name or path (repeat for several)."
    )
    code_id: Ids = Field(default_factory=list, description="A code by id (repeat for several).")
    by: str = Field("", description=_BY)
    subcodes: bool = Field(True, description="Count the sub-codes' codings with each code.")
    interviewed_only: bool = Field(
        False, description="Count only participants linked to a document or speaking."
    )
    quotes: int = Field(
        DEFAULT_QUOTES, ge=0, le=MAX_QUOTES, description="Quotes per code and group."
    )

    @property
    def ready(self) -> bool:
        """Whether a code and an attribute were chosen."""
        return bool(code_refs(self.code, self.code_id)) and bool(self.by.strip())

    def run(self, project: Project, *, all_quotes: bool = False) -> CodeComparison:
        """The comparison (one transaction); every quote with ``all_quotes``.
        Raises :class:`ValidationError` unless :attr:`ready`."""
        if not self.ready:
            raise ValidationError(
                "Choose at least one code (code=... or code_id=...) and an attribute (by=...)."
            )
        refs = code_refs(self.code, self.code_id)
        return project.compare.code(
            refs[0] if len(refs) == 1 else refs,
            by=self.by.strip(),
            include_subcodes=self.subcodes,
            quotes_per_group=None if all_quotes else self.quotes,
            interviewed_only=self.interviewed_only,
        )

    def answer(self, project: Project) -> CodeComparisonOut:
        """The comparison as the API answers it and the page shows it."""
        return code_view(self.run(project), project.info.id)


# ---------------------------------------------------------------- structured answers


class AnswersParams(QueryChoices):
    """A structured-answer comparison as asked: the question and the attribute."""

    question: str = Field("", description="The structured question, by identifier (its name).")
    by: str = Field("", description=_BY)

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

    def answer(self, project: Project) -> AnswersOut:
        """The comparison as the API answers it and the page shows it."""
        return answers_view(self.run(project))


# ---------------------------------------------------------------- co-occurrence


class CooccurrenceParams(ScopeParams, QueryChoices):
    """A co-occurrence table as asked: a theme (its sub-codes) or codes (or,
    with neither, every code with codings), level, mode, unit, the scope
    (attribute filters ``NAME=VALUE``, coder) and the value charted."""

    query_order = (
        "code", "code_id", "theme", "theme_id", "subcodes", "level", "mode", "unit",
        *SCOPE_FIELDS, "value",
    )  # fmt: skip

    code: list[str] = Field(
        default_factory=list, description="A code to include, by name or path (repeat)."
    )
    code_id: Ids = Field(default_factory=list, description="A code to include, by id (repeat).")
    theme: str = Field(
        "", description="Compare this theme's sub-codes instead: the theme by name or path."
    )
    theme_id: OptionalId = Field(
        None, description="Compare this theme's sub-codes instead: the theme by id."
    )
    subcodes: bool = Field(False, description="With codes: count each code's sub-codes with it.")
    level: CooccurrenceLevel = Field(
        "segment", description="'segment' (codings together) or 'participant'."
    )
    mode: CooccurrenceMode = Field(
        "overlap", description="Segments: overlapping codings or codings in one speaker turn."
    )
    unit: CooccurrenceUnit = Field(
        "participant", description="Participant level: count participants, cases or documents."
    )
    value: CooccurrenceValue = Field(
        "counts", description="Chart the counts or the 0–1 similarity."
    )

    def run(self, project: Project) -> CodeCooccurrence:
        """The co-occurrence table (one transaction)."""
        refs = code_refs(self.code, self.code_id)
        theme = one_ref(self.theme, self.theme_id, "theme", called="its name or path")
        if refs and theme is not None:
            raise ValidationError("Choose either a theme or codes, not both.")
        return project.compare.cooccurrence(
            refs or None,
            theme=theme,
            include_subcodes=self.subcodes,
            level=self.level,
            mode=self.mode,
            unit=self.unit,
            scope=self.to_scope(),
        )

    def answer(self, project: Project) -> CooccurrenceOut:
        """The table as the API answers it and the page shows it."""
        return cooccurrence_view(self.run(project))


# ---------------------------------------------------------------- saturation


class SaturationParams(ScopeParams, QueryChoices):
    """A saturation curve as asked: the order of the documents, optionally the
    attribute whose groups get a curve each, and the scope (``coder``)."""

    query_order = ("order", "by", *SCOPE_FIELDS)

    order: str = Field(
        "position", description="'position', 'imported' or a document date/number attribute."
    )
    by: str = Field("", description="One curve per group of this attribute (by name).")

    def run(self, project: Project) -> Saturation:
        """The curve (one transaction)."""
        return project.compare.saturation(
            order_by=self.order.strip() or "position",
            by=self.by.strip() or None,
            scope=self.to_scope(),
        )

    def answer(self, project: Project) -> SaturationOut:
        """The curve as the API answers it and the page shows it."""
        return saturation_view(self.run(project))


#: Each comparison's choices, read from the query string.
CodeQuery = Annotated[CodeParams, Query()]
AnswersQuery = Annotated[AnswersParams, Query()]
CooccurrenceQuery = Annotated[CooccurrenceParams, Query()]
SaturationQuery = Annotated[SaturationParams, Query()]
