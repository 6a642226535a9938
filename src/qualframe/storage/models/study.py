"""The study design: projects, attributes, cases, participants, interview schedule."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from qualframe.storage.models import columns as col
from qualframe.storage.models.base import Base
from qualframe.vocabulary import AttributeLevel, AttributeType, QuestionKind, ScaleType


class Project(Base):
    """One study. A database holds many projects; names are unique."""

    __tablename__ = "projects"

    id: Mapped[col.IntPK]
    guid: Mapped[str] = col.guid_column()
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    description: Mapped[col.Prose]
    created_at: Mapped[col.Moment]

    __table_args__ = (
        col.not_empty("name"),
        *col.identity_constraints(per_project=False),
    )


class AttributeDefinition(Base):
    """A typed variable on cases, participants or documents.

    ``levels`` holds the allowed values of a categorical attribute, or the
    ordered levels of an ordinal one (lowest first); it is empty otherwise.
    Names are unique in a project across levels, so that a participant's
    own and inherited (case) attributes never clash.
    """

    __tablename__ = "attribute_definitions"

    id: Mapped[col.IntPK]
    guid: Mapped[str] = col.guid_column()
    version: Mapped[int] = col.version_column()
    project_id: Mapped[col.ProjectKey]
    name: Mapped[col.Name]
    level: Mapped[AttributeLevel] = mapped_column(
        col.enum_column(AttributeLevel, "attribute_level")
    )
    type: Mapped[AttributeType] = mapped_column(col.enum_column(AttributeType, "attribute_type"))
    levels: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    description: Mapped[col.Prose]
    position: Mapped[int] = mapped_column(sa.Integer, default=0)
    #: A typology dimension: a categorical case or participant attribute whose
    #: categories the analysts derived; one category per object (unique value).
    typology: Mapped[bool] = mapped_column(sa.Boolean, default=False, server_default=sa.false())

    __table_args__ = (
        sa.UniqueConstraint("project_id", "name"),
        col.not_empty("name"),
        *col.identity_constraints(),
        *col.version_constraints(),
    )
    __mapper_args__ = col.versioned_by(version)


class Case(Base):
    """A unit of comparison at site level (an NHS trust team, a voluntary service)."""

    __tablename__ = "cases"

    id: Mapped[col.IntPK]
    guid: Mapped[str] = col.guid_column()
    version: Mapped[int] = col.version_column()
    project_id: Mapped[col.ProjectKey]
    name: Mapped[col.Name]
    description: Mapped[col.Prose]

    participants: Mapped[list[Participant]] = relationship(
        back_populates="case", passive_deletes=True, overlaps="participants"
    )

    __table_args__ = (
        sa.UniqueConstraint("project_id", "name"),
        # Target of the composite key that keeps a participant in its case's project.
        sa.UniqueConstraint("id", "project_id"),
        col.not_empty("name"),
        *col.identity_constraints(),
        *col.version_constraints(),
    )
    __mapper_args__ = col.versioned_by(version)


class Participant(Base):
    """A person interviewed; belongs to exactly one case of the same project."""

    __tablename__ = "participants"

    id: Mapped[col.IntPK]
    guid: Mapped[str] = col.guid_column()
    version: Mapped[int] = col.version_column()
    project_id: Mapped[col.ProjectKey]
    case_id: Mapped[int]
    identifier: Mapped[col.Name]
    description: Mapped[col.Prose]

    case: Mapped[Case] = relationship(back_populates="participants", overlaps="participants")

    __table_args__ = (
        sa.UniqueConstraint("project_id", "identifier"),
        sa.UniqueConstraint("id", "project_id"),
        sa.ForeignKeyConstraint(
            ["case_id", "project_id"], ["cases.id", "cases.project_id"], ondelete="RESTRICT"
        ),
        col.not_empty("identifier"),
        sa.Index(None, "case_id"),
        *col.identity_constraints(),
        *col.version_constraints(),
    )
    __mapper_args__ = col.versioned_by(version)


class AttributeValue(Base):
    """One attribute's value for exactly one case, participant or document.

    ``value`` is the canonical text (ISO dates, ``true``/``false``, numbers
    as written by Python); ``number`` repeats it for sorting and filtering
    numbers, dates (ordinal day) and ordinal levels (0-based rank).
    """

    __tablename__ = "attribute_values"

    id: Mapped[col.IntPK]
    definition_id: Mapped[int] = col.references("attribute_definitions.id")
    case_id: Mapped[int | None] = col.references("cases.id")
    participant_id: Mapped[int | None] = col.references("participants.id")
    document_id: Mapped[int | None] = col.references("documents.id")
    value: Mapped[str] = mapped_column(sa.Text)
    number: Mapped[float | None] = mapped_column(sa.Float)

    __table_args__ = (
        sa.CheckConstraint(
            col.count_not_null("case_id", "participant_id", "document_id") + " = 1",
            name="one_owner",
        ),
        sa.UniqueConstraint("definition_id", "case_id"),
        sa.UniqueConstraint("definition_id", "participant_id"),
        sa.UniqueConstraint("definition_id", "document_id"),
        sa.Index(None, "case_id"),
        sa.Index(None, "participant_id"),
        sa.Index(None, "document_id"),
        sa.Index(None, "definition_id", "value"),
    )


class Question(Base):
    """An item of the interview schedule, in order.

    Structured questions carry a response scale (``scale`` and ``levels``);
    ``heading`` is the text that marks the question's section in transcripts.
    """

    __tablename__ = "questions"

    id: Mapped[col.IntPK]
    guid: Mapped[str] = col.guid_column()
    project_id: Mapped[col.ProjectKey]
    identifier: Mapped[str] = mapped_column(sa.String(50))
    position: Mapped[int]
    text: Mapped[str] = mapped_column(sa.Text)
    kind: Mapped[QuestionKind] = mapped_column(col.enum_column(QuestionKind, "question_kind"))
    scale: Mapped[ScaleType | None] = mapped_column(col.enum_column(ScaleType, "scale_type"))
    levels: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    heading: Mapped[col.Prose]

    __table_args__ = (
        sa.UniqueConstraint("project_id", "identifier"),
        sa.CheckConstraint(
            "(kind = 'structured' AND scale IS NOT NULL) OR (kind = 'open' AND scale IS NULL)",
            name="scale_matches_kind",
        ),
        *col.identity_constraints(),
    )


class Answer(Base):
    """A participant's answer to a structured question.

    ``asked`` is false when the question was not put to the participant
    (then ``value`` is null); a null ``value`` with ``asked`` true means
    asked and not answered.
    """

    __tablename__ = "answers"

    id: Mapped[col.IntPK]
    question_id: Mapped[int] = col.references("questions.id")
    participant_id: Mapped[int] = col.references("participants.id")
    value: Mapped[str | None] = mapped_column(sa.Text)
    asked: Mapped[bool] = mapped_column(sa.Boolean, default=True)

    __table_args__ = (
        sa.UniqueConstraint("question_id", "participant_id"),
        sa.CheckConstraint("asked OR value IS NULL", name="not_asked_has_no_value"),
        sa.Index(None, "participant_id"),
    )
