"""Real server processes for tests: `convene.asgi` under uvicorn, on loopback."""

import os
import socket
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

START_TIMEOUT = 30.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def postgres_url(settings_dict: Mapping[str, Any]) -> str:
    """A DATABASE_URL for the database behind Django connection settings (e.g. the test
    database pytest-django made), so a server process works on the same rows."""
    user = urllib.parse.quote(settings_dict["USER"] or "", safe="")
    password = urllib.parse.quote(settings_dict["PASSWORD"] or "", safe="")
    credentials = f"{user}:{password}@" if password else f"{user}@" if user else ""
    host = settings_dict["HOST"] or "localhost"
    port = f":{settings_dict['PORT']}" if settings_dict["PORT"] else ""
    return f"postgres://{credentials}{host}{port}/{settings_dict['NAME']}"


@contextmanager
def running_servers(count: int, env: Mapping[str, str]) -> Iterator[list[str]]:
    """Start `count` web processes with `env` over this one's; yield their host:port each,
    once every one accepts connections; stop them all afterwards."""
    server_env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "convene.test_settings",
        "ALLOWED_HOSTS": "127.0.0.1",
        **env,
    }
    # Set by the browser fixture for Playwright's thread; real servers run without it.
    server_env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    ports = [free_port() for _ in range(count)]
    processes = [
        subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
            [
                sys.executable,
                "-m",
                "uvicorn",
                "convene.asgi:application",
                "--host=127.0.0.1",
                f"--port={port}",
                "--lifespan=off",
                "--ws=websockets-sansio",
                "--log-level=warning",
            ],
            env=server_env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        for port in ports
    ]
    try:
        for port, process in zip(ports, processes, strict=True):
            _wait_for_port(port, process)
        yield [f"127.0.0.1:{port}" for port in ports]
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_for_port(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read().decode() if process.stdout else ""
            raise RuntimeError(f"server on port {port} exited early:\n{output}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(
        f"server on port {port} did not start within {START_TIMEOUT:.0f}s"
    )
