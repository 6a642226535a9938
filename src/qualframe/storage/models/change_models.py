"""Change models: typed graphs of nodes and links, their evidence, indicators and versions.

A project holds change models. A model has its node kinds (each with a
colour and a diagram column), nodes of those kinds, directed links between
its nodes (with a rationale and an optional condition: a node of the model
in whose context the link holds), codes a node is bound to (its evidence
grows with their codings), evidence backing a node or link (a coding, a
passage of one, a stored matrix cell or a memo; supporting or
contradicting), indicators on outcome nodes (each maybe naming a measure of
the project's registry) and named versions (a snapshot as JSON).

The database keeps the graph whole: composite keys tie a node to a kind of
its own model, a link's ends and condition to nodes of its model, a code
binding and each piece of evidence to objects of the model's project.
Evidence points at its coding, cell or memo without a cascade: deleting an
object a model cites is refused (the services say where it is used).
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from qualframe.storage.models import columns as col
from qualframe.storage.models.base import Base
from qualframe.vocabulary import Stance

#: The columns of ``model_evidence`` naming what backs a node or link (one is set).
EVIDENCE_COLUMNS = ("coding_id", "cell_id", "memo_id")
#: The columns naming what a piece of evidence backs (one is set).
SUBJECT_COLUMNS = ("node_id", "link_id")


def _cited(columns: list[str], targets: list[str]) -> sa.ForeignKeyConstraint:
    """A key to an object a model cites: no cascade, checked at commit.

    Checked at commit because a project deleted as a whole takes its models
    and the objects they cite in one statement, which PostgreSQL would
    otherwise check midway (before the cascade reaches the citing rows)."""
    return sa.ForeignKeyConstraint(columns, targets, deferrable=True, initially="DEFERRED")


def _model_key(*columns: str, target: str, on_delete: str = "CASCADE") -> sa.ForeignKeyConstraint:
    """A composite key ``(columns..., model_id)`` to ``target`` ``(id, model_id)``."""
    keys = [*columns, "model_id"]
    targets = [f"{target}.id", f"{target}.model_id"]
    if on_delete == "NO ACTION":
        return _cited(keys, targets)
    return sa.ForeignKeyConstraint(keys, targets, ondelete=on_delete)


class ChangeModel(Base):
    """A change model of a project: a name unique in the project, a description."""

    __tablename__ = "change_models"

    id: Mapped[col.IntPK]
    guid: Mapped[str] = col.guid_column()
    version: Mapped[int] = col.version_column()
    project_id: Mapped[col.ProjectKey]
    name: Mapped[col.Name]
    description: Mapped[col.Prose]
    created_at: Mapped[col.Moment]
    updated_at: Mapped[col.Moment]

    __table_args__ = (
        sa.UniqueConstraint("project_id", "name"),
        sa.UniqueConstraint("id", "project_id"),
        col.not_empty("name"),
        *col.identity_constraints(),
        *col.version_constraints(),
    )
    __mapper_args__ = col.versioned_by(version)


class ModelKind(Base):
    """A kind of node of one model: its name, colour (``#RRGGBB``), diagram
    column (0 leftmost) and whether its nodes are outcomes (which carry
    indicators)."""

    __tablename__ = "model_kinds"

    id: Mapped[col.IntPK]
    model_id: Mapped[int] = col.references("change_models.id")
    name: Mapped[col.Name]
    colour: Mapped[str] = mapped_column(sa.String(7))
    column: Mapped[int] = mapped_column(sa.Integer, default=0)
    outcome: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    position: Mapped[int] = mapped_column(sa.Integer, default=0)

    __table_args__ = (
        sa.UniqueConstraint("model_id", "name"),
        sa.UniqueConstraint("id", "model_id"),
        col.not_empty("name"),
        sa.CheckConstraint(
            "length(colour) = 7 AND substr(colour, 1, 1) = '#'", name="colour_format"
        ),
        sa.CheckConstraint('0 <= "column" AND "column" <= 20', name="column_range"),
    )


class ModelNode(Base):
    """A node of a model: a label unique in the model, a kind of the model, a
    description; ``candidate`` marks a node proposed (by a template or a
    colleague) for the team to confirm."""

    __tablename__ = "model_nodes"

    id: Mapped[col.IntPK]
    guid: Mapped[str] = col.guid_column()
    version: Mapped[int] = col.version_column()
    model_id: Mapped[int] = col.references("change_models.id")
    kind_id: Mapped[int]
    label: Mapped[str] = mapped_column(sa.String(500))
    description: Mapped[col.Prose]
    candidate: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    position: Mapped[int] = mapped_column(sa.Integer, default=0)
    created_at: Mapped[col.Moment]

    __table_args__ = (
        _model_key("kind_id", target="model_kinds", on_delete="RESTRICT"),
        sa.UniqueConstraint("model_id", "label"),
        sa.UniqueConstraint("id", "model_id"),
        col.not_empty("label"),
        sa.UniqueConstraint("guid"),
        *col.version_constraints(),
    )
    __mapper_args__ = col.versioned_by(version)


class ModelLink(Base):
    """A directed link between two nodes of one model (never a node to itself;
    one link per ordered pair), with its ``rationale`` and an optional
    ``condition_id``: a node of the model (a context) in which it holds."""

    __tablename__ = "model_links"

    id: Mapped[col.IntPK]
    guid: Mapped[str] = col.guid_column()
    version: Mapped[int] = col.version_column()
    model_id: Mapped[int] = col.references("change_models.id")
    source_id: Mapped[int]
    target_id: Mapped[int]
    condition_id: Mapped[int | None]
    rationale: Mapped[col.Prose]
    candidate: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    created_at: Mapped[col.Moment]

    __table_args__ = (
        _model_key("source_id", target="model_nodes"),
        _model_key("target_id", target="model_nodes"),
        # A condition is cleared by the services before its node goes (a
        # composite SET NULL would null the model too).
        _model_key("condition_id", target="model_nodes", on_delete="NO ACTION"),
        sa.UniqueConstraint("model_id", "source_id", "target_id"),
        sa.UniqueConstraint("id", "model_id"),
        sa.CheckConstraint("source_id <> target_id", name="not_to_itself"),
        sa.UniqueConstraint("guid"),
        sa.Index(None, "target_id"),
        *col.version_constraints(),
    )
    __mapper_args__ = col.versioned_by(version)


class NodeCode(Base):
    """A code a node is bound to: the node "is" that theme, so the code's codings
    (and its sub-codes') count as the node's supporting evidence."""

    __tablename__ = "model_node_codes"

    node_id: Mapped[int] = mapped_column(primary_key=True)
    code_id: Mapped[int] = mapped_column(primary_key=True)
    model_id: Mapped[int]
    project_id: Mapped[int]

    __table_args__ = (
        _model_key("node_id", target="model_nodes"),
        sa.ForeignKeyConstraint(
            ["model_id", "project_id"],
            ["change_models.id", "change_models.project_id"],
            ondelete="CASCADE",
        ),
        # A bound code cannot be deleted: the services refuse first, naming the node.
        _cited(["code_id", "project_id"], ["codes.id", "codes.project_id"]),
        sa.Index(None, "code_id"),
    )


class ModelEvidence(Base):
    """One piece of evidence for a node or a link of a model (exactly one):
    a coding (with ``start``/``end``, a passage inside it: a quote), a stored
    matrix cell or a memo (exactly one), marked as supporting or
    contradicting, with a note, by ``author`` at ``created_at``.

    The coding, cell or memo must be of the model's project (composite
    keys), and cannot be deleted while cited (no cascade).
    """

    __tablename__ = "model_evidence"

    id: Mapped[col.IntPK]
    guid: Mapped[str] = col.guid_column()
    version: Mapped[int] = col.version_column()
    model_id: Mapped[int]
    project_id: Mapped[int]
    node_id: Mapped[int | None]
    link_id: Mapped[int | None]
    coding_id: Mapped[int | None]
    start: Mapped[int | None]
    end: Mapped[int | None]
    cell_id: Mapped[int | None]
    memo_id: Mapped[int | None]
    stance: Mapped[Stance] = mapped_column(col.enum_column(Stance, "evidence_stance"))
    note: Mapped[col.Prose]
    author: Mapped[col.Name]
    created_at: Mapped[col.Moment]

    __table_args__ = (
        sa.ForeignKeyConstraint(
            ["model_id", "project_id"],
            ["change_models.id", "change_models.project_id"],
            ondelete="CASCADE",
        ),
        _model_key("node_id", target="model_nodes"),
        _model_key("link_id", target="model_links"),
        _cited(["coding_id", "project_id"], ["codings.id", "codings.project_id"]),
        _cited(["cell_id", "project_id"], ["matrix_cells.id", "matrix_cells.project_id"]),
        _cited(["memo_id", "project_id"], ["memos.id", "memos.project_id"]),
        sa.CheckConstraint(col.count_not_null(*SUBJECT_COLUMNS) + " = 1", name="one_subject"),
        sa.CheckConstraint(col.count_not_null(*EVIDENCE_COLUMNS) + " = 1", name="one_object"),
        sa.CheckConstraint(
            '(start IS NULL AND "end" IS NULL) OR '
            '(coding_id IS NOT NULL AND 0 <= start AND start < "end")',
            name="quote_span",
        ),
        sa.UniqueConstraint("guid"),
        # Each object backs a node or link once (whatever its stance).
        *(
            col.unique_where(
                f"uq_model_evidence_{subject}_{what}",
                subject,
                *columns,
                where=f"{subject} IS NOT NULL AND {columns[0]} IS NOT NULL"
                + (
                    " AND start IS NULL"
                    if what == "coding"
                    else " AND start IS NOT NULL"
                    if what == "quote"
                    else ""
                ),
            )
            for subject in SUBJECT_COLUMNS
            for what, columns in (
                ("coding", ("coding_id",)),
                ("quote", ("coding_id", "start", "end")),
                ("cell", ("cell_id",)),
                ("memo", ("memo_id",)),
            )
        ),
        col.index_where("coding_id", where="coding_id IS NOT NULL"),
        col.index_where("cell_id", where="cell_id IS NOT NULL"),
        col.index_where("memo_id", where="memo_id IS NOT NULL"),
        sa.Index(None, "model_id"),
    )
    __mapper_args__ = col.versioned_by(version)


class Measure(Base):
    """A measure of the project's registry: metadata only, never item text
    (``items``: how many and how scored, as words; ``score_range``;
    ``scoring_notes``; ``reference``; ``licence_note``). ``shipped`` marks an
    entry copied from the catalogue qualframe ships."""

    __tablename__ = "measures"

    id: Mapped[col.IntPK]
    guid: Mapped[str] = col.guid_column()
    version: Mapped[int] = col.version_column()
    project_id: Mapped[col.ProjectKey]
    name: Mapped[col.Name]
    construct: Mapped[col.Prose]
    items: Mapped[col.Prose]
    score_range: Mapped[col.Prose]
    scoring_notes: Mapped[col.Prose]
    reference: Mapped[col.Prose]
    licence_note: Mapped[col.Prose]
    shipped: Mapped[bool] = mapped_column(sa.Boolean, default=False)

    __table_args__ = (
        sa.UniqueConstraint("project_id", "name"),
        sa.UniqueConstraint("id", "project_id"),
        col.not_empty("name"),
        *col.identity_constraints(),
        *col.version_constraints(),
    )
    __mapper_args__ = col.versioned_by(version)


class Indicator(Base):
    """An indicator of an outcome node: what would show the outcome, maybe
    measured by a measure of the project's registry, with its timing and
    data source, in ``position`` order."""

    __tablename__ = "model_indicators"

    id: Mapped[col.IntPK]
    guid: Mapped[str] = col.guid_column()
    version: Mapped[int] = col.version_column()
    model_id: Mapped[int]
    project_id: Mapped[int]
    node_id: Mapped[int]
    name: Mapped[str] = mapped_column(sa.String(500))
    measure_id: Mapped[int | None]
    timing: Mapped[col.Prose]
    data_source: Mapped[col.Prose]
    notes: Mapped[col.Prose]
    position: Mapped[int] = mapped_column(sa.Integer, default=0)

    __table_args__ = (
        sa.ForeignKeyConstraint(
            ["model_id", "project_id"],
            ["change_models.id", "change_models.project_id"],
            ondelete="CASCADE",
        ),
        _model_key("node_id", target="model_nodes"),
        # A measure in use is not deleted: the services refuse first.
        _cited(["measure_id", "project_id"], ["measures.id", "measures.project_id"]),
        sa.UniqueConstraint("node_id", "name"),
        col.not_empty("name"),
        sa.UniqueConstraint("guid"),
        sa.Index(None, "measure_id"),
        *col.version_constraints(),
    )
    __mapper_args__ = col.versioned_by(version)


class ModelVersion(Base):
    """A named, saved state of a model: ``snapshot`` is the model as JSON
    (kinds, nodes, links, bindings, evidence, indicators), written once."""

    __tablename__ = "model_versions"

    id: Mapped[col.IntPK]
    guid: Mapped[str] = col.guid_column()
    model_id: Mapped[int] = col.references("change_models.id")
    name: Mapped[col.Name]
    note: Mapped[col.Prose]
    author: Mapped[col.Name]
    created_at: Mapped[col.Moment]
    snapshot: Mapped[str] = mapped_column(sa.Text)

    __table_args__ = (
        sa.UniqueConstraint("model_id", "name"),
        sa.UniqueConstraint("guid"),
        col.not_empty("name"),
    )
