"""Benchmark: the collection stream end to end, against a baseline and a floor.

What is measured (all parts real: PostgreSQL, the service app served by
uvicorn on loopback, asyncpraw over HTTP, a Reddit double in a process of its
own so it does not share the service's event loop):

- the service's stream: an audience of 20 subreddits x 1000 posts (`top`,
  `all`: 200 listing requests), collected through `GET /audiences/{id}/collect`
  over real HTTP, against a double with 100 ms latency per request and
  Reddit's budget (1000 requests per 600 s, a fresh window), timed from the
  request to the `run.completed` event; every post is checked in `posts` and
  the double's 429 count is read;
- (a) the straightforward design, measured in the same run: stock asyncpraw
  (default pacing), one subreddit after another, each post added through an
  SQLAlchemy ORM session and committed per page, against a fresh double;
- (b) the floor: 10 pages x latency x ceil(20 / the concurrency setting);
- ingest: the same stream with zero latency, in posts per second, against a
  plain asyncpg `COPY` of the same 20,000 rows into the same table.

Goals: at least 20x faster than (a), within 1.5x of (b), zero 429s, and an
ingest rate at least 0.3 of the COPY's. Every figure and ratio is printed;
the exit status is 0 whether or not a goal is met (this is a measurement).

Each stream is run `--repeat` times (default 3), each ingest run followed by
its own COPY, and the ratios are judged on the median run: on a shared
2-core machine one run can be a fifth slower or faster than the next. Every
run's ratio is printed too.

Besides the figures, each stream run reports the mean time per page and
collector, and the CPU seconds the service process, the double's process and
the (local) PostgreSQL server spent during it: on a 2-core machine they share
the CPU.

Run it from the project folder (`make bench` runs the first line):

    uv run python benchmarks/collect.py                  # the full run (a few minutes)
    uv run python benchmarks/collect.py --quick          # 4 subreddits x 300 posts
    uv run python benchmarks/collect.py --skip-baseline  # no (a): seconds, not minutes
    uv run python benchmarks/collect.py --profile out.prof  # + a cProfiled ingest run

`--in-process-double` serves the double in this process instead (it then
eats the service's event loop); `--concurrency` and `--latency` change those
settings. PostgreSQL is the embedded server (data in `.subsignal/bench-pg`)
unless `BENCH_DATABASE_URL` names a server; either way the benchmark creates
a database of its own on it and drops it at the end.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import math
import os
import pstats
import subprocess
import sys
import time
import warnings
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import anyio
import asyncpraw
import httpx
from anyio.streams.buffered import BufferedByteReceiveStream
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from _double_process import WithStats, make_double, prerender, stats_of, warm
from _subreddits import SUBREDDITS
from subsignal.app import create_app
from subsignal.db.embedded import EmbeddedPostgres, start_embedded
from subsignal.db.engine import create_database, drop_database, make_engine, migrate
from subsignal.db.fields import POST_WRITTEN
from subsignal.db.models import Base, Post, Subreddit
from subsignal.reddit.source import open_reddit
from subsignal.settings import RedditCredentials, Settings
from subsignal.testing import serve

ROOT = Path(__file__).resolve().parents[1]
DOUBLE_SCRIPT = Path(__file__).resolve().parent / "_double_process.py"
EMBEDDED_DIR = ROOT / ".subsignal" / "bench-pg"

SORT, TIMEFRAME = "top", "all"
PAGE_SIZE = 100  # Reddit's largest listing page
MAX_LISTING = 1000  # Reddit's listing cap
WINDOW_REQUESTS, WINDOW_SECONDS = 1000, 600.0  # Reddit's budget
USER_AGENT = "subsignal-bench/0.1"

NAMES = SUBREDDITS[:20]

# The columns the service writes (the rest are defaults or generated): the COPY sends these.
POST_COLUMNS = ["subreddit_id", *POST_WRITTEN]

GOAL_SPEEDUP = 20.0
GOAL_FLOOR_RATIO = 1.5
GOAL_COPY_RATIO = 0.3


@dataclass(frozen=True)
class Shape:
    """The audience (how many subreddits, how many posts each) and the collectors at once."""

    subreddits: int
    posts: int
    concurrency: int

    @property
    def names(self) -> list[str]:
        return NAMES[: self.subreddits]

    @property
    def total(self) -> int:
        return self.subreddits * min(self.posts, MAX_LISTING)

    @property
    def pages(self) -> int:
        return math.ceil(min(self.posts, MAX_LISTING) / PAGE_SIZE)

    def floor_s(self, latency: float) -> float:
        return self.pages * latency * math.ceil(self.subreddits / self.concurrency)


# -- the Reddit double -----------------------------------------------------------


@dataclass
class DoubleHandle:
    url: str
    credentials: RedditCredentials
    read_stats: Callable[[], Awaitable[dict[str, Any]]]
    warm_s: float
    pid: int | None  # its process, when it has one of its own


@asynccontextmanager
async def reddit_double(
    shape: Shape, latency: float, *, in_process: bool
) -> AsyncIterator[DoubleHandle]:
    """A fresh double (so a fresh rate window), served on loopback, its content generated."""
    if in_process:
        began = time.perf_counter()
        double = make_double(
            shape.names,
            posts=shape.posts,
            latency=latency,
            window_requests=WINDOW_REQUESTS,
            window_seconds=WINDOW_SECONDS,
            seed=0,
        )
        warm(double, shape.names, SORT, TIMEFRAME)
        prerender(double, shape.names, SORT, TIMEFRAME)
        warm_s = time.perf_counter() - began

        async def local_stats() -> dict[str, Any]:
            return stats_of(double)

        credentials = RedditCredentials(double.client_id, double.client_secret, USER_AGENT)
        async with serve(WithStats(double)) as url:
            yield DoubleHandle(url, credentials, local_stats, warm_s, pid=None)
        return

    command = [
        sys.executable,
        str(DOUBLE_SCRIPT),
        "--names",
        ",".join(shape.names),
        "--posts",
        str(shape.posts),
        "--latency",
        str(latency),
        "--window-requests",
        str(WINDOW_REQUESTS),
        "--window-seconds",
        str(WINDOW_SECONDS),
        "--sort",
        SORT,
        "--time-filter",
        TIMEFRAME,
    ]
    process = await anyio.open_process(command, stdin=subprocess.DEVNULL, stderr=None)
    try:
        assert process.stdout is not None
        with anyio.fail_after(60):
            line = await BufferedByteReceiveStream(process.stdout).receive_until(b"\n", 65536)
        started = json.loads(line)
        url = str(started["url"])
        async with httpx.AsyncClient(base_url=url, timeout=10) as client:

            async def remote_stats() -> dict[str, Any]:
                answer = await client.get("/__stats")
                answer.raise_for_status()
                stats: dict[str, Any] = answer.json()
                return stats

            credentials = RedditCredentials(
                str(started["client_id"]), str(started["client_secret"]), USER_AGENT
            )
            yield DoubleHandle(
                url, credentials, remote_stats, float(started["warm_s"]), pid=int(started["pid"])
            )
    finally:
        with anyio.CancelScope(shield=True):
            if process.returncode is None:
                process.terminate()
                with anyio.move_on_after(5):
                    await process.wait()
                if process.returncode is None:
                    process.kill()
                    await process.wait()
            await process.aclose()


# -- CPU accounting ------------------------------------------------------------
#
# On a 2-core machine the service, PostgreSQL and the double share the CPU, so
# each stream run also reports the CPU seconds each of them spent (Linux /proc).


def _proc_fields(pid: int) -> list[str] | None:
    """/proc/<pid>/stat after the command name: [state, ppid, ..., utime at 11, stime at 12,
    cutime at 13, cstime at 14]."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rsplit(")", 1)[1].split()


def _ticks(fields: list[str], *, children: bool) -> int:
    own = int(fields[11]) + int(fields[12])
    return own + (int(fields[13]) + int(fields[14]) if children else 0)


def process_cpu(pid: int) -> float | None:
    """CPU seconds of a process and its reaped children; None if it cannot be read."""
    fields = _proc_fields(pid)
    if fields is None:
        return None
    return _ticks(fields, children=True) / os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> Iterator[tuple[int, list[str]]]:
    """(pid, stat fields) of the live child processes of `pid`."""
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            child = _proc_fields(int(entry.name))
            if child is not None and int(child[1]) == pid:
                yield int(entry.name), child


def server_cpu(postmaster: int) -> float | None:
    """CPU seconds of a local PostgreSQL server: the postmaster, its live children
    (backends, writers) and the children it has reaped."""
    fields = _proc_fields(postmaster)
    if fields is None:
        return None
    ticks = _ticks(fields, children=True)
    ticks += sum(_ticks(child, children=False) for _, child in _children(postmaster))
    return ticks / os.sysconf("SC_CLK_TCK")


def worker_cpu() -> float:
    """CPU seconds of this process's live theme-scoring workers (anyio's process pool)."""
    ticks = 0
    for pid, fields in _children(os.getpid()):
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if b"anyio" in command:
            ticks += _ticks(fields, children=False)
    return ticks / os.sysconf("SC_CLK_TCK")


async def find_postmaster(engine: AsyncEngine) -> int | None:
    """The local server's postmaster: the parent of our backend (None when remote)."""
    async with engine.connect() as conn:
        backend = int(await conn.scalar(text("SELECT pg_backend_pid()")) or 0)
    fields = _proc_fields(backend)
    return int(fields[1]) if fields is not None else None


@dataclass
class CpuMeter:
    postmaster: int | None
    double_pid: int | None

    def sample(self) -> dict[str, float | None]:
        return {
            "service": time.process_time(),
            "workers": worker_cpu(),
            "double": process_cpu(self.double_pid) if self.double_pid else None,
            "postgres": server_cpu(self.postmaster) if self.postmaster else None,
        }

    @staticmethod
    def spent(
        before: dict[str, float | None], after: dict[str, float | None]
    ) -> dict[str, float | None]:
        spent: dict[str, float | None] = {}
        for key, start in before.items():
            end = after.get(key)
            spent[key] = end - start if start is not None and end is not None else None
        return spent


# -- the service's stream -----------------------------------------------------------


@dataclass
class Event:
    event: str
    data: dict[str, Any]
    at: float  # seconds since the request was sent


async def read_events(response: httpx.Response, began: float) -> AsyncIterator[Event]:
    """Parse a text/event-stream as it arrives (comment lines are heartbeats)."""
    fields: dict[str, str] = {}
    async for line in response.aiter_lines():
        if line.startswith(":"):
            continue
        if line == "":
            if "data" in fields:
                at = time.perf_counter() - began
                yield Event(fields.get("event", "message"), json.loads(fields["data"]), at)
            fields = {}
            continue
        key, _, value = line.partition(":")
        fields[key] = value[1:] if value.startswith(" ") else value


@dataclass
class StreamResult:
    seconds: float
    status: str
    stored: int
    events: list[Event]
    double: dict[str, Any]
    cpu: dict[str, float | None]

    def page_interval_s(self) -> float | None:
        """Mean time from a collector's start to each of its committed pages, per page."""
        started: dict[str, float] = {}
        last: dict[str, tuple[float, int]] = {}  # subreddit -> (last page at, pages)
        for event in self.events:
            name = str(event.data.get("subreddit"))
            if event.event == "subreddit.started":
                started[name] = event.at
            elif event.event == "subreddit.progress":
                last[name] = (event.at, last.get(name, (0.0, 0))[1] + 1)
        pages = sum(count for _, count in last.values())
        spent = sum(at - started[name] for name, (at, _) in last.items())
        return spent / pages if pages else None


async def service_stream(
    engine: AsyncEngine,
    shape: Shape,
    double: DoubleHandle,
    *,
    audience: str,
    postmaster: int | None,
    profiler: cProfile.Profile | None = None,
) -> StreamResult:
    """Collect the audience through the served app; timed from request to `run.completed`."""
    settings = Settings(
        reddit=double.credentials,
        reddit_url=double.url,
        reddit_oauth_url=double.url,
        collect_concurrency=shape.concurrency,
    )
    async with open_reddit(settings, double.credentials) as source:
        app = create_app(settings, engine=engine, reddit=source)
        async with (
            serve(app) as base_url,
            httpx.AsyncClient(base_url=base_url, timeout=httpx.Timeout(120)) as client,
        ):
            created = await client.post(
                "/audiences",
                json={
                    "name": audience,
                    "subreddits": shape.names,
                    "sort": SORT,
                    "timeframe": TIMEFRAME,
                    "posts_per_subreddit": shape.posts,
                },
            )
            if created.status_code != 201:
                raise RuntimeError(
                    f"POST /audiences answered {created.status_code}: {created.text}"
                )
            audience_id = created.json()["id"]
            params: dict[str, str | int] = {
                "sort": SORT,
                "timeframe": TIMEFRAME,
                "limit": shape.posts,
            }
            events: list[Event] = []
            seconds: float | None = None
            status = "no run.completed event"
            meter = CpuMeter(postmaster, double.pid)
            cpu_before = meter.sample()
            if profiler is not None:
                profiler.enable()
            began = time.perf_counter()
            try:
                with anyio.fail_after(900):
                    async with client.stream(
                        "GET", f"/audiences/{audience_id}/collect", params=params
                    ) as response:
                        if response.status_code != 200:
                            body = (await response.aread()).decode(errors="replace")
                            raise RuntimeError(f"collect answered {response.status_code}: {body}")
                        async for event in read_events(response, began):
                            events.append(event)
                            if event.event == "run.completed":
                                seconds = event.at
                                status = str(event.data["status"])
                            elif event.event == "run.failed":
                                status = f"failed: {event.data.get('error')}"
            finally:
                if profiler is not None:
                    profiler.disable()
            cpu = CpuMeter.spent(cpu_before, meter.sample())
    if seconds is None:
        raise RuntimeError(f"the run did not complete ({status})")
    return StreamResult(
        seconds=seconds,
        status=status,
        stored=await count_posts(engine),
        events=events,
        double=await double.read_stats(),
        cpu=cpu,
    )


# -- (a) the straightforward design ----------------------------------------------------


@dataclass
class BaselineResult:
    seconds: float
    stored: int
    double: dict[str, Any]


async def baseline(engine: AsyncEngine, shape: Shape, double: DoubleHandle) -> BaselineResult:
    """Stock asyncpraw (its own pacing, its default window), one subreddit after another,
    each post added through an ORM session, committed per page."""
    sessions = async_sessionmaker(engine, expire_on_commit=False)
    credentials = double.credentials
    reddit = asyncpraw.Reddit(
        client_id=credentials.client_id,
        client_secret=credentials.client_secret,
        user_agent=credentials.user_agent,
        oauth_url=double.url,
        reddit_url=double.url,
        check_for_updates=False,
    )
    began = time.perf_counter()
    try:
        with anyio.fail_after(1800):
            for name in shape.names:
                async with sessions() as session:
                    subreddit = Subreddit(name=name.lower(), display_name=name)
                    session.add(subreddit)
                    await session.commit()
                    listing = (await reddit.subreddit(name)).top(
                        time_filter=TIMEFRAME, limit=shape.posts
                    )
                    added = 0
                    async for submission in listing:
                        session.add(
                            Post(
                                id=submission.id,
                                subreddit_id=subreddit.id,
                                title=submission.title,
                                selftext=submission.selftext or "",
                                author=str(submission.author) if submission.author else None,
                                score=submission.score,
                                upvote_ratio=submission.upvote_ratio,
                                num_comments=submission.num_comments,
                                created_utc=datetime.fromtimestamp(submission.created_utc, UTC),
                                permalink=submission.permalink,
                                url=submission.url,
                                over18=submission.over_18,
                                stickied=submission.stickied,
                                is_self=submission.is_self,
                                spoiler=submission.spoiler,
                                locked=submission.locked,
                                link_flair_text=submission.link_flair_text,
                            )
                        )
                        added += 1
                        if added % PAGE_SIZE == 0:
                            await session.commit()
                    await session.commit()
        seconds = time.perf_counter() - began
    finally:
        with anyio.CancelScope(shield=True):
            await reddit.close()
    return BaselineResult(seconds, await count_posts(engine), await double.read_stats())


# -- the COPY reference -----------------------------------------------------------


@dataclass
class CopyResult:
    seconds: float
    rows: int
    stored: int


async def copy_same_rows(engine: AsyncEngine) -> CopyResult:
    """Read back what the service stored, empty `posts`, and COPY the same rows in."""
    columns = ", ".join(POST_COLUMNS)
    async with engine.connect() as conn:
        result = await conn.execute(text(f"SELECT {columns} FROM posts ORDER BY subreddit_id, id"))
        records = [tuple(row) for row in result]
    async with engine.begin() as conn:
        await conn.execute(text("TRUNCATE posts CASCADE"))
    async with engine.connect() as conn:
        raw = await conn.get_raw_connection()
        driver: Any = raw.driver_connection  # the plain asyncpg connection
        began = time.perf_counter()
        await driver.copy_records_to_table("posts", records=records, columns=POST_COLUMNS)
        seconds = time.perf_counter() - began
    return CopyResult(seconds, len(records), await count_posts(engine))


# -- the database --------------------------------------------------------------


async def count_posts(engine: AsyncEngine) -> int:
    async with engine.connect() as conn:
        return int(await conn.scalar(text("SELECT count(*) FROM posts")) or 0)


async def empty_tables(engine: AsyncEngine) -> None:
    tables = ", ".join(t.name for t in Base.metadata.sorted_tables)
    async with engine.begin() as conn:
        await conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


async def warm_pool(engine: AsyncEngine, connections: int) -> None:
    """Open the pool's connections before anything is timed (a running service has them)."""

    async def one() -> None:
        async with engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
            await anyio.sleep(0.05)

    async with anyio.create_task_group() as group:
        for _ in range(connections):
            group.start_soon(one)


def database_url(embedded: EmbeddedPostgres | None) -> str:
    """A database of the benchmark's own on the chosen server."""
    name = f"subsignal_bench_{os.getpid()}"
    if embedded is not None:
        return embedded.url(database=name)
    configured = Settings.from_env({"DATABASE_URL": os.environ["BENCH_DATABASE_URL"]})
    assert configured.database_url is not None
    return make_url(configured.database_url).set(database=name).render_as_string(False)


# -- the run and the report ----------------------------------------------------------


@dataclass
class Report:
    shape: Shape
    latency: float
    in_process: bool
    services: list[StreamResult] = field(default_factory=list)
    baseline: BaselineResult | None = None
    ingests: list[tuple[StreamResult, CopyResult]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def service(self) -> StreamResult | None:
        """The median 100 ms run (of an even count, the slower middle one)."""
        ranked = sorted(self.services, key=lambda r: r.seconds)
        return ranked[len(ranked) // 2] if ranked else None

    @property
    def ingest(self) -> tuple[StreamResult, CopyResult] | None:
        """The ingest run and its COPY whose ratio is the median (of an even count, the
        lower middle one)."""
        ranked = sorted(self.ingests, key=lambda pair: copy_ratio(*pair))
        return ranked[(len(ranked) - 1) // 2] if ranked else None


def copy_ratio(ingest: StreamResult, copy: CopyResult) -> float:
    """The ingest rate as a fraction of the COPY's."""
    return (ingest.stored / ingest.seconds) / (copy.rows / copy.seconds)


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def print_report(report: Report) -> None:
    shape, latency = report.shape, report.latency
    ms = round(latency * 1000)
    where = "in-process" if report.in_process else "out-of-process"
    print()
    print(
        f"subsignal collect benchmark: {shape.subreddits} subreddits x {shape.posts} posts"
        f" ({SORT}, {TIMEFRAME}), concurrency {shape.concurrency}, Reddit double {where},"
        f" budget {WINDOW_REQUESTS} requests / {WINDOW_SECONDS:.0f} s"
    )
    rows: list[tuple[str, str, str]] = []

    def row(label: str, value: str, check: str = "") -> None:
        rows.append((label, value, check))

    service, base = report.service, report.baseline
    ingest, copy = report.ingest or (None, None)
    repeated = len(report.services) > 1 or len(report.ingests) > 1
    floor = shape.floor_s(latency)
    if service is not None:
        d = service.double
        median = " (median run)" if repeated else ""
        row(f"service stream ({ms} ms latency){median}", f"{service.seconds:.2f} s")
        if len(report.services) > 1:
            runs = ", ".join(f"{r.seconds / floor:.2f}" for r in report.services)
            row("  every run / floor", f"{runs}")
        row(
            "  requests / tokens / most in flight",
            f"{d['requests_received']} / {d['token_requests']} / {d['max_in_flight']}",
        )
        cpu_rows(row, service)
        row(
            "  posts stored (run status)",
            f"{service.stored:,} of {shape.total:,} ({service.status})",
            verdict(
                all(r.stored == shape.total and r.status == "completed" for r in report.services)
            ),
        )
    if base is not None:
        row("baseline (a) stock asyncpraw + ORM", f"{base.seconds:.2f} s")
        row(
            "  requests / 429s / posts stored",
            f"{base.double['requests_received']} / {base.double['rate_limited']} / {base.stored:,}",
            verdict(base.stored == shape.total),
        )
    row(
        f"floor (b) {shape.pages} pages x {ms} ms x ceil({shape.subreddits}/{shape.concurrency})",
        f"{floor:.2f} s",
    )
    if service is not None and base is not None:
        speedup = base.seconds / service.seconds
        row(
            "speedup vs (a)",
            f"{speedup:.1f}x",
            f"(goal >= {GOAL_SPEEDUP:.0f}x) {verdict(speedup >= GOAL_SPEEDUP)}",
        )
    if service is not None and floor > 0:
        ratio = service.seconds / floor
        row(
            "service / floor",
            f"{ratio:.3f}x",
            f"(goal <= {GOAL_FLOOR_RATIO}x) {verdict(ratio <= GOAL_FLOOR_RATIO)}",
        )
        limited = sum(r.double["rate_limited"] for r in report.services)
        row(
            f"429s (service, {ms} ms latency, every run)",
            f"{limited}",
            f"(goal 0) {verdict(limited == 0)}",
        )
    if ingest is not None:
        rate = ingest.stored / ingest.seconds
        median = " (median run)" if repeated else ""
        row(f"ingest (0 ms latency){median}", f"{rate:,.0f} posts/s", f"({ingest.seconds:.2f} s)")
        row(
            "  posts stored / 429s (run status)",
            f"{ingest.stored:,} / {ingest.double['rate_limited']} ({ingest.status})",
            verdict(
                all(
                    r.stored == shape.total
                    and r.double["rate_limited"] == 0
                    and r.status == "completed"
                    for r, _ in report.ingests
                )
            ),
        )
        cpu_rows(row, ingest)
        if copy is not None:
            copy_rate = copy.rows / copy.seconds
            row("COPY (asyncpg, same rows)", f"{copy_rate:,.0f} posts/s", f"({copy.seconds:.3f} s)")
            ratio = copy_ratio(ingest, copy)
            if len(report.ingests) > 1:
                runs = ", ".join(f"{copy_ratio(*pair):.2f}" for pair in report.ingests)
                row("  every run's ingest / COPY", runs)
            row(
                "ingest / COPY",
                f"{ratio:.3f}",
                f"(goal >= {GOAL_COPY_RATIO}) {verdict(ratio >= GOAL_COPY_RATIO)}",
            )
    width = max(len(label) for label, _, _ in rows) + 2
    value_width = max(len(value) for _, value, _ in rows) + 2
    for label, value, check in rows:
        print(f"  {label + ':':<{width}}{value:>{value_width}}  {check}".rstrip())
    for note in report.notes:
        print(f"  note: {note}")


def cpu_rows(row: Callable[[str, str], None], result: StreamResult) -> None:
    interval = result.page_interval_s()
    if interval is not None:
        row("  time per page, per collector", f"{interval * 1000:.0f} ms")
    cpu = result.cpu

    def seconds(key: str) -> str:
        value = cpu.get(key)
        return "n/a" if value is None else f"{value:.2f}"

    row(
        "  CPU s: service / its scoring workers / double / PostgreSQL",
        f"{seconds('service')} / {seconds('workers')} / {seconds('double')}"
        f" / {seconds('postgres')}",
    )


def progress(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


async def run(args: argparse.Namespace, url: str) -> Report:
    shape = Shape(
        subreddits=4 if args.quick else 20,
        posts=300 if args.quick else 1000,
        concurrency=args.concurrency,
    )
    report = Report(shape, latency=args.latency, in_process=args.in_process_double)
    if args.quick:
        report.notes.append(
            "--quick is a smoke run: at 3 pages per subreddit the fixed start (a token, then"
            " one probing request alone) weighs on every ratio; judge goals on the full run"
        )
    await create_database(url, drop_first=True)
    engine = make_engine(url)
    try:
        await migrate(engine)
        await warm_pool(engine, shape.concurrency + 2)
        postmaster = await find_postmaster(engine)

        for attempt in range(1, args.repeat + 1):
            await empty_tables(engine)
            progress(f"service stream, {args.latency * 1000:.0f} ms latency ({attempt}) ...")
            async with reddit_double(shape, args.latency, in_process=args.in_process_double) as dbl:
                result = await service_stream(
                    engine, shape, dbl, audience=f"bench latency {attempt}", postmaster=postmaster
                )
            report.services.append(result)
            progress(f"  {result.seconds:.2f} s, {result.status}")

        if not args.skip_baseline:
            await empty_tables(engine)
            progress("baseline (a): stock asyncpraw + ORM (asyncprawcore paces ~0.6 s/request) ...")
            async with reddit_double(shape, args.latency, in_process=args.in_process_double) as dbl:
                report.baseline = await baseline(engine, shape, dbl)
            progress(f"  {report.baseline.seconds:.2f} s")

        for attempt in range(1, args.repeat + 1):
            await empty_tables(engine)
            progress(f"service stream, 0 ms latency (ingest {attempt}) ...")
            async with reddit_double(shape, 0.0, in_process=args.in_process_double) as dbl:
                ingest = await service_stream(
                    engine, shape, dbl, audience=f"bench ingest {attempt}", postmaster=postmaster
                )
            progress(f"  {ingest.seconds:.2f} s, {ingest.status}")
            # The COPY right after its ingest run: the pair shares the machine's state.
            progress("asyncpg COPY of the same rows ...")
            copy = await copy_same_rows(engine)
            progress(f"  {copy.seconds:.3f} s, {copy.stored:,} rows")
            if copy.stored != copy.rows:
                report.notes.append(f"COPY stored {copy.stored} of {copy.rows} rows")
            report.ingests.append((ingest, copy))

        if args.profile is not None:
            await empty_tables(engine)
            progress(
                f"profiled ingest run (cProfile; figures above are unprofiled) -> {args.profile}"
            )
            profiler = cProfile.Profile()
            async with reddit_double(shape, 0.0, in_process=args.in_process_double) as dbl:
                profiled = await service_stream(
                    engine,
                    shape,
                    dbl,
                    audience="bench profile",
                    postmaster=postmaster,
                    profiler=profiler,
                )
            progress(f"  {profiled.seconds:.2f} s under the profiler")
            profiler.dump_stats(args.profile)
            stats = pstats.Stats(profiler, stream=sys.stdout)
            stats.sort_stats("tottime").print_stats(30)
            stats.sort_stats("cumulative").print_stats(40)
    finally:
        await engine.dispose()
        with anyio.CancelScope(shield=True):
            await drop_database(url)
    return report


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="4 subreddits x 300 posts")
    parser.add_argument("--skip-baseline", action="store_true", help="do not measure (a)")
    parser.add_argument(
        "--in-process-double",
        action="store_true",
        help="serve the Reddit double in this process (it then shares the service's CPU)",
    )
    parser.add_argument(
        "--concurrency",
        type=int,
        default=Settings().collect_concurrency,
        help="collectors at once (default: the service's setting)",
    )
    parser.add_argument("--latency", type=float, default=0.1, help="seconds per request")
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="stream runs of each kind (ratios are judged on the median run; default 3)",
    )
    parser.add_argument("--profile", type=Path, help="also run a cProfiled ingest run, save here")
    args = parser.parse_args(argv)
    warnings.filterwarnings("ignore", category=DeprecationWarning)

    embedded = None if os.environ.get("BENCH_DATABASE_URL") else start_embedded(EMBEDDED_DIR)
    try:
        report = anyio.run(run, args, database_url(embedded))
    finally:
        if embedded is not None:
            embedded.stop()
    print_report(report)


if __name__ == "__main__":
    main()
