"""Serve any ASGI app with uvicorn inside the caller's event loop, on a free port.

Tests and `--demo` need real HTTP (a client that can disconnect mid-stream,
asyncpraw's aiohttp session) without threads or subprocesses: the server runs
as one task of an anyio task group and stops when the context exits.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Iterator
from typing import Literal

import anyio
import uvicorn
from starlette.types import ASGIApp


class EmbeddedServer(uvicorn.Server):
    """A uvicorn server that leaves signal handling to whoever hosts the event loop."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


def server_url(server: uvicorn.Server) -> str:
    """The http:// base URL (no trailing slash) a started server listens on."""
    for listener in server.servers:
        for sock in listener.sockets:
            host, port = sock.getsockname()[:2]
            host = f"[{host}]" if ":" in host else host
            return f"http://{host}:{port}"
    raise RuntimeError("server has no listening socket")


@contextlib.asynccontextmanager
async def serve(
    app: ASGIApp,
    host: str = "127.0.0.1",
    port: int = 0,
    *,
    lifespan: Literal["auto", "on", "off"] = "auto",
    graceful_timeout: int = 1,
    startup_timeout: float = 10.0,
) -> AsyncIterator[str]:
    """Serve `app` until the block exits; yield its base URL, e.g. "http://127.0.0.1:54321".

    Port 0 lets the OS choose. On exit, requests still running after
    `graceful_timeout` seconds are cancelled, so a hanging handler cannot
    hang the caller. Logging configuration is left alone (`log_config=None`).
    """
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        lifespan=lifespan,
        interface="asgi3",
        http="h11",
        ws="none",
        log_config=None,
        access_log=False,
        timeout_graceful_shutdown=graceful_timeout,
    )
    server = EmbeddedServer(config)
    stopped = anyio.Event()
    failure: list[BaseException] = []

    async def run() -> None:
        try:
            await server.serve()
        except SystemExit as exc:  # uvicorn exits the process when it cannot bind
            failure.append(exc)
        finally:
            for listener in server.servers:
                listener.close()
            stopped.set()

    try:
        async with anyio.create_task_group() as group:
            group.start_soon(run)
            with anyio.fail_after(startup_timeout):
                while not server.started:
                    if stopped.is_set():
                        raise RuntimeError(f"could not serve on {host}:{port}") from (
                            failure[0] if failure else None
                        )
                    await anyio.sleep(0.005)
            try:
                yield server_url(server)
            finally:
                server.should_exit = True
    except BaseExceptionGroup as group_error:
        # The server task does not fail on its own, so a lone error is the caller's:
        # re-raise it as is, so `pytest.raises` and `except` around the block still work.
        if len(group_error.exceptions) == 1:
            raise group_error.exceptions[0] from None
        raise
