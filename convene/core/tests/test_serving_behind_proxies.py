"""Whom `convene serve` takes a request to come from, and over what, behind a real nginx.

The proxy terminates TLS, appends the address it saw to X-Forwarded-For and says the scheme
in X-Forwarded-Proto, as docs/settings.md expects of it. Clients connect from 127.0.0.2 and
127.0.0.3 (the proxy's own address is 127.0.0.1), so two people, and what each sent, can be
told apart. The email forms' per-client limit (one email an hour here) shows whose address
counts; HTTPS redirection shows whether the site believed the request came over HTTPS.
"""

import http.client
import json
import os
import re
import ssl
import subprocess
import sys
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import websockets.sync.client
import websockets.typing
from django.db import connection
from django.urls import reverse

from convene.conftest import need_service
from convene.conversations import live
from convene.conversations.tests.helpers import make_conversation
from convene.core.tests.test_settings_from_env import ENV_OF_THE_TEST_RUN
from testsupport.proxy import nginx_binary, running_nginx, wait_until_listening
from testsupport.servers import free_port, postgres_url

pytestmark = pytest.mark.django_db(transaction=True)  # the server shares the database

ONE_PERSON = "127.0.0.2"
ANOTHER_PERSON = "127.0.0.3"
RESET = reverse("members:password-reset")


@contextmanager
def convene_serve(folder: Path, **settings: str) -> Iterator[str]:
    """`convene serve` in a process of its own, on the test database; yields host:port."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ENV_OF_THE_TEST_RUN}
    env.update(
        {
            "DATA_DIR": str(folder / "data"),
            "DATABASE_URL": _test_database_url(),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "1",
            "EMAILS_PER_IP_PER_HOUR": "1",
            "EMAILS_PER_ADDRESS_PER_HOUR": "0",
            **settings,
        }
    )
    with (folder / "serve.log").open("wb") as log:
        process = subprocess.Popen(  # noqa: S603 (our own interpreter and command)
            [
                *(sys.executable, "-m", "convene", "serve", f"127.0.0.1:{port}"),
                *("--no-worker", "--no-migrate"),
            ],
            env=env,
            cwd=folder,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_listening(port, process, timeout=60)
        yield f"127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def _test_database_url() -> str:
    database = connection.settings_dict
    if database["ENGINE"] == "django.db.backends.postgresql":
        return postgres_url(database)
    return f"sqlite:///{database['NAME']}"


@pytest.fixture
def nginx() -> None:
    if nginx_binary() is None:
        need_service("the proxy tests need Debian's nginx (make test installs it)")


def _connect(port: int, client: str, *, tls: bool) -> http.client.HTTPConnection:
    if not tls:
        return http.client.HTTPConnection(
            "127.0.0.1", port, source_address=(client, 0), timeout=10
        )
    return http.client.HTTPSConnection(
        "127.0.0.1", port, source_address=(client, 0), timeout=10, context=_unverified()
    )


def _unverified() -> ssl.SSLContext:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # the proxy's certificate is self-signed
    return context


def ask_for_reset(
    port: int, email: str, *, client: str, forwarded_for: str = "", tls: bool = True
) -> int:
    """Post the password-reset form from `client`'s address; the answer's status."""
    forged = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    scheme = "https" if tls else "http"
    connection = _connect(port, client, tls=tls)
    try:
        connection.request("GET", RESET, headers=forged)
        form = connection.getresponse()
        page = form.read().decode()
        assert form.status == 200, (form.status, form.getheader("Location"))
        cookie = form.getheader("Set-Cookie", "").split(";")[0]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token is not None
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token[1], "email": email})
        connection.request(
            "POST",
            RESET,
            body=body,
            headers={
                **forged,
                "Cookie": cookie,
                "Origin": f"{scheme}://127.0.0.1:{port}",
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )
        answer = connection.getresponse()
        answer.read()
        return answer.status  # 302 to "check your inbox", or 429 over the limit
    finally:
        connection.close()


def _get_home(proxy: int) -> Any:
    connection = _connect(proxy, ONE_PERSON, tls=True)
    try:
        connection.request("GET", "/")
        answer = connection.getresponse()
        answer.read()
        return answer
    finally:
        connection.close()


def test_without_a_proxy_a_forged_forwarded_for_escapes_nothing(
    tmp_path: Path,
) -> None:
    # The default, TRUSTED_PROXY_COUNT=0: a client writing the header itself, from loopback
    # (where a same-host proxy would be), is still counted by its own address.
    with convene_serve(tmp_path, SECURE_SSL_REDIRECT="0") as server:
        port = int(server.rpartition(":")[2])
        first = ask_for_reset(
            port,
            "a@example.org",
            client=ONE_PERSON,
            forwarded_for="198.51.100.1",
            tls=False,
        )
        second = ask_for_reset(
            port,
            "b@example.org",
            client=ONE_PERSON,
            forwarded_for="198.51.100.2",
            tls=False,
        )

    assert [first, second] == [302, 429]


@pytest.mark.usefixtures("nginx")
def test_behind_nginx_trusting_no_proxy_everyone_counts_as_the_proxy(
    tmp_path: Path,
) -> None:
    with (
        convene_serve(
            tmp_path, TRUSTED_PROXY_COUNT="0", SECURE_PROXY_SSL_HEADER="1"
        ) as server,
        running_nginx(server) as proxy,
    ):
        first = ask_for_reset(
            proxy, "a@example.org", client=ONE_PERSON, forwarded_for="198.51.100.1"
        )
        second = ask_for_reset(proxy, "b@example.org", client=ANOTHER_PERSON)
        home = _get_home(proxy)

    # With SECURE_PROXY_SSL_HEADER on, the site believes nginx that the request came over
    # HTTPS, and serves it rather than redirecting.
    assert home.status == 200
    # Both came from nginx's address: the second person finds the one email used up.
    assert [first, second] == [302, 429]


@pytest.mark.usefixtures("nginx")
def test_behind_nginx_trusting_one_proxy_each_person_counts_and_forging_gains_nothing(
    tmp_path: Path,
) -> None:
    with (
        convene_serve(
            tmp_path, TRUSTED_PROXY_COUNT="1", SECURE_PROXY_SSL_HEADER="1"
        ) as server,
        running_nginx(server) as proxy,
    ):
        first = ask_for_reset(
            proxy, "a@example.org", client=ONE_PERSON, forwarded_for="198.51.100.1"
        )
        forged = ask_for_reset(
            proxy, "b@example.org", client=ONE_PERSON, forwarded_for="198.51.100.2"
        )
        other = ask_for_reset(proxy, "c@example.org", client=ANOTHER_PERSON)
        home = _get_home(proxy)

    assert home.status == 200
    # nginx appended the address it saw; only that entry counts, whatever came before it.
    assert [first, forged, other] == [302, 429, 302]


@pytest.mark.usefixtures("nginx")
@pytest.mark.parametrize("trusted_proxies", ["0", "1"])
def test_behind_nginx_https_is_not_believed_without_secure_proxy_ssl_header(
    tmp_path: Path, trusted_proxies: str
) -> None:
    with (
        convene_serve(
            tmp_path,
            TRUSTED_PROXY_COUNT=trusted_proxies,
            SECURE_PROXY_SSL_HEADER="0",
        ) as server,
        running_nginx(server) as proxy,
    ):
        home = _get_home(proxy)

    # The site takes the request for plain HTTP and sends the browser to HTTPS: the very
    # address it came from, round and round. The docs say to set the header for this.
    assert home.status == 301
    assert home.getheader("Location") == f"https://127.0.0.1:{proxy}/"


@pytest.mark.usefixtures("nginx")
def test_behind_nginx_a_live_page_gets_its_pushes_over_the_proxied_socket(
    tmp_path: Path,
) -> None:
    conversation = make_conversation()
    with (
        convene_serve(
            tmp_path, TRUSTED_PROXY_COUNT="1", SECURE_PROXY_SSL_HEADER="1"
        ) as server,
        running_nginx(server) as proxy,
        websockets.sync.client.connect(
            # As live.js reconnects after a drop: the server pushes the current state.
            f"wss://127.0.0.1:{proxy}/ws/conversations/{conversation.slug}/?reconnect=1",
            ssl=_unverified(),
            origin=websockets.typing.Origin(f"https://127.0.0.1:{proxy}"),
            open_timeout=10,
        ) as socket,
    ):
        message = json.loads(socket.recv(timeout=10))

    assert set(message["fragments"]) & {live.WALL_TOTALS, live.WALL_STATEMENTS}
