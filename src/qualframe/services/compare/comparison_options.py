"""What a project can be compared by: the choices behind the comparison forms.

A comparison form offers only what the comparison services accept, so the
rules live here beside them rather than in the pages:

- **grouping attributes**: case or participant attributes of a type that
  makes groups (:data:`~qualframe.services.compare.grouping.GROUPING_TYPES`;
  typology dimensions are categorical attributes and count);
- **structured questions**: questions of the schedule with a response
  scale (open questions are compared through codes instead);
- **saturation orders**: ``"position"``, ``"imported"`` and every document
  attribute of type date, number or ordinal
  (:mod:`qualframe.services.compare.coding_saturation`).

With them come the counts that decide what a page can show at all (no
codes, no documents, no codings yet), so each form can explain what is
missing instead of failing.
"""

from __future__ import annotations

from dataclasses import dataclass

from qualframe.services.compare.coding_saturation import KEY_TYPES, ORDER_CHOICES
from qualframe.services.compare.grouping import GROUPING_TYPES, level_order
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.storage import queries
from qualframe.vocabulary import AttributeLevel, AttributeType, QuestionKind, ScaleType


@dataclass(frozen=True)
class GroupingChoice:
    """An attribute participants can be grouped by: its name, level (case or
    participant), type, whether it is a typology dimension, and its groups
    in order (``true``/``false`` for a boolean)."""

    name: str
    level: AttributeLevel
    type: AttributeType
    typology: bool
    groups: tuple[str, ...]

    @property
    def label(self) -> str:
        """How a form lists it: "employer (case)", "model of peer work (case typology)"."""
        kind = f"{self.level.value} typology" if self.typology else self.level.value
        return f"{self.name} ({kind})"


@dataclass(frozen=True)
class QuestionChoice:
    """A structured question answers can be compared on: identifier, wording,
    response scale and its levels (lowest first for an ordinal scale)."""

    identifier: str
    text: str
    scale: ScaleType
    levels: tuple[str, ...]

    @property
    def label(self) -> str:
        """How a form lists it: "Q1: Has peer support helped you?"."""
        return f"{self.identifier}: {self.text}"


@dataclass(frozen=True)
class ComparisonOptions:
    """Everything the comparison forms offer for one project.

    ``saturation_orders`` are the values ``order_by`` accepts, built-in
    orders first, then document attributes; ``codes``, ``documents`` and
    ``codings`` count what exists (retired codes included in ``codes``).
    """

    grouping: tuple[GroupingChoice, ...]
    questions: tuple[QuestionChoice, ...]
    saturation_orders: tuple[str, ...]
    codes: int
    documents: int
    codings: int


def comparison_options(uow: UnitOfWork) -> ComparisonOptions:
    """The choices and counts of one project's comparison forms. Reads only."""
    definitions = queries.attributes.attribute_definitions(uow.session, uow.project_id, None)
    grouping = tuple(
        GroupingChoice(
            name=d.name,
            level=d.level,
            type=d.type,
            typology=bool(d.typology),
            groups=tuple(level_order(d)),
        )
        for d in definitions
        if d.level is not AttributeLevel.DOCUMENT and d.type in GROUPING_TYPES
    )
    keys = [
        d.name for d in definitions if d.level is AttributeLevel.DOCUMENT and d.type in KEY_TYPES
    ]
    orders = (*ORDER_CHOICES, *keys)
    questions = tuple(
        QuestionChoice(q.identifier, q.text, q.scale, tuple(q.levels or ()))
        for q in queries.schedule.questions(uow.session, uow.project_id)
        if q.kind is QuestionKind.STRUCTURED and q.scale is not None
    )
    counts = queries.projects.project_counts(uow.session, uow.project_id)
    return ComparisonOptions(
        grouping=grouping,
        questions=questions,
        saturation_orders=orders,
        codes=counts.codes,
        documents=counts.documents,
        codings=counts.codings,
    )
