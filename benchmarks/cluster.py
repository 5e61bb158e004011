"""Several machines on one: gunicorn web processes, Celery workers and beat, sharing PostgreSQL,
Redis, an S3-compatible server (moto) and an SMTP server, each its own process as on its own
machine. Used by ``make rehearse`` (``benchmarks/rehearse.py``) and ``make bench-send``.

Nothing here is imported by the service."""

import asyncio
import collections
import email
import hashlib
import os
import signal
import subprocess  # nosec B404: our own interpreter and tools, fixed arguments
import sys
import threading
import time
import urllib.request
from contextlib import ExitStack
from email import policy
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(check, *, timeout: float, every: float = 0.2, what: str = "") -> float:
    """Seconds it took ``check()`` to be true; raises when it is not within ``timeout``."""
    start = time.monotonic()
    while True:
        if check():
            return time.monotonic() - start
        if time.monotonic() - start > timeout:
            raise TimeoutError(f"not within {timeout:.0f} s: {what}")
        time.sleep(every)


class Sink:
    """An SMTP server that keeps count of what each address received, by kind (from the
    Message-ID: a copy of minutes, a digest, a notice). It can be slow, and refuse for a while
    a share of the addresses it sees for the first time (451: try again later), as relays do."""

    def __init__(self, *, delay: float = 0.0, refuse_share: float = 0.0):
        self.delay, self.refuse_share = delay, refuse_share
        self.received = collections.Counter()  # (kind, address) -> messages
        self.idents = collections.defaultdict(set)  # (kind, address) -> their Message-IDs
        self.refused = collections.Counter()
        self.first_seen: set[str] = set()
        self.lock = threading.Lock()
        self.controller = None

    def _refuses(self, address: str) -> bool:
        share = int(hashlib.sha256(address.encode()).hexdigest()[:8], 16) / 0xFFFFFFFF
        return share < self.refuse_share

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        with self.lock:
            first = address not in self.first_seen
            self.first_seen.add(address)
        if first and self._refuses(address):
            with self.lock:
                self.refused[address] += 1
            return "451 4.3.0 Busy: try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        ident = message.get("Message-ID", "")
        kind = "minutes" if "<minutes-delivery-" in ident else "digest" if "<digest-" in ident else "notice"
        with self.lock:
            for address in envelope.rcpt_tos:
                self.received[(kind, address)] += 1
                self.idents[(kind, address)].add(ident)
        return "250 Message accepted"

    def count(self, kind: str) -> int:
        with self.lock:
            return sum(n for (k, _a), n in self.received.items() if k == kind)

    def per_address(self, kind: str) -> dict[str, int]:
        """Each address's messages of ``kind``: different ones, a message taken again with the same
        Message-ID counted once, as mail programs show it (``repeated`` says how often that happened)."""
        with self.lock:
            return {a: len(idents) for (k, a), idents in self.idents.items() if k == kind}

    def repeated(self, kind: str) -> int:
        """Messages of ``kind`` taken again with a Message-ID already taken for the same address: a
        worker killed after the mail server took the message and before the database said so."""
        with self.lock:
            return sum(n - len(self.idents[(k, a)]) for (k, a), n in self.received.items() if k == kind)

    def start(self) -> int:
        import logging

        from aiosmtpd.controller import Controller

        logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd says every command at INFO

        self.controller = Controller(self, hostname="127.0.0.1", port=free_port())
        self.controller.start()
        return self.controller.port

    def stop(self) -> None:
        if self.controller:
            self.controller.stop()


class Cluster:
    """The processes of the rehearsal, each in its own session (a process group), so that killing
    one with SIGKILL takes its children with it, as a machine that is lost would."""

    def __init__(self, env: dict, logs: Path):
        self.env, self.logs = env, logs
        self.processes: dict[str, subprocess.Popen] = {}
        logs.mkdir(parents=True, exist_ok=True)

    def _start(self, name: str, command: list[str]) -> subprocess.Popen:
        log = (self.logs / f"{name}.log").open("ab")
        process = subprocess.Popen(  # noqa: S603  # nosec B603
            command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.processes[name] = process
        return process

    def web(self, name: str, port: int) -> str:
        self._start(
            name,
            [PYTHON, "-m", "gunicorn", "steering.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2",
             "--timeout", "120", "--graceful-timeout", "5"],
        )  # fmt: skip
        url = f"http://127.0.0.1:{port}"
        wait_until(lambda: _answers(f"{url}/health/"), timeout=60, what=f"{name} answering")
        return url

    def worker(self, name: str, *, concurrency: int = 2) -> None:
        self._start(
            name,
            [PYTHON, "-m", "celery", "-A", "steering", "worker", "--hostname", f"{name}@rehearsal",
             "--concurrency", str(concurrency), "--loglevel", "INFO", "--without-mingle", "--without-gossip"],
        )  # fmt: skip
        wait_until(
            lambda: "ready." in (self.logs / f"{name}.log").read_text(errors="replace"),
            timeout=60,
            what=f"{name} ready",
        )

    def beat(self, schedule: Path) -> None:
        self._start(
            "beat", [PYTHON, "-m", "celery", "-A", "steering", "beat", "--loglevel", "INFO", "-s", str(schedule)]
        )

    def kill(self, name: str) -> None:
        """``kill -9`` of the process and its children: the worker and its tasks are lost."""
        process = self.processes.pop(name)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)

    def stop(self) -> None:
        for process in self.processes.values():
            try:
                os.killpg(process.pid, signal.SIGTERM)
            except ProcessLookupError:
                continue
        for name, process in list(self.processes.items()):
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
            self.processes.pop(name)


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310  # nosec B310: loopback
            return response.status == 200
    except OSError:
        return False


def health(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(f"{url}/health/", timeout=10) as response:  # noqa: S310  # nosec B310
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()
    except OSError as error:
        return 0, str(error)


def fresh_database(server_url: str, name: str) -> str:
    """An empty PostgreSQL database ``name`` on the server of ``server_url``; its URL."""
    import psycopg2
    from psycopg2 import sql

    base = server_url.rsplit("/", 1)[0]
    connection = psycopg2.connect(f"{base}/postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    connection.close()
    return f"{base}/{name}"


def flush_redis(url: str) -> None:
    import redis

    redis.Redis.from_url(url).flushdb()


def run(command: list[str], env: dict) -> None:
    subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)  # noqa: S603  # nosec B603


__all__ = ["Cluster", "ExitStack", "Sink", "flush_redis", "free_port", "fresh_database", "health", "run", "wait_until"]
