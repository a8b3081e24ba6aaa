"""The schema as SQLAlchemy tables: DESIGN.md's data model.

Table and column names are a contract (other tools read these tables). The
alembic migrations must produce exactly this; a test compares the two.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Computed,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB, TSVECTOR, UUID
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

SORTS = ("top", "new", "hot", "rising", "controversial")
TIMEFRAMES = ("hour", "day", "week", "month", "year", "all")
SUBREDDIT_STATUSES = ("active", "private", "banned", "not_found", "quarantined")
RUN_STATUSES = ("running", "completed", "partial", "cancelled", "failed")
RUN_SUBREDDIT_STATUSES = ("pending", "running", "completed", "failed", "cancelled")

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Subreddit(Base):
    __tablename__ = "subreddits"
    __table_args__ = (CheckConstraint(_one_of("status", SUBREDDIT_STATUSES), name="status"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(21), unique=True)
    display_name: Mapped[str] = mapped_column(String(21))
    reddit_id: Mapped[str | None] = mapped_column(String(16))
    title: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    subscribers: Mapped[int | None] = mapped_column(BigInteger)
    active_users: Mapped[int | None] = mapped_column(BigInteger)
    icon_url: Mapped[str | None] = mapped_column(Text)
    over18: Mapped[bool | None] = mapped_column(Boolean)
    created_utc: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(16), server_default="active")
    fetched_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Audience(Base):
    __tablename__ = "audiences"
    __table_args__ = (
        CheckConstraint(_one_of("sort", SORTS), name="sort"),
        CheckConstraint(_one_of("timeframe", TIMEFRAMES), name="timeframe"),
        CheckConstraint("posts_per_subreddit BETWEEN 1 AND 1000", name="posts_per_subreddit"),
        CheckConstraint("comments_per_post BETWEEN 0 AND 500", name="comments_per_post"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    description: Mapped[str] = mapped_column(Text, server_default="")
    sort: Mapped[str] = mapped_column(String(16), server_default="top")
    timeframe: Mapped[str] = mapped_column(String(8), server_default="year")
    posts_per_subreddit: Mapped[int] = mapped_column(Integer, server_default="500")
    comments_per_post: Mapped[int] = mapped_column(Integer, server_default="0")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class AudienceSubreddit(Base):
    __tablename__ = "audience_subreddits"

    audience_id: Mapped[int] = mapped_column(
        ForeignKey("audiences.id", ondelete="CASCADE"), primary_key=True
    )
    subreddit_id: Mapped[int] = mapped_column(
        ForeignKey("subreddits.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class Post(Base):
    __tablename__ = "posts"
    __table_args__ = (
        # browse by subreddit, newest or best first, keyset-paginated on (key, id)
        Index(
            "ix_posts_subreddit_id_created_utc",
            "subreddit_id",
            text("created_utc DESC"),
            text("id DESC"),
        ),
        Index("ix_posts_subreddit_id_score", "subreddit_id", text("score DESC"), text("id DESC")),
        Index(
            "ix_posts_subreddit_id_num_comments",
            "subreddit_id",
            text("num_comments DESC"),
            text("id DESC"),
        ),
        Index("ix_posts_search", "search", postgresql_using="gin"),
        # the engagement themes: a percentile over an audience is read from the top
        # of these (index-only), and hot discussions are paged along `heat`
        Index(
            "ix_posts_score",
            text("score DESC"),
            text("id DESC"),
            postgresql_include=["subreddit_id", "created_utc"],
        ),
        Index(
            "ix_posts_heat",
            text("heat DESC"),
            text("id DESC"),
            postgresql_include=["subreddit_id", "created_utc"],
        ),
    )

    id: Mapped[str] = mapped_column(String(16), primary_key=True)
    subreddit_id: Mapped[int] = mapped_column(ForeignKey("subreddits.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(Text)
    selftext: Mapped[str] = mapped_column(Text, server_default="")
    author: Mapped[str | None] = mapped_column(String(64))
    score: Mapped[int] = mapped_column(Integer, server_default="0")
    upvote_ratio: Mapped[float | None] = mapped_column(Float)
    num_comments: Mapped[int] = mapped_column(Integer, server_default="0")
    created_utc: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    permalink: Mapped[str] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    over18: Mapped[bool] = mapped_column(Boolean, server_default="false")
    stickied: Mapped[bool] = mapped_column(Boolean, server_default="false")
    is_self: Mapped[bool] = mapped_column(Boolean, server_default="true")
    spoiler: Mapped[bool] = mapped_column(Boolean, server_default="false")
    locked: Mapped[bool] = mapped_column(Boolean, server_default="false")
    link_flair_text: Mapped[str | None] = mapped_column(Text)
    first_seen_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    last_seen_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    # comments per day of age when the post was last seen (a post younger than a
    # day counts as a day old): what `hot_discussions` ranks by. Measured at the
    # sighting, not at query time, so it can be indexed and a page's cursor holds.
    heat: Mapped[float] = mapped_column(
        Float,
        Computed(
            "CAST(num_comments AS float8)"
            " / greatest(date_part('epoch', last_seen_at - created_utc) / 86400, 1)",
            persisted=True,
        ),
    )
    search: Mapped[Any] = mapped_column(
        TSVECTOR,
        Computed(
            "setweight(to_tsvector('english', coalesce(title, '')), 'A') || "
            "setweight(to_tsvector('english', coalesce(selftext, '')), 'B')",
            persisted=True,
        ),
    )


class Comment(Base):
    __tablename__ = "comments"
    __table_args__ = (Index("ix_comments_post_id_score", "post_id", text("score DESC")),)

    id: Mapped[str] = mapped_column(String(16), primary_key=True)
    post_id: Mapped[str] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    parent_id: Mapped[str | None] = mapped_column(String(16))
    author: Mapped[str | None] = mapped_column(String(64))
    body: Mapped[str] = mapped_column(Text, server_default="")
    score: Mapped[int] = mapped_column(Integer, server_default="0")
    created_utc: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    depth: Mapped[int] = mapped_column(Integer, server_default="0")
    first_seen_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    last_seen_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )


class PostTheme(Base):
    __tablename__ = "post_themes"
    __table_args__ = (
        Index(
            "ix_post_themes_theme_relevance", "theme", text("relevance DESC"), text("post_id DESC")
        ),
        CheckConstraint("relevance >= 0 AND relevance <= 1", name="relevance"),
    )

    post_id: Mapped[str] = mapped_column(
        ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True
    )
    theme: Mapped[str] = mapped_column(String(32), primary_key=True)
    relevance: Mapped[float] = mapped_column(Float)


class DailyPostCount(Base):
    """Posts per subreddit, day (UTC) of `created_utc` and text theme; the theme
    `*` counts every post. Kept by the statement that writes a page, in its
    transaction, so the theme overview adds up days instead of counting rows."""

    __tablename__ = "daily_post_counts"

    subreddit_id: Mapped[int] = mapped_column(
        ForeignKey("subreddits.id", ondelete="CASCADE"), primary_key=True
    )
    theme: Mapped[str] = mapped_column(String(32), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    posts: Mapped[int] = mapped_column(Integer)


class CollectionRun(Base):
    __tablename__ = "collection_runs"
    __table_args__ = (
        CheckConstraint(_one_of("status", RUN_STATUSES), name="status"),
        Index("ix_collection_runs_audience_id_started_at", "audience_id", text("started_at DESC")),
        Index("ix_collection_runs_started_at", text("started_at DESC"), text("id DESC")),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    audience_id: Mapped[int | None] = mapped_column(ForeignKey("audiences.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(16), server_default="running")
    params: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    totals: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    error: Mapped[dict[str, Any] | None] = mapped_column(JSONB)


class RunSubreddit(Base):
    __tablename__ = "run_subreddits"
    __table_args__ = (CheckConstraint(_one_of("status", RUN_SUBREDDIT_STATUSES), name="status"),)

    run_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("collection_runs.id", ondelete="CASCADE"), primary_key=True
    )
    subreddit_id: Mapped[int] = mapped_column(
        ForeignKey("subreddits.id", ondelete="CASCADE"), primary_key=True
    )
    status: Mapped[str] = mapped_column(String(16), server_default="pending")
    fetched: Mapped[int] = mapped_column(Integer, server_default="0")
    stored: Mapped[int] = mapped_column(Integer, server_default="0")
    new: Mapped[int] = mapped_column(Integer, server_default="0")
    updated: Mapped[int] = mapped_column(Integer, server_default="0")
    comments: Mapped[int] = mapped_column(Integer, server_default="0")
    cursor: Mapped[str | None] = mapped_column(String(32))
    error: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
