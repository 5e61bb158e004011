"""Publishing approved minutes: the PDF rendered once, then one email to each member.

Every delivery is sent inside its own transaction that also marks it sent, so a worker that dies
or a mail server that refuses leaves it to be tried again, and a sent one is never sent again.
The message goes to many people, so it is bilingual for everyone; the reader's preference only
sets which language comes first.
"""

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
    message = EmailMessage(
        subject=" / ".join(" ".join(s.split()) for s in subjects),
        body=SEPARATOR.join(bodies),
        to=[person.email],
    )
    filename = f"{meeting.group.slug}-meeting-{meeting.number}-v{circulation.minutes.version}.pdf"
    message.attach(filename, pdf, "application/pdf")
    return message


def send_pending(circulation: Circulation) -> tuple[int, int]:
    """Sends every delivery not yet sent; returns (sent now, still failing)."""
    render_once(circulation)
    pdf = circulation.pdf.open("rb").read()
    sent = failing = 0
    for delivery_id in circulation.deliveries.exclude(status=DeliveryStatus.SENT).values_list("pk", flat=True):
        with transaction.atomic():
            delivery = (
                Delivery.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("person", "circulation__minutes__meeting__group", "circulation__supersedes__minutes")
                .filter(pk=delivery_id)
                .exclude(status=DeliveryStatus.SENT)
                .first()
            )
            if delivery is None or delivery.attempts >= MAX_ATTEMPTS:
                continue  # another worker has it, or it has been given up on and reported
            delivery.attempts += 1
            try:
                build_message(delivery, pdf).send()
            except (smtplib.SMTPException, OSError) as error:
                delivery.status = DeliveryStatus.FAILED
                delivery.last_error = str(error)[:500]
                failing += 1
            else:
                delivery.status = DeliveryStatus.SENT
                delivery.sent_at = timezone.now()
                delivery.sent_to = delivery.person.email
                delivery.times_sent += 1
                delivery.last_error = ""
                sent += 1
            delivery.save(update_fields=["status", "attempts", "last_error", "sent_at", "sent_to", "times_sent"])
    return sent, failing


def send_again(delivery: Delivery, *, by: Person) -> None:
    """The secretariat asks for one person's copy to go again (a lost email, a new address)."""
    if not rules.has_perm("meetings.manage_meeting", by, delivery.circulation.minutes.meeting):
        raise DomainError(_("Only the group's secretariat can send the minutes again."))
    Delivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.QUEUED, attempts=0, last_error="")
    from .tasks import circulate_minutes

    transaction.on_commit(lambda: circulate_minutes.delay(circulation_id=delivery.circulation_id))
