"""Publishing and circulating approved minutes, through a real SMTP server on loopback."""

import datetime
import email
import hashlib
import socket
from email import policy

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from actions import services as action_services
from meetings import circulation, services
from meetings import demo as meetings_demo
from meetings.enums import DeliveryStatus, MeetingStatus
from meetings.models import Circulation, Delivery, Meeting
from steering.errors import DomainError
from steering.models import Person
from workstreams import demo as workstreams_demo


class Inbox:
    """An SMTP server's handler that keeps what it accepts and can refuse chosen addresses."""

    def __init__(self):
        self.messages = []
        self.refuse = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    yield inbox
    controller.stop()


@pytest.fixture
def demo(db, django_capture_on_commit_callbacks):
    """The demo with meeting 1 approved but not yet published (the demo itself publishes it)."""
    workstreams_demo.load()
    meetings_demo.load(record_action=action_services.record_action, publish=False)
    meeting = Meeting.objects.get(group__slug="aln-implementation-steering-group", number=1)
    return meeting


def _publish(meeting, django_capture_on_commit_callbacks):
    secretariat = Person.objects.get(email="secretariat@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        return circulation.publish_minutes(meeting.minutes_versions.get(version=1), by=secretariat)


def test_publishing_sends_every_member_one_bilingual_email_with_the_pdf(demo, smtp, django_capture_on_commit_callbacks):
    published = _publish(demo, django_capture_on_commit_callbacks)
    members = set(demo.group.memberships.current().values_list("person__email", flat=True))
    assert sorted(m["To"] for m in smtp.messages) == sorted(members)
    published.refresh_from_db()
    pdf = published.pdf.open("rb").read()
    assert published.pdf_sha256 == hashlib.sha256(pdf).hexdigest()
    member = next(m for m in smtp.messages if m["To"] == "member@example.org")  # prefers Welsh
    welsh, english = member.get_body(("plain",)).get_content().split("-" * 60)
    assert welsh.strip().startswith("Helo Gareth Lloyd,") and english.strip().startswith("Hello Gareth Lloyd,")
    assert member["Subject"].strip().startswith("Cofnodion") and " / Minutes of" in member["Subject"]
    attachment = next(member.iter_attachments())
    assert (attachment.get_content_type(), attachment.get_content()) == ("application/pdf", pdf)
    chair = next(m for m in smtp.messages if m["To"] == "chair@example.org")  # prefers English
    assert chair.get_body(("plain",)).get_content().startswith("Hello Dr Rhodri Bevan,")
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}
    demo.refresh_from_db()
    assert demo.status == MeetingStatus.PUBLISHED


def test_sending_again_never_repeats_a_sent_copy(demo, smtp, django_capture_on_commit_callbacks):
    published = _publish(demo, django_capture_on_commit_callbacks)
    from meetings.tasks import circulate_minutes, send_minutes_copy

    count = len(smtp.messages)
    circulate_minutes.delay(circulation_id=published.pk)  # the whole circulation again
    for delivery in published.deliveries.all():  # and each copy's task again
        send_minutes_copy.delay(delivery_id=delivery.pk)
    assert len(smtp.messages) == count
    with pytest.raises(DomainError, match="published already"):
        _publish(demo, django_capture_on_commit_callbacks)


def test_a_refusing_server_leads_to_retries_and_a_failed_record_not_a_lost_or_duplicate_message(
    demo, smtp, django_capture_on_commit_callbacks
):
    from steering.celery import app

    smtp.refuse.add("member@example.org")
    # Eager Celery runs each retry at once; the last one gives up without raising into the test.
    app.conf.task_eager_propagates = False
    try:
        _publish(demo, django_capture_on_commit_callbacks)
    finally:
        app.conf.task_eager_propagates = True
    refused = Delivery.objects.get(person__email="member@example.org")
    assert (refused.status, refused.attempts) == (DeliveryStatus.FAILED, circulation.MAX_ATTEMPTS)
    assert "No such mailbox" in refused.last_error
    recipients = [m["To"] for m in smtp.messages]
    assert "member@example.org" not in recipients
    assert len(recipients) == len(set(recipients))
    # The address is mended; the secretariat sends that one copy again.
    smtp.refuse.clear()
    with django_capture_on_commit_callbacks(execute=True):
        circulation.send_again(refused, by=Person.objects.get(email="secretariat@example.org"))
    refused.refresh_from_db()
    assert refused.status == DeliveryStatus.SENT
    assert [m["To"] for m in smtp.messages].count("member@example.org") == 1


def test_minutes_approved_with_welsh_missing_cannot_be_published(demo, django_capture_on_commit_callbacks):
    """The check reads the approved version itself: a version approved without a Welsh text."""
    first = demo.minutes_versions.get(version=1)
    secretariat = Person.objects.get(email="secretariat@example.org")
    correction = services.start_correction(first, reason_en="Typo", reason_cy="Teipo", by=secretariat)
    demo.items.filter(title_en="Post-16").update(minutes_cy="")
    services.submit_minutes(correction, by=secretariat)
    services.approve_minutes(correction, by=first.approved_by)
    demo.items.filter(title_en="Post-16").update(minutes_cy="Wedi'i ychwanegu wedyn, heb ei gymeradwyo")
    with (
        pytest.raises(DomainError, match="Welsh is missing, at: 3 a\\) minutes"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        circulation.publish_minutes(correction, by=secretariat)
    assert not Circulation.objects.exists()


def test_a_correction_is_published_as_a_new_pdf_that_says_it_supersedes_the_first(
    demo, smtp, django_capture_on_commit_callbacks
):
    first = _publish(demo, django_capture_on_commit_callbacks)
    secretariat = Person.objects.get(email="secretariat@example.org")
    chair = Person.objects.get(email="chair@example.org")
    v1 = demo.minutes_versions.get(version=1)
    v2 = services.start_correction(v1, reason_en="Name corrected", reason_cy="Enw wedi'i gywiro", by=secretariat)
    services.submit_minutes(v2, by=secretariat)
    services.approve_minutes(v2, by=chair)
    smtp.messages.clear()
    with django_capture_on_commit_callbacks(execute=True):
        second = circulation.publish_minutes(v2, by=secretariat)
    first.refresh_from_db()
    second.refresh_from_db()
    assert second.supersedes == first and second.pdf.name != first.pdf.name
    assert first.pdf.open("rb").read()  # the first PDF is kept as it was
    body = next(m for m in smtp.messages if m["To"] == "chair@example.org").get_body(("plain",)).get_content()
    assert "This is version 2, a correction: it replaces version 1" in body


def test_published_minutes_of_a_public_group_need_no_sign_in_and_list_organisations_not_names(
    demo, client, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    _publish(demo, django_capture_on_commit_callbacks)
    demo.group.minutes_are_public = False
    demo.group.save()
    url = reverse("meetings:published", args=[demo.pk, 1, "cy"])
    assert client.get(url).status_code == 404  # the group is not public yet
    demo.group.minutes_are_public = True
    demo.group.save()
    welsh = client.get(url)
    assert welsh.status_code == 200
    assert "Llywodraeth Cymru" in welsh.text and "Siân Pritchard" not in welsh.text
    assert f'href="/published/{demo.pk}/1/en/"' in welsh.text
    english = client.get(reverse("meetings:published", args=[demo.pk, 1, "en"]))
    assert "Welsh Government" in english.text and "Darllen yn Gymraeg" in english.text
    pdf = client.get(reverse("meetings:published_pdf", args=[demo.pk, 1]))
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")


def test_the_draft_pdf_is_for_the_secretariat_and_chair_and_members_get_the_published_one(
    demo, client, django_capture_on_commit_callbacks
):
    url = reverse("meetings:minutes_pdf", args=[demo.pk])
    client.force_login(Person.objects.get(email="member@example.org"))
    assert client.get(url).status_code == 403  # approved, not yet published
    client.force_login(Person.objects.get(email="chair@example.org"))
    response = client.get(url, {"layout": "sequential"})
    assert response.content.startswith(b"%PDF") and response["Content-Disposition"].endswith('-v1.pdf"')
    _publish(demo, django_capture_on_commit_callbacks)
    client.force_login(Person.objects.get(email="member@example.org"))
    assert client.get(url).url == reverse("meetings:published_pdf", args=[demo.pk, 1])


# A lost worker ---------------------------------------------------------------------------------


def _lost_circulation(demo, django_capture_on_commit_callbacks):
    """Published, its PDF rendered, and then the worker that had the copies lost: no copy tried."""
    from meetings.tasks import circulate_minutes

    secretariat = Person.objects.get(email="secretariat@example.org")
    with django_capture_on_commit_callbacks(execute=False):  # the copies' tasks never reach a worker
        published = circulation.publish_minutes(demo.minutes_versions.get(version=1), by=secretariat)
    circulation.render_once(published)
    assert circulate_minutes  # the task that would have queued them
    Circulation.objects.filter(pk=published.pk).update(
        created_at=published.created_at - circulation.LOST_AFTER - datetime.timedelta(seconds=1)
    )
    return published


def test_copies_a_lost_worker_took_are_found_and_sent_once_within_minutes(
    demo, smtp, django_capture_on_commit_callbacks
):
    from meetings.tasks import resume_circulations

    published = _lost_circulation(demo, django_capture_on_commit_callbacks)
    members = sorted(demo.group.memberships.current().values_list("person__email", flat=True))
    unrendered, copies = circulation.lost()
    assert unrendered == [] and len(copies) == len(members)
    resume_circulations.delay()  # beat, a minute later
    assert sorted(m["To"] for m in smtp.messages) == members
    # Beat again: nothing left, nothing sent twice.
    assert circulation.lost() == ([], [])
    resume_circulations.delay()
    assert sorted(m["To"] for m in smtp.messages) == members
    # Each copy names itself, the same at every try: a copy sent again is shown once.
    ids = {m["Message-ID"] for m in smtp.messages}
    assert len(ids) == len(members) and all(i.startswith("<minutes-delivery-") for i in ids)
    assert published.deliveries.filter(status=DeliveryStatus.SENT).count() == len(members)


def test_a_circulation_still_being_sent_is_left_to_its_workers(demo, django_capture_on_commit_callbacks):
    published = _lost_circulation(demo, django_capture_on_commit_callbacks)
    first = published.deliveries.first()
    Delivery.objects.filter(pk=first.pk).update(status=DeliveryStatus.SENT, attempts=1, last_tried_at=timezone.now())
    assert circulation.lost() == ([], [])  # a copy went a moment ago: the queue is being worked through
    # A retry of a failed copy is not the queue moving: it comes back on its own backoff.
    Delivery.objects.filter(pk=first.pk).update(attempts=2)
    assert len(circulation.lost()[1]) == published.deliveries.count() - 1
    Delivery.objects.filter(pk=first.pk).update(attempts=1)
    later = timezone.now() + circulation.LOST_AFTER + datetime.timedelta(seconds=1)
    assert len(circulation.lost(now=later)[1]) == published.deliveries.count() - 1


def test_a_failed_copy_is_tried_again_only_when_its_backoff_is_over(demo, django_capture_on_commit_callbacks):
    published = _lost_circulation(demo, django_capture_on_commit_callbacks)
    tried = timezone.now() - circulation.LOST_AFTER - datetime.timedelta(seconds=1)
    published.deliveries.update(status=DeliveryStatus.SENT, last_tried_at=tried)
    failing = published.deliveries.first()
    Delivery.objects.filter(pk=failing.pk).update(status=DeliveryStatus.FAILED, attempts=3, last_tried_at=tried)
    assert circulation.lost() == ([], [])  # its fourth try is due 4 minutes after the third
    assert circulation.lost(now=tried + circulation.backoff(3)) == ([], [failing.pk])
    Delivery.objects.filter(pk=failing.pk).update(attempts=circulation.MAX_ATTEMPTS)
    assert circulation.lost(now=tried + datetime.timedelta(days=1)) == ([], [])  # given up on, and reported


def test_a_pdf_never_rendered_is_rendered_and_sent(demo, smtp, django_capture_on_commit_callbacks):
    from meetings.tasks import resume_circulations

    secretariat = Person.objects.get(email="secretariat@example.org")
    with django_capture_on_commit_callbacks(execute=False):
        published = circulation.publish_minutes(demo.minutes_versions.get(version=1), by=secretariat)
    Circulation.objects.filter(pk=published.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=3))
    assert circulation.lost() == ([published.pk], [])
    resume_circulations.delay()
    published.refresh_from_db()
    assert published.pdf and len(smtp.messages) == published.deliveries.count()
