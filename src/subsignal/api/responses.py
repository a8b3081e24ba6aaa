"""JSON in and out: one error shape, one page shape, one way to read a body."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse

from subsignal.db.pages import Page
from subsignal.encoding import JSONDecodeError, from_json, to_json_bytes
from subsignal.errors import MalformedRequest, PayloadTooLarge

MAX_BODY_BYTES = 1024 * 1024


class JSON(JSONResponse):
    """A JSONResponse through the project's one encoder (datetimes, UUIDs, ...)."""

    def render(self, content: Any) -> bytes:
        return to_json_bytes(content)


def page_response(page: Page, **extra: Any) -> JSON:
    """Every list's shape: `{..., "items": [...], "next": cursor or null}`."""
    return JSON({**extra, "items": page.items, "next": page.next})


def error_body(code: str, message: str, details: Any = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "details": details}}


async def read_json_object(request: Request) -> dict[str, Any]:
    """The request body as a JSON object: 413 past 1 MiB, 400 if it is not a JSON
    object (invalid UTF-8 or JSON, a lone surrogate, nesting past 1024 levels)."""
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
        value = from_json(bytes(body))
    except JSONDecodeError as exc:
        raise MalformedRequest(f"the request body is not valid JSON: {exc}") from None
    if not isinstance(value, dict):
        raise MalformedRequest("the request body must be a JSON object")
    return value


def _too_large() -> PayloadTooLarge:
    return PayloadTooLarge(
        f"the request body is larger than {MAX_BODY_BYTES} bytes",
        details={"max_bytes": MAX_BODY_BYTES},
    )
