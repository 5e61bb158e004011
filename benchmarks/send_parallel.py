"""``make bench-send``: minutes circulated to 1,000 members by 1 worker, then by 4, on PostgreSQL
and Redis, through an SMTP server that takes 0.1 s a message (a relay across a network). Each copy
is its own task, so the 4 workers share the work: the figure to look at is the ratio.

Each worker runs one process (``--concurrency 1``), so that "4 workers" means 4 senders, as 4
machines would be. Prints the seconds from publishing to the last copy received, and the ratio."""

import datetime
import os
import sys
import tempfile
import time
import uuid
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.cluster import PYTHON, Cluster, Sink, flush_redis, fresh_database, run, wait_until

RECIPIENTS = int(os.environ.get("BENCH_SEND_RECIPIENTS", "1000"))
SMTP_SECONDS = float(os.environ.get("BENCH_SEND_SMTP_SECONDS", "0.1"))


def set_up(meetings: int) -> list[int]:
    """A group of ``RECIPIENTS`` members and ``meetings`` meetings whose minutes are approved."""
    from django.utils import timezone

    from meetings import services
    from steering.models import Notice, NoticeStatus, Person
    from workstreams.enums import GroupKind, Role
    from workstreams.models import Group, Membership

    group = Group.objects.create(
        name_en="Large group", name_cy="Grŵp mawr", slug="large", kind=GroupKind.STEERING_GROUP,
        purpose_en="To measure.", purpose_cy="Mesur.",
    )  # fmt: skip
    people = [
        Person(email=f"p{n:04d}@bench.example", full_name=f"Person {n:04d}", preferred_language="cy" if n % 2 else "en")
        for n in range(RECIPIENTS)
    ]
    for person in people:
        person.set_unusable_password()
    Person.objects.bulk_create(people)
    people = list(Person.objects.filter(email__endswith="@bench.example").order_by("email"))
    roles = [Role.SECRETARIAT, Role.CHAIR] + [Role.MEMBER] * (len(people) - 2)
    Membership.objects.bulk_create(
        Membership(person=p, group=group, role=role, start_date=datetime.date(2022, 1, 1))
        for p, role in zip(people, roles, strict=True)
    )
    secretariat, chair = people[0], people[1]
    ids = []
    for n in range(meetings):
        meeting = services.create_meeting(group, starts_at=timezone.now() - datetime.timedelta(days=10 + n))
        item = services.add_item(meeting, title_en="Progress", title_cy="Cynnydd")
        minutes = services.mark_held(meeting, by=secretariat)
        services.save_item_minutes(item, minutes_en="Noted.", minutes_cy="Nodwyd.", revision=0, by=secretariat)
        services.submit_minutes(minutes, by=secretariat)
        services.approve_minutes(minutes, by=chair)
        ids.append(meeting.pk)
    Notice.objects.filter(status=NoticeStatus.WAITING).update(status=NoticeStatus.SENT, sent_at=timezone.now())
    return ids


def circulate(meeting_id: int, sink: Sink) -> float:
    """Seconds from publishing to the last copy received."""
    from meetings import circulation, selectors
    from meetings.models import Meeting
    from steering.models import Person

    meeting = Meeting.objects.get(pk=meeting_id)
    before = sink.count("minutes")
    started = time.monotonic()
    circulation.publish_minutes(selectors.current_minutes(meeting), by=Person.objects.get(email="p0000@bench.example"))
    wait_until(lambda: sink.count("minutes") - before >= RECIPIENTS, timeout=3600, every=0.2, what="every copy")
    return time.monotonic() - started


def main() -> int:
    server_url = os.environ.get("REHEARSAL_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    redis_url = os.environ.get("REHEARSAL_REDIS_URL", "redis://127.0.0.1:6379/9")
    (ROOT / "var").mkdir(exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="bench-send-", dir=ROOT / "var"))
    with ExitStack() as stack:
        sink = Sink(delay=SMTP_SECONDS)
        port = sink.start()
        stack.callback(sink.stop)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "steering.settings",
            "DEBUG": "1",
            "SECRET_KEY": "bench-" + uuid.uuid4().hex,
            "DATABASE_URL": fresh_database(server_url, "steering_bench_send"),
            "REDIS_URL": redis_url,
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(port),
            "EMAIL_USE_TLS": "0",
            "VAR_DIR": str(work / "var"),
            "MEDIA_ROOT": str(work / "media"),
            "SITE_URL": "http://127.0.0.1",
        }
        flush_redis(redis_url)
        os.environ.update(env)
        run([PYTHON, "manage.py", "migrate", "--noinput"], env)
        import django

        django.setup()
        one, four = set_up(2)
        flush_redis(redis_url)
        results = {}
        for workers, meeting_id in ((1, one), (4, four)):
            cluster = Cluster(env, work / f"logs-{workers}")
            try:
                for n in range(workers):
                    cluster.worker(f"worker-{n + 1}", concurrency=1)
                results[workers] = circulate(meeting_id, sink)
            finally:
                cluster.stop()
            print(f"{RECIPIENTS} copies, {workers} worker(s): {results[workers]:.1f} s", flush=True)
    print(f"4 workers take {results[4] / results[1]:.2f} of the time of 1 (the aim: about 0.25)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
