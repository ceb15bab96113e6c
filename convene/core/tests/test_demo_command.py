"""`convene demo` sets up, loads the demo once and serves it, as the README promises."""

import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from convene.core.tests.test_settings_from_env import ENV_OF_THE_TEST_RUN, run_convene
from testsupport.servers import free_port


def test_demo_loads_once_and_a_second_run_changes_nothing(tmp_path: Path) -> None:
    first = run_convene("demo", "--no-serve", env={}, cwd=tmp_path)
    second = run_convene("demo", "--no-serve", env={}, cwd=tmp_path)

    assert first.returncode == 0, first.stderr
    assert "12 members" in first.stdout
    assert "104 registered, 89 attended" in first.stdout
    assert (
        "Staff log-in: organiser@pennine-network.example / convene-demo" in first.stdout
    )
    assert second.returncode == 0, second.stderr
    assert "already loaded" in second.stdout


def test_demo_serves_the_site_with_its_stylesheet(tmp_path: Path) -> None:
    import os

    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ENV_OF_THE_TEST_RUN}
    server = subprocess.Popen(  # noqa: S603 (our own interpreter and command)
        [sys.executable, "-m", "convene", "demo", f"127.0.0.1:{port}"],
        env={**env, "DATA_DIR": str(tmp_path / "data")},
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        home = _get_when_up(f"http://127.0.0.1:{port}/", deadline=time.monotonic() + 60)
        assert "Pennine Community Network" in home
        assert "members add their voice" in home
        css = _get_when_up(
            f"http://127.0.0.1:{port}/static/core/site.css",
            deadline=time.monotonic() + 5,
        )
        assert "--accent" in css
        wall = _get_when_up(
            f"http://127.0.0.1:{port}/conversations/community-development-in-the-north/wall/",
            deadline=time.monotonic() + 5,
        )
        # The QR code and link on the wall point at the address being served.
        assert f"http://127.0.0.1:{port}/conversations/" in wall
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=20)
    assert "Demo site" in output


def _get_when_up(url: str, *, deadline: float) -> str:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (a local test server)
                return str(response.read().decode())
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)
