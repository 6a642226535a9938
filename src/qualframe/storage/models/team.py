"""Coding as a team: agreement rounds and the resolutions of their disagreements.

An **agreement round** is a double-coding check the team opens on chosen
documents, codes and coders, measured on one unit (turns, paragraphs,
sentences or the text itself). It keeps the agreement figures as they were
when it was opened (``figures``: JSON, the "before"), so that after the
team has resolved disagreements the figures can be shown before and after.

A **resolution** records how one disagreement was settled: the round, the
document, the code and the passage ``[start, end)`` (code points) the
coders disagreed on, the outcome (:class:`~qualframe.vocabulary.Resolution`),
the coder whose reading was kept or the code recoded to, a note, who
resolved it and when, and what changed (``changes``: JSON listing the
codings removed and added, so the record reads the same after they go).
A passage of a round is resolved once per code.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from qualframe.storage.models import columns as col
from qualframe.storage.models.base import Base
from qualframe.vocabulary import AgreementUnit, Resolution


class AgreementRound(Base):
    """A double-coding check of a project: a name unique in the project, the unit
    agreement is measured on, a note, who opened it and when, and the figures at
    opening (JSON, written by the services)."""

    __tablename__ = "agreement_rounds"

    id: Mapped[col.IntPK]
    guid: Mapped[str] = col.guid_column()
    version: Mapped[int] = col.version_column()
    project_id: Mapped[col.ProjectKey]
    name: Mapped[col.Name]
    unit: Mapped[AgreementUnit] = mapped_column(col.enum_column(AgreementUnit, "agreement_unit"))
    note: Mapped[col.Prose]
    opened_by: Mapped[col.Name]
    opened_at: Mapped[col.Moment]
    figures: Mapped[str] = mapped_column(sa.Text, default="{}")

    __table_args__ = (
        sa.UniqueConstraint("project_id", "name"),
        sa.Index("uq_agreement_rounds_id_project_id", "id", "project_id", unique=True),
        col.not_empty("name"),
        *col.identity_constraints(),
        *col.version_constraints(),
    )
    __mapper_args__ = col.versioned_by(version)


class RoundDocument(Base):
    """A document a round compares (deleted with the round or the document)."""

    __tablename__ = "agreement_round_documents"

    round_id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[col.ProjectKey]

    __table_args__ = (
        sa.ForeignKeyConstraint(
            ["round_id", "project_id"],
            ["agreement_rounds.id", "agreement_rounds.project_id"],
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["document_id", "project_id"],
            ["documents.id", "documents.project_id"],
            ondelete="CASCADE",
        ),
        sa.Index(None, "document_id"),
    )


class RoundCode(Base):
    """A code a round compares (deleted with the round or the code)."""

    __tablename__ = "agreement_round_codes"

    round_id: Mapped[int] = mapped_column(primary_key=True)
    code_id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[col.ProjectKey]

    __table_args__ = (
        sa.ForeignKeyConstraint(
            ["round_id", "project_id"],
            ["agreement_rounds.id", "agreement_rounds.project_id"],
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["code_id", "project_id"], ["codes.id", "codes.project_id"], ondelete="CASCADE"
        ),
        sa.Index(None, "code_id"),
    )


class RoundCoder(Base):
    """A coder (by the name written on codings) a round compares."""

    __tablename__ = "agreement_round_coders"

    round_id: Mapped[int] = col.references("agreement_rounds.id", primary_key=True)
    coder: Mapped[str] = mapped_column(sa.String(200), primary_key=True)

    __table_args__ = (col.not_empty("coder"),)


class DisagreementResolution(Base):
    """How one disagreement of a round (one code, one passage of a document) was settled."""

    __tablename__ = "disagreement_resolutions"

    id: Mapped[col.IntPK]
    guid: Mapped[str] = col.guid_column()
    project_id: Mapped[col.ProjectKey]
    round_id: Mapped[int]
    document_id: Mapped[int]
    code_id: Mapped[int]
    start: Mapped[int]
    end: Mapped[int]
    outcome: Mapped[Resolution] = mapped_column(col.enum_column(Resolution, "resolution"))
    kept_coder: Mapped[col.Name | None]
    recoded_to: Mapped[int | None] = col.references("codes.id", on_delete="SET NULL")
    note: Mapped[col.Prose]
    resolved_by: Mapped[col.Name]
    resolved_at: Mapped[col.Moment]
    changes: Mapped[str] = mapped_column(sa.Text, default="{}")

    __table_args__ = (
        sa.ForeignKeyConstraint(
            ["round_id", "project_id"],
            ["agreement_rounds.id", "agreement_rounds.project_id"],
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["document_id", "project_id"],
            ["documents.id", "documents.project_id"],
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["code_id", "project_id"], ["codes.id", "codes.project_id"], ondelete="CASCADE"
        ),
        col.span_in_order(),
        sa.CheckConstraint(
            "(outcome = 'keep_one') = (kept_coder IS NOT NULL)", name="kept_coder_for_keep_one"
        ),
        sa.CheckConstraint(
            "outcome = 'recode' OR recoded_to IS NULL", name="recoded_to_only_for_recode"
        ),
        sa.UniqueConstraint("round_id", "document_id", "code_id", "start", "end"),
        sa.Index(None, "document_id"),
        sa.Index(None, "code_id"),
        *col.identity_constraints(),
    )
