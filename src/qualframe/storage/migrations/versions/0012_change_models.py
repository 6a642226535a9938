"""change models: typed graphs with evidence, indicators, measures and versions

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 11:06:42

New tables, nothing existing changes: ``change_models`` (per project, a
unique name), ``model_kinds`` (a model's node kinds: colour, diagram column,
whether its nodes are outcomes), ``model_nodes``, ``model_links`` (directed,
between nodes of one model, not to itself, once per ordered pair, an
optional condition node), ``model_node_codes`` (codes a node is bound to),
``model_evidence`` (a coding, a passage of one, a matrix cell or a memo
supporting or contradicting a node or link), ``measures`` (the project's
registry: metadata, never item text), ``model_indicators`` (on outcome
nodes, maybe naming a measure) and ``model_versions`` (named snapshots as
JSON).

Composite keys keep the graph whole (a node's kind, a link's ends and
condition, evidence and bindings are of the same model and project); for
them ``codings``, ``matrix_cells`` and ``memos`` get a unique index on
``(id, project_id)`` (an index, so SQLite copies no table). Evidence and
bindings have no cascade from the objects they cite: deleting a cited
coding, cell, memo or bound code is refused by the database (the services
refuse first, saying where it is cited).

The downgrade drops the new tables (their content is lost: an older
qualframe has no change models) and the three indexes.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Keys that keep evidence in its model's project point at (id, project_id):
    # unique indexes (no table copy on SQLite) serve as their targets.
    op.create_index("uq_codings_id_project_id", "codings", ["id", "project_id"], unique=True)
    op.create_index(
        "uq_matrix_cells_id_project_id", "matrix_cells", ["id", "project_id"], unique=True
    )
    op.create_index("uq_memos_id_project_id", "memos", ["id", "project_id"], unique=True)
    op.create_table(
        "change_models",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("guid", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("length(name) > 0", name=op.f("ck_change_models_name_not_empty")),
        sa.CheckConstraint("version >= 1", name=op.f("ck_change_models_version_from_one")),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_change_models_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_change_models")),
        sa.UniqueConstraint("guid", "project_id", name=op.f("uq_change_models_guid_project_id")),
        sa.UniqueConstraint("id", "project_id", name=op.f("uq_change_models_id_project_id")),
        sa.UniqueConstraint("project_id", "name", name=op.f("uq_change_models_project_id_name")),
    )
    op.create_table(
        "measures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("guid", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("construct", sa.Text(), nullable=False),
        sa.Column("items", sa.Text(), nullable=False),
        sa.Column("score_range", sa.Text(), nullable=False),
        sa.Column("scoring_notes", sa.Text(), nullable=False),
        sa.Column("reference", sa.Text(), nullable=False),
        sa.Column("licence_note", sa.Text(), nullable=False),
        sa.Column("shipped", sa.Boolean(), nullable=False),
        sa.CheckConstraint("length(name) > 0", name=op.f("ck_measures_name_not_empty")),
        sa.CheckConstraint("version >= 1", name=op.f("ck_measures_version_from_one")),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_measures_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_measures")),
        sa.UniqueConstraint("guid", "project_id", name=op.f("uq_measures_guid_project_id")),
        sa.UniqueConstraint("id", "project_id", name=op.f("uq_measures_id_project_id")),
        sa.UniqueConstraint("project_id", "name", name=op.f("uq_measures_project_id_name")),
    )
    op.create_table(
        "model_kinds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("model_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("colour", sa.String(length=7), nullable=False),
        sa.Column("column", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "length(colour) = 7 AND substr(colour, 1, 1) = '#'",
            name=op.f("ck_model_kinds_colour_format"),
        ),
        sa.CheckConstraint(
            '0 <= "column" AND "column" <= 20', name=op.f("ck_model_kinds_column_range")
        ),
        sa.CheckConstraint("length(name) > 0", name=op.f("ck_model_kinds_name_not_empty")),
        sa.ForeignKeyConstraint(
            ["model_id"],
            ["change_models.id"],
            name=op.f("fk_model_kinds_model_id_change_models"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_model_kinds")),
        sa.UniqueConstraint("id", "model_id", name=op.f("uq_model_kinds_id_model_id")),
        sa.UniqueConstraint("model_id", "name", name=op.f("uq_model_kinds_model_id_name")),
    )
    op.create_table(
        "model_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("guid", sa.String(length=36), nullable=False),
        sa.Column("model_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("author", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("snapshot", sa.Text(), nullable=False),
        sa.CheckConstraint("length(name) > 0", name=op.f("ck_model_versions_name_not_empty")),
        sa.ForeignKeyConstraint(
            ["model_id"],
            ["change_models.id"],
            name=op.f("fk_model_versions_model_id_change_models"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_model_versions")),
        sa.UniqueConstraint("guid", name=op.f("uq_model_versions_guid")),
        sa.UniqueConstraint("model_id", "name", name=op.f("uq_model_versions_model_id_name")),
    )
    op.create_table(
        "model_nodes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("guid", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("model_id", sa.Integer(), nullable=False),
        sa.Column("kind_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=500), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("candidate", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("length(label) > 0", name=op.f("ck_model_nodes_label_not_empty")),
        sa.CheckConstraint("version >= 1", name=op.f("ck_model_nodes_version_from_one")),
        sa.ForeignKeyConstraint(
            ["kind_id", "model_id"],
            ["model_kinds.id", "model_kinds.model_id"],
            name=op.f("fk_model_nodes_kind_id_model_kinds"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["model_id"],
            ["change_models.id"],
            name=op.f("fk_model_nodes_model_id_change_models"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_model_nodes")),
        sa.UniqueConstraint("guid", name=op.f("uq_model_nodes_guid")),
        sa.UniqueConstraint("id", "model_id", name=op.f("uq_model_nodes_id_model_id")),
        sa.UniqueConstraint("model_id", "label", name=op.f("uq_model_nodes_model_id_label")),
    )
    op.create_table(
        "model_indicators",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("guid", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("model_id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("node_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=500), nullable=False),
        sa.Column("measure_id", sa.Integer(), nullable=True),
        sa.Column("timing", sa.Text(), nullable=False),
        sa.Column("data_source", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint("length(name) > 0", name=op.f("ck_model_indicators_name_not_empty")),
        sa.CheckConstraint("version >= 1", name=op.f("ck_model_indicators_version_from_one")),
        sa.ForeignKeyConstraint(
            ["measure_id", "project_id"],
            ["measures.id", "measures.project_id"],
            name=op.f("fk_model_indicators_measure_id_measures"),
            deferrable=True,
            initially="DEFERRED",
        ),
        sa.ForeignKeyConstraint(
            ["model_id", "project_id"],
            ["change_models.id", "change_models.project_id"],
            name=op.f("fk_model_indicators_model_id_change_models"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["node_id", "model_id"],
            ["model_nodes.id", "model_nodes.model_id"],
            name=op.f("fk_model_indicators_node_id_model_nodes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_model_indicators")),
        sa.UniqueConstraint("guid", name=op.f("uq_model_indicators_guid")),
        sa.UniqueConstraint("node_id", "name", name=op.f("uq_model_indicators_node_id_name")),
    )
    op.create_index(
        op.f("ix_model_indicators_measure_id"), "model_indicators", ["measure_id"], unique=False
    )
    op.create_table(
        "model_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("guid", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("model_id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("condition_id", sa.Integer(), nullable=True),
        sa.Column("rationale", sa.Text(), nullable=False),
        sa.Column("candidate", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("source_id <> target_id", name=op.f("ck_model_links_not_to_itself")),
        sa.CheckConstraint("version >= 1", name=op.f("ck_model_links_version_from_one")),
        sa.ForeignKeyConstraint(
            ["condition_id", "model_id"],
            ["model_nodes.id", "model_nodes.model_id"],
            name=op.f("fk_model_links_condition_id_model_nodes"),
            deferrable=True,
            initially="DEFERRED",
            ondelete="NO ACTION",
        ),
        sa.ForeignKeyConstraint(
            ["model_id"],
            ["change_models.id"],
            name=op.f("fk_model_links_model_id_change_models"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["source_id", "model_id"],
            ["model_nodes.id", "model_nodes.model_id"],
            name=op.f("fk_model_links_source_id_model_nodes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["target_id", "model_id"],
            ["model_nodes.id", "model_nodes.model_id"],
            name=op.f("fk_model_links_target_id_model_nodes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_model_links")),
        sa.UniqueConstraint("guid", name=op.f("uq_model_links_guid")),
        sa.UniqueConstraint("id", "model_id", name=op.f("uq_model_links_id_model_id")),
        sa.UniqueConstraint(
            "model_id",
            "source_id",
            "target_id",
            name=op.f("uq_model_links_model_id_source_id_target_id"),
        ),
    )
    op.create_index(op.f("ix_model_links_target_id"), "model_links", ["target_id"], unique=False)
    op.create_table(
        "model_node_codes",
        sa.Column("node_id", sa.Integer(), nullable=False),
        sa.Column("code_id", sa.Integer(), nullable=False),
        sa.Column("model_id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["code_id", "project_id"],
            ["codes.id", "codes.project_id"],
            name=op.f("fk_model_node_codes_code_id_codes"),
            deferrable=True,
            initially="DEFERRED",
        ),
        sa.ForeignKeyConstraint(
            ["model_id", "project_id"],
            ["change_models.id", "change_models.project_id"],
            name=op.f("fk_model_node_codes_model_id_change_models"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["node_id", "model_id"],
            ["model_nodes.id", "model_nodes.model_id"],
            name=op.f("fk_model_node_codes_node_id_model_nodes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("node_id", "code_id", name=op.f("pk_model_node_codes")),
    )
    op.create_index(
        op.f("ix_model_node_codes_code_id"), "model_node_codes", ["code_id"], unique=False
    )
    op.create_table(
        "model_evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("guid", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("model_id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("node_id", sa.Integer(), nullable=True),
        sa.Column("link_id", sa.Integer(), nullable=True),
        sa.Column("coding_id", sa.Integer(), nullable=True),
        sa.Column("start", sa.Integer(), nullable=True),
        sa.Column("end", sa.Integer(), nullable=True),
        sa.Column("cell_id", sa.Integer(), nullable=True),
        sa.Column("memo_id", sa.Integer(), nullable=True),
        sa.Column(
            "stance",
            sa.Enum(
                "supports",
                "contradicts",
                name="evidence_stance",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("author", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(CASE WHEN coding_id IS NOT NULL THEN 1 ELSE 0 END) + (CASE WHEN cell_id IS NOT NULL THEN 1 ELSE 0 END) + (CASE WHEN memo_id IS NOT NULL THEN 1 ELSE 0 END) = 1",
            name=op.f("ck_model_evidence_one_object"),
        ),
        sa.CheckConstraint(
            "(CASE WHEN node_id IS NOT NULL THEN 1 ELSE 0 END) + (CASE WHEN link_id IS NOT NULL THEN 1 ELSE 0 END) = 1",
            name=op.f("ck_model_evidence_one_subject"),
        ),
        sa.CheckConstraint(
            '(start IS NULL AND "end" IS NULL) OR (coding_id IS NOT NULL AND 0 <= start AND start < "end")',
            name=op.f("ck_model_evidence_quote_span"),
        ),
        sa.ForeignKeyConstraint(
            ["cell_id", "project_id"],
            ["matrix_cells.id", "matrix_cells.project_id"],
            name=op.f("fk_model_evidence_cell_id_matrix_cells"),
            deferrable=True,
            initially="DEFERRED",
        ),
        sa.ForeignKeyConstraint(
            ["coding_id", "project_id"],
            ["codings.id", "codings.project_id"],
            name=op.f("fk_model_evidence_coding_id_codings"),
            deferrable=True,
            initially="DEFERRED",
        ),
        sa.ForeignKeyConstraint(
            ["link_id", "model_id"],
            ["model_links.id", "model_links.model_id"],
            name=op.f("fk_model_evidence_link_id_model_links"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["memo_id", "project_id"],
            ["memos.id", "memos.project_id"],
            name=op.f("fk_model_evidence_memo_id_memos"),
            deferrable=True,
            initially="DEFERRED",
        ),
        sa.ForeignKeyConstraint(
            ["model_id", "project_id"],
            ["change_models.id", "change_models.project_id"],
            name=op.f("fk_model_evidence_model_id_change_models"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["node_id", "model_id"],
            ["model_nodes.id", "model_nodes.model_id"],
            name=op.f("fk_model_evidence_node_id_model_nodes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_model_evidence")),
        sa.UniqueConstraint("guid", name=op.f("uq_model_evidence_guid")),
    )
    op.create_index(
        op.f("ix_model_evidence_cell_id"),
        "model_evidence",
        ["cell_id"],
        unique=False,
        sqlite_where=sa.text("cell_id IS NOT NULL"),
        postgresql_where=sa.text("cell_id IS NOT NULL"),
    )
    op.create_index(
        op.f("ix_model_evidence_coding_id"),
        "model_evidence",
        ["coding_id"],
        unique=False,
        sqlite_where=sa.text("coding_id IS NOT NULL"),
        postgresql_where=sa.text("coding_id IS NOT NULL"),
    )
    op.create_index(
        op.f("ix_model_evidence_memo_id"),
        "model_evidence",
        ["memo_id"],
        unique=False,
        sqlite_where=sa.text("memo_id IS NOT NULL"),
        postgresql_where=sa.text("memo_id IS NOT NULL"),
    )
    op.create_index(
        op.f("ix_model_evidence_model_id"), "model_evidence", ["model_id"], unique=False
    )
    op.create_index(
        "uq_model_evidence_link_id_cell",
        "model_evidence",
        ["link_id", "cell_id"],
        unique=True,
        sqlite_where=sa.text("link_id IS NOT NULL AND cell_id IS NOT NULL"),
        postgresql_where=sa.text("link_id IS NOT NULL AND cell_id IS NOT NULL"),
    )
    op.create_index(
        "uq_model_evidence_link_id_coding",
        "model_evidence",
        ["link_id", "coding_id"],
        unique=True,
        sqlite_where=sa.text("link_id IS NOT NULL AND coding_id IS NOT NULL AND start IS NULL"),
        postgresql_where=sa.text("link_id IS NOT NULL AND coding_id IS NOT NULL AND start IS NULL"),
    )
    op.create_index(
        "uq_model_evidence_link_id_memo",
        "model_evidence",
        ["link_id", "memo_id"],
        unique=True,
        sqlite_where=sa.text("link_id IS NOT NULL AND memo_id IS NOT NULL"),
        postgresql_where=sa.text("link_id IS NOT NULL AND memo_id IS NOT NULL"),
    )
    op.create_index(
        "uq_model_evidence_link_id_quote",
        "model_evidence",
        ["link_id", "coding_id", "start", "end"],
        unique=True,
        sqlite_where=sa.text("link_id IS NOT NULL AND coding_id IS NOT NULL AND start IS NOT NULL"),
        postgresql_where=sa.text(
            "link_id IS NOT NULL AND coding_id IS NOT NULL AND start IS NOT NULL"
        ),
    )
    op.create_index(
        "uq_model_evidence_node_id_cell",
        "model_evidence",
        ["node_id", "cell_id"],
        unique=True,
        sqlite_where=sa.text("node_id IS NOT NULL AND cell_id IS NOT NULL"),
        postgresql_where=sa.text("node_id IS NOT NULL AND cell_id IS NOT NULL"),
    )
    op.create_index(
        "uq_model_evidence_node_id_coding",
        "model_evidence",
        ["node_id", "coding_id"],
        unique=True,
        sqlite_where=sa.text("node_id IS NOT NULL AND coding_id IS NOT NULL AND start IS NULL"),
        postgresql_where=sa.text("node_id IS NOT NULL AND coding_id IS NOT NULL AND start IS NULL"),
    )
    op.create_index(
        "uq_model_evidence_node_id_memo",
        "model_evidence",
        ["node_id", "memo_id"],
        unique=True,
        sqlite_where=sa.text("node_id IS NOT NULL AND memo_id IS NOT NULL"),
        postgresql_where=sa.text("node_id IS NOT NULL AND memo_id IS NOT NULL"),
    )
    op.create_index(
        "uq_model_evidence_node_id_quote",
        "model_evidence",
        ["node_id", "coding_id", "start", "end"],
        unique=True,
        sqlite_where=sa.text("node_id IS NOT NULL AND coding_id IS NOT NULL AND start IS NOT NULL"),
        postgresql_where=sa.text(
            "node_id IS NOT NULL AND coding_id IS NOT NULL AND start IS NOT NULL"
        ),
    )


def downgrade() -> None:
    op.drop_index(
        "uq_model_evidence_node_id_quote",
        table_name="model_evidence",
        sqlite_where=sa.text("node_id IS NOT NULL AND coding_id IS NOT NULL AND start IS NOT NULL"),
        postgresql_where=sa.text(
            "node_id IS NOT NULL AND coding_id IS NOT NULL AND start IS NOT NULL"
        ),
    )
    op.drop_index(
        "uq_model_evidence_node_id_memo",
        table_name="model_evidence",
        sqlite_where=sa.text("node_id IS NOT NULL AND memo_id IS NOT NULL"),
        postgresql_where=sa.text("node_id IS NOT NULL AND memo_id IS NOT NULL"),
    )
    op.drop_index(
        "uq_model_evidence_node_id_coding",
        table_name="model_evidence",
        sqlite_where=sa.text("node_id IS NOT NULL AND coding_id IS NOT NULL AND start IS NULL"),
        postgresql_where=sa.text("node_id IS NOT NULL AND coding_id IS NOT NULL AND start IS NULL"),
    )
    op.drop_index(
        "uq_model_evidence_node_id_cell",
        table_name="model_evidence",
        sqlite_where=sa.text("node_id IS NOT NULL AND cell_id IS NOT NULL"),
        postgresql_where=sa.text("node_id IS NOT NULL AND cell_id IS NOT NULL"),
    )
    op.drop_index(
        "uq_model_evidence_link_id_quote",
        table_name="model_evidence",
        sqlite_where=sa.text("link_id IS NOT NULL AND coding_id IS NOT NULL AND start IS NOT NULL"),
        postgresql_where=sa.text(
            "link_id IS NOT NULL AND coding_id IS NOT NULL AND start IS NOT NULL"
        ),
    )
    op.drop_index(
        "uq_model_evidence_link_id_memo",
        table_name="model_evidence",
        sqlite_where=sa.text("link_id IS NOT NULL AND memo_id IS NOT NULL"),
        postgresql_where=sa.text("link_id IS NOT NULL AND memo_id IS NOT NULL"),
    )
    op.drop_index(
        "uq_model_evidence_link_id_coding",
        table_name="model_evidence",
        sqlite_where=sa.text("link_id IS NOT NULL AND coding_id IS NOT NULL AND start IS NULL"),
        postgresql_where=sa.text("link_id IS NOT NULL AND coding_id IS NOT NULL AND start IS NULL"),
    )
    op.drop_index(
        "uq_model_evidence_link_id_cell",
        table_name="model_evidence",
        sqlite_where=sa.text("link_id IS NOT NULL AND cell_id IS NOT NULL"),
        postgresql_where=sa.text("link_id IS NOT NULL AND cell_id IS NOT NULL"),
    )
    op.drop_index(op.f("ix_model_evidence_model_id"), table_name="model_evidence")
    op.drop_index(
        op.f("ix_model_evidence_memo_id"),
        table_name="model_evidence",
        sqlite_where=sa.text("memo_id IS NOT NULL"),
        postgresql_where=sa.text("memo_id IS NOT NULL"),
    )
    op.drop_index(
        op.f("ix_model_evidence_coding_id"),
        table_name="model_evidence",
        sqlite_where=sa.text("coding_id IS NOT NULL"),
        postgresql_where=sa.text("coding_id IS NOT NULL"),
    )
    op.drop_index(
        op.f("ix_model_evidence_cell_id"),
        table_name="model_evidence",
        sqlite_where=sa.text("cell_id IS NOT NULL"),
        postgresql_where=sa.text("cell_id IS NOT NULL"),
    )
    op.drop_table("model_evidence")
    op.drop_index(op.f("ix_model_node_codes_code_id"), table_name="model_node_codes")
    op.drop_table("model_node_codes")
    op.drop_index(op.f("ix_model_links_target_id"), table_name="model_links")
    op.drop_table("model_links")
    op.drop_index(op.f("ix_model_indicators_measure_id"), table_name="model_indicators")
    op.drop_table("model_indicators")
    op.drop_table("model_nodes")
    op.drop_table("model_versions")
    op.drop_table("model_kinds")
    op.drop_table("measures")
    op.drop_table("change_models")
    op.drop_index("uq_memos_id_project_id", table_name="memos")
    op.drop_index("uq_matrix_cells_id_project_id", table_name="matrix_cells")
    op.drop_index("uq_codings_id_project_id", table_name="codings")
