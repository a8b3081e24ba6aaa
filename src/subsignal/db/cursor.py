"""Cursors: where the previous page of a listing stopped, typed by that listing.

A cursor is the last row's sort key and id, the name of the listing it
belongs to, and the moment the first page was read (`as_of`), so that a walk
through a timeframe sees one window however long it takes. The key's type
comes from the listing (an `int4` score, a `float8` relevance, a `timestamptz`
time), never from the value found in the cursor: a cursor is client input.
"""

from __future__ import annotations

import base64
import binascii
import math
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from subsignal.encoding import JSONDecodeError, from_json, to_json_bytes

KeyKind = Literal["int4", "int8", "float8", "timestamptz"]
Key = int | float | datetime

MAX_CURSOR_CHARS = 400
MAX_ID_CHARS = 64
INT_RANGES: dict[str, tuple[int, int]] = {
    "int4": (-(2**31), 2**31 - 1),
    "int8": (-(2**63), 2**63 - 1),
}


@dataclass(frozen=True)
class Cursor:
    key: Key
    id: str
    as_of: datetime | None = None


def encode_cursor(listing: str, kind: KeyKind, cursor: Cursor) -> str:
    """The opaque `next` of a page. A key that is not of the listing's kind is a
    bug here, not a bad cursor later, so it fails loudly."""
    key: object = cursor.key
    if isinstance(key, datetime):
        key = key.isoformat()
    if _checked_key(kind, key) is None:
        raise TypeError(f"{listing}: key {cursor.key!r} is not {kind}")
    as_of = cursor.as_of.isoformat() if cursor.as_of is not None else None
    raw = to_json_bytes([listing, key, cursor.id, as_of])
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(raw: str, listing: str, kind: KeyKind) -> Cursor | None:
    """The cursor `raw` holds, or None when it is not a cursor of this listing
    (garbage, another listing's, or a key out of the listing's range)."""
    if not raw or len(raw) > MAX_CURSOR_CHARS or not raw.isascii():
        return None
    try:
        decoded = from_json(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)))
    except (binascii.Error, ValueError, JSONDecodeError):
        return None
    if not isinstance(decoded, list) or len(decoded) != 4:
        return None
    name, key, row_id, as_of = decoded
    if name != listing or not isinstance(row_id, str) or not 0 < len(row_id) <= MAX_ID_CHARS:
        return None
    checked = _checked_key(kind, key)
    moment = _moment(as_of) if as_of is not None else None
    if checked is None or (as_of is not None and moment is None):
        return None
    return Cursor(checked, row_id, moment)


def _checked_key(kind: KeyKind, key: object) -> Key | None:
    if isinstance(key, bool):
        return None
    if kind in INT_RANGES:
        low, high = INT_RANGES[kind]
        return key if isinstance(key, int) and low <= key <= high else None
    if kind == "float8":
        if isinstance(key, int) and abs(key) < 2**53:
            return float(key)
        return key if isinstance(key, float) and math.isfinite(key) else None
    return _moment(key)


def _moment(value: object) -> datetime | None:
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        return utc_moment(datetime.fromisoformat(value))
    except ValueError:
        return None


EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(9000, 1, 1, tzinfo=UTC)


def utc_moment(moment: datetime) -> datetime | None:
    """`moment` in UTC, or None when it has no zone or lies outside 1970-9000 (a
    moment near year 1 or 9999 overflows once a zone or a timeframe moves it)."""
    if moment.tzinfo is None:
        return None
    try:
        moment = moment.astimezone(UTC)
    except OverflowError:
        return None
    return moment if EARLIEST <= moment < LATEST else None
