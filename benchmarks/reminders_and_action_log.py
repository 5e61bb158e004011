"""Seeds a large dataset and times the reminder sweep and the action log page.

Run with `make bench`. The data goes into its own database (benchmarks/var/bench.sqlite3, or
BENCH_DATABASE_URL for PostgreSQL), never the development one; it is seeded once and reused.

Sizes: 200 groups, 10,000 people, 100,000 actions, 2,000 feedback requests.
"""

import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
(ROOT / "benchmarks" / "var").mkdir(parents=True, exist_ok=True)
os.environ["DJANGO_SETTINGS_MODULE"] = "steering.settings"
os.environ.setdefault("DEBUG", "1")
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", f"sqlite:///{ROOT / 'benchmarks' / 'var' / 'bench.sqlite3'}"
)
os.environ["VAR_DIR"] = str(ROOT / "benchmarks" / "var")

import django

django.setup()

from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actions import reminders
from actions.models import Action, FeedbackRequest, ReminderSent
from steering.models import Person
from workstreams.enums import GroupKind, OrganisationKind, Role
from workstreams.models import Group, Membership, Organisation

GROUPS, PEOPLE, ACTIONS, REQUESTS = 200, 10_000, 100_000, 2_000
TODAY = datetime.date(2026, 3, 2)


def seed() -> None:
    if Group.objects.filter(slug="bench-group-0").exists():
        print("dataset already seeded")
        return
    random.seed(2022)
    start = time.perf_counter()
    with transaction.atomic():
        organisations = Organisation.objects.bulk_create(
            Organisation(name_en=f"Organisation {n}", name_cy=f"Sefydliad {n}", kind=OrganisationKind.LOCAL_AUTHORITY)
            for n in range(300)
        )
        groups = Group.objects.bulk_create(
            Group(
                name_en=f"Group {n}", name_cy=f"Grŵp {n}", slug=f"bench-group-{n}", kind=GroupKind.TASK_AND_FINISH_GROUP
            )
            for n in range(GROUPS)
        )
        people = Person.objects.bulk_create(
            Person(
                email=f"person{n}@bench.example.org",
                full_name=f"Person {n}",
                password="!",
                preferred_language=random.choice(["cy", "en"]),
            )
            for n in range(PEOPLE)
        )
        memberships = []
        for index, person in enumerate(people):
            for group in random.sample(groups, 2):
                role = Role.SECRETARIAT if index < GROUPS and group is groups[index] else Role.MEMBER
                memberships.append(
                    Membership(
                        person=person,
                        group=group,
                        organisation=random.choice(organisations),
                        role=role,
                        start_date=datetime.date(2020, 1, 1),
                    )
                )
        for index, group in enumerate(groups):  # one secretariat per group
            memberships.append(
                Membership(
                    person=people[index],
                    group=group,
                    role=Role.SECRETARIAT,
                    organisation=organisations[0],
                    start_date=datetime.date(2020, 1, 1),
                )
            )
        Membership.objects.bulk_create(memberships, batch_size=5000, ignore_conflicts=True)
        seats = list(Membership.objects.values_list("group_id", "person_id", "organisation_id"))
        actions = []
        for n in range(ACTIONS):
            group_id, person_id, organisation_id = random.choice(seats)
            owned_by_person = random.random() < 0.5
            actions.append(
                Action(
                    group_id=group_id,
                    text_en=f"Action {n}: send the paper to the group",
                    text_cy=f"Cam gweithredu {n}: anfon y papur at y grŵp",
                    owner_person_id=person_id if owned_by_person else None,
                    owner_organisation_id=None if owned_by_person else organisation_id,
                    due_date=TODAY + datetime.timedelta(days=random.randint(-60, 60)),
                    status=random.choice(["open", "open", "in_progress", "done", "dropped"]),
                )
            )
        Action.objects.bulk_create(actions, batch_size=5000)
        FeedbackRequest.objects.bulk_create(
            (
                FeedbackRequest(
                    group=random.choice(groups),
                    title_en=f"Request {n}",
                    title_cy=f"Cais {n}",
                    question_en="?",
                    deadline=TODAY + datetime.timedelta(days=random.randint(-20, 20)),
                    created_by=people[0],
                )
                for n in range(REQUESTS)
            ),
            batch_size=2000,
        )
    print(f"seeded in {time.perf_counter() - start:.1f} s")


def time_sweep() -> dict:
    settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
    with CaptureQueriesContext(connection) as dry:
        start = time.perf_counter()
        result = reminders.sweep(TODAY, dry_run=True)
        collect_seconds = time.perf_counter() - start
    ReminderSent.objects.filter(day=TODAY).delete()
    start = time.perf_counter()
    sent = reminders.sweep(TODAY, send_now=True)
    send_seconds = time.perf_counter() - start
    ReminderSent.objects.filter(day=TODAY).delete()
    return {
        "people with reminders": len(result.lines),
        "sweep without sending (s)": round(collect_seconds, 2),
        "sweep queries": len(dry.captured_queries),
        "sweep sending every digest (s)": round(send_seconds, 2),
        "digests sent": sent.emails,
    }


def time_action_log() -> dict:
    group = max(Group.objects.filter(slug__startswith="bench-"), key=lambda g: g.actions.count())
    secretariat = Membership.objects.filter(group=group, role=Role.SECRETARIAT).first().person
    client = Client()
    client.force_login(secretariat)
    url = reverse("actions:log", args=[group.slug])
    timings = []
    for params in [{}] * 20 + [{"overdue": "on"}] * 10 + [{"sort": "-due", "page": "3"}] * 10:
        start = time.perf_counter()
        response = client.get(url, params, HTTP_HOST="127.0.0.1")
        timings.append(time.perf_counter() - start)
        assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as queries:
        client.get(url, HTTP_HOST="127.0.0.1")
    return {
        "actions in the group": group.actions.count(),
        "action log median (ms)": round(statistics.median(timings) * 1000, 1),
        "action log p95 (ms)": round(sorted(timings)[int(len(timings) * 0.95) - 1] * 1000, 1),
        "action log queries": len(queries.captured_queries),
    }


if __name__ == "__main__":
    call_command("migrate", verbosity=0)
    seed()
    print(
        f"database: {connection.vendor}; {Action.objects.count()} actions, {Person.objects.count()} people, "
        f"{Group.objects.count()} groups, {FeedbackRequest.objects.count()} feedback requests"
    )
    for name, value in {**time_sweep(), **time_action_log()}.items():
        print(f"{name}: {value}")
