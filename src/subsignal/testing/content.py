"""Deterministic subreddits, posts and comments, generated lazily from a seed.

Every value comes from a `random.Random` seeded by a string naming the thing
(seed, subreddit, post index), so the same double serves the same posts in any
order and across runs, and nothing is generated before it is asked for.
"""

from __future__ import annotations

import hashlib
import math
import random
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from subsignal.testing.specs import SubredditSpec
from subsignal.testing.vocab import (
    BODIES,
    COMMENTS,
    FLAIRS,
    KINDS,
    NAME_PARTS,
    NEWS_DOMAINS,
    REPLIES,
    TITLES,
    USER_PARTS,
    Vocabulary,
    vocabulary_for,
)

DEFAULT_NOW = 1_767_225_600.0  # 2026-01-01T00:00:00Z: "now" is fixed so listings never drift
POST_ID_OFFSET = 36**6  # post ids are 7 base36 characters, like Reddit's today
SUBREDDIT_ID_OFFSET = 36**4
SLOT_BITS = 20
INDEX_BITS = 16
COMMENT_BITS = 10
MAX_COMMENTS_PER_POST = 200  # keeps every comment tree within 2**COMMENT_BITS ids
DELETED = "[deleted]"

TIME_FILTERS: dict[str, float | None] = {
    "hour": 3600.0,
    "day": 86_400.0,
    "week": 7 * 86_400.0,
    "month": 30 * 86_400.0,
    "year": 365 * 86_400.0,
    "all": None,
}
SORTS = ("hot", "new", "top", "rising", "controversial")
TIMED_SORTS = ("top", "controversial")  # the sorts that read `t=`; the others list everything
COMMENT_SORTS = ("confidence", "top", "new", "old", "controversial", "qa", "best")
RISING_WINDOW = 3 * 86_400.0
_HOT_EPOCH = 1_134_028_003  # Reddit's own constant in its hot ranking

_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz"
_KIND_NAMES = tuple(k for k, _ in KINDS)
_KIND_WEIGHTS = tuple(w for _, w in KINDS)


def to_base36(number: int) -> str:
    """Reddit ids are base36."""
    if number < 0:
        raise ValueError("negative id")
    digits = []
    while True:
        number, rest = divmod(number, 36)
        digits.append(_ALPHABET[rest])
        if number == 0:
            return "".join(reversed(digits))


def from_base36(text: str) -> int | None:
    """Parse a base36 id, None when it is not one."""
    if not text or len(text) > 13 or not text.isalnum() or not text.isascii():
        return None
    return int(text, 36)


def _digest(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big")


def _slug(title: str) -> str:
    """Reddit's permalink slug: lowercase words joined by underscores, about 50 chars."""
    words = re.findall(r"[a-z0-9]+", title.lower())
    slug = ""
    for word in words:
        candidate = f"{slug}_{word}" if slug else word
        if len(candidate) > 50:
            break
        slug = candidate
    return slug or "post"


def _capitalize(text: str) -> str:
    """Upper-case the first letter of every sentence (templates start some with a noun)."""
    return re.sub(r"(^|[.!?]\s+)([a-z])", lambda m: m.group(1) + m.group(2).upper(), text)


@dataclass(frozen=True)
class PostStats:
    """What sorting needs about a post; cheap enough to compute for a whole subreddit."""

    index: int
    kind: str
    score: int
    upvote_ratio: float
    created_utc: float


@dataclass(frozen=True)
class Post:
    """A generated submission; `kind` is the double's own label, never sent to clients."""

    id: str
    index: int
    kind: str
    title: str
    selftext: str
    author: str
    score: int
    upvote_ratio: float
    created_utc: float
    num_comments: int
    is_self: bool
    url: str
    domain: str
    flair: str | None
    locked: bool
    slug: str

    @property
    def fullname(self) -> str:
        return f"t3_{self.id}"


@dataclass
class Comment:
    """A generated comment with its replies already attached."""

    id: str
    parent_id: str
    author: str
    body: str
    score: int
    created_utc: float
    depth: int
    is_submitter: bool
    controversiality: int
    replies: list[Comment] = field(default_factory=list)

    @property
    def fullname(self) -> str:
        return f"t1_{self.id}"

    def walk(self) -> Iterable[Comment]:
        """This comment, then its replies, depth first."""
        yield self
        for reply in self.replies:
            yield from reply.walk()

    def size(self) -> int:
        return 1 + sum(reply.size() for reply in self.replies)


@dataclass
class Community:
    """One subreddit's generated identity plus its lazily built post statistics."""

    spec: SubredditSpec
    slot: int
    vocab: Vocabulary
    score_scale: float  # fixed at creation: later subscriber changes leave posts alone
    created_utc: float
    title: str
    public_description: str
    description: str
    span_days: float
    base_posts: int
    added_created: list[float] = field(default_factory=list)
    _stats: list[PostStats] | None = None
    _orders: dict[tuple[str, str], tuple[list[int], dict[int, int]]] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return self.spec.name.lower()

    @property
    def subscribers(self) -> int:
        return self.spec.subscribers or 0

    @property
    def id(self) -> str:
        return to_base36(SUBREDDIT_ID_OFFSET + self.slot)

    @property
    def fullname(self) -> str:
        return f"t5_{self.id}"

    @property
    def total_posts(self) -> int:
        return self.base_posts + len(self.added_created)

    def post_id(self, index: int) -> str:
        return to_base36(POST_ID_OFFSET + (self.slot << INDEX_BITS) + index)


class Catalog:
    """All generated content of one double: communities by name and by id slot."""

    def __init__(
        self,
        specs: Iterable[SubredditSpec],
        *,
        seed: int,
        now: float,
        comments_per_post: int,
    ) -> None:
        if not 0 <= comments_per_post <= MAX_COMMENTS_PER_POST:
            raise ValueError(f"comments_per_post must be within 0..{MAX_COMMENTS_PER_POST}")
        self.seed = seed
        self.start = now  # base posts are dated from here, so adding posts moves nothing
        self.now = now
        self.comments_per_post = comments_per_post
        self.communities: dict[str, Community] = {}
        self._by_slot: dict[int, Community] = {}
        self._posts: dict[tuple[int, int], Post] = {}
        self._trees: dict[tuple[int, int], list[Comment]] = {}
        for spec in specs:
            self.add(spec)

    def _rng(self, *parts: object) -> random.Random:
        return random.Random("|".join(str(p) for p in (self.seed, *parts)))

    def add(self, spec: SubredditSpec) -> Community:
        """Register a copy of `spec`; its slot (so every id in it) follows from seed and name."""
        spec = replace(spec)
        key = spec.name.lower()
        if key in self.communities:
            raise ValueError(f"duplicate subreddit {spec.name!r}")
        slot = _digest(f"{self.seed}|{key}") % (1 << SLOT_BITS)
        while slot in self._by_slot:  # collisions resolve in spec order, so stay deterministic
            slot = (slot + 1) % (1 << SLOT_BITS)
        rng = self._rng("sub", key)
        vocab = vocabulary_for(spec.name)
        subscribers = int(10 ** rng.uniform(3.5, 6.3))  # drawn always: later draws stay put
        if spec.subscribers is None:
            spec.subscribers = subscribers
        things = rng.sample(vocab.things, 3)
        role = rng.choice(vocab.roles)
        public = f"A community for {role}s to talk about {things[0]}, {things[1]} and {things[2]}."
        description = (
            f"{public}\n\n**Rules**\n\n1. Be kind.\n2. No spam or low-effort self-promotion.\n"
            f"3. Self-promotion only in the weekly thread.\n4. Search before asking about "
            f"{things[0]}."
        )
        community = Community(
            spec=spec,
            slot=slot,
            vocab=vocab,
            score_scale=max(spec.subscribers / 100_000, 0.05) ** 0.35,
            created_utc=float(int(self.start - rng.uniform(6, 17) * 365 * 86_400)),
            title=spec.title or f"{spec.name}: {things[0]}, {things[1]} and more",
            public_description=spec.description or public,
            description=description,
            span_days=rng.uniform(330, 450),
            base_posts=spec.posts,
        )
        self.communities[key] = community
        self._by_slot[slot] = community
        return community

    def community(self, name: str) -> Community | None:
        return self.communities.get(name.lower())

    # -- posts ---------------------------------------------------------------

    def _created(self, community: Community, index: int) -> float:
        """Newest posts are minutes old; ages grow so that most fall inside a year."""
        if index >= community.base_posts:
            return community.added_created[index - community.base_posts]
        rank = community.base_posts - 1 - index
        fraction = rank / max(community.base_posts, 1)
        age = 120.0 + community.span_days * 86_400.0 * fraction**1.5
        return float(int(self.start - age))

    def _draw_stats(self, community: Community, index: int, rng: random.Random) -> PostStats:
        kind = rng.choices(_KIND_NAMES, _KIND_WEIGHTS)[0]
        score = min(int(rng.paretovariate(1.05) * 3 * community.score_scale) - 2, 40_000)
        if kind == "news":
            score *= 2
        low = 0.5 if kind in ("self_promo", "complaint") else 0.7
        ratio = round(rng.uniform(low, 1.0), 2)
        return PostStats(index, kind, max(score, 0), ratio, self._created(community, index))

    def stats(self, community: Community) -> list[PostStats]:
        """Sort keys of every post of a subreddit, computed once on first use."""
        if community._stats is None or len(community._stats) != community.total_posts:
            community._stats = [
                self._draw_stats(community, i, self._rng("post", community.key, i))
                for i in range(community.total_posts)
            ]
        return community._stats

    def post(self, community: Community, index: int) -> Post:
        """The full post at `index` (0 is the oldest)."""
        cache_key = (community.slot, index)
        cached = self._posts.get(cache_key)
        if cached is not None:
            return cached
        if len(self._posts) > 100_000:
            self._posts.clear()
        rng = self._rng("post", community.key, index)
        stats = self._draw_stats(community, index, rng)
        post = self._write_post(community, stats, rng)
        self._posts[cache_key] = post
        return post

    def _values(self, vocab: Vocabulary, rng: random.Random) -> dict[str, object]:
        name = rng.choice(NAME_PARTS[0]) + rng.choice(NAME_PARTS[1])
        return {
            "thing": rng.choice(vocab.things),
            "role": rng.choice(vocab.roles),
            "product": rng.choice(vocab.products),
            "pain": rng.choice(vocab.pains),
            "job": rng.choice(vocab.jobs),
            "tool": rng.choice(vocab.tools),
            "channel": rng.choice(vocab.channels),
            "company": rng.choice(vocab.companies),
            "n": rng.randint(2, 60),
            "money": f"{rng.choice((300, 500, 1200, 2500, 4000, 8000, 15000, 30000)):,}",
            "price": rng.choice((9, 19, 29, 49, 99, 199, 299)),
            "pct": rng.choice((10, 15, 20, 25, 30, 40, 50, 60, 70)),
            "months": rng.randint(2, 30),
            "name": name,
            "name_lower": name.lower(),
        }

    def _write_post(self, community: Community, stats: PostStats, rng: random.Random) -> Post:
        values = self._values(community.vocab, rng)
        kind = stats.kind
        title = _capitalize(rng.choice(TITLES[kind]).format(**values))
        sentences = BODIES[kind]
        count = rng.randint(min(2, len(sentences)), min(4, len(sentences)))
        picked = sorted(rng.sample(range(len(sentences)), count))
        body_parts = [_capitalize(sentences[i].format(**values)) for i in picked]
        split = rng.randint(1, len(body_parts))
        selftext = " ".join(body_parts[:split])
        if split < len(body_parts):
            selftext += "\n\n" + " ".join(body_parts[split:])
        post_id = community.post_id(stats.index)
        slug = _slug(title)
        if kind == "news" and rng.random() < 0.8:
            domain = rng.choice(NEWS_DOMAINS)
            url = f"https://www.{domain}/{slug.replace('_', '-')}"
            is_self, selftext = False, ""
        else:
            domain = f"self.{community.spec.name}"
            url = f"https://www.reddit.com/r/{community.spec.name}/comments/{post_id}/{slug}/"
            is_self = True
        return Post(
            id=post_id,
            index=stats.index,
            kind=kind,
            title=title,
            selftext=selftext,
            author=self._username(rng),
            score=stats.score,
            upvote_ratio=stats.upvote_ratio,
            created_utc=stats.created_utc,
            num_comments=sum(1 + len(s) + sum(s) for s in self._shape(community, stats.index)),
            is_self=is_self,
            url=url,
            domain=domain,
            flair=rng.choice(FLAIRS[kind]),
            locked=rng.random() < 0.01,
            slug=slug,
        )

    @staticmethod
    def _username(rng: random.Random) -> str:
        if rng.random() < 0.02:
            return DELETED
        first, second = rng.choice(USER_PARTS[0]), rng.choice(USER_PARTS[1])
        style = rng.randrange(4)
        if style == 0:
            return f"{first}_{second}{rng.randint(1, 99)}"
        if style == 1:
            return f"{first.capitalize()}{second.capitalize()}{rng.randint(100, 9999)}"
        if style == 2:
            return f"throwaway_{rng.randint(10000, 99999)}"
        return f"{second}-{first}"

    def add_posts(self, community: Community, count: int) -> list[str]:
        """Publish `count` new posts, a minute apart; the double's clock moves with them."""
        ids = []
        for _ in range(count):
            if community.total_posts >= 1 << INDEX_BITS:
                raise ValueError("too many posts for one subreddit")
            self.now += 60.0
            community.added_created.append(float(int(self.now - 30)))
            ids.append(community.post_id(community.total_posts - 1))
        community.spec.posts = community.total_posts
        community._stats = None
        for each in self.communities.values():  # "now" moved: time filters shift
            each._orders.clear()
        return ids

    def locate(self, post_id: str) -> tuple[Community, int] | None:
        """The community and index behind a post id, or None for an id this double never made."""
        number = from_base36(post_id.lower())
        if number is None or number < POST_ID_OFFSET:
            return None
        offset = number - POST_ID_OFFSET
        community = self._by_slot.get(offset >> INDEX_BITS)
        index = offset & ((1 << INDEX_BITS) - 1)
        if community is None or index >= community.total_posts:
            return None
        return community, index

    def community_by_id(self, subreddit_id: str) -> Community | None:
        number = from_base36(subreddit_id.lower())
        if number is None:
            return None
        return self._by_slot.get(number - SUBREDDIT_ID_OFFSET)

    # -- listings ------------------------------------------------------------

    def order(
        self, community: Community, sort: str, time_filter: str
    ) -> tuple[list[int], dict[int, int]]:
        """Post indices in listing order, plus each index's position (for `after`)."""
        if sort not in TIMED_SORTS:
            time_filter = "all"
        cache_key = (sort, time_filter)
        cached = community._orders.get(cache_key)
        if cached is not None:
            return cached
        stats = self.stats(community)
        max_age = TIME_FILTERS.get(time_filter)
        if max_age is not None:
            stats = [s for s in stats if self.now - s.created_utc <= max_age]
        if sort == "new":
            ranked = sorted(stats, key=lambda s: (s.created_utc, s.index), reverse=True)
        elif sort == "top":
            ranked = sorted(stats, key=lambda s: (s.score, s.index), reverse=True)
        elif sort == "controversial":
            ranked = sorted(stats, key=lambda s: (_controversy(s), s.index), reverse=True)
        elif sort == "rising":
            fresh = [s for s in stats if self.now - s.created_utc <= RISING_WINDOW]
            ranked = sorted(
                fresh, key=lambda s: s.score / (self._age_hours(s) + 2) ** 1.5, reverse=True
            )
        else:
            ranked = sorted(stats, key=_hot, reverse=True)
        indices = [s.index for s in ranked]
        result = (indices, {index: pos for pos, index in enumerate(indices)})
        community._orders[cache_key] = result
        return result

    def _age_hours(self, stats: PostStats) -> float:
        return max(self.now - stats.created_utc, 0.0) / 3600

    # -- comments ------------------------------------------------------------

    def _shape(self, community: Community, index: int) -> list[list[int]]:
        """Per top-level comment, the number of depth-2 replies under each depth-1 reply."""
        rng = self._rng("shape", community.key, index)
        shape = []
        for _ in range(self.comments_per_post):
            replies = rng.choice((0, 0, 0, 1, 1, 2))
            shape.append([1 if rng.random() < 0.3 else 0 for _ in range(replies)])
        return shape

    def comments(self, community: Community, index: int) -> list[Comment]:
        """The comment forest of a post, top-level comments in generation order."""
        cache_key = (community.slot, index)
        cached = self._trees.get(cache_key)
        if cached is not None:
            return cached
        if len(self._trees) > 20_000:
            self._trees.clear()
        post = self.post(community, index)
        rng = self._rng("comments", community.key, index)
        base = (POST_ID_OFFSET + (community.slot << INDEX_BITS) + index) << COMMENT_BITS
        counter = iter(range(1 << COMMENT_BITS))
        latest = max(self.start - 1, post.created_utc + 29)  # never later than "now" was

        def make(parent: str, depth: int, after: float) -> Comment:
            values = self._values(community.vocab, rng)
            op = depth > 0 and rng.random() < 0.25 and post.author != DELETED
            template = rng.choice(REPLIES if depth else COMMENTS)
            body = _capitalize(template.format(**values))
            if op:
                body = "OP here. " + body
            score = int(rng.paretovariate(1.3)) - 1
            if rng.random() < 0.06:
                score = -rng.randint(1, 8)
            created = min(after + rng.uniform(60, 30_000), latest)
            return Comment(
                id=to_base36(base + next(counter)),
                parent_id=parent,
                author=post.author if op else self._username(rng),
                body=body,
                score=score,
                created_utc=float(int(max(created, after))),
                depth=depth,
                is_submitter=op,
                controversiality=1 if score < 0 or rng.random() < 0.05 else 0,
            )

        forest = []
        for replies in self._shape(community, index):
            top = make(post.fullname, 0, post.created_utc)
            for deeper in replies:
                reply = make(top.fullname, 1, top.created_utc)
                if deeper:
                    reply.replies.append(make(reply.fullname, 2, reply.created_utc))
                top.replies.append(reply)
            forest.append(top)
        self._trees[cache_key] = forest
        return forest


def _hot(stats: PostStats) -> float:
    order = math.log10(max(abs(stats.score), 1))
    sign = 1 if stats.score > 0 else (-1 if stats.score < 0 else 0)
    return round(sign * order + (stats.created_utc - _HOT_EPOCH) / 45_000, 7)


def _controversy(stats: PostStats) -> float:
    """Reddit's: many votes, evenly split. Votes are estimated from score and ratio."""
    ratio = stats.upvote_ratio
    if ratio <= 0.5 or ratio >= 1.0:
        return 0.0
    votes = stats.score / (2 * ratio - 1)
    ups, downs = votes * ratio, votes * (1 - ratio)
    if ups <= 0 or downs <= 0:
        return 0.0
    return float((ups + downs) ** (min(ups, downs) / max(ups, downs)))


def sort_comments(comments: list[Comment], sort: str) -> list[Comment]:
    """Order siblings the way the requested comment sort would."""
    if sort == "new":
        return sorted(comments, key=lambda c: c.created_utc, reverse=True)
    if sort == "old":
        return sorted(comments, key=lambda c: c.created_utc)
    if sort == "controversial":
        return sorted(comments, key=lambda c: (c.controversiality, -abs(c.score)), reverse=True)
    return sorted(comments, key=lambda c: c.score, reverse=True)
