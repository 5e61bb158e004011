import logging
import random

from celery import shared_task

from . import circulation as circulation_module
from .enums import DeliveryStatus
from .models import Circulation

logger = logging.getLogger(__name__)


@shared_task(bind=True, max_retries=7)
def circulate_minutes(self, *, circulation_id: int) -> None:
    """Renders the PDF once, then queues one task per copy not yet sent, for every worker to take."""
    circulation = Circulation.objects.select_related("minutes__meeting__group").filter(pk=circulation_id).first()
    if circulation is None:
        logger.warning("Circulation %s is gone; nothing sent", circulation_id)
        return
    try:
        circulation_module.render_once(circulation)
    except OSError as error:  # the file store failed: try again later (beat also finds it)
        raise self.retry(countdown=60 * 2**self.request.retries) from error
    copies = circulation_module.unsent(circulation)
    for delivery_id in copies:
        send_minutes_copy.delay(delivery_id=delivery_id)
    logger.info("Circulation %s: %s copies queued", circulation_id, len(copies))


@shared_task(bind=True, max_retries=circulation_module.MAX_ATTEMPTS)
def send_minutes_copy(self, *, delivery_id: int) -> None:
    """One member's copy; a failed one is tried again with backoff (and beat finds any left)."""
    status = circulation_module.send_delivery(delivery_id)
    if status == DeliveryStatus.FAILED:
        delay = circulation_module.backoff(self.request.retries + 1).total_seconds()
        raise self.retry(countdown=delay + random.randint(0, 30))  # noqa: S311 - jitter, not secrecy


@shared_task
def resume_circulations() -> None:
    """Run by beat every minute: what a lost worker left (a PDF never rendered, copies never tried
    or due for another try) is queued again, minutes after, not an hour after."""
    unrendered, copies = circulation_module.lost()
    for circulation_id in unrendered:
        circulate_minutes.delay(circulation_id=circulation_id)
    for delivery_id in copies:
        send_minutes_copy.delay(delivery_id=delivery_id)
    if unrendered or copies:
        logger.warning("Queued again after a lost worker: %s circulations, %s copies", len(unrendered), len(copies))


@shared_task(bind=True, max_retries=5)
def issue_pack(self, *, meeting_id: int) -> None:
    """Builds the meeting's agenda pack and tells the members: at issue, a link to it; after a paper
    changed, once, in their next digest. Safe to run twice: each notice has its key."""
    from .agenda import send_pack

    try:
        send_pack(meeting_id)
    except OSError as error:  # the file store failed: try again later
        raise self.retry(countdown=60 * 2**self.request.retries) from error
