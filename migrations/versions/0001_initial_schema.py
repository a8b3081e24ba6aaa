"""Initial schema: every table of DESIGN.md's data model.

Revision ID: 0001
Revises:
Create Date: 2026-11-29 16:08:19.293867
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "audiences",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("description", sa.Text(), server_default="", nullable=False),
        sa.Column("sort", sa.String(length=16), server_default="top", nullable=False),
        sa.Column("timeframe", sa.String(length=8), server_default="year", nullable=False),
        sa.Column("posts_per_subreddit", sa.Integer(), server_default="500", nullable=False),
        sa.Column("comments_per_post", sa.Integer(), server_default="0", nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "sort IN ('top', 'new', 'hot', 'rising', 'controversial')",
            name=op.f("ck_audiences_sort"),
        ),
        sa.CheckConstraint(
            "timeframe IN ('hour', 'day', 'week', 'month', 'year', 'all')",
            name=op.f("ck_audiences_timeframe"),
        ),
        sa.CheckConstraint(
            "comments_per_post BETWEEN 0 AND 500", name=op.f("ck_audiences_comments_per_post")
        ),
        sa.CheckConstraint(
            "posts_per_subreddit BETWEEN 1 AND 1000", name=op.f("ck_audiences_posts_per_subreddit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audiences")),
        sa.UniqueConstraint("name", name=op.f("uq_audiences_name")),
    )
    op.create_table(
        "subreddits",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(length=21), nullable=False),
        sa.Column("display_name", sa.String(length=21), nullable=False),
        sa.Column("reddit_id", sa.String(length=16), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("subscribers", sa.BigInteger(), nullable=True),
        sa.Column("active_users", sa.BigInteger(), nullable=True),
        sa.Column("icon_url", sa.Text(), nullable=True),
        sa.Column("over18", sa.Boolean(), nullable=True),
        sa.Column("created_utc", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status", sa.String(length=16), server_default="active", nullable=False),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status IN ('active', 'private', 'banned', 'not_found', 'quarantined')",
            name=op.f("ck_subreddits_status"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subreddits")),
        sa.UniqueConstraint("name", name=op.f("uq_subreddits_name")),
    )
    op.create_table(
        "audience_subreddits",
        sa.Column("audience_id", sa.BigInteger(), nullable=False),
        sa.Column("subreddit_id", sa.BigInteger(), nullable=False),
        sa.Column(
            "added_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["audience_id"],
            ["audiences.id"],
            name=op.f("fk_audience_subreddits_audience_id_audiences"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["subreddit_id"],
            ["subreddits.id"],
            name=op.f("fk_audience_subreddits_subreddit_id_subreddits"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("audience_id", "subreddit_id", name=op.f("pk_audience_subreddits")),
    )
    op.create_index(
        op.f("ix_audience_subreddits_subreddit_id"),
        "audience_subreddits",
        ["subreddit_id"],
        unique=False,
    )
    op.create_table(
        "collection_runs",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("audience_id", sa.BigInteger(), nullable=True),
        sa.Column("status", sa.String(length=16), server_default="running", nullable=False),
        sa.Column(
            "params",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'{}'::jsonb"),
            nullable=False,
        ),
        sa.Column(
            "started_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "totals",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'{}'::jsonb"),
            nullable=False,
        ),
        sa.Column("error", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.CheckConstraint(
            "status IN ('running', 'completed', 'partial', 'cancelled', 'failed')",
            name=op.f("ck_collection_runs_status"),
        ),
        sa.ForeignKeyConstraint(
            ["audience_id"],
            ["audiences.id"],
            name=op.f("fk_collection_runs_audience_id_audiences"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_collection_runs")),
    )
    op.create_index(
        "ix_collection_runs_audience_id_started_at",
        "collection_runs",
        ["audience_id", sa.literal_column("started_at DESC")],
        unique=False,
    )
    op.create_table(
        "posts",
        sa.Column("id", sa.String(length=16), nullable=False),
        sa.Column("subreddit_id", sa.BigInteger(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("selftext", sa.Text(), server_default="", nullable=False),
        sa.Column("author", sa.String(length=64), nullable=True),
        sa.Column("score", sa.Integer(), server_default="0", nullable=False),
        sa.Column("upvote_ratio", sa.Float(), nullable=True),
        sa.Column("num_comments", sa.Integer(), server_default="0", nullable=False),
        sa.Column("created_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("permalink", sa.Text(), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("over18", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("stickied", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("is_self", sa.Boolean(), server_default="true", nullable=False),
        sa.Column("spoiler", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("locked", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("link_flair_text", sa.Text(), nullable=True),
        sa.Column(
            "first_seen_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "last_seen_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "search",
            postgresql.TSVECTOR(),
            sa.Computed(
                "setweight(to_tsvector('english', coalesce(title, '')), 'A') || "
                "setweight(to_tsvector('english', coalesce(selftext, '')), 'B')",
                persisted=True,
            ),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["subreddit_id"],
            ["subreddits.id"],
            name=op.f("fk_posts_subreddit_id_subreddits"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_posts")),
    )
    op.create_index("ix_posts_search", "posts", ["search"], unique=False, postgresql_using="gin")
    op.create_index(
        "ix_posts_subreddit_id_created_utc",
        "posts",
        ["subreddit_id", sa.literal_column("created_utc DESC"), sa.literal_column("id DESC")],
        unique=False,
    )
    op.create_index(
        "ix_posts_subreddit_id_score",
        "posts",
        ["subreddit_id", sa.literal_column("score DESC"), sa.literal_column("id DESC")],
        unique=False,
    )
    op.create_table(
        "comments",
        sa.Column("id", sa.String(length=16), nullable=False),
        sa.Column("post_id", sa.String(length=16), nullable=False),
        sa.Column("parent_id", sa.String(length=16), nullable=True),
        sa.Column("author", sa.String(length=64), nullable=True),
        sa.Column("body", sa.Text(), server_default="", nullable=False),
        sa.Column("score", sa.Integer(), server_default="0", nullable=False),
        sa.Column("created_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("depth", sa.Integer(), server_default="0", nullable=False),
        sa.Column(
            "first_seen_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "last_seen_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["post_id"], ["posts.id"], name=op.f("fk_comments_post_id_posts"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_comments")),
    )
    op.create_index(
        "ix_comments_post_id_score",
        "comments",
        ["post_id", sa.literal_column("score DESC")],
        unique=False,
    )
    op.create_table(
        "post_themes",
        sa.Column("post_id", sa.String(length=16), nullable=False),
        sa.Column("theme", sa.String(length=32), nullable=False),
        sa.Column("relevance", sa.Float(), nullable=False),
        sa.CheckConstraint(
            "relevance >= 0 AND relevance <= 1", name=op.f("ck_post_themes_relevance")
        ),
        sa.ForeignKeyConstraint(
            ["post_id"], ["posts.id"], name=op.f("fk_post_themes_post_id_posts"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("post_id", "theme", name=op.f("pk_post_themes")),
    )
    op.create_index(
        "ix_post_themes_theme_relevance",
        "post_themes",
        ["theme", sa.literal_column("relevance DESC"), sa.literal_column("post_id DESC")],
        unique=False,
    )
    op.create_table(
        "run_subreddits",
        sa.Column("run_id", sa.UUID(), nullable=False),
        sa.Column("subreddit_id", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(length=16), server_default="pending", nullable=False),
        sa.Column("fetched", sa.Integer(), server_default="0", nullable=False),
        sa.Column("stored", sa.Integer(), server_default="0", nullable=False),
        sa.Column("new", sa.Integer(), server_default="0", nullable=False),
        sa.Column("updated", sa.Integer(), server_default="0", nullable=False),
        sa.Column("comments", sa.Integer(), server_default="0", nullable=False),
        sa.Column("cursor", sa.String(length=32), nullable=True),
        sa.Column("error", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status IN ('pending', 'running', 'completed', 'failed', 'cancelled')",
            name=op.f("ck_run_subreddits_status"),
        ),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["collection_runs.id"],
            name=op.f("fk_run_subreddits_run_id_collection_runs"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["subreddit_id"],
            ["subreddits.id"],
            name=op.f("fk_run_subreddits_subreddit_id_subreddits"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("run_id", "subreddit_id", name=op.f("pk_run_subreddits")),
    )


def downgrade() -> None:
    op.drop_table("run_subreddits")
    op.drop_index("ix_post_themes_theme_relevance", table_name="post_themes")
    op.drop_table("post_themes")
    op.drop_index("ix_comments_post_id_score", table_name="comments")
    op.drop_table("comments")
    op.drop_index("ix_posts_subreddit_id_score", table_name="posts")
    op.drop_index("ix_posts_subreddit_id_created_utc", table_name="posts")
    op.drop_index("ix_posts_search", table_name="posts", postgresql_using="gin")
    op.drop_table("posts")
    op.drop_index("ix_collection_runs_audience_id_started_at", table_name="collection_runs")
    op.drop_table("collection_runs")
    op.drop_index(op.f("ix_audience_subreddits_subreddit_id"), table_name="audience_subreddits")
    op.drop_table("audience_subreddits")
    op.drop_table("subreddits")
    op.drop_table("audiences")
