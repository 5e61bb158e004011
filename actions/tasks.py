import datetime
import smtplib

from celery import shared_task
from django.utils import timezone

from .reminders import send_digest_now, sweep


@shared_task
def send_reminders() -> None:
    """Beat runs this daily: finds the day's reminders and queues one digest task per person."""
    sweep(timezone.localdate())


@shared_task(
    autoretry_for=(smtplib.SMTPException, ConnectionError, TimeoutError),
    retry_backoff=30,
    retry_backoff_max=3600,
    retry_jitter=True,
    max_retries=10,
)
def send_digest(*, person_id: int, day: str, reminders: list) -> None:
    """One person's digest; a refused or dropped connection is retried with backoff, never lost."""
    send_digest_now(person_id=person_id, day=datetime.date.fromisoformat(day), reminders=reminders)
