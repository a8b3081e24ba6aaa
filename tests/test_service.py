"""The real service process: `subsignal serve` on the embedded PostgreSQL.

Started as a user would start it, on a loopback port with its own data folder:
the data outlives a restart, the embedded server stops with the service, and
a second service on the same folder shares the running server.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import psutil
import pytest

if os.environ.get("TEST_DATABASE_URL"):
    pytestmark = pytest.mark.skip(reason="embedded-server tests run on the default pass only")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def postmaster_pid(data_dir: Path) -> int | None:
    pid_file = data_dir / "pgdata" / "postmaster.pid"
    if not pid_file.exists():
        return None
    pid = int(pid_file.read_text().split()[0])
    return pid if psutil.pid_exists(pid) else None


@contextmanager
def service(data_dir: Path, *options: str) -> Iterator[str]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env |= {"SUBSIGNAL_DATA_DIR": str(data_dir), "PORT": str(port)}
    log_path = data_dir.parent / f"service-{port}.log"
    log = log_path.open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "subsignal.cli", "serve", *options],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise AssertionError(f"service exited early:\n{log_path.read_text()}")
            try:
                if httpx.get(f"{base}/ready", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "service did not become ready"
            time.sleep(0.1)
        yield base
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            raise
        finally:
            log.close()
        assert process.returncode in (0, -signal.SIGTERM), log_path.read_text()


def wait_until(condition: object, timeout: float = 15) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.1)
    return False


def test_data_survives_a_restart_and_the_server_stops_with_the_service(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    with service(data_dir) as base:
        created = httpx.post(f"{base}/audiences", json={"name": "kept", "subreddits": ["saas"]})
        assert created.status_code == 201, created.text
        assert postmaster_pid(data_dir) is not None
    assert wait_until(lambda: postmaster_pid(data_dir) is None), "embedded server left running"

    with service(data_dir) as base:
        items = httpx.get(f"{base}/audiences").json()["items"]
        assert [(a["name"], [s["name"] for s in a["subreddits"]]) for a in items] == [
            ("kept", ["saas"])
        ]
    assert wait_until(lambda: postmaster_pid(data_dir) is None)


def test_a_second_service_on_the_same_folder_shares_the_server(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    with service(data_dir) as first:
        pid = postmaster_pid(data_dir)
        with service(data_dir) as second:
            assert postmaster_pid(data_dir) == pid
            assert (
                httpx.post(f"{second}/audiences", json={"name": "from second"}).status_code == 201
            )
            names = [a["name"] for a in httpx.get(f"{first}/audiences").json()["items"]]
            assert names == ["from second"]
        # the second one leaving does not take the server away from the first
        assert httpx.get(f"{first}/ready").status_code == 200
        assert postmaster_pid(data_dir) == pid
    assert wait_until(lambda: postmaster_pid(data_dir) is None)


def test_demo_mode_collects_from_the_built_in_double(tmp_path: Path) -> None:
    with service(tmp_path / "data", "--demo") as base:
        created = httpx.post(
            f"{base}/audiences",
            json={"name": "demo", "subreddits": ["startups", "SaaS"], "posts_per_subreddit": 150},
        )
        assert created.status_code == 201, created.text
        url = f"{base}/audiences/{created.json()['id']}/collect"
        with httpx.stream("GET", url, timeout=60) as response:
            assert response.headers["content-type"].startswith("text/event-stream")
            events = [line[7:] for line in response.iter_lines() if line.startswith("event: ")]
        assert events[0] == "run.started" and events[-1] == "run.completed"
        assert events.count("subreddit.completed") == 2
