"""Start the web server and, beside it, the background-task worker.

Embedded, one command runs everything, and keeps the worker running (see
`worker_supervision`); at scale, `convene serve --no-worker` runs only the web
processes and `convene db_worker` runs on its own.
"""

import signal
import sys

import uvicorn

from convene.core.worker_supervision import SupervisedWorker


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
            # The site's own settings decide what a proxy's headers may say, each in one
            # place: TRUSTED_PROXY_COUNT for X-Forwarded-For (ratelimit.client_ip),
            # SECURE_PROXY_SSL_HEADER for X-Forwarded-Proto. Left to itself uvicorn would
            # believe both from any peer on 127.0.0.1, whatever those settings say.
            proxy_headers=False,
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
