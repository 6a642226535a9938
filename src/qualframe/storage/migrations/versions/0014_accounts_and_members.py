"""accounts, login sessions, project members and invitations

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 18:53:17

New tables for a team server, nothing existing changes: ``accounts`` (a
lowercase login name and a display name, both unique; an argon2id password
hash, which a constraint requires, so no password is ever stored; the
administrator flag, a forced password change, failed logins and a lock, and
when the account was disabled), ``login_sessions`` (the SHA-256 of each
login's token, never the token; when it started, was last used and
expires), ``project_members`` (an account's role in a project: viewer,
coder, analyst or owner) and ``invitations`` (the SHA-256 of an invitation
link's token, the role it gives, who made it, when it expires, who accepted
it or when it was revoked). A database without accounts is used as before:
a local ``qualframe serve`` has none.

The downgrade drops the new tables (accounts, sessions, memberships and
invitations are lost: an older qualframe has none).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "accounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("guid", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("login", sa.String(length=64), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("is_admin", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column(
            "must_change_password", sa.Boolean(), server_default=sa.text("false"), nullable=False
        ),
        sa.Column("failed_logins", sa.Integer(), server_default="0", nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("disabled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("password_changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "password_hash LIKE '$argon2id$%'", name=op.f("ck_accounts_password_is_argon2id")
        ),
        sa.CheckConstraint("failed_logins >= 0", name=op.f("ck_accounts_failed_logins_counted")),
        sa.CheckConstraint(
            "length(display_name) > 0", name=op.f("ck_accounts_display_name_not_empty")
        ),
        sa.CheckConstraint("length(login) > 0", name=op.f("ck_accounts_login_not_empty")),
        sa.CheckConstraint("login = lower(login)", name=op.f("ck_accounts_login_lowercase")),
        sa.CheckConstraint("version >= 1", name=op.f("ck_accounts_version_from_one")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accounts")),
        sa.UniqueConstraint("display_name", name=op.f("uq_accounts_display_name")),
        sa.UniqueConstraint("guid", name=op.f("uq_accounts_guid")),
        sa.UniqueConstraint("login", name=op.f("uq_accounts_login")),
    )
    op.create_table(
        "invitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("token_digest", sa.String(length=64), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "viewer",
                "coder",
                "analyst",
                "owner",
                name="invitation_role",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("accepted_by", sa.Integer(), nullable=True),
        sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "accepted_at IS NULL OR revoked_at IS NULL",
            name=op.f("ck_invitations_accepted_or_revoked"),
        ),
        sa.CheckConstraint(
            "accepted_by IS NULL OR accepted_at IS NOT NULL",
            name=op.f("ck_invitations_accepted_when"),
        ),
        sa.CheckConstraint(
            "expires_at > created_at", name=op.f("ck_invitations_expires_after_creation")
        ),
        sa.CheckConstraint(
            "length(token_digest) = 64", name=op.f("ck_invitations_token_digest_is_digest")
        ),
        sa.ForeignKeyConstraint(
            ["accepted_by"],
            ["accounts.id"],
            name=op.f("fk_invitations_accepted_by_accounts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_invitations_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invitations")),
        sa.UniqueConstraint("token_digest", name=op.f("uq_invitations_token_digest")),
    )
    op.create_index(op.f("ix_invitations_project_id"), "invitations", ["project_id"], unique=False)
    op.create_table(
        "login_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("token_digest", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_agent", sa.String(length=200), nullable=False),
        sa.CheckConstraint(
            "expires_at > created_at", name=op.f("ck_login_sessions_expires_after_start")
        ),
        sa.CheckConstraint(
            "length(token_digest) = 64", name=op.f("ck_login_sessions_token_digest_is_digest")
        ),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_login_sessions_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_sessions")),
        sa.UniqueConstraint("token_digest", name=op.f("uq_login_sessions_token_digest")),
    )
    op.create_index(
        op.f("ix_login_sessions_account_id"), "login_sessions", ["account_id"], unique=False
    )
    op.create_table(
        "project_members",
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "viewer",
                "coder",
                "analyst",
                "owner",
                name="project_role",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("added_by", sa.String(length=200), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_project_members_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_project_members_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("project_id", "account_id", name=op.f("pk_project_members")),
    )
    op.create_index(
        op.f("ix_project_members_account_id"), "project_members", ["account_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_project_members_account_id"), table_name="project_members")
    op.drop_table("project_members")
    op.drop_index(op.f("ix_login_sessions_account_id"), table_name="login_sessions")
    op.drop_table("login_sessions")
    op.drop_index(op.f("ix_invitations_project_id"), table_name="invitations")
    op.drop_table("invitations")
    op.drop_table("accounts")
