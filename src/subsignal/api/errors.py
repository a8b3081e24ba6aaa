"""Every error leaves as `{"error": {"code", "message", "details"}}`, never HTML."""

from __future__ import annotations

import logging

import sqlalchemy.exc
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from subsignal import errors
from subsignal.api.responses import JSON, error_body

logger = logging.getLogger(__name__)

STATUS: dict[type[errors.SubsignalError], int] = {
    errors.MalformedRequest: 400,
    errors.Unauthorized: 401,
    errors.NotFound: 404,
    errors.MethodNotAllowed: 405,
    errors.Conflict: 409,
    errors.PayloadTooLarge: 413,
    errors.InvalidInput: 422,
    errors.Unavailable: 503,
}


def error_response(exc: errors.SubsignalError) -> JSON:
    status = next((s for cls, s in STATUS.items() if isinstance(exc, cls)), 500)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSON(error_body(exc.code, exc.message, exc.details), status_code=status, headers=headers)


async def subsignal_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, errors.SubsignalError)
    return error_response(exc)


async def http_error(request: Request, exc: Exception) -> Response:
    """Starlette's own 404 (no route) and 405 (wrong method), in our shape."""
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404:
        return error_response(errors.NotFound(f"no route for {request.url.path}"))
    if exc.status_code == 405:
        response = error_response(
            errors.MethodNotAllowed(f"{request.method} is not allowed on {request.url.path}")
        )
        if exc.headers and "Allow" in exc.headers:
            response.headers["Allow"] = exc.headers["Allow"]
        return response
    return JSON(
        error_body("http_error", str(exc.detail)), status_code=exc.status_code, headers=exc.headers
    )


async def database_error(request: Request, exc: Exception) -> Response:
    """The database is gone, overloaded, or a reader's query ran past its time."""
    logger.warning("database error", extra={"path": request.url.path, "error": repr(exc)[:500]})
    return error_response(
        errors.Unavailable(f"the database could not answer: {type(exc).__name__}")
    )


async def internal_error(request: Request, exc: Exception) -> Response:
    logger.exception("unhandled error", extra={"path": request.url.path})
    return JSON(
        error_body("internal_error", "the server failed to answer this request; see its log"),
        status_code=500,
    )


HANDLERS = {
    errors.SubsignalError: subsignal_error,
    sqlalchemy.exc.OperationalError: database_error,
    sqlalchemy.exc.InterfaceError: database_error,
    sqlalchemy.exc.TimeoutError: database_error,
    ConnectionError: database_error,  # asyncpg's connect errors arrive untranslated
    HTTPException: http_error,
    Exception: internal_error,
}
