import datetime
import logging
import smtplib

from celery import shared_task
from django.utils import timezone

from .reminders import digest_done, digest_tried, lost_digests, lost_sweeps, send_digest_now, sweep_by_beat

logger = logging.getLogger(__name__)


@shared_task
def send_reminders(day: str = "") -> None:
    """Beat runs this daily: finds the day's reminders and queues one digest task per person."""
    sweep_by_beat(datetime.date.fromisoformat(day) if day else timezone.localdate())


@shared_task(
    autoretry_for=(smtplib.SMTPException, ConnectionError, TimeoutError),
    retry_backoff=30,
    retry_backoff_max=3600,
    retry_jitter=True,
    max_retries=10,
)
def send_digest(*, person_id: int, day: str, reminders: list) -> None:
    """One person's digest; a refused or dropped connection is retried with backoff, never lost."""
    on = datetime.date.fromisoformat(day)
    digest_tried(person_id, on)
    send_digest_now(person_id=person_id, day=on, reminders=reminders)
    digest_done(person_id, on)


@shared_task
def resume_digests() -> None:
    """Run by beat every minute: a sweep or digests a lost worker took are run again, minutes after."""
    for day in lost_sweeps():
        logger.warning("The reminder sweep of %s was lost with its worker: run again", day)
        send_reminders.delay(day=day.isoformat())
    lost = lost_digests()
    for digest in lost:
        send_digest.delay(person_id=digest.person_id, day=digest.day.isoformat(), reminders=digest.reminders)
    if lost:
        logger.warning("Queued again after a lost worker: %s digests", len(lost))
