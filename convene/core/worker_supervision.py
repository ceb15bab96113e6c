"""Embedded, `convene serve` keeps one task worker running beside the web server.

Without it, a worker that died (killed, out of memory) would stop the opinion map and every
email until someone restarted the server. The worker runs as a child process; a thread here
waits on it and starts another when it ends, after a pause that grows while it keeps dying.
The worker ends with the server however the server ends: on a clean stop it is asked to finish
its task and go, and if the server is killed it is told by the kernel, or notices (`convene
db_worker --parent-pid`).
"""

import logging
import os
import subprocess
import sys
import threading
import time

logger = logging.getLogger(__name__)

# The pause before a restart doubles, from FIRST_PAUSE up to LONGEST_PAUSE, while the worker
# keeps dying soon after it starts; a worker that ran for STEADY seconds starts the count again.
FIRST_PAUSE = 1.0
LONGEST_PAUSE = 30.0
STEADY = 60.0
# How long a stopping worker may take to finish the task it is running.
STOP_TIMEOUT = 10.0


def worker_command() -> list[str]:
    return [
        sys.executable,
        "-m",
        "convene",
        "db_worker",
        "--interval",
        "0.5",
        # No autoreloader: its child would outlive a stopped server.
        "--no-reload",
        "--no-startup-delay",
        "--parent-pid",
        str(os.getpid()),
    ]


class SupervisedWorker:
    def __init__(self, command: list[str] | None = None) -> None:
        self.command = command or worker_command()
        self._process: subprocess.Popen[bytes] | None = None
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(
            target=self._supervise, name="task-worker-supervisor", daemon=True
        )

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Ask the worker to finish its task and stop; kill it if it takes too long."""
        with self._lock:
            self._stopping.set()
            process = self._process
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def _start_process(self) -> subprocess.Popen[bytes] | None:
        with self._lock:
            if self._stopping.is_set():
                return None
            self._process = subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
                self.command, env=os.environ.copy()
            )
            return self._process

    def _supervise(self) -> None:
        pause = FIRST_PAUSE
        while (process := self._start_process()) is not None:
            started = time.monotonic()
            code = process.wait()
            if self._stopping.is_set():
                return
            if time.monotonic() - started >= STEADY:
                pause = FIRST_PAUSE
            logger.warning(
                "The task worker (pid %s) stopped with exit code %s; starting another in %.0f s.",
                process.pid,
                code,
                pause,
            )
            if self._stopping.wait(pause):
                return
            pause = min(pause * 2, LONGEST_PAUSE)
