"""Load one room: many people voting at once against a real `convene serve`, on loopback.

    .venv/bin/python benchmarks/room_load.py [--participants 100] [--votes 20] [--walls 100]
        [--statements 30] [--think 1.0] [--workers 1] [--reference 10] [--deadline 300]
        [--database-url postgres://USER@HOST:PORT/NAME --redis-url redis://HOST:PORT/DB]

Each run makes a temporary data directory, migrates it, creates a conversation with
--statements accepted statements through the services, and starts `python -m convene serve
127.0.0.1:PORT --workers N` as a subprocess: embedded (SQLite, in-memory channel layer,
database task worker) by default, or at scale with --database-url and --redis-url (PostgreSQL,
Redis cache and channel layer; needed for --workers above 1, since the in-memory channel layer
does not reach across processes). At scale each run creates the database named in the URL,
which must not exist yet, and drops it afterwards; the Redis database named in its URL is
emptied before each run, so give the benchmark one of its own. Then:

- --participants people, each a thread with its own keep-alive connection and cookie jar,
  vote as the no-JS form does: GET the vote page, read the CSRF token and statement, POST
  agree/disagree/pass, follow the redirect to the next statement. Each casts --votes votes
  with a random think time (0.5x to 1.5x --think seconds) before each. People fall into two
  planted camps, so the opinion map has groups to find.
- --walls websocket clients (everyone's phone page and the projector wall) listen on
  ws://127.0.0.1:PORT/ws/conversations/<slug>/ and note when fragments arrive and the vote
  total in the `wall-totals` fragment.

Printed per run: votes cast, errors, the vote's latency (POST + redirected GET) percentiles,
votes a second, pushes per socket, time from the last vote to every socket showing the final
total, the server's CPU seconds and peak RSS (web process and task worker, from /proc), and
how long after the last vote the stored opinion map counted every vote and the results page
showed groups.

No peer: Pol.is's own server needs its Node, Clojure and PostgreSQL stack, which this machine
can't run, so the reference point in the same run is the same load with --reference people
(default 10), and the ratio of the two p95 latencies shows how the server degrades.

The load generator runs on the same machine as the server, so its own CPU (printed) competes
with the server's. Only 127.0.0.1 is ever contacted. Every loop is bounded by a count and
--deadline; the server is stopped in `finally`.
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import os
import random
import re
import resource
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import redis
import websockets

HOST = "127.0.0.1"  # loopback only, never another address
ROOT = Path(__file__).resolve().parent.parent
CLK_TCK = os.sysconf("SC_CLK_TCK")

CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
STATEMENT_RE = re.compile(r'name="statement" value="(\d+)"')
TOTAL_RE = re.compile(r'data-total="votes">([\d,]+)<')  # "1,853"

SETUP = """
from convene.conversations.organising import create_conversation
texts = [
    f"Statement {i + 1}: the community fund should back idea number {i + 1} this year."
    for i in range({n})
]
conversation = create_conversation(
    "How should the community fund spend next year's money?",
    slug="room-load",
    seed_statements=texts,
)
from convene.conversations.limits import room_token
print(conversation.slug, room_token(conversation))
"""


# --- the server ----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def server_env(
    data_dir: Path, port: int, database_url: str, redis_url: str
) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
    }
    if database_url:
        env["DATABASE_URL"] = database_url
    if redis_url:
        env["REDIS_URL"] = redis_url
    env.update(
        DATA_DIR=str(data_dir),
        DEBUG="0",  # as in production: no query log, compressed static files
        SECRET_KEY="room-load-benchmark-" + "x" * 40,
        ALLOWED_HOSTS=HOST,
        SITE_URL=f"http://{HOST}:{port}",
        # Plain HTTP on loopback: no redirect to HTTPS, cookies not marked Secure.
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    return env


def convene(args: list[str], env: dict[str, str], timeout: float) -> str:
    done = subprocess.run(  # noqa: S603 (this checkout's own command)
        [sys.executable, "-m", "convene", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"convene {args[0]} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def descendants(pid: int) -> list[int]:
    """The process and everything it started, from /proc (uvicorn workers, db_worker)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = [pid], [pid]
    for _ in range(10):  # a shallow tree; bounded anyway
        frontier = [p for p, parent in parents.items() if parent in frontier]
        if not frontier:
            break
        found += frontier
    return found


def cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLK_TCK  # utime + stime


def peak_rss_mib(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def process_name(pid: int) -> str:
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return "?"
    words = [a.decode() for a in argv if a]
    if "db_worker" in words:
        return "task worker"
    if "serve" in words:
        return "web (serve)"
    return "web worker" if any("multiprocessing" in w for w in words) else words[-1]


def wait_until_up(port: int, server: subprocess.Popen[bytes], deadline: float) -> None:
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("The server exited while starting; see its log.")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", "/conversations/")
            status = conn.getresponse().status
            conn.close()
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError("The server did not answer in time.")


def stop(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)  # serve stops its task worker too
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)  # our own session, started below
            server.wait(timeout=5)


# --- participants --------------------------------------------------------------------------


@dataclass
class Person:
    index: int
    camp: int
    cookies: dict[str, str] = field(default_factory=dict)
    latencies: list[float] = field(default_factory=list)
    vote_times: list[tuple[float, float]] = field(
        default_factory=list
    )  # POST sent, done
    errors: list[str] = field(default_factory=list)


class Browser:
    """One phone: a keep-alive connection and a cookie jar, nothing else."""

    def __init__(self, port: int, person: Person) -> None:
        self.port = port
        self.person = person
        self.conn = http.client.HTTPConnection(HOST, port, timeout=15)

    def request(
        self, method: str, path: str, body: str | None = None
    ) -> tuple[int, str, str]:
        headers = {"Host": f"{HOST}:{self.port}"}
        if self.person.cookies:
            headers["Cookie"] = "; ".join(
                f"{k}={v}" for k, v in self.person.cookies.items()
            )
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            text = response.read().decode()
        except (OSError, http.client.HTTPException):
            self.conn.close()  # a fresh connection for the next request
            raise
        for cookie in response.msg.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            self.person.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, response.getheader("Location") or "", text


def choose(person: Person, statement_id: int, rng: random.Random) -> int:
    """Two planted camps that agree on odd statements and split on even ones."""
    if rng.random() < 0.1:
        return 0
    if statement_id % 2:
        return 1 if rng.random() < 0.8 else -1
    side = 1 if person.camp == 0 else -1
    return side if rng.random() < 0.85 else -side


def take_part(
    port: int,
    slug: str,
    room: str,
    person: Person,
    *,
    votes: int,
    think: float,
    start: threading.Event,
    deadline: float,
    seed: int,
) -> None:
    rng = random.Random(seed)  # noqa: S311 (simulated voters, not secrets)
    browser = Browser(port, person)
    page = f"/conversations/{slug}/vote/"
    # Phones scan the room's QR code: one address, the room's ceiling (docs/settings.md).
    first_page = f"{page}?room={room}"
    start.wait(timeout=max(0.0, deadline - time.monotonic()))
    text = ""
    for _ in range(votes + 5):  # a few GET retries on top of the votes
        if len(person.latencies) >= votes or time.monotonic() > deadline:
            break
        if not text:
            try:
                status, _, text = browser.request("GET", first_page)
            except (OSError, http.client.HTTPException) as error:
                person.errors.append(f"GET {type(error).__name__}")
                text = ""
                continue
            if status != 200:
                person.errors.append(f"GET {status}")
                text = ""
                continue
        token, statement = CSRF_RE.search(text), STATEMENT_RE.search(text)
        if token is None or statement is None:
            break  # voted on everything
        time.sleep(think * rng.uniform(0.5, 1.5))
        body = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": token[1],
                "statement": statement[1],
                "choice": choose(person, int(statement[1]), rng),
            }
        )
        sent = time.monotonic()
        text = ""
        try:
            status, location, _ = browser.request("POST", page, body)
            if status != 302:
                person.errors.append(f"POST {status}")
                continue
            status, _, text = browser.request("GET", location or page)
        except (OSError, http.client.HTTPException) as error:
            person.errors.append(f"vote {type(error).__name__}")
            continue
        done = time.monotonic()
        if status != 200:
            person.errors.append(f"GET after vote {status}")
            text = ""
        person.latencies.append(done - sent)
        person.vote_times.append((sent, done))
    browser.conn.close()


# --- walls ---------------------------------------------------------------------------------


@dataclass
class Wall:
    connected: bool = False
    pushes: int = 0
    totals: list[tuple[float, int]] = field(default_factory=list)  # arrival, total
    error: str = ""


async def watch(port: int, slug: str, wall: Wall, stop_at: list[float]) -> None:
    url = f"ws://{HOST}:{port}/ws/conversations/{slug}/"
    try:
        async with websockets.connect(
            url, origin=f"http://{HOST}:{port}", open_timeout=30, max_size=2**22
        ) as socket_:
            wall.connected = True
            while time.monotonic() < stop_at[0]:
                try:
                    message = await asyncio.wait_for(socket_.recv(), timeout=0.5)
                except TimeoutError:
                    continue
                arrived = time.monotonic()
                wall.pushes += 1
                fragments = json.loads(message).get("fragments", {})
                found = TOTAL_RE.search(fragments.get("wall-totals", ""))
                if found:
                    wall.totals.append((arrived, int(found[1].replace(",", ""))))
    except Exception as error:  # noqa: BLE001  # any failure is a figure to report
        wall.error = f"{type(error).__name__}: {error}"[:120]


def run_walls(
    port: int, slug: str, walls: list[Wall], stop_at: list[float]
) -> threading.Thread:
    async def main() -> None:
        await asyncio.gather(*(watch(port, slug, w, stop_at) for w in walls))

    thread = threading.Thread(target=asyncio.run, args=(main(),), daemon=True)
    thread.start()
    return thread


# --- one run -------------------------------------------------------------------------------


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


class Store:
    """The server's database, read directly for the final counts; at scale, made and dropped."""

    def __init__(self, data_dir: Path, database_url: str, redis_url: str) -> None:
        self.sqlite = data_dir / "convene.sqlite3"
        self.url = urllib.parse.urlsplit(database_url) if database_url else None
        self.redis_url = redis_url
        self.created = False
        self.name = self.url.path.lstrip("/") if self.url else ""
        if self.url is not None and not re.fullmatch(r"[a-z_][a-z0-9_]*", self.name):
            raise SystemExit(f"--database-url: {self.name!r} is not a plain name.")

    def _server(self, dbname: str) -> str:
        url = self.url or urllib.parse.urlsplit("postgres:///")
        return urllib.parse.urlunsplit(url._replace(path=f"/{dbname}"))

    def create(self) -> None:
        if self.redis_url:
            # A pending-update flag left by the last run would hold back this run's map.
            redis.Redis.from_url(self.redis_url).flushdb()
        if self.url is None:
            return
        with psycopg.connect(self._server("postgres"), autocommit=True) as conn:
            exists = conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [self.name]
            ).fetchone()
            if exists:
                raise SystemExit(
                    f"Database {self.name} exists; drop it or name another in "
                    "--database-url (the benchmark makes and drops its own)."
                )
            conn.execute(f'CREATE DATABASE "{self.name}"')
            self.created = True

    def drop(self) -> None:
        if not self.created:
            return  # never a database this run did not make
        with psycopg.connect(self._server("postgres"), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def count(self, sql: str) -> int | None:
        if self.url is None:
            with sqlite3.connect(
                f"file:{self.sqlite}?mode=ro", uri=True, timeout=5
            ) as conn:
                row = conn.execute(sql).fetchone()
        else:
            with psycopg.connect(self._server(self.name), autocommit=True) as pg:
                row = pg.execute(sql).fetchone()
        return None if row is None else row[0]


def run(args: argparse.Namespace, participants: int) -> dict[str, float]:
    data_dir = Path(tempfile.mkdtemp(prefix="convene-room-load-"))
    port = free_port()
    env = server_env(data_dir, port, args.database_url, args.redis_url)
    store = Store(data_dir, args.database_url, args.redis_url)
    server: subprocess.Popen[bytes] | None = None
    log = (data_dir / "server.log").open("wb")
    stop_at = [time.monotonic() + args.deadline]
    try:
        store.create()
        convene(["migrate", "--verbosity", "0"], env, timeout=120)
        slug, room = (
            convene(
                ["shell", "-c", SETUP.replace("{n}", str(args.statements))],
                env,
                timeout=60,
            )
            .strip()
            .splitlines()[-1]
            .split()
        )
        server = subprocess.Popen(  # noqa: S603 (this checkout's own command)
            [
                sys.executable,
                "-m",
                "convene",
                "serve",
                f"{HOST}:{port}",
                "--workers",
                str(args.workers),
                "--no-migrate",
            ],
            env=env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_until_up(port, server, time.monotonic() + 60)

        walls = [Wall() for _ in range(args.walls)]
        wall_thread = run_walls(port, slug, walls, stop_at)
        connect_by = time.monotonic() + 30
        while time.monotonic() < connect_by and not all(
            w.connected or w.error for w in walls
        ):
            time.sleep(0.1)
        time.sleep(0.5)

        pids = descendants(server.pid)
        cpu_before = {pid: cpu_seconds(pid) for pid in pids}
        client_before = resource.getrusage(resource.RUSAGE_SELF)
        load_before = os.getloadavg()

        people = [Person(i, camp=i % 2) for i in range(participants)]
        start = threading.Event()
        deadline = time.monotonic() + args.deadline
        threads = [
            threading.Thread(
                target=take_part,
                args=(port, slug, room, person),
                kwargs={
                    "votes": args.votes,
                    "think": args.think,
                    "start": start,
                    "deadline": deadline,
                    "seed": args.seed * 100_000 + person.index,
                },
                daemon=True,
            )
            for person in people
        ]
        for thread in threads:
            thread.start()
        started = time.monotonic()
        start.set()
        for thread in threads:
            thread.join(timeout=max(0.1, deadline - time.monotonic()))

        final = store.count("SELECT COUNT(*) FROM conversations_vote") or 0
        times = [t for p in people for t in p.vote_times]
        first_vote = min((sent for sent, _ in times), default=started)
        last_vote = max((done for _, done in times), default=started)

        # Every socket should show the final total within a few seconds of the last vote.
        walls_by = time.monotonic() + args.settle
        while time.monotonic() < walls_by and not all(
            any(total == final for _, total in w.totals) for w in walls if w.connected
        ):
            time.sleep(0.05)
        reached = [
            min((t for t, total in w.totals if total == final), default=None)
            for w in walls
            if w.connected
        ]

        # The opinion map is recomputed about a second after votes stop.
        map_at = None
        results_at = None
        map_by = time.monotonic() + args.settle * 2
        results_page = f"/conversations/{slug}/results/"
        while time.monotonic() < map_by:
            counted = store.count(
                "SELECT MAX(n_votes) FROM conversations_opinionresult"
            )
            if map_at is None and counted == final:
                map_at = time.monotonic()
            if map_at is not None:
                conn = http.client.HTTPConnection(HOST, port, timeout=10)
                conn.request("GET", results_page)
                page = conn.getresponse().read().decode()
                conn.close()
                if 'id="groups-heading"' in page:
                    results_at = time.monotonic()
                    n_groups = page.count("people)</span></h3>")
                    break
            time.sleep(0.25)
        else:
            n_groups = 0

        stop_at[0] = time.monotonic()
        wall_thread.join(timeout=5)
        load_after = os.getloadavg()
        client_after = resource.getrusage(resource.RUSAGE_SELF)
        pids = descendants(server.pid)
        usage = {
            pid: (process_name(pid), cpu_seconds(pid) - cpu_before.get(pid, 0.0))
            for pid in pids
        }
        peaks = {pid: peak_rss_mib(pid) for pid in pids}

        latencies = [x for p in people for x in p.latencies]
        errors = [e for p in people for e in p.errors]
        connected = [w for w in walls if w.connected]
        n_votes = len(latencies)
        span = max(last_vote - first_vote, 1e-9)
        lag = [r - last_vote for r in reached if r is not None]

        print(f"\n== {participants} participants, {len(walls)} sockets ==")
        print(
            f"votes cast {n_votes} (stored {final}); errors {len(errors)}"
            + (f" {sorted(set(errors))[:5]}" if errors else "")
        )
        print(
            "vote latency, POST + redirected GET (ms): "
            f"p50 {1000 * percentile(latencies, 50):.0f}  "
            f"p95 {1000 * percentile(latencies, 95):.0f}  "
            f"p99 {1000 * percentile(latencies, 99):.0f}  "
            f"max {1000 * max(latencies, default=0):.0f}"
        )
        print(f"votes per second {n_votes / span:.1f} over {span:.1f} s")
        pushes = [w.pushes for w in connected]
        print(
            f"sockets connected {len(connected)}/{len(walls)}; pushes per socket "
            f"min {min(pushes, default=0)} median {statistics.median(pushes or [0]):.0f} "
            f"max {max(pushes, default=0)}"
            + (
                f"; failed: {next(w.error for w in walls if w.error)}"
                if any(w.error for w in walls)
                else ""
            )
        )
        print(
            f"last vote -> final total {final} on every socket: "
            + (
                f"{len(lag)}/{len(connected)} sockets, "
                f"median {1000 * statistics.median(lag):.0f} ms, "
                f"max {1000 * max(lag):.0f} ms"
                if lag
                else "never"
            )
        )
        print(
            "last vote -> opinion map counting every vote: "
            + (f"{map_at - last_vote:.1f} s" if map_at else "not within the wait")
            + "; results page with groups: "
            + (
                f"{results_at - last_vote:.1f} s ({n_groups} groups)"
                if results_at
                else "no"
            )
        )
        for pid, (name, cpu) in sorted(usage.items()):
            print(
                f"server {name} pid {pid}: CPU {cpu:.1f} s during the run, "
                f"peak RSS {peaks[pid]:.0f} MiB"
            )
        client_cpu = (client_after.ru_utime + client_after.ru_stime) - (
            client_before.ru_utime + client_before.ru_stime
        )
        print(
            f"load generator CPU {client_cpu:.1f} s; load average "
            f"{load_before[0]:.2f} before, {load_after[0]:.2f} after"
        )
        return {
            "p95": percentile(latencies, 95),
            "p50": percentile(latencies, 50),
            "errors": len(errors),
        }
    finally:
        stop_at[0] = 0.0
        if server is not None:
            stop(server)
        store.drop()
        log.close()
        if args.keep:
            print(f"(kept {data_dir})")
        else:
            shutil.rmtree(data_dir, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=100)
    parser.add_argument("--votes", type=int, default=20, help="votes per participant")
    parser.add_argument("--walls", type=int, default=100, help="websocket clients")
    parser.add_argument("--statements", type=int, default=30)
    parser.add_argument(
        "--think", type=float, default=1.0, help="mean seconds before each vote"
    )
    parser.add_argument("--workers", type=int, default=1, help="passed to serve")
    parser.add_argument(
        "--database-url",
        default="",
        help="PostgreSQL URL naming a database the benchmark creates and drops "
        "(default: embedded SQLite)",
    )
    parser.add_argument(
        "--redis-url",
        default="",
        help="Redis URL of a database the benchmark may empty (default: in-memory "
        "channel layer and cache)",
    )
    parser.add_argument(
        "--reference",
        type=int,
        default=10,
        help="participants in the reference run (0: none)",
    )
    parser.add_argument(
        "--deadline", type=float, default=300, help="seconds for the voting"
    )
    parser.add_argument(
        "--settle", type=float, default=10, help="seconds to wait for pushes"
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", action="store_true", help="keep the data directory")
    args = parser.parse_args()
    if args.votes > args.statements:
        parser.error("--votes must not exceed --statements")
    if args.workers > 1 and not args.redis_url:
        parser.error(
            "--workers above 1 needs --redis-url (live pushes cross processes)"
        )

    stack = (
        "embedded: SQLite, in-memory channel layer"
        if not args.database_url and not args.redis_url
        else f"{'PostgreSQL' if args.database_url else 'SQLite'}, "
        f"{'Redis' if args.redis_url else 'in-memory'} cache and channel layer"
    )
    print(
        f"Room load: convene serve on 127.0.0.1 ({stack}, database task worker), "
        f"--workers {args.workers}, {os.cpu_count()} CPUs, "
        f"load average {os.getloadavg()[0]:.2f}."
    )
    print(
        "No peer: Pol.is's own server needs its Node, Clojure and PostgreSQL stack, "
        "which can't run here; the reference is the same load with fewer people."
    )
    reference = run(args, args.reference) if args.reference else None
    main_run = run(args, args.participants)
    if reference is not None:
        print(
            f"\np95 vote latency, {args.participants} vs {args.reference} participants: "
            f"{1000 * main_run['p95']:.0f} / {1000 * reference['p95']:.0f} ms = "
            f"{main_run['p95'] / reference['p95']:.2f}x"
        )


if __name__ == "__main__":
    main()
