"""Publishing approved minutes: the PDF rendered once, then one email to each member.

Every copy is its own Celery task (``tasks.send_minutes_copy``), so a large group is sent by every
worker at once; each is sent inside a transaction that also marks it sent, so a worker that dies or
a mail server that refuses leaves it to be tried again, and a sent one is never sent again. A copy
a lost worker took with it is queued again by beat (``resume``) within minutes, not when the
broker's visibility timeout frees the task. The one gap: a worker killed after the mail server took
the message but before the database marked it sent; that copy goes again, with the same
Message-ID, which mail programs use to show it once.
The message goes to many people, so it is bilingual for everyone; the reader's preference only
sets which language comes first.
"""

import datetime
import functools
import hashlib
import logging
import smtplib

import rules
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from steering.errors import DomainError
from steering.mail import SEPARATOR, render_in_both_languages
from steering.models import Person
from workstreams.models import Membership

from . import record, services, translation
from .enums import DeliveryStatus, MinutesEventKind, MinutesStatus
from .models import Circulation, Delivery, Minutes, MinutesEvent

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
# A circulation with copies left and no copy tried for this long has lost its worker.
LOST_AFTER = datetime.timedelta(minutes=2)


@transaction.atomic
def publish_minutes(minutes: Minutes, *, by: Person, also: list[Person] | None = None) -> Circulation:
    """Approved, complete in Welsh: publish, and queue the PDF and the emails."""
    meeting = minutes.meeting
    if not rules.has_perm("meetings.manage_meeting", by, meeting):
        raise DomainError(_("Only the group's secretariat can publish minutes."))
    if minutes.status != MinutesStatus.APPROVED:
        raise DomainError(_("Only approved minutes can be published."))
    missing = translation.missing_welsh(record.of(minutes))
    if missing:
        raise DomainError(
            _("The minutes cannot be published while Welsh is missing, at: %(where)s.") % {"where": ", ".join(missing)}
        )
    if Circulation.objects.filter(minutes=minutes).exists():
        raise DomainError(_("This version of the minutes has been published already."))
    previous = (
        Circulation.objects.filter(minutes__meeting=meeting, minutes__version__lt=minutes.version)
        .order_by("-minutes__version")
        .first()
    )
    circulation = Circulation.objects.create(
        minutes=minutes, supersedes=previous, layout=meeting.group.minutes_layout, created_by=by
    )
    people = {m.person for m in Membership.objects.current().filter(group=meeting.group).select_related("person")}
    people.update(also or [])
    Delivery.objects.bulk_create(
        Delivery(circulation=circulation, person=person) for person in people if person.is_active
    )
    services.record_publication(meeting)
    MinutesEvent.objects.create(
        meeting=meeting, minutes_version=minutes.version, kind=MinutesEventKind.PUBLISHED, actor=by
    )
    from .tasks import circulate_minutes

    circulate_minutes.delay_on_commit(circulation_id=circulation.pk)
    return circulation


def render_once(circulation: Circulation) -> None:
    """The PDF is made once and kept; a published PDF never changes."""
    if circulation.pdf:
        return
    from .pdf import render_minutes_pdf

    minutes = circulation.minutes
    # The version as it was approved, whatever has happened to the meeting since (a correction
    # opened, an action reworded in the log): what members receive is what the chair approved.
    content = render_minutes_pdf(minutes, layout=circulation.layout)
    with transaction.atomic():
        locked = Circulation.objects.select_for_update().get(pk=circulation.pk)
        if locked.pdf:  # another worker finished first
            circulation.pdf, circulation.pdf_sha256 = locked.pdf, locked.pdf_sha256
            return
        locked.pdf.save("minutes.pdf", ContentFile(content), save=False)
        locked.pdf_sha256 = hashlib.sha256(content).hexdigest()
        locked.save(update_fields=["pdf", "pdf_sha256"])
        circulation.pdf, circulation.pdf_sha256 = locked.pdf, locked.pdf_sha256


def build_message(delivery: Delivery, pdf: bytes) -> EmailMessage:
    circulation = delivery.circulation
    meeting = circulation.minutes.meeting
    person = delivery.person
    context = {
        "person": person,
        "meeting": meeting,
        "group": meeting.group,
        "minutes": circulation.minutes,
        "supersedes": circulation.supersedes.minutes if circulation.supersedes else None,
        "url": settings.SITE_URL + meeting.get_absolute_url(),
        "sha256": circulation.pdf_sha256,
    }
    first = person.preferred_language
    subjects = render_in_both_languages("emails/minutes_subject.txt", context, first=first)
    bodies = render_in_both_languages("emails/minutes.txt", context, first=first)
    host = settings.SITE_URL.split("//")[-1].split("/")[0].split(":")[0] or "localhost"
    message = EmailMessage(
        subject=" / ".join(" ".join(s.split()) for s in subjects),
        body=SEPARATOR.join(bodies),
        to=[person.email],
        # The same for every try of this copy: a copy sent again after a lost worker is shown once.
        headers={"Message-ID": f"<minutes-delivery-{delivery.pk}@{host}>"},
    )
    filename = f"{meeting.group.slug}-meeting-{meeting.number}-v{circulation.minutes.version}.pdf"
    message.attach(filename, pdf, "application/pdf")
    return message


@functools.lru_cache(maxsize=4)
def _pdf(circulation_id: int, sha256: str, name: str) -> bytes:
    """The published PDF, read once per worker process (it never changes: its hash is its name here)."""
    from django.core.files.storage import default_storage

    with default_storage.open(name, "rb") as stored:
        content = stored.read()
    if hashlib.sha256(content).hexdigest() != sha256:
        raise OSError(f"the stored PDF of circulation {circulation_id} is not the one published")
    return content


def send_delivery(delivery_id: int) -> str | None:
    """Sends one copy not yet sent; returns its status after the try (None: not this worker's to
    send: sent already, given up on, or another worker has it now)."""
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("person", "circulation__minutes__meeting__group", "circulation__supersedes__minutes")
            .filter(pk=delivery_id)
            .exclude(status=DeliveryStatus.SENT)
            .first()
        )
        if delivery is None or delivery.attempts >= MAX_ATTEMPTS:
            return None
        circulation = delivery.circulation
        if not circulation.pdf:
            return None  # the PDF is being rendered; ``circulate_minutes`` queues the copies after
        delivery.attempts += 1
        delivery.last_tried_at = timezone.now()
        try:
            build_message(delivery, _pdf(circulation.pk, circulation.pdf_sha256, circulation.pdf.name)).send()
        except (smtplib.SMTPException, OSError) as error:
            delivery.status = DeliveryStatus.FAILED
            delivery.last_error = str(error)[:500]
        else:
            delivery.status = DeliveryStatus.SENT
            delivery.sent_at = timezone.now()
            delivery.sent_to = delivery.person.email
            delivery.times_sent += 1
            delivery.last_error = ""
        delivery.save(
            update_fields=["status", "attempts", "last_error", "sent_at", "sent_to", "times_sent", "last_tried_at"]
        )
    if delivery.status == DeliveryStatus.FAILED and delivery.attempts >= MAX_ATTEMPTS:
        logger.warning(
            "Minutes copy %s to person %s given up: %s", delivery.pk, delivery.person_id, delivery.last_error
        )
    return delivery.status


def unsent(circulation: Circulation) -> list[int]:
    """The copies still to try: not sent, not given up on."""
    return list(
        circulation.deliveries.exclude(status=DeliveryStatus.SENT)
        .filter(attempts__lt=MAX_ATTEMPTS)
        .values_list("pk", flat=True)
    )


def backoff(attempts: int) -> datetime.timedelta:
    """How long a copy that failed ``attempts`` times waits before its next try."""
    return datetime.timedelta(seconds=min(60 * 2 ** max(attempts - 1, 0), 3600))


def lost(*, now=None) -> tuple[list[int], list[int]]:
    """What a lost worker left behind, for beat to queue again: circulations whose PDF was never
    rendered, and copies of circulations whose queue has made no progress for ``LOST_AFTER`` (no
    copy tried for the first time since), untried or failed and due for their next try. A
    circulation still sending, on any worker, is left alone: its queue is being worked through."""
    now = now or timezone.now()
    stale = now - LOST_AFTER
    unrendered = list(Circulation.objects.filter(pdf="", created_at__lte=stale).values_list("pk", flat=True))
    copies = []
    unfinished = (
        Circulation.objects.exclude(pdf="")
        .filter(
            created_at__lte=stale,
            deliveries__status__in=[DeliveryStatus.QUEUED, DeliveryStatus.FAILED],
            deliveries__attempts__lt=MAX_ATTEMPTS,
        )
        .distinct()
    )
    for circulation in Circulation.objects.filter(pk__in=unfinished.values("pk")):
        # Still being worked through: a first try in the last minutes (retries of failed copies
        # say nothing of the queue: they come back by themselves, on their backoff).
        if circulation.deliveries.filter(attempts=1, last_tried_at__gt=stale).exists():
            continue
        rows = circulation.deliveries.exclude(status=DeliveryStatus.SENT).filter(attempts__lt=MAX_ATTEMPTS)
        for pk, attempts, tried in rows.values_list("pk", "attempts", "last_tried_at"):
            if tried is None or tried + backoff(attempts) <= now:
                copies.append(pk)
    return unrendered, copies


def send_again(delivery: Delivery, *, by: Person) -> None:
    """The secretariat asks for one person's copy to go again (a lost email, a new address)."""
    if not rules.has_perm("meetings.manage_meeting", by, delivery.circulation.minutes.meeting):
        raise DomainError(_("Only the group's secretariat can send the minutes again."))
    Delivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.QUEUED, attempts=0, last_error="", last_tried_at=None
    )
    from .tasks import send_minutes_copy

    send_minutes_copy.delay_on_commit(delivery_id=delivery.pk)
