"""Request validation: turn raw JSON and query strings into checked values.

Every problem in a request is collected and reported at once, as
`InvalidInput` with one `{"field", "message"}` entry per problem.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request

from subsignal.db.cursor import Cursor, KeyKind, decode_cursor
from subsignal.db.models import SORTS, TIMEFRAMES
from subsignal.errors import InvalidInput, NotFound
from subsignal.reddit.names import clean_subreddit_name

MAX_SUBREDDITS = 100
MAX_NAME = 100
MAX_DESCRIPTION = 2000


@dataclass(frozen=True)
class AudienceInput:
    fields: dict[str, Any]
    subreddits: list[str] | None


class Problems:
    """Collects field problems; `raise_if_any()` reports them together."""

    def __init__(self) -> None:
        self.items: list[dict[str, str]] = []

    def add(self, field: str, message: str) -> None:
        self.items.append({"field": field, "message": message})

    def raise_if_any(self) -> None:
        if self.items:
            summary = "; ".join(f"{p['field']}: {p['message']}" for p in self.items)
            raise InvalidInput(f"invalid request: {summary}", details=self.items)


def audience_input(body: Mapping[str, Any], *, partial: bool) -> AudienceInput:
    """Validate a create (`partial=False`) or update (`partial=True`) body."""
    problems = Problems()
    known = {"name", "description", "subreddits", "sort", "timeframe"}
    known |= {"posts_per_subreddit", "comments_per_post"}
    for field in sorted(set(body) - known):
        problems.add(field, "unknown field")
    if partial and not set(body) & known:
        problems.add("body", f"give at least one of: {', '.join(sorted(known))}")

    fields: dict[str, Any] = {}
    if "name" in body or not partial:
        name = _text(problems, "name", body.get("name"), MAX_NAME, required=True)
        if name is not None:
            fields["name"] = name
    if "description" in body:
        description = _text(problems, "description", body["description"], MAX_DESCRIPTION)
        if description is not None:
            fields["description"] = description
    fields.update(_choices(problems, body))
    for field, low, high in (("posts_per_subreddit", 1, 1000), ("comments_per_post", 0, 500)):
        if field in body:
            number = _whole(problems, field, body[field], low, high)
            if number is not None:
                fields[field] = number

    subreddits: list[str] | None = None
    if "subreddits" in body:
        subreddits = subreddit_names(problems, "subreddits", body["subreddits"], allow_empty=True)
    elif not partial:
        subreddits = []
    problems.raise_if_any()
    return AudienceInput(fields=fields, subreddits=subreddits)


def collect_input(
    problems: Problems,
    given: Mapping[str, Any],
    *,
    text_numbers: frozenset[str] | set[str] = frozenset(),
) -> dict[str, Any]:
    """The parameters of a collection run: sort, timeframe, limit, comments.
    Fields named in `text_numbers` came from a query string: numbers as text."""
    checked: dict[str, Any] = dict(_choices(problems, given))
    for field, low, high in (("limit", 1, 1000), ("comments", 0, 500)):
        if field not in given:
            continue
        if field in text_numbers:
            number = whole_number(problems, field, given[field], (low, high))
        else:
            number = _whole(problems, field, given[field], low, high)
        if number is not None:
            checked[field] = number
    return checked


def _choices(problems: Problems, given: Mapping[str, Any]) -> dict[str, str]:
    """`sort` and `timeframe`, where given, from their fixed sets."""
    checked: dict[str, str] = {}
    for field, choices in (("sort", SORTS), ("timeframe", TIMEFRAMES)):
        if field in given:
            if given[field] in choices:
                checked[field] = given[field]
            else:
                problems.add(field, f"must be one of {', '.join(choices)}")
    return checked


def names_input(body: Mapping[str, Any]) -> list[str]:
    """The body of `POST /audiences/{id}/subreddits`: `{"names": [...]}`."""
    problems = Problems()
    for field in sorted(set(body) - {"names"}):
        problems.add(field, "unknown field")
    names = subreddit_names(problems, "names", body.get("names"), allow_empty=False)
    problems.raise_if_any()
    return names


def subreddit_names(problems: Problems, field: str, value: Any, *, allow_empty: bool) -> list[str]:
    """Valid display names, duplicates (in any case) merged, first spelling kept."""
    if not isinstance(value, list):
        problems.add(field, "must be a list of subreddit names")
        return []
    if not value and not allow_empty:
        problems.add(field, "must name at least one subreddit")
    names: dict[str, str] = {}
    for index, raw in enumerate(value):
        name = clean_subreddit_name(raw) if isinstance(raw, str) else None
        if name is None:
            problems.add(
                f"{field}[{index}]",
                f"{raw!r} is not a subreddit name (2-21 letters, digits or underscores)",
            )
        else:
            names.setdefault(name.lower(), name)
    if len(names) > MAX_SUBREDDITS:
        problems.add(field, f"at most {MAX_SUBREDDITS} subreddits per audience")
    return list(names.values())


ASCII_WHOLE = re.compile(r"[+-]?[0-9]{1,20}")
INT4 = (-(2**31), 2**31 - 1)  # an `integer` column's range
ID = (1, 2**63 - 1)  # a `bigint` id's range
PAGE_SIZE = (1, 100)  # items per page of any list


def path_id(request: Request, name: str = "id") -> int:
    """A numeric id from the path; anything else is a 404 (no such resource)."""
    raw = request.path_params[name]
    number = _ascii_whole(raw)
    if number is None or not ID[0] <= number <= ID[1]:
        raise NotFound(f"no resource with id {raw!r}", details={name: raw})
    return number


def query_params(
    request: Request, allowed: set[str], problems: Problems | None = None
) -> Mapping[str, str]:
    """The query string, refusing unknown or repeated parameters: into `problems`
    when given (to report with the request's other problems), else at once."""
    found = problems if problems is not None else Problems()
    params = request.query_params
    for key in sorted(set(params.keys()) - allowed - {"access_token"}):
        found.add(key, "unknown query parameter")
    for key in sorted(set(params.keys())):
        if len(params.getlist(key)) > 1:
            found.add(key, "given more than once")
    if problems is None:
        found.raise_if_any()
    return params


def query_int(
    problems: Problems,
    params: Mapping[str, str],
    name: str,
    default: int | None,
    bounds: tuple[int, int],
) -> int | None:
    """A whole number in ASCII digits within `bounds`; a problem (and None) otherwise."""
    if name not in params:
        return default
    return whole_number(problems, name, params[name], bounds)


def query_cursor(
    problems: Problems, params: Mapping[str, str], listing: str, kind: KeyKind
) -> Cursor | None:
    """`after`, decoded as a cursor of `listing` (None on a first page)."""
    if "after" not in params:
        return None
    cursor = decode_cursor(params["after"], listing, kind)
    if cursor is None:
        problems.add("after", "not a cursor of this listing")
    return cursor


def whole_number(problems: Problems, name: str, raw: str, bounds: tuple[int, int]) -> int | None:
    low, high = bounds
    number = _ascii_whole(raw.strip())
    if number is None:
        problems.add(name, f"must be a whole number from {low} to {high}")
    elif not low <= number <= high:
        problems.add(name, f"must be between {low} and {high}")
        number = None
    return number


def _ascii_whole(raw: str) -> int | None:
    """`int(raw)` for plain ASCII digits only (`int` also takes other scripts' digits)."""
    return int(raw) if ASCII_WHOLE.fullmatch(raw) else None


def text_problem(text: str) -> str | None:
    """Why PostgreSQL could not store `text` as given, or None when it can."""
    if any(ord(c) < 32 and c not in "\t\n\r" for c in text):
        return "must not contain control characters"
    if any("\ud800" <= c <= "\udfff" for c in text):
        return "must be valid Unicode text (it holds a lone surrogate)"
    return None


def _text(
    problems: Problems, field: str, value: Any, limit: int, *, required: bool = False
) -> str | None:
    if value is None and required:
        problems.add(field, "is required")
        return None
    if not isinstance(value, str):
        problems.add(field, "must be a string")
        return None
    text = value.strip()
    if required and not text:
        problems.add(field, "must not be empty")
        return None
    if len(text) > limit:
        problems.add(field, f"must be at most {limit} characters")
        return None
    problem = text_problem(text)
    if problem is not None:
        problems.add(field, problem)
        return None
    return text


def _whole(problems: Problems, field: str, value: Any, low: int, high: int) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int):
        problems.add(field, f"must be a whole number from {low} to {high}")
        return None
    if not low <= value <= high:
        problems.add(field, f"must be between {low} and {high}")
        return None
    return value
