"""Benchmark: search, theme pages, the theme overview, browsing and export over a million posts.

A million posts over 50 subreddits (generated deterministically from a seed:
Zipf-distributed words with some domain words, two years of `created_utc`,
Zipf-like scores and comment counts, ~8% of posts in each text theme) are
loaded into real PostgreSQL with `COPY` (and `daily_post_counts` rebuilt from
them), then, in one run, every figure below goes through the project's own
`subsignal.db` readers (`post_page`, `theme_overview`, `theme_counts`,
`export_rows`) and is compared with the naive approach on the same rows.
Timeframes count back from the data set's last day (`AS_OF`):

1. a typical search: `q` of two words, sort=relevance, 25 per page, over an
   audience of all 50 subreddits: the first page, and the tenth page reached
   by following the `next` cursors (only the tenth page's query is timed);
   against (2);
2. the naive search: `ILIKE '%word%'` on title or selftext for both words,
   every match ranked by how often the words occur (the full-text query ranks
   every match too); also shown, not judged: the same matches by score, which
   the global score index lets PostgreSQL stop at the 25th;
3. theme pages, first and tenth: a text theme (`pain_anger`, by relevance)
   and both engagement themes (`top_content`, `hot_discussions`: the cut read
   from the score or heat index, then the index walked down from the cursor);
4. a filtered browse (`min_score`, sort=new): over an audience of 10
   subreddits, and over one subreddit; first, tenth and a deep page by cursor,
   against `OFFSET` paging of the same ordering (page 10 and the deep page);
5. the theme overview (`GET /audiences/{id}/themes`: the counts and every
   theme's top 3) for the 50-subreddit audience, timeframes all, year and
   month, against the counting it replaced (post_themes joined to posts,
   `percentile_disc` over every post); then both again while 10 writers write
   100-post pages through the project's page write into a scratch database on
   the same server, as fast as they can;
6. a full export through `export_rows` (every row consumed): rows per second,
   time to the first row, and how much the process grows (VmRSS, sampled
   every 10,000 rows, and VmHWM after resetting it through
   /proc/self/clear_refs).

Each query is warmed up, then timed `--repeat` times (3 when one run takes
over 0.25 s); median and best are printed in ms. asyncpg prepares every
statement, and PostgreSQL plans a prepared statement with its parameters five
times before it may switch to a generic plan: a fast query is warmed up five
times, so its timed runs see what a running service's pooled connections see
(page 1 and page 10 alike), and each figure says which kind of plan the timed
runs got (counted in `pg_prepared_statements`). The `EXPLAIN (ANALYZE,
BUFFERS)` plan of every measured query (the exact SQL and parameters the
project sent, captured with a `before_cursor_execute` listener) is printed for
that same kind of plan (a generic one through `PREPARE` and `EXPLAIN EXECUTE`
under `plan_cache_mode = force_generic_plan`), cut to `--plan-lines` lines
unless `--plans` is given.

Goals (the issues'): full-text search at least 20x faster than the ILIKE scan;
the tenth page by cursor at most 1.5x the first; a full export growing the
process by at most a few tens of MB (checked against 50 MB); the overview
under 300 ms at a million posts. Each ratio is
printed with PASS/FAIL; the exit status is 0 either way (this is a
measurement).

The loaded database (`subsignal_search_bench`) is kept between runs: loading
is skipped when it holds exactly the expected rows, its marker (a comment on
the database: generator version, seed, row counts) matches, and its schema
(tables' columns and `pg_indexes`) is exactly what the migrations create in a
scratch database. Loading drops the secondary indexes of `posts` and
`post_themes`, COPYs, recreates them from the definitions read before (and
checks `pg_indexes` is identical afterwards), then runs VACUUM ANALYZE.

Run it from the project folder (the first run generates and loads the data,
about two minutes on 2 cores; a later run takes about a minute and a half, half
a minute of it the million-row export and its EXPLAIN ANALYZE):

    uv run python benchmarks/search.py              # load if needed, then measure
    uv run python benchmarks/search.py --reload     # drop and load again
    uv run python benchmarks/search.py --plans      # full plans
    uv run python benchmarks/search.py --skip-export  # without the export
    uv run python benchmarks/search.py --posts 50000  # a smaller data set (own database)

PostgreSQL is the embedded server (data in `.subsignal/bench-pg`) unless
`BENCH_DATABASE_URL` names a server.
"""

from __future__ import annotations

import argparse
import functools
import gc
import itertools
import json
import os
import random
import re
import statistics
import time
import warnings
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import anyio
from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from _subreddits import SUBREDDITS
from subsignal.db.cursor import Cursor, decode_cursor
from subsignal.db.embedded import EmbeddedPostgres, start_embedded
from subsignal.db.engine import (
    create_database,
    drop_database,
    make_engine,
    migrate,
    read_connection,
)
from subsignal.db.export import export_rows
from subsignal.db.fields import POST_WRITTEN
from subsignal.db.models import Base
from subsignal.db.overview import theme_overview
from subsignal.db.pages import post_page
from subsignal.db.posts import write_page
from subsignal.db.query import PostQuery
from subsignal.db.theme_counts import REBUILD_DAILY_COUNTS, theme_counts
from subsignal.reddit.records import PostRecord
from subsignal.settings import Settings
from subsignal.themes import ENGAGEMENT_THEMES, TEXT_THEMES

T = TypeVar("T")

ROOT = Path(__file__).resolve().parents[1]
EMBEDDED_DIR = ROOT / ".subsignal" / "bench-pg"
DATABASE = "subsignal_search_bench"

# -- the data set: changing any of these (or the generator) means a new GENERATOR version
GENERATOR_VERSION = 1
SEED = 20251129
DEFAULT_POSTS = 1_000_000
ZIPF_S = 1.0
VOCABULARY_SIZE = 4000
LINK_SHARE = 0.08  # link posts: no selftext
START = datetime(2023, 11, 1, tzinfo=UTC)
SPAN = timedelta(days=730)
AS_OF = START + SPAN  # "now" for the measured queries: the data set's last day
THEME_SHARE = 0.08
BIG_AUDIENCE = "bench: all 50 subreddits"
SMALL_AUDIENCE = "bench: 10 subreddits"

# -- what is measured
QUERY = "pricing churn"
THEME = "pain_anger"
BROWSE_MIN_SCORE = 10
PAGE_SIZE = 25
TENTH = 10
DEEP_PAGE = 400
SLOW_S = 0.25  # a query slower than this (warm) runs SLOW_REPEAT times, not --repeat
SLOW_REPEAT = 3
# PostgreSQL plans a prepared statement (asyncpg prepares every statement) with its
# parameters 5 times, then may switch to a generic plan; a running service's pooled
# connections are past that, so fast queries are warmed up that many times first.
CUSTOM_PLANS = 5

GOAL_FTS_SPEEDUP = 20.0
GOAL_CURSOR_RATIO = 1.5
GOAL_EXPORT_RSS_MB = 50.0
GOAL_OVERVIEW_MS = 300
OVERVIEW_TIMEFRAMES = ("all", "year", "month")
ENGAGEMENT_INDEX = {"top_content": "ix_posts_score", "hot_discussions": "ix_posts_heat"}
LOAD_WRITERS = 10  # "ten concurrent collections"


def _words(line: str) -> list[str]:
    return line.split()


STOP_WORDS = _words(
    "the to and a i of is it for in that my you this on with have be are but we not so"
    " was do what how at if can or just as me they any all from an about would our there"
    " get been has like will one your more some out up no when im dont its than them their"
    " who which also had were here into because then only very even over after did really"
    " much could should still being those these other"
)

# Real content words, most frequent first; the domain words sit among them.
CONTENT_WORDS = _words(
    "time business people customers product work year help need want know make start"
    " company users app team think money month good new first build sell idea feel"
    " pricing marketing price market clients service website sales growth revenue week"
    " advice question problem software saas startup founder plan free launch feedback"
    " cost paying paid email tool data subscription client features content ads traffic"
    " strategy hire job years experience project side sign trial customer churn leads"
    " onboarding cofounder funding investors equity mvp landing page conversion retention"
    " seo funnel social media growth hiring salary contract agency freelance remote"
    " launched building shipped users signups pricing monthly annual discount tier plans"
    " competitors competition niche audience reddit twitter linkedin newsletter blog post"
    " posts video youtube course community support tickets bug bugs feature request roadmap"
    " stack backend frontend database server cloud hosting api integration stripe payments"
    " invoice invoices taxes accountant lawyer llc incorporate bank loan profit margin"
    " margins inventory shipping supplier suppliers wholesale retail store shop etsy amazon"
    " shopify orders returns refund refunds chargeback frustrated annoying angry tired"
    " burnout stressed stuck struggling hate worst broken scam waste lost quit fired"
    " layoff recommend recommendations suggestions alternatives looking anyone best"
    " cheap expensive affordable worth value outreach cold calls meetings demo pitch deck"
    " valuation raise seed round angel accelerator incubator partner partnership contract"
    " negotiation scope deadline client proposal portfolio resume interview offer"
    " promotion manager engineer developer designer writer consultant coach mentor"
    " validation survey interviews persona positioning messaging brand branding logo"
    " copy headline referral affiliate partners webinar event conference news announced"
    " acquisition acquired shutdown pivot opportunity opportunities trend trends ai"
    " automation workflow spreadsheet crm analytics metrics dashboard report kpi"
)

SYLLABLE_ONSETS = _words("b c d f g h j k l m n p r s t v w z br cr dr fl gr pl st tr sh ch")
SYLLABLE_VOWELS = _words("a e i o u ai ea ou io")
SYLLABLE_CODAS = ["", "", "n", "r", "l", "s", "t", "m", "nd", "st", "x"]
FLAIRS = [None, None, None, "Question", "Discussion", "Advice", "Feedback", "Help", "Story"]

# The columns the COPY sends, in `post_records` order: the ones a collected page
# writes, with `subreddit_id` after `id`; the rest are defaults (first/last seen)
# or generated (search).
POST_COLUMNS = ["id", "subreddit_id", *(c for c in POST_WRITTEN if c != "id")]
THEME_COLUMNS = ["post_id", "theme", "relevance"]
BULK_TABLES = ("posts", "post_themes")


def progress(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


# -- generating the data set ---------------------------------------------------------


@dataclass(frozen=True)
class Vocabulary:
    words: list[str]
    cum_weights: list[float]


def _unique(words: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(words))


def make_vocabulary() -> Vocabulary:
    """Stop words first, then real content words, then invented words; Zipf weights by rank."""
    rng = random.Random(f"{SEED}-vocabulary")
    real = _unique([*STOP_WORDS, *CONTENT_WORDS])
    taken = set(real)
    tail: list[str] = []
    while len(real) + len(tail) < VOCABULARY_SIZE:
        syllables = rng.randint(2, 3)
        word = "".join(
            rng.choice(SYLLABLE_ONSETS) + rng.choice(SYLLABLE_VOWELS) for _ in range(syllables)
        ) + rng.choice(SYLLABLE_CODAS)
        if len(word) >= 4 and word not in taken:
            taken.add(word)
            tail.append(word)
    words = real + tail
    weights = (1.0 / rank**ZIPF_S for rank in range(1, len(words) + 1))
    return Vocabulary(words, list(itertools.accumulate(weights)))


def post_id(i: int) -> str:
    """Reddit-like base36 ids, increasing with time (7 characters)."""
    n = 0x1_0000_0000 + i  # int('1njchs0', 36) ~ where 7-character ids are
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = []
    while n:
        n, r = divmod(n, 36)
        out.append(digits[r])
    return "".join(reversed(out))


def subreddit_weights(count: int) -> list[float]:
    """Uneven subreddit sizes: weight 1/sqrt(rank), ranks shuffled by the seed."""
    ranks = list(range(1, count + 1))
    random.Random(f"{SEED}-subreddit-sizes").shuffle(ranks)
    return [1.0 / rank**0.5 for rank in ranks]


def subreddit_topics(count: int) -> list[list[str]]:
    """Each subreddit leans on a dozen content words (its topic)."""
    rng = random.Random(f"{SEED}-topics")
    pool = _unique(CONTENT_WORDS)
    return [rng.sample(pool, 12) for _ in range(count)]


def _sentences(words: list[str], rng: random.Random) -> str:
    out: list[str] = []
    k = 0
    while k < len(words):
        length = rng.randint(6, 16)
        out.append(" ".join(words[k : k + length]).capitalize() + ".")
        k += length
    return " ".join(out)


def post_records(
    n: int, subreddits: Sequence[tuple[int, str]], vocabulary: Vocabulary
) -> Iterator[tuple[Any, ...]]:
    """The posts, in POST_COLUMNS order, deterministic for (SEED, n)."""
    rng = random.Random(f"{SEED}-posts")
    weights = list(itertools.accumulate(subreddit_weights(len(subreddits))))
    topics = subreddit_topics(len(subreddits))
    words, cum = vocabulary.words, vocabulary.cum_weights
    span_s = SPAN.total_seconds()
    chunk = 1000
    for start in range(0, n, chunk):
        m = min(chunk, n - start)
        picks = rng.choices(range(len(subreddits)), cum_weights=weights, k=m)
        title_lengths = [rng.randint(8, 12) for _ in range(m)]
        body_lengths = [0 if rng.random() < LINK_SHARE else rng.randint(40, 120) for _ in range(m)]
        draws = rng.choices(words, cum_weights=cum, k=sum(title_lengths) + sum(body_lengths))
        at = 0
        for j in range(m):
            i = start + j
            sub = picks[j]
            subreddit_id, name = subreddits[sub]
            title_words = draws[at : at + title_lengths[j]]
            at += title_lengths[j]
            body_words = draws[at : at + body_lengths[j]]
            at += body_lengths[j]
            if body_words:
                for _ in range(rng.randint(0, 4)):
                    body_words.insert(rng.randrange(len(body_words) + 1), rng.choice(topics[sub]))
            if rng.random() < 0.5:
                title_words[rng.randrange(len(title_words))] = rng.choice(topics[sub])
            title = " ".join(title_words).capitalize() + ("?" if rng.random() < 0.3 else "")
            pid = post_id(i)
            slug = "_".join(title_words[:6])
            permalink = f"/r/{name}/comments/{pid}/{slug}/"
            is_self = bool(body_words)
            created = START + timedelta(seconds=i * span_s / n + rng.uniform(-1800.0, 1800.0))
            yield (
                pid,
                subreddit_id,
                title,
                _sentences(body_words, rng) if is_self else "",
                f"user_{rng.randrange(250_000)}",
                min(int((rng.paretovariate(1.1) - 1.0) * 5), 100_000),
                round(rng.uniform(0.5, 1.0), 2),
                min(int((rng.paretovariate(1.3) - 1.0) * 4), 20_000),
                created,
                permalink,
                f"https://www.reddit.com{permalink}" if is_self else f"https://example.com/{pid}",
                False,
                False,
                is_self,
                False,
                False,
                rng.choice(FLAIRS),
            )


def theme_records(n: int) -> Iterator[tuple[str, str, float]]:
    """~THEME_SHARE of the posts in each text theme, relevance in [0.5, 1]."""
    rng = random.Random(f"{SEED}-themes")
    for i in range(n):
        pid = post_id(i)
        for theme in TEXT_THEMES:
            if rng.random() < THEME_SHARE:
                yield (pid, theme, rng.uniform(0.5, 1.0))


async def _streamed(records: Iterable[T], label: str, total: int) -> AsyncIterator[T]:
    began = time.perf_counter()
    step = max(total // 10, 1)
    for k, record in enumerate(records, 1):
        yield record
        if k % step == 0:
            rate = k / (time.perf_counter() - began)
            progress(f"  {label}: {k:,} rows sent ({rate:,.0f} rows/s)")


# -- the database --------------------------------------------------------------


def server_url(embedded: EmbeddedPostgres | None, database: str) -> str:
    if embedded is not None:
        return embedded.url(database=database)
    configured = Settings.from_env({"DATABASE_URL": os.environ["BENCH_DATABASE_URL"]})
    assert configured.database_url is not None
    return make_url(configured.database_url).set(database=database).render_as_string(False)


async def driver_of(conn: Any) -> Any:
    """The plain asyncpg connection under an SQLAlchemy AsyncConnection."""
    raw = await conn.get_raw_connection()
    return raw.driver_connection


Fingerprint = list[tuple[str, ...]]


async def schema_fingerprint(engine: AsyncEngine) -> Fingerprint:
    """Columns and indexes of the public schema, and the alembic revision."""
    async with engine.connect() as conn:
        columns = await conn.execute(
            text(
                "SELECT 'column', table_name, column_name, data_type, is_nullable,"
                " coalesce(column_default, ''), coalesce(generation_expression, '')"
                " FROM information_schema.columns WHERE table_schema = 'public'"
                " ORDER BY table_name, column_name"
            )
        )
        indexes = await conn.execute(
            text(
                "SELECT 'index', tablename, indexname, indexdef FROM pg_indexes"
                " WHERE schemaname = 'public' ORDER BY tablename, indexname"
            )
        )
        version = await conn.execute(text("SELECT 'revision', version_num FROM alembic_version"))
        return [tuple(str(v) for v in row) for row in [*columns, *indexes, *version]]


async def reference_fingerprint(url: str) -> Fingerprint:
    """What the migrations create, in a scratch database."""
    await create_database(url, drop_first=True)
    engine = make_engine(url, pool_size=1)
    try:
        await migrate(engine)
        return await schema_fingerprint(engine)
    finally:
        await engine.dispose()
        with anyio.CancelScope(shield=True):
            await drop_database(url)


def expected_marker(posts: int) -> dict[str, Any]:
    return {
        "bench": "subsignal search",
        "generator": GENERATOR_VERSION,
        "seed": SEED,
        "posts": posts,
    }


async def read_marker(engine: AsyncEngine) -> dict[str, Any] | None:
    async with engine.connect() as conn:
        raw = await conn.scalar(
            text(
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database"
                " WHERE datname = current_database()"
            )
        )
    try:
        marker = json.loads(raw) if raw else None
    except ValueError:
        return None
    return marker if isinstance(marker, dict) else None


async def table_counts(engine: AsyncEngine) -> dict[str, int]:
    async with engine.connect() as conn:
        counts = {}
        for table in ("posts", "post_themes", "subreddits", "audiences"):
            counts[table] = int(await conn.scalar(text(f"SELECT count(*) FROM {table}")) or 0)
        return counts


async def why_reload(engine: AsyncEngine, posts: int, reference: Fingerprint) -> str | None:
    """None when the database holds exactly the expected data set and schema."""
    marker = await read_marker(engine)
    if marker is None:
        return "no marker (never loaded, or an interrupted load)"
    wanted = expected_marker(posts)
    if any(marker.get(k) != v for k, v in wanted.items()):
        return f"marker {marker} does not match {wanted}"
    counts = await table_counts(engine)
    if counts["posts"] != posts or counts["post_themes"] != marker.get("post_themes"):
        return f"row counts {counts} do not match the marker {marker}"
    if counts["subreddits"] != len(SUBREDDITS) or counts["audiences"] != 2:
        return f"unexpected subreddits/audiences: {counts}"
    if await schema_fingerprint(engine) != reference:
        return "the schema differs from what the migrations create now"
    return None


async def secondary_indexes(engine: AsyncEngine) -> list[tuple[str, str, str]]:
    """(table, name, definition) of the bulk tables' indexes that back no constraint."""
    async with engine.connect() as conn:
        rows = await conn.execute(
            text(
                "SELECT tablename, indexname, indexdef FROM pg_indexes"
                " WHERE schemaname = 'public' AND tablename = ANY(:tables)"
                " AND indexname NOT IN (SELECT conname FROM pg_constraint)"
                " ORDER BY tablename, indexname"
            ),
            {"tables": list(BULK_TABLES)},
        )
        return [(str(t), str(n), str(d)) for t, n, d in rows]


async def all_indexes(engine: AsyncEngine) -> list[tuple[str, str, str]]:
    async with engine.connect() as conn:
        rows = await conn.execute(
            text(
                "SELECT tablename, indexname, indexdef FROM pg_indexes"
                " WHERE schemaname = 'public' ORDER BY tablename, indexname"
            )
        )
        return [(str(t), str(n), str(d)) for t, n, d in rows]


@dataclass
class Audiences:
    big: int
    small: int
    small_subreddits: list[str]  # lowercase names, the biggest first


async def read_audiences(engine: AsyncEngine) -> Audiences:
    async with engine.connect() as conn:
        ids = {
            str(name): int(audience_id)
            for name, audience_id in await conn.execute(text("SELECT name, id FROM audiences"))
        }
        names = (
            await conn.execute(
                text(
                    "SELECT s.name FROM audience_subreddits a JOIN subreddits s"
                    " ON s.id = a.subreddit_id WHERE a.audience_id = :a"
                    " ORDER BY (SELECT count(*) FROM posts p WHERE p.subreddit_id = s.id) DESC,"
                    " s.id"
                ),
                {"a": ids[SMALL_AUDIENCE]},
            )
        ).scalars()
        return Audiences(ids[BIG_AUDIENCE], ids[SMALL_AUDIENCE], list(names))


@dataclass
class LoadResult:
    seconds: float
    phases: list[tuple[str, float]]
    posts: int
    post_themes: int


async def load(engine: AsyncEngine, posts: int, database: str) -> LoadResult:
    """Fill the (freshly migrated) database: subreddits, audiences, posts, themes."""
    began = time.perf_counter()
    phases: list[tuple[str, float]] = []
    tables = ", ".join(t.name for t in Base.metadata.sorted_tables)
    async with engine.begin() as conn:
        await conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        subreddits: list[tuple[int, str]] = []
        for name in SUBREDDITS:
            subreddit_id = await conn.scalar(
                text(
                    "INSERT INTO subreddits (name, display_name, reddit_id, title, subscribers,"
                    " status) VALUES (:name, :display, :rid, :title, :subs, 'active') RETURNING id"
                ),
                {
                    "name": name.lower(),
                    "display": name,
                    "rid": f"t5_{post_id(len(subreddits))}",
                    "title": f"r/{name}",
                    "subs": 10_000 * (len(subreddits) + 1),
                },
            )
            subreddits.append((int(subreddit_id), name.lower()))
        for audience, members in (
            (BIG_AUDIENCE, subreddits),
            (SMALL_AUDIENCE, subreddits[::5]),
        ):
            audience_id = await conn.scalar(
                text("INSERT INTO audiences (name) VALUES (:name) RETURNING id"),
                {"name": audience},
            )
            for subreddit_id, _ in members:
                await conn.execute(
                    text(
                        "INSERT INTO audience_subreddits (audience_id, subreddit_id)"
                        " VALUES (:a, :s)"
                    ),
                    {"a": audience_id, "s": subreddit_id},
                )

    before = await all_indexes(engine)
    dropped = await secondary_indexes(engine)
    vocabulary = make_vocabulary()
    async with engine.connect() as conn:
        driver = await driver_of(conn)  # autocommit: no SQLAlchemy transaction is open
        for _, name, _ in dropped:
            await driver.execute(f'DROP INDEX "{name}"')
        progress(
            f"  dropped {len(dropped)} secondary indexes: {', '.join(n for _, n, _ in dropped)}"
        )

        t0 = time.perf_counter()
        records = _streamed(post_records(posts, subreddits, vocabulary), "posts", posts)
        await driver.copy_records_to_table("posts", records=records, columns=POST_COLUMNS)
        phases.append(("COPY posts (generated while sent)", time.perf_counter() - t0))
        progress(f"  posts: {phases[-1][1]:.1f} s")

        t0 = time.perf_counter()
        themes = _streamed(theme_records(posts), "post_themes", int(posts * 0.64))
        await driver.copy_records_to_table("post_themes", records=themes, columns=THEME_COLUMNS)
        phases.append(("COPY post_themes", time.perf_counter() - t0))
        progress(f"  post_themes: {phases[-1][1]:.1f} s")

        await driver.execute("SET maintenance_work_mem = '1GB'")
        for _, name, definition in dropped:
            t0 = time.perf_counter()
            await driver.execute(definition)
            phases.append((f"CREATE INDEX {name}", time.perf_counter() - t0))
            progress(f"  {name}: {phases[-1][1]:.1f} s")
        await driver.execute("RESET maintenance_work_mem")

        t0 = time.perf_counter()
        for statement in REBUILD_DAILY_COUNTS:
            await driver.execute(statement)
        phases.append(("daily_post_counts from the loaded rows", time.perf_counter() - t0))
        progress(f"  daily_post_counts: {phases[-1][1]:.1f} s")

        t0 = time.perf_counter()
        for table in (
            "subreddits",
            "audiences",
            "audience_subreddits",
            "daily_post_counts",
            *BULK_TABLES,
        ):
            await driver.execute(f"VACUUM (ANALYZE) {table}")
        phases.append(("VACUUM (ANALYZE)", time.perf_counter() - t0))
        progress(f"  vacuum analyze: {phases[-1][1]:.1f} s")

    after = await all_indexes(engine)
    if after != before:
        raise RuntimeError(f"indexes differ after the load:\nbefore {before}\nafter {after}")
    counts = await table_counts(engine)
    seconds = time.perf_counter() - began
    marker = {
        **expected_marker(posts),
        "post_themes": counts["post_themes"],
        "load_s": round(seconds, 1),
        "loaded_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    async with engine.connect() as conn:
        driver = await driver_of(conn)
        literal = json.dumps(marker).replace("'", "''")
        await driver.execute(f"COMMENT ON DATABASE \"{database}\" IS '{literal}'")
    return LoadResult(seconds, phases, counts["posts"], counts["post_themes"])


# -- measuring -----------------------------------------------------------------------


class Capture:
    """The SQL and parameters of every statement the engine sends."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.statements: list[tuple[str, tuple[Any, ...]]] = []
        event.listen(engine.sync_engine, "before_cursor_execute", self._seen)

    def _seen(self, conn: Any, cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        self.statements.append((statement, tuple(parameters or ())))

    def take(self) -> list[tuple[str, tuple[Any, ...]]]:
        """The statements since the last take() that read posts (not SET, not pings)."""
        seen, self.statements = self.statements, []
        return [(sql, params) for sql, params in seen if "posts" in sql]


@dataclass
class Measured:
    label: str
    runs_ms: list[float] = field(default_factory=list)
    statements: list[tuple[str, tuple[Any, ...]]] = field(default_factory=list)
    plans: list[list[str]] = field(default_factory=list)
    result: Any = None
    error: str | None = None
    expect_index: str | None = None  # an index the plan should use
    plan_kind: str = "n/a"  # the plans PostgreSQL used for the timed runs: generic/custom/mixed

    @property
    def best(self) -> float:
        return min(self.runs_ms)

    @property
    def median(self) -> float:
        return statistics.median(self.runs_ms)

    @property
    def ok(self) -> bool:
        return self.error is None and bool(self.runs_ms)

    def figure(self) -> str:
        if not self.ok:
            return f"error: {self.error}"
        return (
            f"{self.median:,.1f} ms (best {self.best:,.1f}, n={len(self.runs_ms)},"
            f" {self.plan_kind} plan)"
        )


def sql_literal(value: Any) -> str:
    """A parameter as an SQL literal (EXPLAIN EXECUTE takes no protocol parameters)."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, datetime):
        value = value.isoformat()
    return "'" + str(value).replace("'", "''") + "'"


class Bench:
    def __init__(self, engine: AsyncEngine, url: str, repeat: int, plan_lines: int | None) -> None:
        self.engine = engine
        self.url = url  # for the write load's own engine
        self.repeat = repeat
        self.plan_lines = plan_lines
        self.capture = Capture(engine)
        self.measured: list[Measured] = []
        self.backends: set[int] = set()  # the plan counters are per connection

    async def measure(
        self, label: str, call: Callable[[], Awaitable[Any]], *, expect_index: str | None = None
    ) -> Measured:
        m = Measured(label, expect_index=expect_index)
        self.measured.append(m)
        progress(f"measuring {label} ...")
        try:
            self.capture.take()
            began = time.perf_counter()
            m.result = await call()
            warm_s = time.perf_counter() - began
            m.statements = self.capture.take()
            fast = warm_s < SLOW_S
            for _ in range(CUSTOM_PLANS - 1 if fast else 0):
                await call()
            sqls = [sql for sql, _ in m.statements]
            before = await self.plan_counts(sqls)
            for _ in range(self.repeat if fast else min(self.repeat, SLOW_REPEAT)):
                began = time.perf_counter()
                m.result = await call()
                m.runs_ms.append((time.perf_counter() - began) * 1000)
            after = await self.plan_counts(sqls)
            kinds = []
            for sql, params in m.statements:
                generic = after.get(sql, (0, 0))[0] - before.get(sql, (0, 0))[0]
                custom = after.get(sql, (0, 0))[1] - before.get(sql, (0, 0))[1]
                kinds.append("mixed" if generic and custom else "generic" if generic else "custom")
                m.plans.append(await self.explain(sql, params, generic=generic > 0))
            m.plan_kind = "/".join(dict.fromkeys(kinds)) or "n/a"
        except Exception as exc:  # a failing query is a figure too
            m.error = f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}"
        progress(f"  {m.figure()}")
        return m

    async def plan_counts(self, sqls: list[str]) -> dict[str, tuple[int, int]]:
        """Generic and custom plans so far of these statements, on the (one) connection."""
        async with self.engine.connect() as conn:
            driver = await driver_of(conn)
            self.backends.add(int(await driver.fetchval("SELECT pg_backend_pid()")))
            rows = await driver.fetch(
                "SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements"
                " WHERE statement = ANY($1::text[])",
                sqls,
            )
        return {str(r[0]): (int(r[1]), int(r[2])) for r in rows}

    async def explain(self, sql: str, params: tuple[Any, ...], *, generic: bool) -> list[str]:
        """EXPLAIN (ANALYZE, BUFFERS) of the statement, with the kind of plan the timed runs
        got: a custom plan (planned with the parameters) or the generic one."""
        async with self.engine.connect() as conn:
            driver = await driver_of(conn)
            if not generic:
                rows = await driver.fetch(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", *params)
            else:
                await driver.execute(f"PREPARE bench_plan AS {sql}")
                try:
                    await driver.execute("SET plan_cache_mode = force_generic_plan")
                    args = f"({', '.join(sql_literal(v) for v in params)})" if params else ""
                    rows = await driver.fetch(
                        f"EXPLAIN (ANALYZE, BUFFERS) EXECUTE bench_plan{args}"
                    )
                finally:
                    await driver.execute("RESET plan_cache_mode")
                    await driver.execute("DEALLOCATE bench_plan")
        self.capture.take()
        kind = "generic plan" if generic else "custom plan (planned with the parameters)"
        return [f"[{kind}]", *(str(row[0]) for row in rows)]

    def print_plans(self) -> None:
        print()
        print("=" * 100)
        print("EXPLAIN (ANALYZE, BUFFERS) of each measured query (as sent by the code under test)")
        for m in self.measured:
            for n, plan in enumerate(m.plans, 1):
                suffix = f" [{n}/{len(m.plans)}]" if len(m.plans) > 1 else ""
                print()
                print(f"--- {m.label}{suffix}")
                shown = plan if self.plan_lines is None else plan[: self.plan_lines]
                for line in shown:
                    print(f"    {line}")
                if len(shown) < len(plan):
                    tail = [line for line in plan if line.startswith(("Planning", "Execution"))]
                    print(f"    ... ({len(plan) - len(shown)} more lines; --plans shows all)")
                    for line in tail:
                        print(f"    {line}")


def plan_text(m: Measured) -> str:
    return "\n".join(line for plan in m.plans for line in plan)


INDEX_USE = re.compile(r"Index (?:Only )?Scan (?:Backward )?using (\w+)|Bitmap Index Scan on (\w+)")


def indexes_used(plan: str) -> list[str]:
    return sorted({a or b for a, b in INDEX_USE.findall(plan)})


async def follow(engine: AsyncEngine, query: PostQuery, page: int) -> PostQuery | None:
    """The query of page `page` (1-based), reached by following `next`."""
    for _ in range(page - 1):
        result = await post_page(engine, query)
        if result.next is None:
            return None
        key = query.key
        query = replace(query, after=decode_cursor(result.next, key.listing, key.kind))
    return query


async def measure_page(
    bench: Bench, label: str, query: PostQuery, page: int, *, expect_index: str | None = None
) -> tuple[Measured, PostQuery | None]:
    """Page `page` of `query`, reached by following the cursors (only its query is timed)."""
    target = await follow(bench.engine, query, page)
    if target is None:
        m = Measured(label, error=f"the listing has fewer than {page} pages")
        bench.measured.append(m)
        return m, None
    m = await bench.measure(
        label, lambda: post_page(bench.engine, target), expect_index=expect_index
    )
    return m, target


async def measure_first_and_tenth(
    bench: Bench, label: str, query: PostQuery, *, expect_index: str | None = None
) -> tuple[Measured, Measured, PostQuery | None]:
    """Page 1 of `query`, then page TENTH reached by cursor (and its query)."""
    first = await bench.measure(
        f"{label}: page 1", lambda: post_page(bench.engine, query), expect_index=expect_index
    )
    tenth, tenth_query = await measure_page(
        bench, f"{label}: page {TENTH} (cursor)", query, TENTH, expect_index=expect_index
    )
    return first, tenth, tenth_query


def page_ids(m: Measured) -> list[str]:
    if not m.ok:
        return []
    items = m.result.items if hasattr(m.result, "items") else m.result
    return [str(row["id"]) for row in items]


# the naive approach, written by hand over the same rows

NAIVE_COLUMNS = (
    "p.id, s.display_name AS subreddit, p.title, p.selftext, p.author, p.score,"
    " p.upvote_ratio, p.num_comments, p.created_utc, p.permalink, p.url, p.over18,"
    " p.link_flair_text, p.first_seen_at, p.last_seen_at"
)
NAIVE_THEMES = (
    "(SELECT coalesce(json_agg(json_build_object('theme', t.theme, 'relevance',"
    " round(t.relevance::numeric, 3))), '[]'::json) FROM post_themes t"
    " WHERE t.post_id = p.id) AS themes"
)
ILIKE_MATCHES = """
FROM posts p JOIN subreddits s ON s.id = p.subreddit_id
WHERE p.subreddit_id IN (SELECT subreddit_id FROM audience_subreddits WHERE audience_id = :aud)
  AND (p.title ILIKE :w1 OR p.selftext ILIKE :w1)
  AND (p.title ILIKE :w2 OR p.selftext ILIKE :w2)
"""
# The naive relevance search: rank every match by how often the two words occur
# (what the full-text query does with ts_rank_cd), so every match is found first.
OCCURRENCES = (
    "(length(lower(p.title || ' ' || p.selftext))"
    " - length(replace(lower(p.title || ' ' || p.selftext), {word}, '')))"
)
ILIKE_SQL = f"""
SELECT {NAIVE_COLUMNS}, left(p.selftext, 240) AS snippet, {NAIVE_THEMES}
{ILIKE_MATCHES}
ORDER BY {OCCURRENCES.format(word=":plain1")} + {OCCURRENCES.format(word=":plain2")} DESC,
    p.id DESC
LIMIT :limit
"""
# The same matches by score: with the global score index, PostgreSQL walks the
# posts by score and stops at the 25th match (shown, not a goal: no ranking).
ILIKE_BY_SCORE_SQL = f"""
SELECT {NAIVE_COLUMNS}, left(p.selftext, 240) AS snippet, {NAIVE_THEMES}
{ILIKE_MATCHES}
ORDER BY p.score DESC, p.id DESC
LIMIT :limit
"""
BROWSE_WHERE = """
WHERE p.subreddit_id IN (SELECT subreddit_id FROM audience_subreddits WHERE audience_id = :aud)
  AND p.score >= :min_score {extra}
"""
OFFSET_SQL = f"""
SELECT {NAIVE_COLUMNS}, left(p.selftext, 240) AS snippet, {NAIVE_THEMES}
FROM posts p JOIN subreddits s ON s.id = p.subreddit_id
{{where}}
ORDER BY p.created_utc DESC, p.id DESC
OFFSET :offset LIMIT :limit
"""
ONE_SUBREDDIT = "AND p.subreddit_id = (SELECT id FROM subreddits WHERE name = :name)"


async def run_sql(engine: AsyncEngine, sql: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    async with engine.connect() as conn:
        return [dict(r) for r in (await conn.execute(text(sql), params)).mappings()]


async def deep_cursor(
    engine: AsyncEngine, where: str, params: dict[str, Any], page: int
) -> tuple[Cursor | None, int]:
    """The cursor that leads to `page` (the last row of page - 1), built from the
    rows themselves (following 399 pages one by one takes long),
    and how many rows the listing has."""
    async with engine.connect() as conn:
        total = int(await conn.scalar(text(f"SELECT count(*) FROM posts p {where}"), params) or 0)
        row = (
            await conn.execute(
                text(
                    f"SELECT p.created_utc, p.id FROM posts p {where}"
                    " ORDER BY p.created_utc DESC, p.id DESC OFFSET :o LIMIT 1"
                ),
                {**params, "o": (page - 1) * PAGE_SIZE - 1},
            )
        ).first()
    if row is None:
        return None, total
    return Cursor(row[0], row[1], AS_OF), total


@dataclass
class Browse:
    label: str
    first: Measured
    tenth: Measured
    deep: Measured | None
    offset_tenth: Measured
    offset_deep: Measured | None
    deep_page: int
    total: int
    same_rows: bool  # cursor page 10 == OFFSET page 10, and the deep pages too


async def browse(
    bench: Bench, label: str, query: PostQuery, where: str, params: dict[str, Any]
) -> Browse:
    engine = bench.engine
    index = "ix_posts_subreddit_id_created_utc"
    first, tenth, tenth_query = await measure_first_and_tenth(
        bench, label, query, expect_index=index
    )
    cursor10, total = await deep_cursor(engine, where, params, TENTH)
    deep_page = min(DEEP_PAGE, total // PAGE_SIZE)
    same = tenth_query is not None and cursor10 == tenth_query.after
    deep: Measured | None = None
    offset_deep: Measured | None = None
    offset_tenth = await bench.measure(
        f"{label}: page {TENTH} (OFFSET {(TENTH - 1) * PAGE_SIZE})",
        lambda: run_sql(
            engine,
            OFFSET_SQL.format(where=where),
            {**params, "offset": (TENTH - 1) * PAGE_SIZE, "limit": PAGE_SIZE},
        ),
    )
    same = same and page_ids(offset_tenth) == page_ids(tenth)
    if deep_page > TENTH:
        cursor, _ = await deep_cursor(engine, where, params, deep_page)
        deep_query = replace(query, after=cursor)
        deep = await bench.measure(
            f"{label}: page {deep_page} (cursor)",
            lambda: post_page(engine, deep_query),
            expect_index=index,
        )
        offset_deep = await bench.measure(
            f"{label}: page {deep_page} (OFFSET {(deep_page - 1) * PAGE_SIZE})",
            lambda: run_sql(
                engine,
                OFFSET_SQL.format(where=where),
                {**params, "offset": (deep_page - 1) * PAGE_SIZE, "limit": PAGE_SIZE},
            ),
        )
        same = same and page_ids(offset_deep) == page_ids(deep)
    return Browse(label, first, tenth, deep, offset_tenth, offset_deep, deep_page, total, same)


# -- export and memory ------------------------------------------------------------


def proc_status_kb(name: str) -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(name + ":"):
                return int(line.split()[1])
    raise KeyError(name)


def reset_peak_rss() -> bool:
    """Reset VmHWM to the current RSS (Linux: write 5 to /proc/self/clear_refs)."""
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")
        return True
    except OSError:
        return False


@dataclass
class ExportResult:
    rows: int
    seconds: float
    first_row_s: float
    rss_before_mb: float
    rss_growth_mb: float  # the largest VmRSS sampled, minus VmRSS before
    hwm_growth_mb: float | None  # VmHWM after, minus VmRSS before (when it could be reset)
    measured: Measured


async def export(bench: Bench, query: PostQuery) -> ExportResult:
    engine = bench.engine
    m = Measured("export: every post of the 50-subreddit audience (export_rows, sort=new)")
    bench.measured.append(m)
    progress(f"measuring {m.label} ...")
    gc.collect()
    bench.capture.take()
    rss_before = proc_status_kb("VmRSS")
    hwm_reset = reset_peak_rss()
    peak = rss_before
    rows = 0
    first_row_s = 0.0
    began = time.perf_counter()
    async with export_rows(engine, query) as stream:
        async for _row in stream:
            rows += 1
            if rows == 1:
                first_row_s = time.perf_counter() - began
            if rows % 10_000 == 0:
                peak = max(peak, proc_status_kb("VmRSS"))
                if rows % 200_000 == 0:
                    progress(f"  {rows:,} rows, VmRSS +{(peak - rss_before) / 1024:.1f} MB")
    seconds = time.perf_counter() - began
    peak = max(peak, proc_status_kb("VmRSS"))
    hwm = proc_status_kb("VmHWM")
    m.runs_ms.append(seconds * 1000)
    m.statements = bench.capture.take()
    for sql, params in m.statements:
        m.plans.append(await bench.explain(sql, params, generic=False))
    progress(f"  {rows:,} rows in {seconds:.1f} s")
    return ExportResult(
        rows=rows,
        seconds=seconds,
        first_row_s=first_row_s,
        rss_before_mb=rss_before / 1024,
        rss_growth_mb=(peak - rss_before) / 1024,
        hwm_growth_mb=(hwm - rss_before) / 1024 if hwm_reset else None,
        measured=m,
    )


# -- the run and the report ----------------------------------------------------------


@dataclass
class Report:
    posts: int
    post_themes: int = 0
    load: LoadResult | None = None
    loaded_earlier_s: float | None = None
    reload_reason: str | None = None
    matches: int = 0
    fts_first: Measured | None = None
    fts_tenth: Measured | None = None
    ilike: Measured | None = None
    ilike_by_score: Measured | None = None
    theme_first: Measured | None = None
    theme_tenth: Measured | None = None
    engagement: list[tuple[Measured, Measured]] = field(default_factory=list)
    browses: list[Browse] = field(default_factory=list)
    overviews: list[Measured] = field(default_factory=list)
    counts: Measured | None = None
    old_counts: Measured | None = None
    overview_under_load: Measured | None = None
    old_counts_under_load: Measured | None = None
    export: ExportResult | None = None
    server: str = ""
    notes: list[str] = field(default_factory=list)


async def server_settings(engine: AsyncEngine) -> str:
    names = ["shared_buffers", "work_mem", "max_parallel_workers_per_gather", "jit"]
    async with engine.connect() as conn:
        version = await conn.scalar(text("SHOW server_version"))
        values = [f"{n}={await conn.scalar(text(f'SHOW {n}'))}" for n in names]
        sizes = await conn.execute(
            text(
                "SELECT relname, pg_size_pretty(pg_total_relation_size(oid)) FROM pg_class"
                " WHERE relname IN ('posts', 'post_themes', 'ix_posts_search') ORDER BY relname"
            )
        )
        size = ", ".join(f"{name} {pretty}" for name, pretty in sizes)
    return f"PostgreSQL {version}, {', '.join(values)}; sizes: {size}"


async def warm_pool(engine: AsyncEngine) -> None:
    async with engine.connect() as conn:
        await conn.execute(text("SELECT 1"))


async def prepare(url: str, reference_url: str, args: argparse.Namespace, report: Report) -> None:
    progress("migrating a scratch database for the reference schema ...")
    reference = await reference_fingerprint(reference_url)
    reason: str | None = "--reload" if args.reload else None
    if reason is None:
        await create_database(url)
        engine = make_engine(url, pool_size=2)
        try:
            await migrate(engine)
            reason = await why_reload(engine, args.posts, reference)
            marker = await read_marker(engine)
        finally:
            await engine.dispose()
        if reason is None and marker is not None:
            report.loaded_earlier_s = marker.get("load_s")
            report.post_themes = int(marker["post_themes"])
            progress(f"reusing the loaded database (marker {marker})")
            return
    report.reload_reason = reason
    progress(f"loading {args.posts:,} posts: {reason}")
    await create_database(url, drop_first=True)
    engine = make_engine(url, pool_size=2)
    try:
        await migrate(engine)
        report.load = await load(engine, args.posts, make_url(url).database or DATABASE)
        report.post_themes = report.load.post_themes
        if await schema_fingerprint(engine) != reference:
            raise RuntimeError("after loading, the schema differs from what the migrations create")
    finally:
        await engine.dispose()
    progress(f"loaded in {report.load.seconds:.1f} s")


async def measure_all(bench: Bench, report: Report, audiences: Audiences) -> None:
    engine = bench.engine
    big, small = audiences.big, audiences.small

    # 1, 2: search against ILIKE
    async with engine.connect() as conn:
        report.matches = int(
            await conn.scalar(
                text(
                    "SELECT count(*) FROM posts WHERE search @@ websearch_to_tsquery('english', :q)"
                    " AND subreddit_id IN (SELECT subreddit_id FROM audience_subreddits"
                    " WHERE audience_id = :aud)"
                ),
                {"q": QUERY, "aud": big},
            )
            or 0
        )
    progress(f"{QUERY!r} matches {report.matches:,} posts")
    fts = PostQuery(audience_id=big, as_of=AS_OF, q=QUERY, sort="relevance", limit=PAGE_SIZE)
    report.fts_first, report.fts_tenth, _ = await measure_first_and_tenth(
        bench, f"search q={QUERY!r} relevance", fts, expect_index="ix_posts_search"
    )
    w1, w2 = QUERY.split()
    words = {"aud": big, "w1": f"%{w1}%", "w2": f"%{w2}%", "limit": PAGE_SIZE}
    report.ilike = await bench.measure(
        f"naive: ILIKE '%{w1}%' AND ILIKE '%{w2}%' (title or selftext), ranked by occurrences",
        lambda: run_sql(engine, ILIKE_SQL, {**words, "plain1": w1, "plain2": w2}),
    )
    report.ilike_by_score = await bench.measure(
        f"naive: ILIKE '%{w1}%' AND ILIKE '%{w2}%', by score (stops at the 25th match)",
        lambda: run_sql(engine, ILIKE_BY_SCORE_SQL, words),
    )

    # 3: theme pages
    theme = PostQuery(audience_id=big, as_of=AS_OF, theme=THEME, sort="relevance", limit=PAGE_SIZE)
    report.theme_first, report.theme_tenth, _ = await measure_first_and_tenth(
        bench, f"theme {THEME} relevance", theme, expect_index="ix_post_themes_theme_relevance"
    )
    for name in ENGAGEMENT_THEMES:
        engaged = PostQuery(
            audience_id=big, as_of=AS_OF, theme=name, sort="relevance", limit=PAGE_SIZE
        )
        first, tenth, _ = await measure_first_and_tenth(
            bench, f"theme {name} relevance", engaged, expect_index=ENGAGEMENT_INDEX[name]
        )
        report.engagement.append((first, tenth))

    # 4: filtered browsing, cursor against OFFSET
    small_where = BROWSE_WHERE.format(extra="")
    report.browses.append(
        await browse(
            bench,
            f"browse 10-subreddit audience, min_score={BROWSE_MIN_SCORE}, new",
            PostQuery(
                audience_id=small,
                as_of=AS_OF,
                min_score=BROWSE_MIN_SCORE,
                sort="new",
                limit=PAGE_SIZE,
            ),
            small_where,
            {"aud": small, "min_score": BROWSE_MIN_SCORE},
        )
    )
    name = audiences.small_subreddits[0]
    report.browses.append(
        await browse(
            bench,
            f"browse subreddit={name}, min_score={BROWSE_MIN_SCORE}, new",
            PostQuery(
                audience_id=big,
                as_of=AS_OF,
                subreddit=name,
                min_score=BROWSE_MIN_SCORE,
                sort="new",
                limit=PAGE_SIZE,
            ),
            BROWSE_WHERE.format(extra=ONE_SUBREDDIT),
            {"aud": big, "min_score": BROWSE_MIN_SCORE, "name": name},
        )
    )

    # 5: the theme overview, against the counting it replaced; then under write load
    for timeframe in OVERVIEW_TIMEFRAMES:
        report.overviews.append(
            await bench.measure(
                f"theme overview (counts + 10 x top 3), 50 subreddits, timeframe {timeframe}",
                functools.partial(theme_overview, engine, big, AS_OF, timeframe),
            )
        )
    report.counts = await bench.measure(
        "  of which theme_counts, timeframe all",
        lambda: counts_on_a_reader(engine, big),
    )
    report.old_counts = await bench.measure(
        "baseline: the counting before (post_themes joined to posts; percentile_disc"
        " of score and of now()-based heat over every post)",
        lambda: old_counts(engine, big),
    )
    report.overview_under_load, report.old_counts_under_load = await overview_under_load(bench, big)


async def counts_on_a_reader(engine: AsyncEngine, audience_id: int) -> dict[str, int]:
    async with read_connection(engine) as conn:
        return (await theme_counts(conn, audience_id, AS_OF, "all")).counts


OLD_TEXT_COUNTS = """
SELECT t.theme, count(*) FROM post_themes t JOIN posts p ON p.id = t.post_id
WHERE p.subreddit_id IN (SELECT subreddit_id FROM audience_subreddits WHERE audience_id = :aud)
GROUP BY t.theme
"""
OLD_HEAT = "(p.num_comments / greatest(extract(epoch FROM now() - p.created_utc) / 86400.0, 1.0))"
OLD_ENGAGEMENT_COUNTS = f"""
WITH audience AS (
    SELECT p.score, {OLD_HEAT} AS heat FROM posts p
    WHERE p.subreddit_id IN (SELECT subreddit_id FROM audience_subreddits WHERE audience_id = :aud)
)
SELECT
    count(*) FILTER (WHERE score > 0 AND score >= (
        SELECT percentile_disc(0.9) WITHIN GROUP (ORDER BY score) FROM audience)),
    count(*) FILTER (WHERE heat > 0 AND heat >= (
        SELECT percentile_disc(0.9) WITHIN GROUP (ORDER BY heat) FROM audience))
FROM audience
"""


async def old_counts(engine: AsyncEngine, audience_id: int) -> list[dict[str, Any]]:
    """The counts as `theme_counts` computed them before the daily counts and the
    engagement indexes (the same two statements)."""
    rows = await run_sql(engine, OLD_TEXT_COUNTS, {"aud": audience_id})
    return rows + await run_sql(engine, OLD_ENGAGEMENT_COUNTS, {"aud": audience_id})


async def overview_under_load(bench: Bench, audience_id: int) -> tuple[Measured, Measured]:
    """The overview, then the counting it replaced, while LOAD_WRITERS collectors
    write 100-post pages through the project's page write as fast as they can.
    They write into a scratch database on the same server (same CPU, disk and
    WAL contention), so the measured data set stays as loaded."""
    url = make_url(bench.url)
    scratch = url.set(database=f"{url.database}_load").render_as_string(hide_password=False)
    await create_database(scratch, drop_first=True)
    writers = make_engine(scratch, pool_size=LOAD_WRITERS)
    pages_written = 0

    async def write_pages(number: int) -> None:
        nonlocal pages_written
        rng = random.Random(f"{SEED}-writer-{number}")
        async with writers.connect() as conn:
            while True:
                posts = [load_post(rng, number, k) for k in range(100)]
                themes = [{t: 0.75} for t in rng.choices(TEXT_THEMES, k=len(posts))]
                async with conn.begin():
                    await write_page(conn, run_id=None, subreddit_id=1, posts=posts, themes=themes)
                pages_written += 1

    async def loaded(label: str, call: Callable[[], Awaitable[Any]]) -> Measured:
        began = time.perf_counter()
        written = pages_written
        measured = await bench.measure(label, call)
        rate = (pages_written - written) / (time.perf_counter() - began)
        measured.label = f"{label} ({rate:,.0f} pages/s written)"
        return measured

    load = f"while {LOAD_WRITERS} writers write pages"
    try:
        await migrate(writers)
        async with writers.begin() as conn:
            await conn.execute(
                text("INSERT INTO subreddits (id, name, display_name) VALUES (1, 'load', 'load')")
            )
        async with anyio.create_task_group() as group:
            for number in range(LOAD_WRITERS):
                group.start_soon(write_pages, number)
            await anyio.sleep(1.0)  # the writers are up to speed
            overview = await loaded(
                f"theme overview, timeframe all, {load}",
                lambda: theme_overview(bench.engine, audience_id, AS_OF, "all"),
            )
            old = await loaded(
                f"baseline: the counting before, {load}",
                lambda: old_counts(bench.engine, audience_id),
            )
            group.cancel_scope.cancel()
    finally:
        await writers.dispose()
        with anyio.CancelScope(shield=True):
            await drop_database(scratch)
    return overview, old


def load_post(rng: random.Random, writer: int, k: int) -> PostRecord:
    """A post for the write load: new ids (never stored: every page is rolled back)."""
    return PostRecord(
        id=f"w{writer}{k:02d}{rng.randrange(16**10):010x}",  # 14 characters (at most 16)
        subreddit="",
        title="Load post about pricing and churn",
        selftext="A body with a few words to index. " * 10,
        author="loader",
        score=rng.randrange(100),
        upvote_ratio=0.9,
        num_comments=rng.randrange(50),
        created_utc=AS_OF - timedelta(seconds=rng.randrange(86_400 * 30)),
        permalink="/r/load/",
        url=None,
        over18=False,
        stickied=False,
        is_self=True,
        spoiler=False,
        locked=False,
        link_flair_text=None,
    )


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def print_report(report: Report, bench: Bench) -> None:
    rows: list[tuple[str, str, str]] = []

    def row(label: str, value: str, check: str = "") -> None:
        rows.append((label, value, check))

    def ratio(label: str, top: Measured | None, bottom: Measured | None, goal: float) -> None:
        """top/bottom as a ratio that must stay at or under `goal`."""
        if top is None or bottom is None or not (top.ok and bottom.ok):
            row(label, "n/a", "FAIL (a query failed)")
            return
        value = top.median / bottom.median
        row(label, f"{value:.2f}x", f"(goal <= {goal}x) {verdict(value <= goal)}")

    def timing(m: Measured | None) -> None:
        if m is not None:
            row(m.label, m.figure())

    print()
    print("=" * 100)
    print(
        f"subsignal search benchmark: {report.posts:,} posts, {len(SUBREDDITS)} subreddits,"
        f" {report.post_themes:,} post_themes rows (generator v{GENERATOR_VERSION}, seed {SEED})"
    )
    print(f"  server: {report.server}")
    if report.load is not None:
        row("load (COPY, indexes, VACUUM ANALYZE) this run", f"{report.load.seconds:,.1f} s")
        for phase, seconds in report.load.phases:
            row(f"  {phase}", f"{seconds:,.1f} s")
        rate = report.load.posts / report.load.phases[0][1]
        row("  posts COPY rate", f"{rate:,.0f} rows/s")
    elif report.loaded_earlier_s is not None:
        row("load (an earlier run; --reload to redo)", f"{report.loaded_earlier_s:,.1f} s")
    row(f"posts matching q={QUERY!r}", f"{report.matches:,}")

    timing(report.fts_first)
    timing(report.fts_tenth)
    timing(report.ilike)
    timing(report.ilike_by_score)
    if report.ilike is not None and report.fts_first is not None:
        if report.ilike.ok and report.fts_first.ok:
            speedup = report.ilike.median / report.fts_first.median
            row(
                "  search speedup: ILIKE / full-text (page 1)",
                f"{speedup:,.1f}x",
                f"(goal >= {GOAL_FTS_SPEEDUP:.0f}x) {verdict(speedup >= GOAL_FTS_SPEEDUP)}",
            )
        else:
            row("  search speedup: ILIKE / full-text (page 1)", "n/a", "FAIL (a query failed)")
    ratio("  search page 10 / page 1", report.fts_tenth, report.fts_first, GOAL_CURSOR_RATIO)
    timing(report.theme_first)
    timing(report.theme_tenth)
    ratio("  theme page 10 / page 1", report.theme_tenth, report.theme_first, GOAL_CURSOR_RATIO)
    for first, tenth in report.engagement:
        timing(first)
        timing(tenth)
        ratio("  engagement page 10 / page 1", tenth, first, GOAL_CURSOR_RATIO)
    for b in report.browses:
        row(f"{b.label}: rows in the listing", f"{b.total:,}")
        for m in (b.first, b.tenth, b.deep, b.offset_tenth, b.offset_deep):
            timing(m)
        ratio("  browse page 10 / page 1 (cursor)", b.tenth, b.first, GOAL_CURSOR_RATIO)
        if b.deep is not None and b.offset_deep is not None and b.deep.ok and b.offset_deep.ok:
            row(
                f"  page {b.deep_page}: OFFSET / cursor",
                f"{b.offset_deep.median / b.deep.median:.2f}x",
            )
        row("  cursor pages hold the same rows as OFFSET pages", "", verdict(b.same_rows))
    for m in report.overviews:
        timing(m)
        if m.ok:
            goal = m.median <= GOAL_OVERVIEW_MS
            row(
                "  overview",
                f"{m.median:,.0f} ms",
                f"(goal <= {GOAL_OVERVIEW_MS} ms) {verdict(goal)}",
            )
    timing(report.counts)
    timing(report.old_counts)
    overview_all = report.overviews[0] if report.overviews else None
    old = report.old_counts
    if old is not None and overview_all is not None and old.ok and overview_all.ok:
        row(
            "  the old counting alone / the whole overview now (timeframe all)",
            f"{old.median / overview_all.median:,.1f}x",
        )
    timing(report.overview_under_load)
    timing(report.old_counts_under_load)
    loaded, old_loaded = report.overview_under_load, report.old_counts_under_load
    if loaded is not None and old_loaded is not None and loaded.ok and old_loaded.ok:
        row(
            "  under write load: the old counting alone / the whole overview now",
            f"{old_loaded.median / loaded.median:,.1f}x",
        )
    if report.export is not None:
        e = report.export
        row(
            "export: rows (export_rows, every row consumed)",
            f"{e.rows:,}",
            verdict(e.rows == report.posts),
        )
        row("  export time / time to first row", f"{e.seconds:,.1f} s / {e.first_row_s:,.2f} s")
        row("  export throughput (rows consumed, not encoded)", f"{e.rows / e.seconds:,.0f} rows/s")
        row(
            "  process growth: peak VmRSS sampled - VmRSS before",
            f"{e.rss_growth_mb:,.1f} MB",
            f"(goal <= {GOAL_EXPORT_RSS_MB:.0f} MB)"
            f" {verdict(e.rss_growth_mb <= GOAL_EXPORT_RSS_MB)}",
        )
        if e.hwm_growth_mb is not None:
            row(
                "  process growth: VmHWM (reset before) - VmRSS before",
                f"{e.hwm_growth_mb:,.1f} MB",
                f"(goal <= {GOAL_EXPORT_RSS_MB:.0f} MB)"
                f" {verdict(e.hwm_growth_mb <= GOAL_EXPORT_RSS_MB)}",
            )
        row("  VmRSS before the export", f"{e.rss_before_mb:,.1f} MB")

    label_width = min(max(len(label) for label, _, _ in rows) + 2, 78)
    value_width = max(len(value) for _, value, _ in rows) + 2
    for label, value, check in rows:
        label = label if len(label) < label_width else label[: label_width - 4] + "..."
        print(f"  {label + ':':<{label_width}}{value:>{value_width}}  {check}".rstrip())

    print()
    print("  plans (the index each query should use; the full plans are printed above):")
    plan_checks: list[str] = []
    for m in bench.measured:
        plan = plan_text(m)
        if not plan:
            continue
        used = indexes_used(plan)
        seq = [
            line.split(" on ")[1].split()[0] for line in plan.splitlines() if "Seq Scan on" in line
        ]
        detail = f"indexes: {', '.join(used) or 'none'}"
        big = sorted({table for table in seq if table in ("posts", "post_themes")})
        if big:
            detail += f"; Seq Scan on {', '.join(big)}"
        if m.expect_index is None:
            print(f"    ----  {m.label}: {detail}")
            continue
        ok = m.expect_index in used and "Seq Scan on posts" not in plan
        if not ok:
            plan_checks.append(f"plan of {m.label}")
        missing = "" if m.expect_index in used else f" (NOT {m.expect_index})"
        print(f"    {verdict(ok)}  {m.label}: {detail}{missing}")
    for note in report.notes:
        print(f"  note: {note}")
    failed = [label for label, _, check in rows if "FAIL" in check] + plan_checks
    if failed:
        print(f"  {len(failed)} check(s) FAILED: " + "; ".join(f.strip() for f in failed))
    else:
        print("  every check passed")


async def run(args: argparse.Namespace, url: str, reference_url: str) -> tuple[Report, Bench]:
    report = Report(posts=args.posts)
    await prepare(url, reference_url, args, report)
    engine = make_engine(url, pool_size=1)  # used one call at a time: one connection
    bench = Bench(engine, url, args.repeat, None if args.plans else args.plan_lines)
    try:
        await warm_pool(engine)
        report.server = await server_settings(engine)
        audiences = await read_audiences(engine)
        if report.load is not None:
            report.notes.append(
                "loaded in this run: the cache is colder and the process bigger than on a"
                " later run; rerun for steadier figures"
            )
        await measure_all(bench, report, audiences)
        if not args.skip_export:
            report.export = await export(
                bench, PostQuery(audience_id=audiences.big, as_of=AS_OF, sort="new")
            )
        if len(bench.backends) > 1:
            report.notes.append(
                "the queries ran on more than one connection: the generic/custom plan counts"
                " may be incomplete"
            )
    finally:
        await engine.dispose()
    return report, bench


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--reload", action="store_true", help="drop the data set and load it again")
    parser.add_argument("--posts", type=int, default=DEFAULT_POSTS, help="posts in the data set")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per query (after 1 warm)")
    parser.add_argument("--plans", action="store_true", help="print whole plans")
    parser.add_argument("--plan-lines", type=int, default=25, help="plan lines shown otherwise")
    parser.add_argument("--skip-export", action="store_true", help="do not measure the export")
    args = parser.parse_args(argv)
    warnings.filterwarnings("ignore", category=DeprecationWarning)

    name = DATABASE if args.posts == DEFAULT_POSTS else f"{DATABASE}_{args.posts}"
    embedded = None if os.environ.get("BENCH_DATABASE_URL") else start_embedded(EMBEDDED_DIR)
    try:
        report, bench = anyio.run(
            run, args, server_url(embedded, name), server_url(embedded, f"{DATABASE}_reference")
        )
    finally:
        if embedded is not None:
            embedded.stop()
    bench.print_plans()
    print_report(report, bench)


if __name__ == "__main__":
    main()
