import datetime
import email
import io
import os
import smtplib
import subprocess
import sys
import threading
from email import policy
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import OperationalError, connection
from django.urls import reverse
from django.utils import timezone

from actions import reminders
from actions.enums import AnswerPer, ReminderKind, ReminderStatus
from actions.models import Action, FeedbackRequest, FeedbackResponse, ReminderSent
from meetings import services
from meetings.enums import ItemKind
from workstreams.enums import Role
from workstreams.tests.factories import MembershipFactory

DAY = datetime.date(2022, 9, 26)
PROJECT = Path(__file__).resolve().parents[2]


@pytest.fixture
def due(cast):
    """Overdue, due tomorrow and due this week for the member; a feedback request closing tomorrow."""
    cast.member.preferred_language = "cy"
    cast.member.save()
    seat = cast.group.memberships.get(person=cast.member)
    Action.objects.create(
        group=cast.group,
        text_en="Overdue thing",
        text_cy="Peth hwyr",
        owner_person=cast.member,
        due_date=DAY - datetime.timedelta(days=3),
    )
    Action.objects.create(
        group=cast.group,
        text_en="Tomorrow thing",
        text_cy="Peth yfory",
        owner_organisation=seat.organisation,
        due_date=DAY + datetime.timedelta(days=1),
    )
    Action.objects.create(
        group=cast.group,
        text_en="This week thing",
        text_cy="Peth yr wythnos",
        owner_person=cast.chair,
        due_date=DAY + datetime.timedelta(days=6),
    )
    Action.objects.create(
        group=cast.group, text_en="Far off", owner_person=cast.member, due_date=DAY + datetime.timedelta(days=30)
    )
    Action.objects.create(group=cast.group, text_en="Done", owner_person=cast.member, due_date=DAY, status="done")
    FeedbackRequest.objects.create(
        group=cast.group,
        title_en="LAC scenario paper",
        title_cy="Papur senario PDG",
        question_en="?",
        deadline=DAY + datetime.timedelta(days=1),
        answer_per=AnswerPer.PERSON,
        created_by=cast.secretariat,
    )
    return cast


def _by_recipient():
    return {message.to[0]: message for message in mail.outbox}


def test_sweep_sends_one_digest_per_person_in_their_language_first(due):
    result = reminders.sweep(DAY, send_now=True)
    messages = _by_recipient()
    assert result.summary == f"sent {len(messages)} emails to {len(messages)} people"
    member = messages[due.member.email]
    welsh, english = member.body.split("-" * 60)
    assert welsh.strip().startswith(f"Helo {due.member.full_name},")
    assert "Peth hwyr" in welsh and "Peth yfory" in welsh and "Papur senario PDG" in welsh
    assert "Overdue thing" in english and "Far off" not in member.body and "Done" not in member.body
    assert member.subject.startswith("Eich nodiadau atgoffa")
    html = member.alternatives[0][0]
    assert html.startswith('<!DOCTYPE html><html lang="cy">') and "/actions/" in html
    chair = messages[due.chair.email]
    assert chair.body.startswith(f"Hello {due.chair.full_name},")
    assert "This week thing" in chair.body
    assert due.observer.email not in messages  # observers own nothing and answer nothing


def test_a_second_sweep_the_same_day_sends_nothing_and_the_next_day_reminds_again(due):
    first = reminders.sweep(DAY, send_now=True)
    assert first.emails > 0
    mail.outbox.clear()
    assert reminders.sweep(DAY, send_now=True).summary == "sent 0 emails to 0 people"
    assert mail.outbox == []
    assert reminders.sweep(DAY + datetime.timedelta(days=1), send_now=True).emails > 0


def test_nothing_to_say_means_no_email(cast):
    assert reminders.sweep(DAY, send_now=True).summary == "sent 0 emails to 0 people"
    assert mail.outbox == []


def test_answered_feedback_is_not_reminded(due):
    request = FeedbackRequest.objects.get()
    FeedbackResponse.objects.create(
        request=request, respondent=f"person:{due.member.pk}", author=due.member, text="Yes"
    )
    reminders.sweep(DAY, send_now=True)
    assert "PDG" not in _by_recipient()[due.member.email].body


def test_a_sweep_killed_half_way_and_rerun_sends_each_reminder_exactly_once(due, monkeypatch):
    sent = []
    real_send = mail.EmailMessage.send

    def send_then_die(message, *args, **kwargs):
        if len(sent) == 1:
            raise SystemExit("worker killed")
        sent.append(message.to[0])
        return real_send(message, *args, **kwargs)

    monkeypatch.setattr(mail.EmailMultiAlternatives, "send", send_then_die)
    with pytest.raises(SystemExit):
        reminders.sweep(DAY, send_now=True)
    monkeypatch.undo()
    reminders.sweep(DAY, send_now=True)
    recipients = [message.to[0] for message in mail.outbox]
    assert sorted(recipients) == sorted(set(recipients))
    assert set(recipients) == {due.member.email, due.chair.email, due.secretariat.email}


def test_a_failed_send_is_not_recorded_so_the_next_run_sends_it(due, monkeypatch):
    def refuse(message, *args, **kwargs):
        raise smtplib.SMTPServerDisconnected("connection lost")

    monkeypatch.setattr(mail.EmailMultiAlternatives, "send", refuse)
    result = reminders.sweep(DAY, send_now=True)
    assert result.emails == 0 and any(line.startswith("not sent to") for line in result.lines)
    assert not ReminderSent.objects.exists()
    monkeypatch.undo()
    assert reminders.sweep(DAY, send_now=True).emails == 3


def test_a_refused_address_is_recorded_and_reported_to_the_secretariat(due, monkeypatch):
    real_send = mail.EmailMultiAlternatives.send

    def bounce_member(message, *args, **kwargs):
        if message.to == [due.member.email]:
            raise smtplib.SMTPRecipientsRefused({due.member.email: (550, b"No such user")})
        return real_send(message, *args, **kwargs)

    monkeypatch.setattr(mail.EmailMultiAlternatives, "send", bounce_member)
    reminders.send_digest_now(
        person_id=due.member.pk, day=DAY, reminders=[[ReminderKind.ACTION_OVERDUE, Action.objects.first().pk, None]]
    )
    assert list(ReminderSent.objects.values_list("status", flat=True)) == [ReminderStatus.BOUNCED]


@pytest.mark.django_db(transaction=True)
def test_a_refused_address_reaches_the_secretariat(cast, monkeypatch):
    action = Action.objects.create(group=cast.group, text_en="x", owner_person=cast.member, due_date=DAY)

    def bounce(message, *args, **kwargs):
        raise smtplib.SMTPRecipientsRefused({cast.member.email: (550, b"No such user")})

    monkeypatch.setattr(mail.EmailMultiAlternatives, "send", bounce)
    reminders.send_digest_now(
        person_id=cast.member.pk, day=DAY, reminders=[[ReminderKind.ACTION_DUE_SOON, action.pk, None]]
    )
    assert [message.to for message in mail.outbox] == [[cast.secretariat.email]]
    assert cast.member.email in mail.outbox[0].body


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="SQLite's in-memory test database refuses either writer, or both, at random (a shared-cache "
    "table lock), which is not how two workers meet in production; CI's second run, on PostgreSQL, runs it",
)
def test_two_workers_sending_the_same_digest_at_once_send_it_once(cast):
    action = Action.objects.create(group=cast.group, text_en="x", owner_person=cast.member, due_date=DAY)
    start, first_tries_done = threading.Barrier(2), threading.Barrier(2)
    results = []

    def send():
        return reminders.send_digest_now(
            person_id=cast.member.pk, day=DAY, reminders=[[ReminderKind.ACTION_DUE_SOON, action.pk, None]]
        )

    def worker():
        start.wait()
        try:
            try:
                sent = send()
            except OperationalError:
                # SQLite refuses a writer outright while another holds the table ("table is
                # locked"), whichever it is; PostgreSQL makes it wait for the first and then refuses
                # it through the unique constraint. A refused task is tried again, as the queue does.
                sent = None
            first_tries_done.wait()
            results.append(send() if sent is None else sent)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(results) == [False, True]
    assert len(mail.outbox) == 1
    assert ReminderSent.objects.count() == 1


def test_send_reminders_command_dry_run_prints_who_would_get_what_and_sends_nothing(due):
    out = io.StringIO()
    call_command("send_reminders", "--dry-run", "--today", DAY.isoformat(), stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[-1] == "sent 0 emails to 0 people"
    assert any(line.startswith(f"{due.member.email}: action_overdue") for line in lines)
    assert mail.outbox == []


def test_send_reminders_command_ends_with_one_summary_line(due):
    out = io.StringIO()
    call_command("send_reminders", "--today", DAY.isoformat(), stdout=out)
    assert out.getvalue().splitlines()[-1] == "sent 3 emails to 3 people"


def test_the_beat_task_queues_one_digest_per_person(due, settings):
    from actions.tasks import send_reminders

    with _today(DAY):
        send_reminders.delay()
    assert len(mail.outbox) == 3


@pytest.mark.parametrize("people", [3, 30])
def test_sweep_query_count_is_bounded_by_batches(people, cast, django_assert_max_num_queries):
    for _ in range(people):
        seat = MembershipFactory(group=cast.group)
        Action.objects.create(group=cast.group, text_en="x", owner_person=seat.person, due_date=DAY)
        Action.objects.create(group=cast.group, text_en="y", owner_organisation=seat.organisation, due_date=DAY)
    with django_assert_max_num_queries(8):
        result = reminders.sweep(DAY, dry_run=True)
    assert len(result.lines) == people


@pytest.mark.skipif(
    not os.environ.get("REDIS_URL") or "postgres" not in os.environ.get("DATABASE_URL", ""),
    reason="needs a database and broker a worker process can share: CI's PostgreSQL + Redis run",
)
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_each_digest_once(due, tmp_path, settings):
    """The sweep queues digests on Redis; a real worker on the test database sends them."""
    from actions.tasks import send_digest
    from steering.celery import app

    database = connection.settings_dict
    url = (
        f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/{database['NAME']}"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "steering.settings",
        "DATABASE_URL": url,
        "DEBUG": "1",
        "EMAIL_FILE_PATH": str(tmp_path),
        "VAR_DIR": str(tmp_path),
    }
    queue = f"reminders-{tmp_path.name}"
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "steering",
            "worker",
            "--pool=solo",
            "--queues",
            queue,
            "--without-mingle",
            "--without-gossip",
            "--loglevel=INFO",
        ],
        cwd=PROJECT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        app.conf.task_always_eager = False
        everyone = reminders.collect(DAY)
        results = [
            send_digest.apply_async(
                kwargs={"person_id": person, "day": DAY.isoformat(), "reminders": [r.as_list() for r in items]},
                queue=queue,
            )
            for person, items in everyone.items()
        ]
        # The same digests again, as a retried or duplicated sweep would queue them.
        for person, items in everyone.items():
            send_digest.apply_async(
                kwargs={"person_id": person, "day": DAY.isoformat(), "reminders": [r.as_list() for r in items]},
                queue=queue,
            )
        finished = threading.Semaphore(0)

        log = []

        def watch():
            for line in worker.stdout:
                log.append(line)
                if "succeeded" in line:
                    finished.release()

        threading.Thread(target=watch, daemon=True).start()
        for _ in range(2 * len(everyone)):
            assert finished.acquire(timeout=60), "the worker did not finish the digests in time"
        assert len(results) == 3
        recipients = [
            email.message_from_bytes(path.read_bytes(), policy=policy.default)["To"] for path in tmp_path.glob("*.eml")
        ]
        assert sorted(recipients) == sorted({due.member.email, due.chair.email, due.secretariat.email}), "".join(log)
    finally:
        app.conf.task_always_eager = True
        worker.terminate()
        worker.wait(timeout=30)


class _today:
    """Runs the beat task as of a given day."""

    def __init__(self, day):
        self.day = day

    def __enter__(self):
        from unittest import mock

        self.patch = mock.patch("django.utils.timezone.localdate", return_value=self.day)
        self.patch.start()

    def __exit__(self, *exc):
        self.patch.stop()


def test_digests_ask_the_visibility_rule_reserved_withheld_and_draft_marked(cast):
    """An observer who owns an action of a reserved item, or of minutes still in draft, is not
    reminded of it; a member is, with the action marked as from draft minutes in both languages."""
    from meetings import services as meeting_services

    starts = datetime.datetime(2022, 9, 1, 10, tzinfo=datetime.UTC)
    meeting = meeting_services.create_meeting(cast.group, starts_at=starts)
    reserved = meeting_services.add_item(meeting, title_en="Budget", kind=ItemKind.RESERVED)
    open_item = meeting_services.add_item(meeting, title_en="Plans")
    tomorrow = DAY + datetime.timedelta(days=1)
    Action.objects.create(
        group=cast.group, item=reserved, text_en="Secret sum", owner_person=cast.observer, due_date=tomorrow
    )
    Action.objects.create(
        group=cast.group, item=open_item, text_en="Draft plan", owner_person=cast.observer, due_date=tomorrow
    )
    Action.objects.create(
        group=cast.group,
        item=open_item,
        text_en="Member plan",
        text_cy="Cynllun aelod",
        owner_person=cast.member,
        due_date=tomorrow,
    )
    reminders.sweep(DAY, send_now=True)
    messages = _by_recipient()
    assert cast.observer.email not in messages
    assert not ReminderSent.objects.filter(person=cast.observer).exists()  # nothing recorded as sent either
    member = messages[cast.member.email]
    assert "Member plan [Draft minutes]" in member.body and "Cynllun aelod [Cofnodion drafft]" in member.body
    assert "[Draft minutes]" in member.alternatives[0][0]


# Meetings: papers due, replies awaited, minutes to review ---------------------------------------


def _sent():
    return set(ReminderSent.objects.values_list("person_id", "kind", "meeting_id"))


@pytest.fixture
def upcoming(cast):
    """A meeting ten days ahead, its invitations sent; items led by name, by organisation, reserved,
    paperless and with a paper; the member has replied. Returns the meeting and the sweep's day:
    the day before its papers deadline."""
    cast.chair.preferred_language = "cy"
    cast.chair.save()
    seat = cast.group.memberships.get(person=cast.member)
    starts = timezone.make_aware(
        datetime.datetime.combine(timezone.localdate() + datetime.timedelta(days=10), datetime.time(10))
    )
    meeting = services.create_meeting(cast.group, starts_at=starts)
    assert meeting.invited_at is not None
    services.add_item(meeting, title_en="Welcome", kind=ItemKind.WELCOME, lead_person=cast.chair)
    services.add_item(meeting, title_en="Budget", title_cy="Cyllideb", lead_organisation=seat.organisation)
    staffing = services.add_item(meeting, title_en="Staffing", kind=ItemKind.RESERVED, lead_person=cast.observer)
    services.add_item(meeting, parent=staffing, title_en="Pay award SECRET", lead_person=cast.observer)
    services.add_item(meeting, title_en="Risks", title_cy="Risgiau", kind=ItemKind.RESERVED, lead_person=cast.chair)
    services.add_item(meeting, title_en="Audit", kind=ItemKind.RESERVED, lead_person=cast.admin)
    plans = services.add_item(meeting, title_en="Plans", lead_person=cast.secretariat)
    services.add_paper(plans, by=cast.secretariat, title_en="Plan", file_en=ContentFile(b"%PDF", name="plan.pdf"))
    services.reply(meeting, seat, answer="attending", by=cast.member)
    mail.outbox.clear()
    return meeting, services.papers_due(meeting) - datetime.timedelta(days=1)


def test_papers_due_and_replies_awaited_go_once_a_day_to_exactly_the_right_people(upcoming, cast):
    meeting, day = upcoming
    result = reminders.sweep(day, send_now=True)
    papers, reply = ReminderKind.PAPERS_DUE, ReminderKind.REPLY_AWAITED
    assert _sent() == {
        (cast.chair.pk, papers, meeting.pk),  # leads a reserved item and takes part: trusted with it
        (cast.chair.pk, reply, meeting.pk),
        (cast.member.pk, papers, meeting.pk),  # through the organisation they represent; has replied
        (cast.secretariat.pk, reply, meeting.pk),  # their item has its paper
        (cast.observer.pk, reply, meeting.pk),  # leads only reserved business, which observers may not see
        (cast.admin.pk, papers, meeting.pk),  # an administrator may see reserved business
    }
    messages = _by_recipient()
    assert set(messages) == {p.email for p in (cast.chair, cast.member, cast.secretariat, cast.observer, cast.admin)}
    assert result.summary == "sent 5 emails to 5 people"
    meeting_url = f"{settings.SITE_URL}{meeting.get_absolute_url()}"
    reply_url = f"{settings.SITE_URL}{reverse('meetings:reply', args=[meeting.pk])}"
    due = f"{services.papers_due(meeting):%-d} "

    chair = messages[cast.chair.email]
    assert not [line for line in chair.body.splitlines() if line and not line.strip()]  # no blank filler lines
    welsh, english = chair.body.split("-" * 60)
    assert welsh.strip().startswith(f"Helo {cast.chair.full_name},")
    assert f"Grŵp Llywio Gweithredu ADY: Cyfarfod {meeting.number}, " in welsh
    assert f"ALN Implementation Steering Group: Meeting {meeting.number}, " in english
    for part in (welsh, english):
        # Replies come before papers; the papers list names the chair's item with its number, not the others.
        assert reply_url in part and meeting_url in part and due in part
        assert part.index(reply_url) < part.index(meeting_url + "\n")
    assert "4 Risgiau" in welsh and "4 Risks" in english
    for other in ("Welcome", "Budget", "Staffing", "Pay award SECRET", "Audit", "Plans"):
        assert other not in chair.body
    html = chair.alternatives[0][0]
    assert f'href="{reply_url}"' in html and f'href="{meeting_url}"' in html and "Risgiau" in html

    member = messages[cast.member.email].body
    assert "2 Budget" in member and "2 Cyllideb" in member and meeting_url in member
    assert reply_url not in member and "Risks" not in member
    observer = messages[cast.observer.email].body
    assert reply_url in observer and "Staffing" not in observer and "Pay award SECRET" not in observer
    assert meeting_url + "\n" not in observer  # no papers section at all
    assert "5 Audit" in messages[cast.admin.email].body

    mail.outbox.clear()
    assert reminders.sweep(day, send_now=True).summary == "sent 0 emails to 0 people"
    assert mail.outbox == []


def test_papers_are_reminded_from_three_days_before_the_deadline_until_the_day(upcoming, cast):
    _meeting, day = upcoming
    deadline = day + datetime.timedelta(days=1)

    def papers(on):
        return {
            person
            for person, items in reminders.collect(on).items()
            for r in items
            if r.kind == ReminderKind.PAPERS_DUE
        }

    assert papers(deadline - datetime.timedelta(days=4)) == set()
    assert papers(deadline - datetime.timedelta(days=3)) == {cast.chair.pk, cast.member.pk, cast.admin.pk}
    assert papers(deadline) == {cast.chair.pk, cast.member.pk, cast.admin.pk}
    assert papers(deadline + datetime.timedelta(days=1)) == set()


def test_a_paper_or_reply_given_after_the_sweep_read_them_is_not_reminded(upcoming, cast):
    meeting, day = upcoming
    everyone = reminders.collect(day)
    budget = meeting.items.get(title_en="Budget")
    services.add_paper(budget, by=cast.member, title_en="Budget", file_en=ContentFile(b"%PDF", name="b.pdf"))
    services.reply(meeting, cast.group.memberships.get(person=cast.observer), answer="apologies", by=cast.observer)
    for person in (cast.member, cast.observer):
        payload = [r.as_list() for r in everyone[person.pk]]
        assert payload and all(len(values) == 4 and values[3] == meeting.pk for values in payload)
        assert reminders.send_digest_now(person_id=person.pk, day=day, reminders=payload) is False
    assert not ReminderSent.objects.exists() and mail.outbox == []


def test_send_reminders_dry_run_lists_the_meeting_reminders(upcoming, cast):
    meeting, day = upcoming
    out = io.StringIO()
    call_command("send_reminders", "--dry-run", "--today", day.isoformat(), stdout=out)
    lines = out.getvalue().splitlines()
    assert f"{cast.chair.email}: reply_awaited {meeting.pk}, papers_due {meeting.pk}" in lines
    assert f"{cast.member.email}: papers_due {meeting.pk}" in lines
    assert f"{cast.observer.email}: reply_awaited {meeting.pk}" in lines
    assert not any(line.startswith(cast.outsider.email) for line in lines)
    assert lines[-1] == "sent 0 emails to 0 people"
    assert mail.outbox == [] and not ReminderSent.objects.exists()


def test_no_reply_reminder_before_invitations_or_for_a_meeting_more_than_14_days_ahead(cast):
    today = timezone.localdate()
    far = services.create_meeting(
        cast.group,
        starts_at=timezone.make_aware(
            datetime.datetime.combine(today + datetime.timedelta(days=15), datetime.time(10))
        ),
    )
    near = services.create_meeting(
        cast.group,
        starts_at=timezone.make_aware(
            datetime.datetime.combine(today + datetime.timedelta(days=14), datetime.time(10))
        ),
    )
    assert {r.meeting_id for items in reminders.collect(today).values() for r in items} == {near.pk}
    type(near).objects.filter(pk=near.pk).update(invited_at=None)
    assert reminders.collect(today) == {}
    assert far.invited_at is not None


@pytest.fixture
def submitted(cast):
    """A past meeting chaired by a vice-chair, its minutes submitted; a second vice-chair not chairing it."""
    cast.chair.preferred_language = "cy"
    cast.chair.save()
    chairing = MembershipFactory(group=cast.group, role=Role.VICE_CHAIR).person
    other_vice = MembershipFactory(group=cast.group, role=Role.VICE_CHAIR).person
    meeting = services.create_meeting(cast.group, starts_at=timezone.now() - datetime.timedelta(days=2), chair=chairing)
    item = services.add_item(meeting, title_en="Plans", title_cy="Cynlluniau")
    minutes = services.mark_held(meeting, by=cast.secretariat)
    services.save_item_minutes(item, minutes_en="Agreed.", minutes_cy="Cytunwyd.", revision=0, by=cast.secretariat)
    services.submit_minutes(minutes, by=cast.secretariat)
    mail.outbox.clear()
    return meeting, minutes, chairing, other_vice


def test_minutes_to_review_go_once_a_day_to_those_who_may_approve_them(submitted, cast):
    meeting, minutes, chairing, other_vice = submitted
    today = timezone.localdate()
    reminders.sweep(today, send_now=True)
    kind = ReminderKind.MINUTES_TO_REVIEW
    assert _sent() == {(cast.chair.pk, kind, meeting.pk), (chairing.pk, kind, meeting.pk)}
    messages = _by_recipient()
    assert set(messages) == {cast.chair.email, chairing.email}  # not the secretariat, members, outsider
    assert other_vice.email not in messages  # a vice-chair approves only the minutes of a meeting they chaired
    review_url = f"{settings.SITE_URL}{reverse('meetings:minutes_review', args=[meeting.pk])}"
    welsh, english = messages[cast.chair.email].body.split("-" * 60)
    assert f"Grŵp Llywio Gweithredu ADY: Cyfarfod {meeting.number}, " in welsh and review_url in welsh
    assert f"ALN Implementation Steering Group: Meeting {meeting.number}, " in english and review_url in english
    assert f'href="{review_url}"' in messages[cast.chair.email].alternatives[0][0]

    mail.outbox.clear()
    assert reminders.sweep(today, send_now=True).emails == 0
    services.approve_minutes(minutes, by=cast.chair)
    assert reminders.sweep(today + datetime.timedelta(days=1), send_now=True).emails == 0


def test_minutes_to_review_lead_the_digest(submitted, due):
    meeting, _minutes, _chairing, _other_vice = submitted
    Action.objects.create(
        group=due.group, text_en="Chair's own thing", owner_person=due.chair, due_date=timezone.localdate()
    )
    reminders.sweep(timezone.localdate(), send_now=True)
    body = _by_recipient()[due.chair.email].body
    english = body.split("-" * 60)[1]
    assert english.index(reverse("meetings:minutes_review", args=[meeting.pk])) < english.index("Chair's own thing")


@pytest.mark.parametrize("meetings", [1, 4])
def test_meeting_reminders_are_read_in_a_fixed_number_of_queries(meetings, cast, django_assert_max_num_queries):
    seat = cast.group.memberships.get(person=cast.member)
    today = timezone.localdate()
    cast.group.papers_deadline_days = 0  # papers due on the day: within the window whatever the calendar
    cast.group.save()
    for number in range(meetings):
        ahead = services.create_meeting(
            cast.group,
            starts_at=timezone.make_aware(
                datetime.datetime.combine(today + datetime.timedelta(days=1 + number % 3), datetime.time(10))
            ),
        )
        services.add_item(ahead, title_en="Org", lead_organisation=seat.organisation)
        services.add_item(ahead, title_en="Secret", kind=ItemKind.RESERVED, lead_person=cast.observer)
        services.add_item(ahead, title_en="Own", kind=ItemKind.RESERVED, lead_person=cast.chair)
        services.reply(ahead, seat, answer="attending", by=cast.member)
        held = services.create_meeting(cast.group, starts_at=timezone.now() - datetime.timedelta(days=30 + number))
        item = services.add_item(held, title_en="Plans")
        minutes = services.mark_held(held, by=cast.secretariat)
        services.save_item_minutes(item, minutes_en="Agreed.", minutes_cy="", revision=0, by=cast.secretariat)
        services.submit_minutes(minutes, by=cast.secretariat)
    with django_assert_max_num_queries(11):
        result = reminders.sweep(today, dry_run=True)
    lines = dict(line.split(": ", 1) for line in result.lines)
    assert lines[cast.member.email].count("papers_due") == meetings
    assert lines[cast.chair.email].count("minutes_to_review") == meetings
    assert lines[cast.chair.email].count("papers_due") == meetings
    assert "papers_due" not in lines[cast.observer.email]


def test_digests_a_lost_worker_took_are_queued_again_and_sent_once(due, monkeypatch):
    from actions.models import QueuedDigest
    from actions.tasks import resume_digests, send_digest

    with monkeypatch.context() as lost:
        lost.setattr(send_digest, "delay", lambda **kwargs: None)  # queued, then the worker is killed
        reminders.sweep(DAY)
    queued = QueuedDigest.objects.filter(day=DAY, done_at=None)
    assert queued.count() >= 1 and not mail.outbox
    assert reminders.lost_digests() == []  # queued a moment ago: the workers may still be at it
    QueuedDigest.objects.update(queued_at=timezone.now() - reminders.LOST_AFTER - datetime.timedelta(seconds=1))
    resume_digests.delay()  # beat, minutes later
    first = sorted(message.to[0] for message in mail.outbox)
    assert len(first) == queued.model.objects.filter(day=DAY).count()
    assert not QueuedDigest.objects.filter(done_at=None).exists()
    resume_digests.delay()
    reminders.sweep(DAY)  # and the day's sweep again, as a restarted beat might run it
    assert sorted(message.to[0] for message in mail.outbox) == first


def test_a_day_whose_digests_are_still_being_sent_is_left_alone(due, monkeypatch):
    from actions.models import QueuedDigest
    from actions.tasks import send_digest

    with monkeypatch.context() as lost:
        lost.setattr(send_digest, "delay", lambda **kwargs: None)
        reminders.sweep(DAY)
    old = timezone.now() - reminders.LOST_AFTER - datetime.timedelta(seconds=1)
    QueuedDigest.objects.update(queued_at=old)
    QueuedDigest.objects.filter(pk=QueuedDigest.objects.first().pk).update(tried_at=timezone.now())
    assert reminders.lost_digests() == []


def test_a_sweep_lost_with_its_worker_is_run_again_and_sends_each_digest_once(due):
    from actions.models import ReminderSweep
    from actions.tasks import resume_digests, send_reminders

    send_reminders.delay(day=DAY.isoformat())
    first = sorted(message.to[0] for message in mail.outbox)
    assert first and ReminderSweep.objects.get(day=DAY).finished_at is not None
    # As if the worker running it had been killed half-way: started, silent, unfinished.
    silent = timezone.now() - reminders.LOST_AFTER - datetime.timedelta(seconds=1)
    ReminderSweep.objects.filter(day=DAY).update(finished_at=None, progress_at=silent)
    assert reminders.lost_sweeps() == [DAY]
    resume_digests.delay()
    assert reminders.lost_sweeps() == []
    assert sorted(message.to[0] for message in mail.outbox) == first  # nobody twice
