"""Real Convene processes that a test may kill -9 and start again: `convene serve`, web
servers and task workers, each with an environment of its own."""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TypeVar

from testsupport.servers import START_TIMEOUT, free_port

T = TypeVar("T")

# Settings of the test run that must not reach a process running on the real settings.
TEST_RUN_ONLY = {
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "DATABASE_URL",
    "REDIS_URL",
    "SITE_NAME",
}


def convene_env(data_dir: Path, **settings: str) -> dict[str, str]:
    """The environment of a process on the real settings (`convene.settings`), embedded
    unless `settings` names DATABASE_URL and REDIS_URL."""
    clean = {k: v for k, v in os.environ.items() if k not in TEST_RUN_ONLY}
    return {
        **clean,
        "DJANGO_SETTINGS_MODULE": "convene.settings",
        "DATA_DIR": str(data_dir),
        "ALLOWED_HOSTS": "127.0.0.1",
        **settings,
    }


def wait_for(
    check: Callable[[], T], *, timeout: float, every: float = 0.05
) -> T | None:
    """Ask `check` until it answers something true, for up to `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        answer = check()
        if answer or time.monotonic() > deadline:
            return answer
        time.sleep(every)


def is_running(pid: int) -> bool:
    """Whether the process exists and is not a zombie waiting to be reaped."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    except OSError:  # no /proc: ask the kernel instead
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True
    return state not in {"Z", "X"}


def children_of(pid: int) -> list[int]:
    children = []
    for thread in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children += [
                int(child) for child in (thread / "children").read_text().split()
            ]
        except FileNotFoundError:  # the thread ended meanwhile
            continue
    return children


def kill(process: subprocess.Popen[bytes], sig: int = signal.SIGKILL) -> None:
    if process.poll() is None:
        process.send_signal(sig)
    process.wait(timeout=15)


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def convene(*args: str, env: Mapping[str, str], log: Path) -> subprocess.Popen[bytes]:
    """Start `convene ARGS...`, its output appended to `log`."""
    with log.open("ab") as output:
        return subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
            [sys.executable, "-m", "convene", *args],
            env=dict(env),
            stdout=output,
            stderr=subprocess.STDOUT,
        )


def task_worker(env: Mapping[str, str], log: Path) -> subprocess.Popen[bytes]:
    return convene(
        "db_worker",
        "--no-reload",
        "--no-startup-delay",
        "--interval=0.1",
        env=env,
        log=log,
    )


def wait_until_listening(
    port: int, process: subprocess.Popen[bytes], log: Path
) -> None:
    import socket

    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"exited early:\n{log.read_text()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"not listening on {port} after {START_TIMEOUT:.0f}s")


class WebServer:
    """One uvicorn process on a port that stays its own across kills and restarts, as a
    web worker behind a proxy would."""

    def __init__(self, env: Mapping[str, str], log: Path) -> None:
        self.env = env
        self.log = log
        self.port = free_port()
        self.address = f"127.0.0.1:{self.port}"
        self.process = self.start()

    def start(self) -> subprocess.Popen[bytes]:
        with self.log.open("ab") as output:
            self.process = subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
                [
                    sys.executable,
                    "-m",
                    "uvicorn",
                    "convene.asgi:application",
                    "--host=127.0.0.1",
                    f"--port={self.port}",
                    "--lifespan=off",
                    "--ws=websockets-sansio",
                    "--log-level=warning",
                ],
                env=dict(self.env),
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        wait_until_listening(self.port, self.process, self.log)
        return self.process
