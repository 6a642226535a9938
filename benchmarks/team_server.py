"""What the team benchmarks share: a throwaway PostgreSQL database, a
``qualframe serve --team`` process on it, and members logged in over HTTP.

Loopback only: the database server is ``127.0.0.1:5432`` (user ``postgres``,
trust authentication; ``QUALFRAME_BENCH_POSTGRES`` names another server
URL), the web server listens on ``127.0.0.1``. Every simulated member sends
its own ``X-Forwarded-For`` address, as members behind the reverse proxy of
a real team server would: the server trusts that header from loopback, so
its login rate limit (per address) counts each member apart.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import httpx2
import psycopg
from sqlalchemy.engine import make_url

#: The PostgreSQL server the benchmarks make their databases on.
POSTGRES = os.environ.get(
    "QUALFRAME_BENCH_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
#: The password of every simulated account (the same for all: they are made up).
PASSWORD = "load-test-password-1"
#: Seconds a server may take to answer after it is started.
START_TIMEOUT = 60.0


def _libpq(url: str) -> str:
    """A SQLAlchemy ``postgresql+psycopg://`` URL as psycopg's own connection string."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def postgres_available(server: str = POSTGRES) -> bool:
    """Whether the PostgreSQL server answers (the benchmarks are skipped otherwise)."""
    try:
        psycopg.connect(_libpq(server), connect_timeout=3).close()
    except psycopg.OperationalError:
        return False
    return True


@contextmanager
def throwaway_database(server: str = POSTGRES, prefix: str = "qualframe_bench") -> Iterator[str]:
    """A new, empty database on ``server``, dropped afterwards (even after an
    error, with the connections still open to it); yields its SQLAlchemy URL.
    Its schema is made by the first :class:`~qualframe.storage.database.Database`
    opened on it."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(_libpq(server), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(_libpq(server), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def connect(url: str) -> psycopg.Connection[Any]:
    """A plain psycopg connection to the database at SQLAlchemy ``url`` (for the
    checks, which read the tables themselves rather than trust the application)."""
    return psycopg.connect(_libpq(url))


def free_port() -> int:
    """A TCP port free on loopback now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def qualframe_command(database_url: str, *arguments: str) -> list[str]:
    """The command line running ``qualframe --database URL ARGUMENTS...`` with
    this interpreter's installation."""
    script = Path(sys.executable).with_name("qualframe")
    return [str(script), "--database", database_url, *arguments]


@dataclass
class ServerProcess:
    """A ``qualframe serve --team`` subprocess, its base URL and its log file."""

    process: subprocess.Popen[bytes]
    url: str
    log: Path
    output: IO[bytes] | None = field(repr=False, default=None)

    def kill(self) -> None:
        """SIGKILL the server (no shutdown at all: the crash) and reap it."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)
        self._close_log()

    def stop(self) -> None:
        """Stop the server as Ctrl+C does (SIGINT), or kill it after 10 s."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()
        self._close_log()

    def _close_log(self) -> None:
        if self.output is not None:
            self.output.close()
            self.output = None

    def log_tail(self, lines: int = 20) -> str:
        """The end of the server's output (for an error message)."""
        text = self.log.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])


def start_server(database_url: str, log: Path, *, port: int | None = None) -> ServerProcess:
    """Start ``qualframe serve --team`` on ``database_url`` on a loopback port and
    wait until it answers HTTP; its output goes to ``log``. Raises
    :class:`RuntimeError` (with the end of the log) when it exits or does not
    answer within :data:`START_TIMEOUT` seconds."""
    number = port or free_port()
    command = qualframe_command(database_url, "serve", "--team", "--port", str(number))
    output = log.open("ab")
    process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
    server = ServerProcess(process, f"http://127.0.0.1:{number}", log, output)
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            server.kill()
            raise RuntimeError(f"the server exited ({process.returncode}):\n{server.log_tail()}")
        try:
            httpx2.get(f"{server.url}/api/session", timeout=2.0)
            return server
        except httpx2.TransportError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError(f"the server did not answer in {START_TIMEOUT:g} s:\n{server.log_tail()}")


@contextmanager
def running_server(database_url: str, log: Path) -> Iterator[ServerProcess]:
    """A started server (see :func:`start_server`), stopped afterwards."""
    server = start_server(database_url, log)
    try:
        yield server
    finally:
        server.stop()


def member_address(number: int) -> str:
    """The made-up client address of simulated member ``number`` (from 0)."""
    return f"10.77.{number // 250}.{number % 250 + 1}"


async def logged_in_client(
    base_url: str, login: str, number: int, *, password: str = PASSWORD, timeout: float = 30.0
) -> httpx2.AsyncClient:
    """An HTTP client logged in as ``login`` through ``POST /api/session``: it
    carries the session cookie, the CSRF token in ``X-CSRF-Token`` on every
    request and member ``number``'s address in ``X-Forwarded-For``. Raises
    :class:`RuntimeError` when the login is refused."""
    client = httpx2.AsyncClient(
        base_url=base_url,
        timeout=timeout,
        headers={"X-Forwarded-For": member_address(number)},
    )
    answer = await client.post("/api/session", json={"login": login, "password": password})
    if answer.status_code != 200:
        await client.aclose()
        raise RuntimeError(f"{login} could not log in: {answer.status_code} {answer.text[:300]}")
    client.headers["X-CSRF-Token"] = answer.json()["csrf_token"]
    return client


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Spans (code points, end exclusive) of one, two or three whole sentences of ``text``."""
    ends = [i + 1 for i, char in enumerate(text) if char in ".?!"]
    starts = []
    for end in [0, *ends[:-1]]:
        start = end
        while start < len(text) and (text[start].isspace() or text[start] in ".?!"):
            start += 1
        starts.append(start)
    return [
        (starts[i], ends[i + length - 1])
        for length in (1, 2, 3)
        for i in range(len(ends) - length + 1)
        if starts[i] < ends[i + length - 1]
    ]
