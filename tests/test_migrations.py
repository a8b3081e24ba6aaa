"""The schema is built by alembic and agrees with the ORM models."""

from __future__ import annotations

from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, make_url

from subsignal.db.engine import create_database, downgrade, drop_database, make_engine, migrate
from subsignal.db.models import Base

pytestmark = pytest.mark.anyio


def _differences(conn: Connection) -> list[Any]:
    context = MigrationContext.configure(conn, opts={"compare_type": True})
    return list(compare_metadata(context, Base.metadata))


def _tables(conn: Connection) -> set[str]:
    return set(inspect(conn).get_table_names())


async def test_upgrade_downgrade_upgrade_round_trip(database_url: str) -> None:
    base = make_url(database_url)
    url = base.set(database=f"{base.database}_mig").render_as_string(hide_password=False)
    await create_database(url, drop_first=True)
    engine = make_engine(url)
    try:
        await migrate(engine)
        async with engine.connect() as conn:
            first = await conn.run_sync(_tables)
            assert first >= {t.name for t in Base.metadata.sorted_tables}
            assert await conn.run_sync(_differences) == []

        await downgrade(engine, "base")
        async with engine.connect() as conn:
            assert await conn.run_sync(_tables) == {"alembic_version"}

        await migrate(engine)
        async with engine.connect() as conn:
            assert await conn.run_sync(_tables) == first
            differences = await conn.run_sync(_differences)
            version = await conn.scalar(text("SELECT version_num FROM alembic_version"))
        print(f"round trip: head={version} tables={len(first)} differences={differences}")
        assert differences == []

        await migrate(engine)  # idempotent: a second upgrade at head changes nothing
    finally:
        await engine.dispose()
        await drop_database(url)


async def test_posts_have_a_generated_search_vector(engine: Any) -> None:
    async with engine.begin() as conn:
        await conn.execute(
            text("INSERT INTO subreddits (name, display_name) VALUES ('saas', 'SaaS')")
        )
        await conn.execute(
            text(
                "INSERT INTO posts (id, subreddit_id, title, selftext, created_utc, permalink)"
                " VALUES ('abc', 1, 'Pricing pages that convert', 'my churn is awful', now(), '/')"
            )
        )
        found = await conn.scalar(
            text("SELECT id FROM posts WHERE search @@ websearch_to_tsquery('english', 'churn')")
        )
        await conn.execute(text("SET LOCAL enable_seqscan = off"))
        explain = "EXPLAIN SELECT id FROM posts WHERE search @@ to_tsquery('churn')"
        plan = "\n".join((await conn.execute(text(explain))).scalars())
    assert found == "abc"
    assert "ix_posts_search" in plan
