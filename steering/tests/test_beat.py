"""Celery beat, as `make run` starts it beside the worker and the web server, on a fresh VAR_DIR.

The processes are started with the very commands `make run` uses, read from `make --dry-run`.
Without REDIS_URL the broker is kombu's filesystem transport; on CI's second run REDIS_URL is set,
and beat, which used to die at start there, must start and stay up all the same.
"""

import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from celery.beat import PersistentScheduler
from django.conf import settings

PROJECT = Path(__file__).resolve().parents[2]


class Output:
    """A process's output, read as it comes, for a test to wait on without sleeping."""

    def __init__(self, stream):
        self.lines: list[str] = []
        self.ended = False
        self._changed = threading.Condition()
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream):
        for line in stream:
            with self._changed:
                self.lines.append(line)
                self._changed.notify_all()
        with self._changed:
            self.ended = True
            self._changed.notify_all()

    def wait_for(self, text: str, timeout: float = 60) -> bool:
        """Whether a line with this text came, before the output ended or the time ran out."""

        def seen() -> bool:
            return any(text in line for line in self.lines)

        with self._changed:
            self._changed.wait_for(lambda: self.ended or seen(), timeout)
            return seen()

    def wait_for_end(self, timeout: float = 60) -> bool:
        with self._changed:
            return self._changed.wait_for(lambda: self.ended, timeout)

    def __str__(self) -> str:
        with self._changed:
            return "".join(self.lines)


@dataclass
class Run:
    process: subprocess.Popen
    output: Output


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start_run(var_dir: Path, database: Path) -> Run:
    """`make run`'s three processes, started as its recipe starts them once the demo is loaded."""
    port = _free_port()
    dry_run = subprocess.run(
        ["make", "--dry-run", "--no-print-directory", "run", f"PORT={port}"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    recipe = dry_run.stdout[dry_run.stdout.index("trap ") :]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "steering.settings",
        "DEBUG": "1",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "VAR_DIR": str(var_dir),
        # The web server only checks for migrations, in a database of its own.
        "DATABASE_URL": f"sqlite:///{database}",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("CELERY_TASK_ALWAYS_EAGER", None)
    process = subprocess.Popen(
        ["/bin/bash", "-c", recipe],
        cwd=PROJECT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        # The recipe ends with `kill 0`, which must stop its own processes and not pytest.
        start_new_session=True,
    )
    return Run(process, Output(process.stdout))


def _stop(run: Run) -> None:
    """Stop what is left of the run at once: these tests need no graceful shutdown."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(run.process.pid, signal.SIGKILL)
    run.process.wait(timeout=30)
    run.output.wait_for_end(timeout=30)


def test_run_beat_starts_stays_up_and_schedules_the_reminder_sweep(tmp_path):
    schedule = tmp_path / "var" / "celery" / "beat-schedule"
    run = _start_run(tmp_path / "var", tmp_path / "db.sqlite3")
    try:
        # Beat logs this once it has opened its schedule and saved it, the step it used to die at.
        assert run.output.wait_for(f"Beat is running; its schedule in {schedule} holds: "), str(run.output)
        assert run.output.wait_for(" ready."), str(run.output)
        assert run.output.wait_for("Quit the server with"), str(run.output)

        assert run.process.poll() is None, str(run.output)
        assert [line for line in run.output.lines if line.startswith("make run:")] == []
    finally:
        _stop(run)

    [beat_running] = [line for line in run.output.lines if "Beat is running" in line]
    scheduled = beat_running.split(" holds: ")[1].strip().split(", ")
    assert [name for name in scheduled if name in settings.CELERY_BEAT_SCHEDULE] == [
        "clear-expired-sessions",
        "resume-circulations",
        "resume-digests",
        "send-reminders",
        "send-waiting-notices",
    ]


def test_run_stops_saying_so_when_beat_cannot_start(tmp_path):
    schedule = tmp_path / "var" / "celery" / "beat-schedule"
    # A folder at every name the schedule's files may take: beat can neither open nor remove it.
    for suffix in PersistentScheduler.known_suffixes:
        Path(f"{schedule}{suffix}").mkdir(parents=True)
    run = _start_run(tmp_path / "var", tmp_path / "db.sqlite3")
    try:
        returncode = run.process.wait(timeout=60)
    finally:
        _stop(run)

    assert returncode != 0
    assert [line for line in run.output.lines if line.startswith("make run:")] == [
        "make run: Celery beat stopped (exit status 1).\n",
        "make run: stopping the others.\n",
    ]
    assert f"Removing corrupted schedule file '{schedule}'" in str(run.output)


def test_beat_with_var_dir_under_a_file_exits_naming_var_dir(tmp_path):
    (tmp_path / "file").write_text("")
    var_dir = tmp_path / "file" / "var"
    # As README's "Deploying on several machines" runs it: DEBUG off, beat on its own.
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "steering.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "VAR_DIR": str(var_dir),
    }

    result = subprocess.run(
        [sys.executable, "-m", "celery", "-A", "steering", "beat", "--loglevel=INFO"],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == (
        "django.core.exceptions.ImproperlyConfigured: VAR_DIR must be a folder this service can write to: "
        f"[Errno 20] Not a directory: '{var_dir / 'celery'}'"
    )
