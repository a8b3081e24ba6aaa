"""JSON in and out: one encoder, one error shape, one way to read a body."""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse

from subsignal.errors import MalformedRequest, PayloadTooLarge

MAX_BODY_BYTES = 1024 * 1024


def to_json(value: Any) -> str:
    return json.dumps(value, default=_encode, ensure_ascii=False, separators=(",", ":"))


def _encode(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    raise TypeError(f"cannot encode {type(value).__name__} as JSON")


class JSON(JSONResponse):
    """A JSONResponse that also encodes datetimes and UUIDs."""

    def render(self, content: Any) -> bytes:
        return to_json(content).encode("utf-8")


def error_body(code: str, message: str, details: Any = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "details": details}}


async def read_json_object(request: Request) -> dict[str, Any]:
    """The request body as a JSON object: 413 past 1 MiB, 400 if it is not a JSON object."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise _too_large()
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > MAX_BODY_BYTES:
            raise _too_large()
    if not body.strip():
        raise MalformedRequest("the request body is empty; send a JSON object")
    try:
        value = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise MalformedRequest(f"the request body is not valid JSON: {exc}") from None
    if not isinstance(value, dict):
        raise MalformedRequest("the request body must be a JSON object")
    return value


def _too_large() -> PayloadTooLarge:
    return PayloadTooLarge(
        f"the request body is larger than {MAX_BODY_BYTES} bytes",
        details={"max_bytes": MAX_BODY_BYTES},
    )
