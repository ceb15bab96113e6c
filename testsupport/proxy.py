"""A real reverse proxy for tests: Debian's nginx, terminating TLS in front of the site.

It forwards as docs/settings.md ("Behind a reverse proxy") sets nginx up: the client's
address appended to X-Forwarded-For (`$proxy_add_x_forwarded_for`), X-Forwarded-Proto set to
the scheme the client used, websockets passed through. Each run gets its own configuration, self-signed certificate and free port in a
temporary folder, and stops with the test.
"""

import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from testsupport.servers import free_port

START_TIMEOUT = 10.0
NGINX_PATHS = ["/usr/sbin/nginx", "/usr/bin/nginx"]

CONFIG = """\
daemon off;
master_process off;
pid {folder}/nginx.pid;
error_log stderr warn;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    server {{
        listen 127.0.0.1:{port} ssl;
        ssl_certificate {folder}/proxy.crt;
        ssl_certificate_key {folder}/proxy.key;
        location / {{
            proxy_pass http://{upstream};
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection "upgrade";
        }}
    }}
}}
"""


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next(
        (path for path in NGINX_PATHS if Path(path).exists()), None
    )


@contextmanager
def running_nginx(upstream: str) -> Iterator[int]:
    """nginx on 127.0.0.1, speaking HTTPS and forwarding to `upstream` (host:port) over
    plain HTTP; yields its port."""
    nginx = nginx_binary()
    if nginx is None:
        raise RuntimeError("nginx is not installed (apt-get install nginx)")
    with tempfile.TemporaryDirectory(prefix="convene-proxy-") as name:
        folder = Path(name)
        _self_signed_certificate(folder)
        port = free_port()
        config = folder / "nginx.conf"
        config.write_text(CONFIG.format(folder=folder, port=port, upstream=upstream))
        process = subprocess.Popen(  # noqa: S603 (nginx with our own configuration)
            [nginx, "-e", "stderr", "-p", str(folder), "-c", str(config)],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until_listening(port, process)
            yield port
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _self_signed_certificate(folder: Path) -> None:
    openssl = shutil.which("openssl")
    if openssl is None:
        raise RuntimeError("openssl is not installed (apt-get install openssl)")
    subprocess.run(  # noqa: S603 (openssl with fixed arguments)
        [
            openssl,
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-keyout",
            str(folder / "proxy.key"),
            "-out",
            str(folder / "proxy.crt"),
        ],
        check=True,
        capture_output=True,
    )


def wait_until_listening(
    port: int, process: subprocess.Popen[bytes], timeout: float = START_TIMEOUT
) -> None:
    """Return once something accepts connections on `port`; fail if `process` exits first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read().decode() if process.stdout else ""
            raise RuntimeError(f"{process.args!r} exited early:\n{output}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listened on port {port} within {timeout:.0f}s")
