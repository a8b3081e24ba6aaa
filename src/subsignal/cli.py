"""`subsignal serve | migrate`: the command line.

Settings are read here, once; a bad value ends the process with one line
naming the variable and exit status 2.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

import anyio

from subsignal.settings import Settings, SettingsError

logger = logging.getLogger("subsignal")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="subsignal", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the HTTP service")
    serve.add_argument("--host", help="listen address (default: $HOST or 127.0.0.1)")
    serve.add_argument("--port", type=int, help="listen port (default: $PORT or 8001)")
    serve.add_argument(
        "--demo",
        action="store_true",
        help="collect from a built-in Reddit double with sample subreddits (no credentials)",
    )
    commands.add_parser("migrate", help="create or upgrade the database schema, then exit")
    args = parser.parse_args(argv)

    try:
        settings = Settings.from_env()
    except SettingsError as exc:
        print(f"subsignal: configuration error: {exc}", file=sys.stderr)
        raise SystemExit(2) from None

    from subsignal.logs import configure_logging

    configure_logging(settings.log_level)
    if args.command == "serve":
        run_server(settings, host=args.host, port=args.port, demo=args.demo)
    elif args.command == "migrate":
        anyio.run(migrate_database, settings)


def run_server(settings: Settings, *, host: str | None, port: int | None, demo: bool) -> None:
    import uvicorn

    from subsignal.app import create_app

    config = uvicorn.Config(
        create_app(settings, demo=demo),
        host=host or settings.host,
        port=port or settings.port,
        log_config=None,
        lifespan="on",
        timeout_graceful_shutdown=5,
    )
    logger.info("starting", extra={"host": config.host, "port": config.port})
    uvicorn.Server(config).run()


async def migrate_database(settings: Settings) -> None:
    from subsignal.db.lifecycle import open_database

    async with open_database(settings):
        logger.info("schema is at the newest revision")


if __name__ == "__main__":
    main()
