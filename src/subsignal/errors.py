"""The one error hierarchy. Every layer raises these; `api` turns them into
`{"error": {"code", "message", "details"}}` with the matching HTTP status."""

from __future__ import annotations

from typing import Any


class SubsignalError(Exception):
    """Base of every error a client may see; `code` is stable, `message` is for people."""

    code = "error"

    def __init__(self, message: str, *, details: Any = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


class InvalidInput(SubsignalError):
    """A request's parameters or body failed validation (details: one entry per field)."""

    code = "invalid_input"


class MalformedRequest(SubsignalError):
    """The request could not be parsed at all (e.g. not JSON)."""

    code = "malformed_request"


class PayloadTooLarge(SubsignalError):
    code = "payload_too_large"


class Unauthorized(SubsignalError):
    code = "unauthorized"


class NotFound(SubsignalError):
    code = "not_found"


class MethodNotAllowed(SubsignalError):
    code = "method_not_allowed"


class Conflict(SubsignalError):
    code = "conflict"


class Unavailable(SubsignalError):
    """A dependency (database, Reddit credentials) is missing or down."""

    code = "unavailable"


class RedditError(SubsignalError):
    """Reddit refused or failed a request for one subreddit. `code` is one of
    not_found, private, banned, quarantined, upstream_error, timeout."""

    CODES = ("not_found", "private", "banned", "quarantined", "upstream_error", "timeout")

    def __init__(self, code: str, message: str, *, details: Any = None) -> None:
        assert code in self.CODES, code
        super().__init__(message, details=details)
        self.code = code


class CredentialsRefused(SubsignalError):
    """Reddit refused the client id and secret: nothing can be collected."""

    code = "credentials_refused"
