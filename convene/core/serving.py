"""Start the web server and, beside it, the background-task worker.

Embedded, one command runs everything, and keeps the worker running (see
`worker_supervision`); at scale, `convene serve --no-worker` runs only the web
processes and `convene db_worker` runs on its own.
"""

import signal
import sys

import uvicorn
from django.conf import settings

from convene.core.worker_supervision import SupervisedWorker


def trusts_proxy_headers() -> bool:
    """Whether uvicorn reads X-Forwarded-For and X-Forwarded-Proto: as TRUSTED_PROXY_COUNT says.

    Left to itself uvicorn believes those headers from any peer on 127.0.0.1 and makes the
    forwarded address the request's REMOTE_ADDR, so anyone reaching the site through a proxy
    on the same host could name their own address and dodge the per-client limits. At 0 the
    site trusts no proxy, so uvicorn ignores them; above 0 `ratelimit.client_ip` picks the
    client out of X-Forwarded-For itself, counting that many proxies from the right.
    """
    return int(settings.TRUSTED_PROXY_COUNT) > 0


def serve(
    host: str,
    port: int,
    *,
    workers: int = 1,
    with_worker: bool = True,
    reload: bool = False,
) -> None:
    worker = SupervisedWorker() if with_worker else None
    if worker is not None:
        worker.start()

    def stop_worker(signum: int = 0, frame: object = None) -> None:
        if worker is not None:
            worker.stop()
        if signum:
            sys.exit(128 + signum)

    # uvicorn shuts down on SIGINT/SIGTERM and then re-raises the signal to the handler that
    # was there before it, which is this one: the worker stops with the server.
    signal.signal(signal.SIGTERM, stop_worker)
    signal.signal(signal.SIGINT, stop_worker)
    try:
        uvicorn.run(
            "convene.asgi:application",
            host=host,
            port=port,
            workers=workers if workers > 1 else None,
            proxy_headers=trusts_proxy_headers(),
            log_level="info",
            ws="websockets-sansio",
            lifespan="off",
            reload=reload,
        )
    finally:
        stop_worker()


def parse_address(address: str, default_port: int = 8000) -> tuple[str, int]:
    """Split "ADDR:PORT", "PORT" or "ADDR" the way runserver does."""
    if not address:
        return "127.0.0.1", default_port
    if address.isdigit():
        return "127.0.0.1", int(address)
    host, _, port = address.rpartition(":")
    if not host:
        return address, default_port
    if not port.isdigit():
        raise ValueError(f"{address!r} is not ADDR:PORT.")
    return host.strip("[]"), int(port)
