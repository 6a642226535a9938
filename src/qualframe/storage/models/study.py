"""The study design: projects, attributes, cases, participants, interview schedule."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from qualframe.storage.models.base import (
    Base,
    Timestamp,
    count_not_null,
    enum_column,
    utc_now,
)
from qualframe.vocabulary import AttributeLevel, AttributeType, QuestionKind, ScaleType


class Project(Base):
    """One study. A database holds many projects; names are unique."""

    __tablename__ = "projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(Timestamp(), default=utc_now)

    __table_args__ = (CheckConstraint("length(name) > 0", name="name_not_empty"),)


class AttributeDefinition(Base):
    """A typed variable on cases, participants or documents.

    ``levels`` holds the allowed values of a categorical attribute, or the
    ordered levels of an ordinal one (lowest first); it is empty otherwise.
    Names are unique in a project across levels, so that a participant's
    own and inherited (case) attributes never clash.
    """

    __tablename__ = "attribute_definitions"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    level: Mapped[AttributeLevel] = mapped_column(enum_column(AttributeLevel, "attribute_level"))
    type: Mapped[AttributeType] = mapped_column(enum_column(AttributeType, "attribute_type"))
    levels: Mapped[list[str]] = mapped_column(JSON, default=list)
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    #: A typology dimension: a categorical case or participant attribute whose
    #: categories the analysts derived; one category per object (unique value).
    typology: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    __table_args__ = (
        UniqueConstraint("project_id", "name"),
        CheckConstraint("length(name) > 0", name="name_not_empty"),
    )


class Case(Base):
    """A unit of comparison at site level (an NHS trust team, a voluntary service)."""

    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")

    participants: Mapped[list[Participant]] = relationship(
        back_populates="case", passive_deletes=True, overlaps="participants"
    )

    __table_args__ = (
        UniqueConstraint("project_id", "name"),
        # Target of the composite key that keeps a participant in its case's project.
        UniqueConstraint("id", "project_id"),
        CheckConstraint("length(name) > 0", name="name_not_empty"),
    )


class Participant(Base):
    """A person interviewed; belongs to exactly one case of the same project."""

    __tablename__ = "participants"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    case_id: Mapped[int] = mapped_column(Integer)
    identifier: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")

    case: Mapped[Case] = relationship(back_populates="participants", overlaps="participants")

    __table_args__ = (
        UniqueConstraint("project_id", "identifier"),
        UniqueConstraint("id", "project_id"),
        ForeignKeyConstraint(
            ["case_id", "project_id"], ["cases.id", "cases.project_id"], ondelete="RESTRICT"
        ),
        CheckConstraint("length(identifier) > 0", name="identifier_not_empty"),
        Index(None, "case_id"),
    )


class AttributeValue(Base):
    """One attribute's value for exactly one case, participant or document.

    ``value`` is the canonical text (ISO dates, ``true``/``false``, numbers
    as written by Python); ``number`` repeats it for sorting and filtering
    numbers, dates (ordinal day) and ordinal levels (0-based rank).
    """

    __tablename__ = "attribute_values"

    id: Mapped[int] = mapped_column(primary_key=True)
    definition_id: Mapped[int] = mapped_column(
        ForeignKey("attribute_definitions.id", ondelete="CASCADE")
    )
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE")
    )
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    value: Mapped[str] = mapped_column(Text)
    number: Mapped[float | None] = mapped_column(Float)

    __table_args__ = (
        CheckConstraint(
            count_not_null("case_id", "participant_id", "document_id") + " = 1",
            name="one_owner",
        ),
        UniqueConstraint("definition_id", "case_id"),
        UniqueConstraint("definition_id", "participant_id"),
        UniqueConstraint("definition_id", "document_id"),
        Index(None, "case_id"),
        Index(None, "participant_id"),
        Index(None, "document_id"),
        Index(None, "definition_id", "value"),
    )


class Question(Base):
    """An item of the interview schedule, in order.

    Structured questions carry a response scale (``scale`` and ``levels``);
    ``heading`` is the text that marks the question's section in transcripts.
    """

    __tablename__ = "questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    identifier: Mapped[str] = mapped_column(String(50))
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    kind: Mapped[QuestionKind] = mapped_column(enum_column(QuestionKind, "question_kind"))
    scale: Mapped[ScaleType | None] = mapped_column(enum_column(ScaleType, "scale_type"))
    levels: Mapped[list[str]] = mapped_column(JSON, default=list)
    heading: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        UniqueConstraint("project_id", "identifier"),
        CheckConstraint(
            "(kind = 'structured' AND scale IS NOT NULL) OR (kind = 'open' AND scale IS NULL)",
            name="scale_matches_kind",
        ),
    )


class Answer(Base):
    """A participant's answer to a structured question.

    ``asked`` is false when the question was not put to the participant
    (then ``value`` is null); a null ``value`` with ``asked`` true means
    asked and not answered.
    """

    __tablename__ = "answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"))
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"))
    value: Mapped[str | None] = mapped_column(Text)
    asked: Mapped[bool] = mapped_column(Boolean, default=True)

    __table_args__ = (
        UniqueConstraint("question_id", "participant_id"),
        CheckConstraint("asked OR value IS NULL", name="not_asked_has_no_value"),
        Index(None, "participant_id"),
    )


def attribute_value_columns() -> dict[str, Any]:
    """Column names of :class:`AttributeValue` by owner level (for queries)."""
    return {
        AttributeLevel.CASE: AttributeValue.case_id,
        AttributeLevel.PARTICIPANT: AttributeValue.participant_id,
        AttributeLevel.DOCUMENT: AttributeValue.document_id,
    }
