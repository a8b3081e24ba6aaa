"""The one JSON encoder and decoder: responses, events, cursors, page writes, logs.

orjson writes datetimes and dates as ISO 8601 (with their offset), UUIDs as
strings and dataclasses as objects by itself; the other types a row can hold
(`Decimal`, asyncpg's UUID) are spelled out in `_default`, so every caller
encodes a value the same way.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import orjson

JSONDecodeError = orjson.JSONDecodeError


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):  # PostgreSQL `numeric`: a number all the same
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, uuid.UUID):  # asyncpg's own subclass, which orjson does not take
        return str(value)
    raise TypeError(f"cannot encode {type(value).__name__} as JSON")


def _lenient(value: Any) -> Any:
    try:
        return _default(value)
    except TypeError:
        return str(value)


def to_json_bytes(value: Any, *, lenient: bool = False) -> bytes:
    """`value` as compact UTF-8 JSON; `lenient` writes unknown types as `str()`
    (for logs, which must never fail) instead of raising TypeError."""
    fallback: Callable[[Any], Any] = _lenient if lenient else _default
    return orjson.dumps(value, default=fallback)


def to_json(value: Any, *, lenient: bool = False) -> str:
    return to_json_bytes(value, lenient=lenient).decode()


def from_json(raw: bytes | str) -> Any:
    """Parse JSON. Raises `JSONDecodeError` on anything orjson refuses: invalid
    UTF-8, lone surrogates, NaN, nesting deeper than 1024, numbers past 64 bits."""
    return orjson.loads(raw)
