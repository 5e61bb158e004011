"""Load benchmark: the heavy pages beside the bare base template, under locust, against gunicorn.

Run with `make bench-load`. On PostgreSQL only (BENCH_LOAD_DATABASE_URL, by default the database
steering_bench at 127.0.0.1, made if missing), with the large dataset of
reminders_and_action_log.py seeded once, and in its largest group a held meeting of 30 items
(minutes_pdf.py's long agenda) whose minutes are being written. Then gunicorn with DEBUG off on a
free port of 127.0.0.1, and locust, headless, with a fixed number of requests to each page:

- minimal: /bench/minimal/, the base template alone for a signed-in person (benchmarks/urls.py);
- meeting page and minutes editor of that meeting;
- action log of that group;
- "My work" of the person with the most actions;
- the agenda pack (the PDF, streamed from the file store) of that meeting;
- search results for a word found in thousands of actions;
- the group's public minutes (the group made public, with 24 meetings' minutes published);
- the group's settings page.

It prints the median and 95th percentile of each page and their ratio to the minimal page's, and
writes them with the machine to benchmarks/results/load.md. It fails if any request failed or
answered other than 200, or if any page got fewer requests than asked.
"""

import argparse
import datetime
import json
import math
import os
import platform
import secrets
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "benchmarks" / "var"
RESULTS = ROOT / "benchmarks" / "results"
TARGETS_FILE = VAR / "load-targets.json"
TIMINGS_FILE = VAR / "load-timings.json"
VENV_BIN = Path(sys.executable).parent
DATABASE_URL = os.environ.get("BENCH_LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/steering_bench")
# Set on two people of the benchmark's own database, for locust to sign in with.
PASSWORD = "bench-load-sign-in-2026"  # noqa: S105
MEETING_PLACE = "Load benchmark"
PAGES = [
    "minimal",
    "meeting page",
    "minutes editor",
    "action log",
    "my work",
    "agenda pack",
    "search",
    "public minutes",
    "group settings",
]
# A page's HTML may be no larger than this (the agenda pack is a PDF, not HTML).
MAX_HTML_BYTES = 250 * 1024
PUBLIC_PLACE = "Load benchmark, published"


# Seeding: in its own process, so that Django is set up only there --------------------------------


def seed() -> None:
    os.environ["BENCH_DATABASE_URL"] = DATABASE_URL
    import reminders_and_action_log as dataset  # sets Django up on DATABASE_URL
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    dataset.seed()
    prepare()


def prepare() -> None:
    """The meeting, the two people's password, and what locust is to request, in TARGETS_FILE."""
    # minutes_pdf names its own SQLite database at import, too late to change anything: Django is
    # already set up, on PostgreSQL, by reminders_and_action_log in seed().
    import minutes_pdf
    from django.contrib.auth.hashers import check_password
    from django.db import transaction
    from django.db.models import Count
    from django.urls import reverse
    from django.utils import timezone

    from actions import selectors as action_selectors
    from actions.models import Action
    from meetings import services
    from meetings.enums import AttendanceStatus
    from workstreams.enums import Role
    from workstreams.models import Group, Membership

    group = (
        Group.objects.filter(slug__startswith="bench-group-")
        .annotate(size=Count("actions"))
        .order_by("-size", "pk")
        .first()
    )
    seat = Membership.objects.filter(group=group, role=Role.SECRETARIAT).select_related("person").order_by("pk").first()
    secretariat = seat.person
    meeting = group.meetings.filter(place_en=MEETING_PLACE).first()
    if meeting is None:
        with transaction.atomic():
            meeting = services.create_meeting(
                group,
                starts_at=timezone.make_aware(datetime.datetime(2026, 2, 2, 10)),
                place_en=MEETING_PLACE,
                place_cy="Meincnod llwyth",
            )
            minutes_pdf.add_long_agenda(meeting, owner=seat.organisation, by=secretariat)
            services.issue_agenda(meeting)
            services.mark_held(meeting, by=secretariat)
            members = Membership.objects.current(meeting.starts_at.date()).filter(group=group).order_by("pk")
            services.record_attendance(
                meeting,
                [
                    {
                        "membership": membership,
                        "status": AttendanceStatus.APOLOGIES if n % 7 == 0 else AttendanceStatus.PRESENT,
                    }
                    for n, membership in enumerate(members)
                ],
                by=secretariat,
            )
    from meetings.models import Circulation
    from meetings.pack import save_pack

    meeting.refresh_from_db()
    if not meeting.pack:
        save_pack(meeting)  # no worker runs while seeding: the pack is built here
    if not group.minutes_are_public:
        group.minutes_are_public = True
        group.save(update_fields=["minutes_are_public"])
    published = Circulation.objects.filter(minutes__meeting__group=group).count()
    for n in range(published, 24):
        with transaction.atomic():
            publish_one(group, secretariat, n)
    worker = busiest_person()
    for person in {secretariat, worker}:
        if not check_password(PASSWORD, person.password):
            person.set_password(PASSWORD)
            person.save(update_fields=["password"])
    today = timezone.localdate()
    targets = {
        "password": PASSWORD,
        "secretariat": secretariat.email,
        "worker": worker.email,
        "minimal_url": "/bench/minimal/",  # benchmarks/urls.py; not among the service's URLs
        "meeting_url": reverse("meetings:meeting", args=[meeting.pk]),
        "minutes_url": reverse("meetings:minutes_edit", args=[meeting.pk]),
        "log_url": reverse("actions:log", args=[group.slug]),
        "my_work_url": reverse("actions:my_work"),
        "pack_url": reverse("meetings:pack", args=[meeting.pk]),
        "search_url": reverse("actions:search") + "?q=paper",
        "public_url": reverse("meetings:public", args=[group.slug]),
        "settings_url": reverse("workstreams:group_settings", args=[group.slug]),
        "group": group.slug,
        "group_actions": group.actions.count(),
        "group_members": Membership.objects.current().filter(group=group).count(),
        "meeting_items": meeting.items.count(),
        "meeting_actions": Action.objects.filter(item__meeting=meeting).count(),
        "meeting_attendance": meeting.attendance.count(),
        "worker_actions": action_selectors.actions_for_person(worker, today).count(),
        "worker_open_actions": action_selectors.actions_for_person(worker, today)
        .filter(status__in=["open", "in_progress"])
        .count(),
        "dataset_actions": Action.objects.count(),
    }
    TARGETS_FILE.write_text(json.dumps(targets, indent=2))
    # The planner's statistics, and the search indexes' pending entries merged, as autovacuum keeps
    # them in production (a machine may run PostgreSQL with autovacuum off, as this one does):
    # without statistics the planner guessed thousands of rows for a dozen.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def publish_one(group, secretariat, n: int) -> None:
    """A past meeting of three items, its minutes approved in both languages by the chair and
    published (its copies wait for a worker that the benchmark does not run)."""
    from django.utils import timezone

    from meetings import circulation, services
    from workstreams.enums import Role
    from workstreams.models import Membership

    chair = Membership.objects.filter(group=group, role=Role.CHAIR).select_related("person").first()
    if chair is None:  # the seeded groups have none: a member takes the chair
        chair = Membership.objects.filter(group=group, role=Role.MEMBER).select_related("person").order_by("pk").first()
        chair.role = Role.CHAIR
        chair.save(update_fields=["role"])
    approver = chair.person
    meeting = services.create_meeting(
        group,
        starts_at=timezone.make_aware(datetime.datetime(2024, 1, 10, 10)) + datetime.timedelta(days=30 * n),
        place_en=PUBLIC_PLACE,
        place_cy="Meincnod llwyth, cyhoeddwyd",
    )
    items = [
        services.add_item(meeting, title_en=f"Item {k} of meeting {n}", title_cy=f"Eitem {k} cyfarfod {n}")
        for k in range(1, 4)
    ]
    minutes = services.mark_held(meeting, by=secretariat)
    for item in items:
        services.save_item_minutes(
            item, minutes_en="The group noted the report.", minutes_cy="Nododd y grŵp yr adroddiad.", revision=0,
            by=secretariat,
        )  # fmt: skip
    services.submit_minutes(minutes, by=secretariat)
    services.approve_minutes(minutes, by=approver)
    circulation.publish_minutes(minutes, by=secretariat)


def busiest_person():
    """The person whose "My work" lists the most actions: by name, or through their organisation."""
    from django.db.models import Count

    from actions.models import Action
    from workstreams.enums import PARTICIPANT_ROLES
    from workstreams.models import Membership

    by_name = Counter(
        dict(Action.objects.exclude(owner_person=None).values_list("owner_person").annotate(n=Count("pk")))
    )
    by_seat = {
        (group_id, organisation_id): n
        for group_id, organisation_id, n in Action.objects.exclude(owner_organisation=None)
        .values_list("group_id", "owner_organisation_id")
        .annotate(n=Count("pk"))
    }
    totals = Counter(by_name)
    for person_id, group_id, organisation_id in (
        Membership.objects.current()
        .filter(role__in=PARTICIPANT_ROLES)
        .exclude(organisation=None)
        .values_list("person_id", "group_id", "organisation_id")
    ):
        totals[person_id] += by_seat.get((group_id, organisation_id), 0)
    person_id = min(totals, key=lambda pk: (-totals[pk], pk))
    return Membership.objects.filter(person_id=person_id).select_related("person").first().person


# The run ------------------------------------------------------------------------------------------


def database_parts() -> dict:
    import dj_database_url

    parts = dj_database_url.parse(DATABASE_URL)
    if parts["ENGINE"] != "django.db.backends.postgresql":
        sys.exit(f"The load benchmark runs on PostgreSQL only, not {parts['ENGINE']}")
    if parts["HOST"] not in ("127.0.0.1", "localhost", ""):
        sys.exit(f"The load benchmark's database must be on this machine, not {parts['HOST']}")
    return parts


def ensure_database() -> str:
    """Makes the benchmark's database if it is missing; answers PostgreSQL's version."""
    import psycopg2

    parts = database_parts()
    connection = psycopg2.connect(
        dbname="postgres",
        user=parts["USER"],
        password=parts["PASSWORD"] or None,
        host=parts["HOST"] or "127.0.0.1",
        port=parts["PORT"] or 5432,
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [parts["NAME"]])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{parts["NAME"]}"')
            print(f"made the database {parts['NAME']}")
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    connection.close()
    return version


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_environment() -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
        "PYTHONPATH": str(ROOT),
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": DATABASE_URL,
        "VAR_DIR": str(VAR),
        "LOG_LEVEL": "WARNING",
    }


def wait_for(url: str, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn stopped (exit {server.returncode}); see {VAR / 'gunicorn.log'}")
        try:
            with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (our own 127.0.0.1)
                if response.status == 200:
                    return
        except OSError:  # refused while gunicorn starts, or a worker still loading the service
            pass
        time.sleep(0.5)
    sys.exit(f"gunicorn did not answer {url} within {seconds:.0f} s")


def percentile(values: list[float], fraction: float) -> float:
    """Nearest rank: the smallest value at or above that fraction of the values."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def machine(postgres_version: str, workers: int) -> dict:
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor(),
    )
    memory_kib = next(
        int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")
    )
    versions = {}
    for tool in ("gunicorn", "locust"):
        output = subprocess.run(  # noqa: S603
            [str(VENV_BIN / tool), "--version"], capture_output=True, text=True, check=True
        ).stdout
        versions[tool] = output.split()[1] if tool == "locust" else output.split()[-1].strip("()")
    return {
        "cores": os.cpu_count(),
        "cpu": model,
        "memory": f"{memory_kib / 2**20:.0f} GiB",
        "Python": platform.python_version(),
        "PostgreSQL": postgres_version.split()[0],
        "gunicorn": f"{versions['gunicorn']}, {workers} sync workers",
        "locust": versions["locust"],
    }


def run(users: int, rounds: int, workers: int, time_limit: int) -> int:
    # Other work on the machine slows the pages and the bare page alike; this says how much there was.
    load_before = os.getloadavg()[0]
    VAR.mkdir(parents=True, exist_ok=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    postgres_version = ensure_database()
    print("seeding (once) and preparing the meeting …", flush=True)
    seed_environment = {**os.environ, "DATABASE_URL": DATABASE_URL}
    subprocess.run([sys.executable, __file__, "seed"], check=True, env=seed_environment)  # noqa: S603
    targets = json.loads(TARGETS_FILE.read_text())
    environment = server_environment()
    subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "manage.py"), "collectstatic", "--noinput", "--verbosity", "0"],
        check=True,
        env=environment,
        cwd=ROOT,
    )
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = (VAR / "gunicorn.log").open("w")
    server = subprocess.Popen(  # noqa: S603
        [
            str(VENV_BIN / "gunicorn"),
            "steering.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--chdir",
            str(ROOT),
            "--no-control-socket",  # gunicorn's default socket is one per home folder, shared
        ],
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for(f"{base}/sign-in/", server)
        TIMINGS_FILE.unlink(missing_ok=True)
        print(f"locust: {users} users × {rounds} rounds of {len(PAGES)} pages against {base}", flush=True)
        started = time.monotonic()
        locust = subprocess.run(  # noqa: S603
            [
                str(VENV_BIN / "locust"),
                "--locustfile",
                str(ROOT / "benchmarks" / "locustfile.py"),
                "--headless",
                "--users",
                str(users),
                "--spawn-rate",
                str(users),
                "--run-time",
                f"{time_limit}s",
                "--stop-timeout",
                "10",
                "--host",
                base,
                "--only-summary",
                "--csv",
                str(RESULTS / "load"),
            ],
            env={
                **os.environ,
                "BENCH_TARGETS": str(TARGETS_FILE),
                "BENCH_ROUNDS": str(rounds),
                "BENCH_TIMINGS": str(TIMINGS_FILE),
            },
            cwd=ROOT,
        )
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
    host = machine(postgres_version, workers)
    host["load average (1 min) before the run"] = f"{load_before:.1f}"
    return report(targets, locust.returncode, elapsed, users, rounds, host)


def report(targets: dict, locust_exit: int, elapsed: float, users: int, rounds: int, host: dict) -> int:
    result = json.loads(TIMINGS_FILE.read_text()) if TIMINGS_FILE.exists() else None
    failures = []
    if locust_exit != 0:
        failures.append(f"locust exited {locust_exit}")
    if result is None:
        failures.append("locust wrote no timings")
        result = {"timings": {}, "statuses": {}, "problems": [], "finished_users": 0}
    failures += result["problems"][:20]
    for name, counts in result["statuses"].items():
        expected = "302" if name == "sign-in" else "200"
        unexpected = {status: n for status, n in counts.items() if status != expected}
        if unexpected and name != "sign-in form":
            failures.append(f"{name}: answers other than {expected}: {unexpected}")
    wanted = users * rounds
    for name in PAGES:
        got = len(result["timings"].get(name, []))
        if got != wanted:
            failures.append(f"{name}: {got} requests, not {wanted} (time limit reached?)")
    rows = []
    if not failures:
        base = result["timings"]["minimal"]
        base_median, base_p95 = statistics.median(base), percentile(base, 0.95)
        for name in PAGES:
            values = result["timings"][name]
            median, p95 = statistics.median(values), percentile(values, 0.95)
            size = max(result.get("sizes", {}).get(name, [0]))
            rows.append((name, len(values), median, p95, median / base_median, p95 / base_p95, size))
            if name != "agenda pack" and size > MAX_HTML_BYTES:
                failures.append(f"{name}: {size / 1024:.0f} KB of HTML, more than {MAX_HTML_BYTES // 1024} KB")
    total = sum(len(v) for k, v in result["timings"].items())
    lines = [
        f"# Load benchmark, {datetime.date.today().isoformat()}",
        "",
        "| machine | |",
        "| --- | --- |",
        *(f"| {key} | {value} |" for key, value in host.items()),
        f"| load | locust, {users} users, each {rounds} rounds of the {len(PAGES)} pages in shuffled order, "
        f"no wait; {wanted} requests a page |",
        f"| run | {total} requests in {elapsed:.0f} s ({total / elapsed:.0f} a second), "
        f"{'no failures' if not failures else 'FAILED'} |",
        "",
        f"Dataset: {targets['dataset_actions']:,} actions; group {targets['group']}: "
        f"{targets['group_actions']} actions, "
        f"{targets['group_members']} members; meeting of {targets['meeting_items']} items with "
        f"{targets['meeting_actions']} actions, {targets['meeting_attendance']} attendance rows, minutes in draft; "
        f'"My work" of {targets["worker"]}: {targets["worker_actions"]} actions '
        f"({targets['worker_open_actions']} open).",
        "",
    ]
    if rows:
        lines += [
            "| page | requests | median (ms) | 95th percentile (ms) | median ÷ minimal | 95th ÷ minimal | size (KB) |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
            *(
                f"| {name} | {count} | {median:.1f} | {p95:.1f} | {ratio_median:.1f} | {ratio_p95:.1f} | "
                f"{size / 1024:.0f}{' (PDF)' if name == 'agenda pack' else ''} |"
                for name, count, median, p95, ratio_median, ratio_p95, size in rows
            ),
        ]
    else:
        lines += ["Failures:", "", *(f"- {failure}" for failure in failures)]
    text = "\n".join(lines) + "\n"
    (RESULTS / "load.md").write_text(text)
    print()
    print(text)
    print(f"written to {RESULTS / 'load.md'}")
    return 1 if failures else 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("step", nargs="?", choices=["run", "seed"], default="run")
    parser.add_argument("--users", type=int, default=int(os.environ.get("BENCH_USERS", 5)))
    parser.add_argument("--rounds", type=int, default=int(os.environ.get("BENCH_ROUNDS", 20)))
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--time-limit", type=int, default=1200, help="seconds; the run fails if it is reached")
    arguments = parser.parse_args()
    if arguments.step == "seed":
        seed()
    else:
        sys.exit(run(arguments.users, arguments.rounds, arguments.workers, arguments.time_limit))
