"""Optional bearer-token protection for every route but /health."""

from __future__ import annotations

import hmac
from urllib.parse import parse_qs

from starlette.types import ASGIApp, Receive, Scope, Send

from subsignal.api.errors import error_response
from subsignal.errors import Unauthorized

OPEN_PATHS = frozenset({"/health"})


class BearerTokenAuth:
    """Checks `Authorization: Bearer <token>` or `?access_token=` (EventSource cannot
    set headers). The comparison is constant-time."""

    def __init__(self, app: ASGIApp, token: str) -> None:
        self.app = app
        self.token = token.encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in OPEN_PATHS:
            await self.app(scope, receive, send)
            return
        if self._allowed(scope):
            await self.app(scope, receive, send)
            return
        response = error_response(
            Unauthorized("this server needs a token: send Authorization: Bearer <token>")
        )
        await response(scope, receive, send)

    def _allowed(self, scope: Scope) -> bool:
        offered: list[bytes] = []
        for key, value in scope["headers"]:
            if key == b"authorization":
                scheme, _, credentials = value.partition(b" ")
                if scheme.lower() == b"bearer":
                    offered.append(credentials.strip())
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        offered.extend(v.encode() for v in query.get("access_token", []))
        # compare against every candidate so timing does not depend on which matched
        results = [hmac.compare_digest(candidate, self.token) for candidate in offered]
        return any(results)
