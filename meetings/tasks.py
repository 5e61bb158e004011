import logging
import random

from celery import shared_task

from .circulation import send_pending
from .models import Circulation

logger = logging.getLogger(__name__)


@shared_task(bind=True, max_retries=7)
def circulate_minutes(self, *, circulation_id: int) -> None:
    """Renders the PDF once and sends every copy not yet sent; failed copies are retried with backoff."""
    circulation = Circulation.objects.select_related("minutes__meeting__group").filter(pk=circulation_id).first()
    if circulation is None:
        logger.warning("Circulation %s is gone; nothing sent", circulation_id)
        return
    sent, failing = send_pending(circulation)
    logger.info("Circulation %s: %s sent, %s failing", circulation_id, sent, failing)
    if failing:
        delay = min(60 * 2**self.request.retries, 3600)
        raise self.retry(countdown=delay + random.randint(0, 30))  # noqa: S311 - jitter, not secrecy


@shared_task(bind=True, max_retries=5)
def issue_pack(self, *, meeting_id: int) -> None:
    """Builds the meeting's agenda pack and tells the members: at issue, a link to it; after a paper
    changed, once, in their next digest. Safe to run twice: each notice has its key."""
    from .agenda import send_pack

    try:
        send_pack(meeting_id)
    except OSError as error:  # the file store failed: try again later
        raise self.retry(countdown=60 * 2**self.request.retries) from error
