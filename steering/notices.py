"""Notices: one email to one person about one thing (an invitation, minutes to review, an action
given), written down as a ``Notice`` before anything is sent.

- ``notify`` renders the message at once, in both languages with the person's first, and stores
  it under a key that names the thing and its state. The same key for the same person is the
  same notice: however often the cause repeats (a double click, a retried task), it goes once.
- A notice sent at once is handed to Celery after the transaction that made it commits; the
  worker sends it inside a transaction that also marks it sent. A notice the worker never got
  (the broker lost it, the worker was killed) is picked up by ``send_waiting``, which beat runs
  every few minutes, so none is lost. The one gap: a worker killed after the mail server took
  the message but before the database marked it sent; that copy goes again, with the same
  Message-ID, which mail programs use to show it once.
- A notice the person chose to get in the daily digest waits for it (``actions.reminders``).
"""

import logging
import smtplib
from html import escape

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import linebreaks, urlize

from .bilingual import other_language
from .models import Notice, NoticeStatus, NoticeTiming, Person

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
# A notice still waiting this long after it was made was lost on its way to the worker.
LOST_AFTER = timezone.timedelta(minutes=2)
SEPARATOR = "\n\n" + "-" * 60 + "\n\n"


def notify(
    person: Person,
    kind: str,
    key: str,
    *,
    template: str,
    context: dict,
    url: str = "",
    calendar: bytes | str = "",
) -> Notice | None:
    """Writes down the notice ``key`` for ``person`` and queues it; None if it exists already or
    the person cannot receive it. ``template`` names ``templates/notices/<template>.txt``, whose
    first line is the subject, second line the notice's line in a daily digest, and the rest the
    message."""
    if not person.is_active or not person.email:
        return None
    first = person.preferred_language
    context = {**context, "person": person, "site_url": settings.SITE_URL, "url": url}
    rendered = {}
    for language in (first, other_language(first)):
        with translation.override(language):
            text = render_to_string(f"notices/{template}.txt", {**context, "language": language}).strip()
        subject, line, body = ([*text.split("\n", 2), "", ""])[:3]
        rendered[language] = {"_subject": subject, "_line": line, "": body.strip()}
    order = (first, other_language(first))
    text = SEPARATOR.join(rendered[language][""] for language in order)
    html = "\n<hr>\n".join(
        f'<div lang="{language}">{urlize(linebreaks(escape(rendered[language][""])))}</div>' for language in order
    )
    if isinstance(calendar, bytes):
        calendar = calendar.decode("utf-8")
    try:
        with transaction.atomic():
            notice = Notice.objects.create(
                person=person,
                kind=kind,
                key=key,
                timing=person.timing_of(kind),
                subject=" / ".join(" ".join(rendered[language]["_subject"].split()) for language in order)[:500],
                text=text,
                html=f'<!DOCTYPE html><html lang="{first}"><body>{html}</body></html>',
                line_cy=" ".join(rendered["cy"]["_line"].split())[:500],
                line_en=" ".join(rendered["en"]["_line"].split())[:500],
                url=url[:500],
                calendar=calendar,
            )
    except IntegrityError:
        return None  # this person has this notice already
    if notice.timing == NoticeTiming.NOW:
        from .tasks import send_notice

        send_notice.delay_on_commit(notice_id=notice.pk)
    return notice


def message_of(notice: Notice) -> EmailMultiAlternatives:
    host = settings.SITE_URL.split("//")[-1].split("/")[0].split(":")[0] or "localhost"
    message = EmailMultiAlternatives(
        subject=notice.subject,
        body=notice.text,
        to=[notice.person.email],
        headers={"Message-ID": f"<notice-{notice.pk}@{host}>"},
    )
    message.attach_alternative(notice.html, "text/html")
    if notice.calendar:
        method = "CANCEL" if "METHOD:CANCEL" in notice.calendar else "REQUEST"
        # As Outlook and Google Calendar send invitations: a text/calendar part with its method,
        # which they show with Accept and Decline, and the same as an invite.ics attachment.
        message.attach_alternative(notice.calendar, f"text/calendar; method={method}")
        message.attach("invite.ics", notice.calendar, f"application/ics; method={method}")
    return message


def send(notice_id: int) -> str | None:
    """Sends one waiting notice; returns its status after the try (None: not this worker's to send).
    A failure that may pass (the mail server is down) leaves it waiting, to be tried again."""
    with transaction.atomic():
        notice = (
            Notice.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("person")
            .filter(pk=notice_id, status=NoticeStatus.WAITING, timing=NoticeTiming.NOW)
            .first()
        )
        if notice is None:
            return None  # sent already, in a digest, or another worker has it now
        notice.attempts += 1
        try:
            message_of(notice).send()
        except smtplib.SMTPRecipientsRefused as error:
            notice.status, notice.last_error = NoticeStatus.REFUSED, str(error)[:500]
        except (smtplib.SMTPException, OSError) as error:
            notice.last_error = str(error)[:500]
            if notice.attempts >= MAX_ATTEMPTS:
                notice.status = NoticeStatus.GIVEN_UP
        else:
            notice.status, notice.sent_at, notice.last_error = NoticeStatus.SENT, timezone.now(), ""
        notice.save(update_fields=["status", "attempts", "last_error", "sent_at"])
    if notice.status in (NoticeStatus.REFUSED, NoticeStatus.GIVEN_UP):
        logger.warning("Notice %s to person %s not delivered: %s", notice.pk, notice.person_id, notice.last_error)
    return notice.status


def send_waiting(*, now=None) -> int:
    """Sends every notice that should have gone and has not (lost on its way, or failing): run by
    beat every few minutes. Returns how many went."""
    now = now or timezone.now()
    waiting = Notice.objects.filter(
        status=NoticeStatus.WAITING, timing=NoticeTiming.NOW, created_at__lte=now - LOST_AFTER
    ).values_list("pk", flat=True)
    return sum(send(pk) == NoticeStatus.SENT for pk in list(waiting[:1000]))


def waiting_for_digest(person: Person):
    """The person's notices that wait for their daily digest, locked for the one sending it."""
    return Notice.objects.select_for_update(skip_locked=True).filter(
        person=person, status=NoticeStatus.WAITING, timing=NoticeTiming.DIGEST
    )
