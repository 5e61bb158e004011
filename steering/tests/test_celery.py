"""A real Celery worker takes work from the broker that the settings choose.

Without REDIS_URL that is kombu's filesystem transport, which needs no server; on CI's second
run, REDIS_URL is set and the same test goes through Redis.
"""

import os
import subprocess
import sys
import threading
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]


def test_celery_worker_runs_a_task_from_the_configured_broker(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "steering.settings", "DEBUG": "1", "VAR_DIR": str(tmp_path)}
    env.pop("CELERY_TASK_ALWAYS_EAGER", None)
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "steering",
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            "--without-mingle",
            "--without-gossip",
            "--queues",
            f"test-{tmp_path.name}",
        ],
        cwd=PROJECT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        sender = subprocess.run(
            [
                sys.executable,
                "-c",
                "import django; django.setup(); from steering.celery import app; "
                f"print(app.send_task('celery.backend_cleanup', queue='test-{tmp_path.name}').id)",
            ],
            cwd=PROJECT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        task_id = sender.stdout.strip()
        seen: list[str] = []
        succeeded = threading.Event()

        def watch():
            for line in worker.stdout:
                seen.append(line)
                if f"[{task_id}] succeeded" in line:
                    succeeded.set()

        threading.Thread(target=watch, daemon=True).start()
        assert succeeded.wait(timeout=60), "".join(seen[-30:])
    finally:
        worker.terminate()
        worker.wait(timeout=30)

    if not os.environ.get("REDIS_URL"):
        # kombu's exchange tables go under VAR_DIR, not into ./control inside the project.
        assert (tmp_path / "celery" / "control" / f"test-{tmp_path.name}.exchange").is_file()
