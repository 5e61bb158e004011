"""``make rehearse``: a rehearsal of several machines, on one.

Starts two gunicorn web processes on different ports, two Celery workers and one beat, sharing
PostgreSQL, Redis, an S3-compatible server (moto) and an SMTP server that is slow and turns away 5 %
of addresses at first (451, try later; 0.3 s a message), then checks, as the issue asks:

1. a paper uploaded through web A downloads through web B, the same bytes, from the bucket;
2. minutes published through A reach every member once, although one worker is killed with
   ``kill -9`` after 52 copies;
3. the daily reminder sweep sends every digest once, although a worker is killed in the middle;
   ("once" for 2 and 3 counts different messages: a message taken again with the same
   Message-ID, by a worker killed after the mail server took it and before the database
   recorded it, is counted apart and shown, as mail programs show it once)
4. PostgreSQL restarted while people save minutes and answer a feedback request through both web
   processes: no save that was answered "saved" is lost, the service and the workers recover.

It prints what it checked with its timings, and exits non-zero when a check fails. It needs
PostgreSQL and Redis (``REHEARSAL_DATABASE_URL``, default the local server, a database
``steering_rehearsal`` made afresh; ``REHEARSAL_REDIS_URL``, default database 9 of the local Redis,
emptied) and a way to stop and start PostgreSQL (``REHEARSAL_PG_STOP``, ``REHEARSAL_PG_START``,
default ``pg_ctlcluster``).
"""

import datetime
import io
import os
import re
import shlex
import shutil
import subprocess  # nosec B404
import sys
import tempfile
import threading
import time
import uuid
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.cluster import (
    PYTHON,
    Cluster,
    Sink,
    flush_redis,
    free_port,
    fresh_database,
    health,
    run,
    wait_until,
)

MEMBERS = 169
PASSWORD = "rehearsal-" + uuid.uuid4().hex[:12]
KILL_AFTER_COPIES = 52
WITHIN = 5 * 60  # every email within 5 minutes of a lost worker
ANSWERING = 16


class Report:
    def __init__(self):
        self.lines, self.failed = [], False

    def check(self, ok: bool, text: str) -> bool:
        self.lines.append(("ok  " if ok else "FAIL") + " " + text)
        print(self.lines[-1], flush=True)
        self.failed |= not ok
        return ok

    def note(self, text: str) -> None:
        self.lines.append("     " + text)
        print(self.lines[-1], flush=True)


def pg_command(action: str) -> list[str]:
    """The command that stops or starts PostgreSQL: ``REHEARSAL_PG_STOP`` / ``REHEARSAL_PG_START``,
    else ``pg_ctlcluster`` on the machine's one cluster."""
    configured = os.environ.get(f"REHEARSAL_PG_{action.upper()}")
    if configured:
        return shlex.split(configured)
    versions = sorted(os.listdir("/etc/postgresql")) if os.path.isdir("/etc/postgresql") else []
    if not versions:
        raise SystemExit(f"Set REHEARSAL_PG_{action.upper()} to a command that {action}s PostgreSQL.")
    return ["pg_ctlcluster", "--skip-systemctl-redirect", versions[-1], "main", action]


def requeued(logs: Path) -> dict[str, int]:
    """What beat's resume jobs queued again, as the workers logged it."""
    found = {"circulations": 0, "copies": 0, "digests": 0}
    for log in logs.glob("worker-*.log"):
        text = log.read_text(errors="replace")
        for circulations, copies in re.findall(
            r"Queued again after a lost worker: (\d+) circulations, (\d+) copies", text
        ):
            found["circulations"] += int(circulations)
            found["copies"] += int(copies)
        found["digests"] += sum(int(n) for n in re.findall(r"Queued again after a lost worker: (\d+) digests", text))
    return found


# The group, as the secretariat would have it -------------------------------------------------


def set_up() -> dict:
    """A steering group of 169 members, minutes approved and ready to publish, a meeting whose
    minutes are being written, an overdue action for each member, and a feedback request open."""
    from django.utils import timezone

    from actions import services as action_services
    from actions.enums import AnswerPer
    from actions.models import Action
    from meetings import services
    from steering.models import Notice, NoticeStatus, Person
    from workstreams.enums import GroupKind, Role
    from workstreams.models import Group, Membership

    group = Group.objects.create(
        name_en="Rehearsal Steering Group",
        name_cy="Grŵp Llywio Ymarfer",
        slug="rehearsal",
        kind=GroupKind.STEERING_GROUP,
        purpose_en="To rehearse.",
        purpose_cy="Ymarfer.",
    )

    def person(email, name, language, *, password=False):
        made = Person(email=email, full_name=name, preferred_language=language)
        made.set_password(PASSWORD) if password else made.set_unusable_password()
        return made

    secretariat = person("secretariat@rehearsal.example", "Siân Secretariat", "cy", password=True)
    chair = person("chair@rehearsal.example", "Rhodri Chair", "en", password=True)
    members = [
        person(f"member-{n:03d}@rehearsal.example", f"Member {n:03d}", "cy" if n % 2 else "en", password=n < ANSWERING)
        for n in range(MEMBERS - 2)
    ]
    Person.objects.bulk_create([secretariat, chair, *members])
    people = {p.email: p for p in Person.objects.filter(email__endswith="@rehearsal.example")}
    seats = [(people[secretariat.email], Role.SECRETARIAT), (people[chair.email], Role.CHAIR)]
    seats += [(people[m.email], Role.MEMBER) for m in members]
    Membership.objects.bulk_create(
        Membership(person=p, group=group, role=role, start_date=datetime.date(2022, 1, 1)) for p, role in seats
    )
    secretariat, chair = people[secretariat.email], people[chair.email]
    now = timezone.now()
    to_publish = services.create_meeting(group, starts_at=now - datetime.timedelta(days=7))
    item = services.add_item(to_publish, title_en="Progress", title_cy="Cynnydd")
    minutes = services.mark_held(to_publish, by=secretariat)
    services.save_item_minutes(
        item, minutes_en="The group noted progress.", minutes_cy="Nododd y grŵp y cynnydd.", revision=0, by=secretariat
    )
    services.submit_minutes(minutes, by=secretariat)
    services.approve_minutes(minutes, by=chair)
    writing = services.create_meeting(group, starts_at=now - datetime.timedelta(days=1))
    budget = services.add_item(writing, title_en="Budget", title_cy="Cyllideb")
    services.mark_held(writing, by=secretariat)
    Action.objects.bulk_create(
        Action(
            group=group,
            text_en=f"Send the figures ({n})",
            text_cy=f"Anfon y ffigurau ({n})",
            owner_person=people[m.email],
            due_date=timezone.localdate() - datetime.timedelta(days=1),
            created_by=secretariat,
        )
        for n, m in enumerate(members)
    )
    feedback = action_services.create_feedback_request(
        group,
        organisations=[],
        by=secretariat,
        title_en="The draft plan",
        title_cy="Y cynllun drafft",
        question_en="What would you change?",
        question_cy="Beth fyddech chi'n ei newid?",
        deadline=timezone.localdate() + datetime.timedelta(days=14),
        answer_per=AnswerPer.PERSON,
    )
    # What setting up told people went before the rehearsal: it starts with nothing queued.
    Notice.objects.filter(status=NoticeStatus.WAITING).update(status=NoticeStatus.SENT, sent_at=now)
    return {
        "members": sorted(people),
        "owners": sorted(m.email for m in members),
        "answering": [m.email for m in members[:ANSWERING]],
        "to_publish": to_publish.pk,
        "writing": writing.pk,
        "budget": budget.pk,
        "feedback": feedback.pk,
    }


# A person at a browser ---------------------------------------------------------------------------


def sign_in(base: str, email: str):
    import requests

    session = requests.Session()
    page = session.get(f"{base}/sign-in/", timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)[1]
    answer = session.post(
        f"{base}/sign-in/",
        data={"username": email, "password": PASSWORD, "csrfmiddlewaretoken": token},
        timeout=30,
    )
    if "/sign-in/" in answer.url:
        raise RuntimeError(f"{email} could not sign in")
    return session


def post(session, url: str, data: dict, **kwargs):
    return session.post(
        url,
        data={**data, "csrfmiddlewaretoken": session.cookies.get("csrftoken", "")},
        headers={"X-CSRFToken": session.cookies.get("csrftoken", ""), **kwargs.pop("headers", {})},
        allow_redirects=False,
        timeout=30,
        **kwargs,
    )


# The checks -----------------------------------------------------------------------------------


def check_paper(report: Report, web_a: str, web_b: str, data: dict, bucket) -> None:
    from django.urls import reverse
    from pypdf import PdfWriter

    from meetings.models import Paper

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": f"Rehearsal paper {uuid.uuid4().hex}"})
    buffer = io.BytesIO()
    writer.write(buffer)
    content = buffer.getvalue()
    secretariat = sign_in(web_a, "secretariat@rehearsal.example")
    started = time.monotonic()
    answer = post(
        secretariat,
        web_a + reverse("meetings:paper_add", args=[data["writing"], data["budget"]]),
        {"title_en": "Figures", "title_cy": "Ffigurau"},
        files={"file_en": ("figures.pdf", content, "application/pdf")},
    )
    paper = Paper.objects.filter(item_id=data["budget"]).order_by("-pk").first()
    downloaded = b""
    if answer.status_code == 302 and paper is not None:
        # The same person's session, at the other web machine: sessions are in the database.
        response = secretariat.get(
            web_b + reverse("meetings:paper", args=[data["writing"], paper.pk, "en"]), timeout=30
        )
        downloaded = response.content if response.status_code == 200 else b""
    in_bucket = paper is not None and paper.file_en.name in bucket()
    report.check(
        downloaded == content and in_bucket,
        f"a paper uploaded through web A ({len(content)} bytes) downloads through web B, the same bytes, "
        f"from the bucket ({time.monotonic() - started:.1f} s)",
    )


def check_circulation(report: Report, cluster: Cluster, sink: Sink, web_a: str, data: dict) -> None:
    from django.urls import reverse

    from meetings.enums import DeliveryStatus
    from meetings.models import Delivery

    secretariat = sign_in(web_a, "secretariat@rehearsal.example")
    started = time.monotonic()
    answer = post(secretariat, web_a + reverse("meetings:minutes_publish", args=[data["to_publish"]]), {})
    if not report.check(answer.status_code == 302, "minutes published through web A"):
        return
    wait_until(lambda: sink.count("minutes") >= KILL_AFTER_COPIES, timeout=300, every=0.02, what="52 copies")
    cluster.kill("worker-1")
    killed = time.monotonic()
    report.note(f"worker-1 killed with SIGKILL after {sink.count('minutes')} copies ({killed - started:.1f} s)")
    expected = set(data["members"])
    try:
        took = wait_until(
            lambda: set(sink.per_address("minutes")) >= expected, timeout=WITHIN, every=1, what="every copy"
        )
    except TimeoutError:
        took = None
    time.sleep(5)  # anything sent twice would show now
    copies = sink.per_address("minutes")
    twice = sorted(address for address, count in copies.items() if count > 1)
    missing = sorted(expected - set(copies))
    sent = Delivery.objects.filter(circulation__minutes__meeting_id=data["to_publish"], status=DeliveryStatus.SENT)
    report.check(
        took is not None and not twice and not missing and sent.count() == len(expected),
        f"minutes reach every one of the {len(expected)} members once: the last "
        + (f"{took:.0f} s after the kill" if took is not None else "NOT within 5 minutes")
        + f"; sent twice: {len(twice)}; the same message again (same Message-ID): {sink.repeated('minutes')}"
        + f"; missing: {len(missing)}; turned away at first and retried: "
        f"{sum(1 for a in sink.refused if a in expected)}; "
        f"copies queued again by beat: {requeued(cluster.logs)['copies']}",
    )


def check_sweep(report: Report, cluster: Cluster, sink: Sink, data: dict) -> None:
    from actions.tasks import send_reminders

    started = time.monotonic()
    send_reminders.delay()
    wait_until(lambda: sink.count("digest") >= 40, timeout=300, every=0.02, what="40 digests")
    cluster.kill("worker-2")
    killed = time.monotonic()
    report.note(f"worker-2 killed with SIGKILL after {sink.count('digest')} digests ({killed - started:.1f} s)")
    expected = set(data["owners"])
    try:
        took = wait_until(
            lambda: set(sink.per_address("digest")) >= expected, timeout=WITHIN, every=1, what="every digest"
        )
    except TimeoutError:
        took = None
    time.sleep(5)
    digests = sink.per_address("digest")
    twice = sorted(address for address, count in digests.items() if count > 1)
    missing = sorted(expected - set(digests))
    report.check(
        took is not None and not twice and not missing,
        f"the reminder sweep reaches every one of the {len(expected)} owners once: the last "
        + (f"{took:.0f} s after the kill" if took is not None else "NOT within 5 minutes")
        + f"; sent twice: {len(twice)}; the same message again (same Message-ID): {sink.repeated('digest')}"
        + f"; missing: {len(missing)}; digests queued again by beat: "
        f"{requeued(cluster.logs)['digests']}",
    )


def check_database_restart(report: Report, sink: Sink, web_a: str, web_b: str, data: dict) -> None:
    from django.db import close_old_connections, connection
    from django.urls import reverse

    from actions.models import FeedbackResponse
    from meetings.models import AgendaItem

    webs = [web_a, web_b]
    secretariat = {web: sign_in(web, "secretariat@rehearsal.example") for web in webs}
    members = [(sign_in(webs[n % 2], email), webs[n % 2], email) for n, email in enumerate(data["answering"])]
    connection.close()
    item_url = reverse("meetings:item_minutes_save", args=[data["writing"], data["budget"]])
    feedback_url = reverse("actions:feedback", args=[data["feedback"]])
    saves, answers, healths = [], [], []
    state = {"revision": AgendaItem.objects.get(pk=data["budget"]).minutes_revision, "n": 0}
    connection.close()
    stop = threading.Event()

    def write_minutes():
        while not stop.is_set():
            state["n"] += 1
            web = webs[state["n"] % 2]
            text = f"Saved text {state['n']}"
            try:
                response = post(
                    secretariat[web],
                    web + item_url,
                    {
                        f"item-{data['budget']}-minutes_en": text,
                        f"item-{data['budget']}-minutes_cy": f"Testun {state['n']}",
                        f"item-{data['budget']}-revision": state["revision"],
                    },
                    headers={"Accept": "application/json"},
                )
                status = response.status_code
                body = response.json() if "json" in response.headers.get("Content-Type", "") else {}
            except Exception as error:  # noqa: BLE001 (a refused connection is an outcome here)
                status, body = 0, {"error": type(error).__name__}
            if status == 200:
                state["revision"] = body["revision"]
            elif status == 409 and "revision" in body:
                state["revision"] = body["revision"]  # as the page does: their text shown, saved again
            saves.append((time.monotonic(), status, text))
            time.sleep(0.2)

    def answer_feedback():
        for session, web, email in members:
            if stop.is_set():
                break
            text = f"An answer from {email}"
            try:
                status = post(
                    session, web + feedback_url, {"text": text, "text_language": "en", "seen": ""}
                ).status_code
            except Exception:  # noqa: BLE001
                status = 0
            answers.append((time.monotonic(), status, email, text))
            time.sleep(0.6)

    def watch_health():
        while not stop.is_set():
            healths.append((time.monotonic(), *health(web_a)))
            time.sleep(0.5)

    threads = [threading.Thread(target=f, daemon=True) for f in (write_minutes, answer_feedback, watch_health)]
    for thread in threads:
        thread.start()
    time.sleep(3)
    restart_started = time.monotonic()
    stopped = subprocess.run(pg_command("stop"), capture_output=True, text=True)  # noqa: S603  # nosec B603
    time.sleep(3)  # down for a few seconds, as a restart after a failure is
    started = subprocess.run(pg_command("start"), capture_output=True, text=True)  # noqa: S603  # nosec B603
    restart_done = time.monotonic()
    restarted = subprocess.CompletedProcess([], stopped.returncode or started.returncode)
    time.sleep(15)
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    during = [status for at, status, *_rest in saves + answers if restart_started <= at <= restart_done]
    report.note(
        f"PostgreSQL stopped and started again ({restart_done - restart_started:.1f} s down, exit "
        f"{restarted.returncode}) while {len(saves)} saves of the minutes and {len(answers)} feedback answers were "
        f"made through both web processes, {len(during)} of them while it was down"
    )
    close_old_connections()
    connection.close()
    item = AgendaItem.objects.get(pk=data["budget"])
    saved = [text for _at, status, text in saves if status == 200]
    failed_saves = [status for _at, status, _text in saves if status != 200]
    stored = dict(FeedbackResponse.objects.filter(request_id=data["feedback"]).values_list("text", "author__email"))
    answered = [(email, text) for _at, status, email, text in answers if status == 302]
    lost_answers = [email for email, text in answered if stored.get(text) != email]
    late = [status for at, status, *_rest in saves + answers if at > restart_done + 5]
    report.check(
        restarted.returncode == 0 and saved and item.minutes_en == saved[-1] and not lost_answers,
        f'nothing answered "saved" is lost: {len(saved)} saves of the minutes (the last is the item\'s text), '
        f"{len(answered)} answers all stored; {len(failed_saves)} saves and "
        f"{len(answers) - len(answered)} answers refused with an error while it restarted",
    )
    report.check(
        bool(late) and all(status in (200, 302) for status in late),
        f"after the restart every request succeeds ({len(late)} made from 5 s after it)",
    )
    outage = [status for _at, status, _body in healths if status == 503]
    report.check(
        health(web_a)[0] == 200 and health(web_b)[0] == 200,
        f"/health/ answers 200 on both web processes after it ({len(outage)} answers of 503 while it was down)",
    )
    # The workers recover too: a reminder to answer, sent now through them to those who have not.
    silent = next(email for email in data["owners"] if email not in data["answering"])
    before = sink.per_address("notice").get(silent, 0)
    chase = post(secretariat[web_a], web_a + reverse("actions:feedback_chase", args=[data["feedback"]]), {})
    try:
        took = wait_until(
            lambda: sink.per_address("notice").get(silent, 0) > before, timeout=120, every=0.5, what="a notice"
        )
    except TimeoutError:
        took = None
    report.check(
        chase.status_code == 302 and took is not None,
        "the workers recover: a reminder to answer, asked for after the restart, is sent "
        + (f"({took:.1f} s)" if took is not None else "(NOT within 2 minutes)"),
    )


def main() -> int:
    from steering.tests.s3server import client as s3_client
    from steering.tests.s3server import s3_server

    report = Report()
    began = time.monotonic()
    server_url = os.environ.get("REHEARSAL_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    redis_url = os.environ.get("REHEARSAL_REDIS_URL", "redis://127.0.0.1:6379/9")
    (ROOT / "var").mkdir(exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="rehearsal-", dir=ROOT / "var"))
    print(f"Rehearsal in {work} (logs in {work / 'logs'})", flush=True)
    with ExitStack() as stack:
        endpoint = stack.enter_context(s3_server())
        bucket_name = "rehearsal"
        s3 = s3_client(endpoint)
        s3.create_bucket(Bucket=bucket_name, CreateBucketConfiguration={"LocationConstraint": "eu-west-2"})
        sink = Sink(delay=0.3, refuse_share=0.05)
        smtp_port = sink.start()
        stack.callback(sink.stop)
        database_url = fresh_database(server_url, "steering_rehearsal")
        flush_redis(redis_url)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "steering.settings",
            "DEBUG": "1",
            "SECRET_KEY": "rehearsal-" + uuid.uuid4().hex,
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "STORAGE_URL": f"s3://{bucket_name}?endpoint_url={endpoint}&region_name=eu-west-2",
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_port),
            "EMAIL_USE_TLS": "0",
            "VAR_DIR": str(work / "var"),
            "MEDIA_ROOT": str(work / "media-never-written"),
            "SITE_URL": "http://127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
        }
        os.environ.update(env)
        run([PYTHON, "manage.py", "migrate", "--noinput"], env)
        import django

        django.setup()
        data = set_up()
        flush_redis(redis_url)
        report.note(
            f"set up: {len(data['members'])} members, PostgreSQL, Redis, S3 (moto), SMTP "
            f"({time.monotonic() - began:.0f} s)"
        )
        cluster = Cluster(env, work / "logs")
        stack.callback(cluster.stop)
        web_a = cluster.web("web-a", free_port())
        web_b = cluster.web("web-b", free_port())
        cluster.worker("worker-1")
        cluster.worker("worker-2")
        cluster.beat(work / "beat-schedule")
        report.note(f"started: web A {web_a}, web B {web_b}, 2 workers, beat ({time.monotonic() - began:.0f} s)")

        def objects():
            return [entry["Key"] for entry in s3.list_objects_v2(Bucket=bucket_name).get("Contents", [])]

        check_paper(report, web_a, web_b, data, objects)
        check_circulation(report, cluster, sink, web_a, data)
        cluster.worker("worker-3")  # the lost machine replaced
        check_sweep(report, cluster, sink, data)
        cluster.worker("worker-4")
        check_database_restart(report, sink, web_a, web_b, data)
        report.check(
            not (work / "media-never-written").exists(),
            f"no file was written to a machine's own folder; {len(objects())} objects in the bucket",
        )
    report.note(f"whole rehearsal: {time.monotonic() - began:.0f} s")
    if report.failed:
        print(f"The processes' logs are kept in {work / 'logs'}")
        return 1
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
