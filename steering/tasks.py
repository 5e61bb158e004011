import logging

from celery import shared_task
from django.core.management import call_command

logger = logging.getLogger(__name__)


@shared_task
def clear_expired_sessions():
    """Run nightly by beat: expired sessions would otherwise pile up in the database."""
    call_command("clearsessions")
    logger.info("Expired sessions cleared")


@shared_task(bind=True, max_retries=7)
def send_notice(self, *, notice_id: int) -> None:
    """Sends one notice; while the mail server fails, tries again with backoff (then beat's sweep)."""
    from .models import NoticeStatus
    from .notices import send

    if send(notice_id) == NoticeStatus.WAITING:
        raise self.retry(countdown=min(60 * 2**self.request.retries, 3600))


@shared_task
def send_waiting_notices() -> None:
    """Run by beat every few minutes: notices lost on their way to a worker are sent."""
    from .notices import send_waiting

    sent = send_waiting()
    if sent:
        logger.info("Sent %s notices that were waiting", sent)
