"""The read side at scale: stored heat, engagement and comment indexes, daily counts.

- `posts.heat`: comments per day of age when last seen, a stored generated
  column (it was computed from now() at query time: numeric, unindexable, and
  moving under a page's cursor).
- Global `score` and `heat` indexes (with the subreddit and time included), so
  an audience's top-decile cut is read from the top of an index; a
  per-subreddit `num_comments` index for browsing by comments.
- `daily_post_counts`: posts per subreddit, theme and day, filled here from
  what is stored and kept by the page write from now on.
- `collection_runs (started_at, id)` for paging runs.
- `posts` vacuumed sooner than PostgreSQL's default (a fifth of the table).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 23:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

HEAT = (
    "CAST(num_comments AS float8)"
    " / greatest(date_part('epoch', last_seen_at - created_utc) / 86400, 1)"
)


def upgrade() -> None:
    op.add_column(
        "posts",
        sa.Column("heat", sa.Float(), sa.Computed(HEAT, persisted=True), nullable=False),
    )
    op.create_index(
        "ix_posts_subreddit_id_num_comments",
        "posts",
        ["subreddit_id", sa.literal_column("num_comments DESC"), sa.literal_column("id DESC")],
    )
    for column in ("score", "heat"):
        op.create_index(
            f"ix_posts_{column}",
            "posts",
            [sa.literal_column(f"{column} DESC"), sa.literal_column("id DESC")],
            postgresql_include=["subreddit_id", "created_utc"],
        )
    op.create_table(
        "daily_post_counts",
        sa.Column("subreddit_id", sa.BigInteger(), nullable=False),
        sa.Column("theme", sa.String(length=32), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("posts", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["subreddit_id"],
            ["subreddits.id"],
            name=op.f("fk_daily_post_counts_subreddit_id_subreddits"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("subreddit_id", "theme", "day", name=op.f("pk_daily_post_counts")),
    )
    op.execute(
        """
        INSERT INTO daily_post_counts (subreddit_id, theme, day, posts)
        SELECT subreddit_id, '*', CAST(created_utc AT TIME ZONE 'UTC' AS date), count(*)
        FROM posts GROUP BY 1, 3
        UNION ALL
        SELECT p.subreddit_id, t.theme, CAST(p.created_utc AT TIME ZONE 'UTC' AS date), count(*)
        FROM post_themes AS t JOIN posts AS p ON p.id = t.post_id GROUP BY 1, 2, 3
        """
    )
    # vacuum `posts` sooner than PostgreSQL's defaults (a fifth of the table):
    # re-runs update rows, and the engagement cuts read index-only
    op.execute(
        "ALTER TABLE posts SET (autovacuum_vacuum_scale_factor = 0.02,"
        " autovacuum_vacuum_insert_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.02)"
    )
    op.create_index(
        "ix_collection_runs_started_at",
        "collection_runs",
        [sa.literal_column("started_at DESC"), sa.literal_column("id DESC")],
    )


def downgrade() -> None:
    op.drop_index("ix_collection_runs_started_at", table_name="collection_runs")
    op.drop_table("daily_post_counts")
    for name in ("ix_posts_heat", "ix_posts_score", "ix_posts_subreddit_id_num_comments"):
        op.drop_index(name, table_name="posts")
    op.execute(
        "ALTER TABLE posts RESET (autovacuum_vacuum_scale_factor,"
        " autovacuum_vacuum_insert_scale_factor, autovacuum_analyze_scale_factor)"
    )
    op.drop_column("posts", "heat")
